import {registry} from "@web/core/registry";

// The office turns a ticket into a work order, adds a material and the labour,
// completes the work, signs the act (its PDF is kept) and posts the cost. The test
// prepares the ticket "Work order tour ticket", the contractor "Hydro-Test" and the
// material "Ball valve DN15".
registry.category("web_tour.tours").add("hoa_work_order_backend_tour", {
    steps: () => [
        {
            content: "The office opens the ticket from the kanban",
            trigger: ".o_kanban_record:contains('Work order tour ticket')",
            run: "click",
        },
        {
            content: "It creates a work order from the ticket",
            trigger: ".o_form_view button[name=action_create_work_order]",
            run: "click",
        },
        {
            content: "The work order of the ticket opens",
            trigger: ".o_breadcrumb:contains('WO/'):contains('Work order tour ticket')",
        },
        {
            content: "Choose the contractor",
            trigger: ".o_field_widget[name=contractor_id] input",
            run: "edit Hydro-Test",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Hydro-Test')",
            run: "click",
        },
        {
            content: "Choose the cost category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit Maintenance",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Maintenance')",
            run: "click",
        },
        {
            content: "Add a material",
            trigger: ".o_field_widget[name=material_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=material_ids] .o_data_row .o_field_widget[name=product_id] input",
            run: "edit Ball valve",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Ball valve DN15')",
            run: "click",
        },
        {
            content: "Two of them",
            trigger: ".o_field_widget[name=material_ids] .o_data_row .o_field_widget[name=quantity] input",
            run: "edit 2",
        },
        {
            content: "At 45.55 each",
            trigger: ".o_field_widget[name=material_ids] .o_data_row .o_field_widget[name=price_unit] input",
            run: "edit 45.55",
        },
        {
            content: "Leave the row",
            trigger: ".o_form_sheet .oe_subtotal_footer",
            run: "click",
        },
        {
            // the row's onchange is back before the tab changes (else the list is
            // patched after it left the page)
            content: "The materials cost 2 x 45.55",
            trigger: ".o_field_widget[name=amount_material]:contains('91.10')",
        },
        {
            content: "The labour",
            trigger: ".o_notebook .nav-link:contains('Labour')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=labour_hours] input",
            run: "edit 3.5",
        },
        {
            trigger: ".o_field_widget[name=labour_rate] input",
            run: "edit 80.10",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The total is materials plus labour",
            trigger: ".o_field_widget[name=amount_total]:contains('371.45')",
        },
        {
            content: "The work is completed",
            trigger: ".o_form_view button[name=action_complete]",
            run: "click",
        },
        {
            content: "The manager signs off the act",
            trigger: ".o_form_view button[name=action_sign]",
            run: "click",
        },
        {
            content: "and confirms",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The act is signed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Act Signed')",
        },
        {
            content: "The signed act is kept",
            trigger: ".o_field_widget[name=act_attachment_id]:contains('Act of completed work')",
        },
        {
            content: "The cost is posted",
            trigger: ".o_form_view button[name=action_post_cost]",
            run: "click",
        },
        {
            content: "The vendor bill of the contractor is posted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Hydro-Test')",
        },
    ],
});

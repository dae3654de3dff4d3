import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("hoa_ticket_backend_tour", {
    steps: () => [
        {
            content: "The office opens the ticket from the kanban",
            trigger: ".o_kanban_record:contains('Backend tour ticket')",
            run: "click",
        },
        {
            content: "It moves the ticket to Waiting",
            trigger: ".o_form_view .o_statusbar_status button:contains('Waiting')",
            run: "click",
        },
        {
            content: "The ticket is waiting",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Waiting')",
        },
        {
            content: "Back to the kanban",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "The card is in the Waiting column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Waiting')) .o_kanban_record:contains('Backend tour ticket')",
        },
    ],
});

/** @odoo-module */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A community manager adds a flat: the unit gets its code and individual account number.
registry.category("web_tour.tours").add("hoa_base_unit_tour", {
    url: "/odoo/action-hoa_base.hoa_unit_action",
    steps: () => [
        {
            content: "Create a unit",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Number",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 99",
        },
        {
            content: "Building",
            trigger: ".o_field_widget[name=building_id] input",
            run: "edit Lea 12",
        },
        {
            content: "Pick the building",
            trigger: ".ui-menu-item a:contains('ul. Lea 12')",
            run: "click",
        },
        {
            content: "Usable area",
            trigger: ".o_field_widget[name=area_usable] input",
            run: "edit 45.5",
        },
        {
            content: "Share as a fraction",
            trigger: ".o_field_widget[name=share] input",
            run: "edit 4550/312540",
        },
        ...stepUtils.saveForm(),
        {
            content: "The unit has its individual account",
            trigger: ".o_field_widget[name=virtual_account]:contains('PL')",
        },
        {
            content: "The share is kept exactly",
            trigger: ".o_field_widget[name=share] input:value('4550/312540')",
        },
    ],
});

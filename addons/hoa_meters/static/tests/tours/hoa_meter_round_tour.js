/** @odoo-module */

import {registry} from "@web/core/registry";

// The caretaker types a reading on his round; a wrong one comes back rejected, in red.
registry.category("web_tour.tours").add("hoa_meters_round_tour", {
    url: "/odoo/action-hoa_meters.hoa_meter_round_action",
    steps: () => [
        {
            content: "Choose the building",
            trigger: ".o_field_widget[name=building_id] input",
            run: "edit Lea 12",
        },
        {
            content: "Pick it",
            trigger: ".ui-menu-item a:contains('ul. Lea 12')",
            run: "click",
        },
        {
            content: "The meters of the building are listed in walking order",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first-child td[name=value]",
            run: "click",
        },
        {
            content: "Type a reading lower than the last one",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row [name=value] input",
            run: "edit 1",
        },
        {
            content: "Save the readings",
            trigger: "button[name=action_save]",
            run: "click",
        },
        {
            content: "The line comes back rejected",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-danger",
        },
    ],
});

/** @odoo-module **/

import { registry } from "@web/core/registry";

// Resident: an invalid reading is refused with the reason and not saved, then a
// valid one is saved. The test prepares a meter with a reading of 100 (today - 30).
registry.category("web_tour.tours").add("hoa_portal_p3_reading", {
    url: "/my/readings",
    steps: () => [
        {
            content: "Open the form of the meter",
            trigger: ".o_hoa_meter_card[data-meter] a.o_hoa_reading_new",
            run: "click",
        },
        {
            content: "Enter a reading lower than the previous one",
            trigger: "input[name=value]",
            run: "edit 50",
        },
        {
            content: "Save",
            trigger: "button.o_hoa_reading_submit",
            run: "click",
        },
        {
            content: "The reason is shown",
            trigger: ".o_hoa_reading_error:contains(lower than the previous one)",
        },
        {
            content: "Enter a valid reading",
            trigger: "input[name=value]",
            run: "edit 104,5",
        },
        {
            content: "Save again",
            trigger: "button.o_hoa_reading_submit",
            run: "click",
        },
        {
            content: "The reading is saved",
            trigger: ".o_hoa_reading_saved:contains(104.500)",
        },
    ],
});

// Board member: the board area with the community's finances.
registry.category("web_tour.tours").add("hoa_portal_p3_board", {
    url: "/my/board",
    steps: () => [
        {
            content: "Bank and cash balance",
            trigger: ".o_hoa_board_balance",
        },
        {
            content: "Arrears by unit",
            trigger: "h4:contains(Arrears by unit)",
        },
        {
            content: "Plan versus actual",
            trigger: "h4:contains(Economic plan versus actual)",
        },
    ],
});

/** @odoo-module **/

import { registry } from "@web/core/registry";

// Owner: votes for one of her flats, confirms, sees the code and the receipt link.
registry.category("web_tour.tours").add("hoa_voting_owner_vote", {
    url: "/my/resolutions",
    steps: () => [
        {
            content: "Open the resolution put to the vote",
            trigger: ".o_hoa_resolution_row a:contains(Tour: new bicycle shed)",
            run: "click",
        },
        {
            content: "Vote for with flat 1",
            trigger: ".o_hoa_vote_unit[data-unit='1'] label.o_hoa_choice_yes",
            run: "click",
        },
        {
            content: "Go to the confirmation",
            trigger: "button.o_hoa_vote_next",
            run: "click",
        },
        {
            content: "The choice is shown before it is cast",
            trigger: ".o_hoa_vote_confirm li[data-choice=yes]",
        },
        {
            content: "Cast the vote",
            trigger: "button.o_hoa_vote_confirm_button",
            run: "click",
        },
        {
            content: "The vote is recorded with a verification code",
            trigger: ".o_hoa_vote_done .o_hoa_vote_code",
        },
        {
            content: "The receipt can be downloaded",
            trigger: ".o_hoa_vote_done a.o_hoa_vote_receipt[href*='/receipt']",
        },
    ],
});

// Board member: approves a resolution, then follows the turnout of an open one.
registry.category("web_tour.tours").add("hoa_voting_board_approve", {
    url: "/my/resolutions",
    steps: () => [
        {
            content: "Open the resolution awaiting the board",
            trigger: ".o_hoa_resolution_row a:contains(Tour: facade painting)",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: "button.o_hoa_approve",
            run: "click",
        },
        {
            content: "The board's majority approved it",
            trigger: ".o_hoa_state_approved",
        },
        {
            content: "Back to the resolutions",
            trigger: ".breadcrumb a[href='/my/resolutions']",
            run: "click",
        },
        {
            content: "Open the resolution being voted",
            trigger: ".o_hoa_resolution_row a:contains(Tour: new bicycle shed)",
            run: "click",
        },
        {
            content: "The live turnout is shown",
            trigger: ".o_hoa_turnout .o_hoa_turnout_shares:contains(35.00)",
        },
    ],
});

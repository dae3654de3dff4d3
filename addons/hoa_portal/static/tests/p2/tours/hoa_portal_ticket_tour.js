import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("hoa_portal_ticket_report_tour", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "The resident opens the ticket form",
            trigger: "a.o_hoa_ticket_new",
            run: "click",
        },
        {
            content: "He chooses the kind of issue",
            trigger: "form.o_hoa_ticket_form select[name=kind]",
            run: "select fault",
        },
        {
            content: "He writes a title",
            trigger: "form.o_hoa_ticket_form input[name=name]",
            run: "edit Water dripping from the ceiling",
        },
        {
            content: "He describes the issue",
            trigger: "form.o_hoa_ticket_form textarea[name=description]",
            run: "edit The bathroom ceiling is wet since this morning.",
        },
        {
            content: "He sends the ticket",
            trigger: "button.o_hoa_ticket_submit",
            run: "click",
        },
        {
            content: "The ticket page confirms it was received",
            trigger: ".o_hoa_ticket_created",
        },
        {
            content: "The ticket shows its title and its first stage",
            trigger: ".o_hoa_ticket_card:contains('Water dripping from the ceiling')",
        },
    ],
});

registry.category("web_tour.tours").add("hoa_portal_ticket_reply_tour", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "The resident opens his ticket",
            trigger: "a.o_hoa_ticket_link:contains('Water dripping from the ceiling')",
            run: "click",
        },
        {
            content: "The office's reply is in the messages",
            trigger:
                "#chatterRoot:shadow .o-mail-Message-body:contains('The plumber comes on Monday')",
        },
        {
            content: "The resident answers",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Thank you, I will be at home.",
        },
        {
            content: "He sends his answer",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "His answer is in the messages",
            trigger:
                "#chatterRoot:shadow .o-mail-Message-body:contains('I will be at home')",
        },
        {
            content: "The ticket is in progress",
            trigger: ".o_hoa_ticket_card .badge:contains('In Progress')",
        },
    ],
});

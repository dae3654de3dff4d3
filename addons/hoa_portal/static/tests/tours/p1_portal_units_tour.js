import {registry} from "@web/core/registry";

/* A resident opens her units, sees what she owes, finds the payment form and pays
   the whole amount online with the demo provider; the balance drops to zero. */
registry.category("web_tour.tours").add("hoa_portal_p1_pay_units", {
    url: "/my/units",
    steps: () => [
        {
            content: "The unit card shows the balance due",
            trigger: ".o_hoa_unit_card .o_hoa_balance:contains('Due')",
        },
        {
            content: "The payment form of the month can be downloaded",
            trigger: ".o_hoa_unit_card a.o_hoa_payment_form[href*='/payment_form']",
        },
        {
            content: "Pay now",
            trigger: ".o_hoa_unit_card a.o_hoa_pay_now",
            run: "click",
        },
        {
            content: "The amount to pay is shown",
            trigger: ".o_hoa_pay_summary",
        },
        {
            content: "Choose the demo provider",
            trigger: "input[name='o_payment_radio'][data-provider-code='demo']",
            run: "click",
        },
        {
            content: "Enter a card number",
            trigger: "input[name='customer_input']",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
        },
        {
            content: "Back on the unit: nothing is due any more",
            trigger: ".o_hoa_unit_summary .o_hoa_balance:contains('Settled')",
            timeout: 30000,
        },
        {
            content: "The online payment is listed",
            trigger: ".o_hoa_payments .badge:contains('Online')",
        },
    ],
});

{
    "name": "Housing Communities - Portal",
    "summary": "Resident and board portal: units, charges, tickets, announcements",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "AGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": [
        "hoa_billing",
        "portal",
        "mail",
        # online payment of a unit's charges
        "account_payment",
        "payment_demo",
        # access: two-factor login, password rules
        "auth_totp_portal",
        "password_security",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/hoa_portal_security.xml",
        # units' finances
        "data/payment_provider_data.xml",
        "views/portal_units_templates.xml",
        # access, readings, board
        "data/password_policy_data.xml",
        "wizards/hoa_portal_invite_views.xml",
        "views/res_company_views.xml",
        "views/portal_p3_templates.xml",
        # tickets, announcements, documents, requests, e-mail settings
        "data/hoa_ticket_data.xml",
        "data/hoa_announcement_data.xml",
        "views/hoa_ticket_views.xml",
        "views/hoa_announcement_views.xml",
        "views/hoa_change_request_views.xml",
        # automatic payments, read receipts
        "data/hoa_autopay_data.xml",
        "views/hoa_autopay_views.xml",
        "views/menus_p2.xml",
        "views/portal_p2_templates.xml",
        "views/portal_autopay_templates.xml",
        "views/res_partner_views_p2.xml",
        # the unit card: readings, tickets and announcements of the unit
        "views/portal_dashboard_templates.xml",
        # public community pages; SMS and messenger notices
        "security/hoa_portal_public_security.xml",
        "data/hoa_notice_data.xml",
        "views/hoa_public_views.xml",
        "views/hoa_public_templates.xml",
        "views/hoa_notice_views.xml",
        "views/hoa_notice_templates.xml",
        # work orders and their acts; suppliers' bills and payments
        "security/hoa_work_order_security.xml",
        "data/hoa_work_order_data.xml",
        "report/hoa_work_order_act_report.xml",
        "views/hoa_work_order_views.xml",
        "views/portal_supplier_templates.xml",
    ],
    "demo": [
        "demo/hoa_portal_demo_p1.xml",
        "demo/hoa_portal_p3_demo.xml",
        "demo/hoa_portal_p2_demo.xml",
        "demo/hoa_portal_autopay_demo.xml",
        "demo/hoa_public_demo.xml",
        "demo/hoa_work_order_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "hoa_portal/static/src/p1/**/*",
            "hoa_portal/static/src/p3/**/*.scss",
        ],
        "web.assets_tests": [
            "hoa_portal/static/tests/tours/p1_*.js",
            "hoa_portal/static/tests/tours/p3_*.js",
            "hoa_portal/static/tests/p2/**/*",
            "hoa_portal/static/tests/work_order/**/*",
        ],
    },
    "external_dependencies": {"python": ["requests"]},
    "installable": True,
}

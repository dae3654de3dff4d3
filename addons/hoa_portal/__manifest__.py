{
    "name": "Housing Communities - Portal",
    "summary": "Resident and board portal: units, charges, tickets, announcements",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "AGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": ["hoa_billing", "portal", "mail"],
    "data": [
        # part 2: tickets, announcements, documents, requests, e-mail settings
        "security/hoa_portal_security.xml",
        "security/ir.model.access.csv",
        "data/hoa_ticket_data.xml",
        "data/hoa_announcement_data.xml",
        "views/hoa_ticket_views.xml",
        "views/hoa_announcement_views.xml",
        "views/hoa_change_request_views.xml",
        "views/menus_p2.xml",
        "views/portal_p2_templates.xml",
        "views/res_partner_views_p2.xml",
    ],
    "demo": [
        # part 2
        "demo/hoa_portal_p2_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            # part 2
            "hoa_portal/static/tests/p2/**/*",
        ],
    },
    "installable": True,
}

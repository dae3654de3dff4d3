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
        # units' finances (part 1): online payment of a unit's charges
        "account_payment",
        "payment_demo",
        # part 3: access, readings, board
        "auth_totp_portal",
        "password_security",
    ],
    "data": [
        # part 3: access, readings, board
        "security/ir.model.access.csv",
        # units' finances (part 1)
        "security/hoa_portal_security.xml",
        "data/payment_provider_data.xml",
        "views/portal_units_templates.xml",
        # part 3: access, readings, board
        "data/password_policy_data.xml",
        "wizards/hoa_portal_invite_views.xml",
        "views/res_company_views.xml",
        "views/portal_p3_templates.xml",
    ],
    "demo": [
        # units' finances (part 1)
        "demo/hoa_portal_demo_p1.xml",
        # part 3
        "demo/hoa_portal_p3_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            # units' finances (part 1)
            "hoa_portal/static/src/p1/**/*",
            # part 3
            "hoa_portal/static/src/p3/**/*.scss",
        ],
        "web.assets_tests": [
            "hoa_portal/static/tests/tours/p1_*.js",
            "hoa_portal/static/tests/tours/p3_*.js",
        ],
    },
    "installable": True,
}

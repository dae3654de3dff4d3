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
    ],
    "data": [
        # units' finances (part 1)
        "security/hoa_portal_security.xml",
        "data/payment_provider_data.xml",
        "views/portal_units_templates.xml",
    ],
    "demo": [
        # units' finances (part 1)
        "demo/hoa_portal_demo_p1.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            # units' finances (part 1)
            "hoa_portal/static/src/p1/**/*",
        ],
        "web.assets_tests": [
            # units' finances (part 1)
            "hoa_portal/static/tests/tours/p1_*.js",
        ],
    },
    "installable": True,
}

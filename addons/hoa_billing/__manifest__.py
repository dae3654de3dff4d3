{
    "name": "Housing Communities - Billing",
    "summary": "Charges, tariffs, billing runs, payments, interest, dunning, "
    "plans and settlements",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "LGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": ["hoa_meters", "account"],
    "external_dependencies": {"python": ["num2words", "qrcode", "xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/hoa_billing_security.xml",
        "data/hoa_billing_data.xml",
        "wizards/hoa_charge_assign_views.xml",
        "views/hoa_charge_type_views.xml",
        "views/hoa_billing_run_views.xml",
        "views/hoa_unit_views.xml",
        "views/res_company_views.xml",
        "views/menus.xml",
    ],
    "installable": True,
}

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
    "data": [],
    "installable": True,
}

{
    "name": "Housing Communities - Portal",
    "summary": "Resident and board portal: units, charges, tickets, announcements",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "AGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": ["hoa_billing", "portal"],
    "data": [],
    "installable": True,
}

{
    "name": "Housing Communities - Meters",
    "summary": "Meters, readings, validation, imports and consumption per unit",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "LGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": ["hoa_base"],
    "external_dependencies": {"python": ["xlsxwriter", "openpyxl"]},
    "data": [
        "security/ir.model.access.csv",
        "security/hoa_meters_security.xml",
        "data/hoa_meters_data.xml",
    ],
    "demo": [],
    "installable": True,
}

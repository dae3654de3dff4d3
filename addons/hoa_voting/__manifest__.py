{
    "name": "Housing Communities - Voting",
    "summary": "Resolutions, electronic and paper votes, weighted results, protocols",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "AGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": ["hoa_portal"],
    "data": [],
    "installable": True,
}

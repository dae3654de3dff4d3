{
    "name": "Housing Communities - Voting",
    "summary": "Resolutions, electronic and paper votes, weighted results, protocols",
    "version": "18.0.1.0.0",
    "category": "Real Estate/Housing Communities",
    "license": "AGPL-3",
    "author": "hoa-suite",
    "website": "https://github.com/hoa-suite/hoa-suite",
    "depends": ["hoa_portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/hoa_voting_security.xml",
        "report/hoa_voting_reports.xml",
        "data/hoa_voting_data.xml",
        "wizards/hoa_vote_record_views.xml",
        "views/hoa_resolution_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/hoa_voting_demo.xml"],
    "assets": {
        "web.assets_tests": ["hoa_voting/static/tests/tours/*.js"],
    },
    "installable": True,
}

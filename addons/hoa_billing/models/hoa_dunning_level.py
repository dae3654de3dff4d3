"""Levels of the reminders and demands a community sends to its debtors: a reminder,
a demand for payment, a final demand before going to court. Each level applies from
a minimum debt and a minimum number of days overdue; the next level waits a number
of days after the letter of this one."""

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

DEFAULT_LEVELS = [
    {
        "sequence": 10,
        "name": _lt("Reminder"),
        "min_debt": 50.0,
        "min_days_overdue": 14,
        "days_to_next_level": 14,
        "payment_days": 14,
        "letter_text": [
            _lt(
                "Our books show that the charges listed below for your unit are "
                "overdue. Perhaps the payment has slipped your mind."
            ),
            _lt(
                "Please pay the amount due by the deadline below to the unit's "
                "individual account. If you have paid in the meantime, please "
                "disregard this reminder."
            ),
        ],
    },
    {
        "sequence": 20,
        "name": _lt("Demand for payment"),
        "min_debt": 100.0,
        "min_days_overdue": 30,
        "days_to_next_level": 14,
        "payment_days": 7,
        "letter_text": [
            _lt(
                "Despite our reminder, the charges listed below for your unit are "
                "still unpaid. We demand payment of the amount due by the deadline "
                "below."
            ),
            _lt(
                "Statutory interest for late payment accrues on the overdue amounts. "
                "If you cannot pay the whole debt at once, contact the office to "
                "agree on instalments."
            ),
        ],
    },
    {
        "sequence": 30,
        "name": _lt("Final demand for payment before court action"),
        "min_debt": 500.0,
        "min_days_overdue": 60,
        "days_to_next_level": 0,
        "payment_days": 7,
        "is_pre_court": True,
        "letter_text": [
            _lt(
                "This is our final demand for payment before court action. The "
                "charges listed below for your unit remain unpaid despite our "
                "earlier letters."
            ),
            _lt(
                "If the amount due is not paid by the deadline below, the community "
                "will bring the claim to court without further notice. The costs of "
                "the proceedings and of enforcement will be charged to you."
            ),
        ],
    },
]


class HoaDunningLevel(models.Model):
    _name = "hoa.dunning.level"
    _description = "Reminder Level"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    sequence = fields.Integer(
        default=10, help="Order of the levels: each letter goes up the list."
    )
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_debt = fields.Monetary(
        string="Minimum Debt",
        help="The level applies when the overdue debt of a unit is at least this "
        "amount.",
    )
    min_days_overdue = fields.Integer(
        string="Minimum Days Overdue",
        help="The level applies when the oldest unpaid charge is overdue by at least "
        "this many days.",
    )
    days_to_next_level = fields.Integer(
        string="Days Before the Next Level",
        default=14,
        help="A letter of a higher level is proposed only this many days after the "
        "letter of this level.",
    )
    payment_days = fields.Integer(
        string="Days to Pay",
        default=7,
        help="The deadline printed on the letter: this many days after its date.",
    )
    is_pre_court = fields.Boolean(
        string="Pre-court Demand",
        help="Letters of this level are the demand for payment before court action "
        "(przedsądowe wezwanie do zapłaty); bulk demands use the community's level "
        "marked so.",
    )
    letter_text = fields.Html(
        translate=True,
        help="The text of the letter, printed above the list of unpaid documents.",
    )

    @api.constrains(
        "min_debt", "min_days_overdue", "days_to_next_level", "payment_days"
    )
    def _check_thresholds(self):
        for level in self:
            if (
                level.currency_id.compare_amounts(level.min_debt, 0.0) < 0
                or min(
                    level.min_days_overdue,
                    level.days_to_next_level,
                    level.payment_days,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "The minimum debt and the numbers of days of the level "
                        "%(level)s cannot be negative.",
                        level=level.name,
                    )
                )

    @api.model
    def _hoa_create_default_levels(self, companies=None):
        """Create the three default levels in the communities that have none (also
        archived ones count), named in every installed language that has a
        translation. Returns the levels created."""
        if companies is None:
            companies = self.env["res.company"].search(
                [("is_hoa_community", "=", True)]
            )
        existing = set(
            self.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        vals_list = []
        for company in companies:
            if company.id in existing:
                continue
            for default in DEFAULT_LEVELS:
                vals_list.append(
                    {
                        "company_id": company.id,
                        "sequence": default["sequence"],
                        "name": default["name"]._translate("en_US"),
                        "min_debt": default["min_debt"],
                        "min_days_overdue": default["min_days_overdue"],
                        "days_to_next_level": default["days_to_next_level"],
                        "payment_days": default["payment_days"],
                        "is_pre_court": default.get("is_pre_court", False),
                        "letter_text": self._hoa_paragraphs(
                            default["letter_text"], "en_US"
                        ),
                    }
                )
        levels = self.with_context(lang="en_US").create(vals_list)
        langs = [
            code for code, __ in self.env["res.lang"].get_installed() if code != "en_US"
        ]
        defaults = {default["sequence"]: default for default in DEFAULT_LEVELS}
        for level in levels:
            default = defaults[level.sequence]
            names, texts = {}, {}
            for lang in langs:
                name = default["name"]._translate(lang)
                if name != default["name"]._translate("en_US"):
                    names[lang] = name
                    # the letter's text is translated paragraph by paragraph
                    texts[lang] = {
                        str(escape(text._translate("en_US"))): str(
                            escape(text._translate(lang))
                        )
                        for text in default["letter_text"]
                    }
            # a write in one language would replace the HTML of all of them
            if names:
                level.update_field_translations("name", names)
                level.update_field_translations("letter_text", texts)
        return levels

    @api.model
    def _hoa_paragraphs(self, texts, lang):
        return Markup("").join(
            Markup("<p>{}</p>").format(text._translate(lang)) for text in texts
        )

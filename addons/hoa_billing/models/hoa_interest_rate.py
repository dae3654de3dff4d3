from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class HoaInterestRate(models.Model):
    """Statutory late-payment interest of a country (odsetki ustawowe za opóźnienie,
    3 % річних), a rate per year valid from a date until the next row of the same
    country. Shared by every community of that country, so it has no company."""

    _name = "hoa.interest.rate"
    _description = "Statutory Interest Rate"
    _order = "country_id, date_from desc"
    _rec_names_search = ["country_id", "note"]

    country_id = fields.Many2one("res.country", required=True, index=True)
    date_from = fields.Date(string="Valid From", required=True)
    date_to = fields.Date(
        string="Valid Until",
        compute="_compute_date_to",
        help="The day before the next rate of the country; empty: still valid.",
    )
    rate = fields.Float(
        string="Rate (% per Year)", digits=(16, 4), required=True, aggregator=False
    )
    note = fields.Char(help="Legal basis or source of the rate.")

    _sql_constraints = [
        (
            "country_date_unique",
            "unique(country_id, date_from)",
            "A country has only one interest rate valid from a given day.",
        )
    ]

    @api.depends("country_id", "date_from")
    def _compute_date_to(self):
        rates = self.search([("country_id", "in", self.country_id.ids)])
        starts = {}
        for rate in rates:
            starts.setdefault(rate.country_id.id, []).append(rate.date_from)
        for record in self:
            later = [
                day
                for day in starts.get(record.country_id.id, [])
                if record.date_from and day > record.date_from
            ]
            record.date_to = min(later) - timedelta(days=1) if later else False

    @api.depends("country_id", "date_from", "rate")
    def _compute_display_name(self):
        for record in self:
            rate = f"{record.rate:g}"
            record.display_name = _(
                "%(country)s from %(date)s: %(rate)s %%",
                country=record.country_id.name or "",
                date=format_date(self.env, record.date_from),
                rate=rate,
            )

    @api.constrains("rate")
    def _check_rate(self):
        for record in self:
            if record.rate < 0 or record.rate >= 1000:
                raise ValidationError(
                    _(
                        "An interest rate is a yearly percentage between 0 and 1000, "
                        "not %(rate)s.",
                        rate=record.rate,
                    )
                )

    @api.model
    def _get_periods(self, country, date_from, date_to):
        """The rates of ``country`` from ``date_from`` to ``date_to`` (inclusive):
        [(first day, last day, rate)], in order and without gaps. Refuses when no
        rate is valid on ``date_from``."""
        rates = self.sudo().search(
            [("country_id", "=", country.id), ("date_from", "<=", date_to)],
            order="date_from",
        )
        valid = rates.filtered(lambda rate: rate.date_from <= date_from)
        if not valid:
            raise UserError(
                _(
                    "No statutory interest rate of %(country)s is valid on %(date)s. "
                    "Add it under Configuration › Statutory Interest Rates.",
                    country=country.name or _("(no country)"),
                    date=format_date(self.env, date_from),
                )
            )
        rates = valid[-1] | rates.filtered(lambda rate: rate.date_from > date_from)
        periods = []
        for rate, following in zip(rates, list(rates[1:]) + [None], strict=True):
            first = max(rate.date_from, date_from)
            last = following.date_from - timedelta(days=1) if following else date_to
            periods.append((first, min(last, date_to), rate.rate))
        return periods

from odoo import _, fields, models
from odoo.tools import float_round, format_date

from .hoa_billing_engine import month_bounds

KINDS = [
    ("charge", "Charge"),
    ("discount", "Discount"),
    ("subsidy", "Subsidy"),
]


class HoaBillingLine(models.Model):
    """One billed amount: a charge of a unit for a month and payer, in one run.

    What a (unit, payer, charge, kind, month) has been billed is the sum of its
    posted lines over all runs; a run bills the difference to what is due, which
    makes runs idempotent and corrections exact."""

    _name = "hoa.billing.line"
    _description = "Billing Line"
    _order = "run_id, unit_id, period_date, partner_id, charge_type_id, kind, id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "hoa.billing.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        "res.company", string="Community", required=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_id = fields.Many2one("hoa.unit", required=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id")
    partner_id = fields.Many2one("res.partner", string="Payer", required=True)
    charge_type_id = fields.Many2one("hoa.charge.type", string="Charge", required=True)
    unit_charge_id = fields.Many2one("hoa.unit.charge")
    kind = fields.Selection(KINDS, required=True, default="charge")
    is_correction = fields.Boolean(
        help="The difference between what is due now and what was billed before."
    )
    period_date = fields.Date(string="Month", required=True)
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="Until")
    quantity = fields.Float(digits=(16, 4))
    rate = fields.Float(digits=(16, 4))
    amount = fields.Monetary()
    due_amount = fields.Monetary(
        help="For a correction: what is due now for the charge and month."
    )
    billed_before = fields.Monetary(
        help="For a correction: what had been billed for the charge and month."
    )
    distribution_id = fields.Many2one(
        "hoa.cost.distribution", index="btree_not_null", ondelete="restrict"
    )
    move_id = fields.Many2one("account.move", string="Invoice", index="btree_not_null")
    state = fields.Selection(
        [("preview", "Preview"), ("posted", "Billed"), ("cancelled", "Cancelled")],
        required=True,
        default="preview",
        index=True,
    )

    def _line_label(self):
        self.ensure_one()
        charge = self.charge_type_id.name
        month = self.period_date.strftime("%m/%Y")  # the same in every language
        if self.is_correction:
            return _(
                "Correction of %(charge)s for %(month)s: due %(due)s, billed "
                "%(billed)s",
                charge=charge,
                month=month,
                due=self._fmt(self.due_amount),
                billed=self._fmt(self.billed_before),
            )
        if self.distribution_id:
            return _(
                "%(cost)s: %(weight)s of %(total)s",
                cost=self.distribution_id.name,
                weight=self._fmt(self.quantity, 4, 0),
                total=self._fmt(self.distribution_id.weight_total, 4, 0),
            )
        if self.kind == "discount":
            label = _("Discount on %(charge)s", charge=charge)
        elif self.kind == "subsidy":
            label = _(
                "%(charge)s for unit %(unit)s (subsidy)",
                charge=charge,
                unit=self.unit_id.display_name,
            )
        else:
            label = _(
                "%(charge)s, %(month)s: %(quantity)s × %(rate)s",
                charge=charge,
                month=month,
                quantity=self._fmt(self.quantity, 4, 0),
                rate=self._fmt(self.rate, 4, 2),
            )
        month_first, month_last = self.period_date, self._month_last()
        if self.date_from and (
            self.date_from != month_first or self.date_to != month_last
        ):
            label += " " + _(
                "(%(date_from)s–%(date_to)s)",
                date_from=format_date(self.env, self.date_from),
                date_to=format_date(self.env, self.date_to),
            )
        return label

    def _in_lang(self, partner):
        """These records in the language of ``partner``, for texts he reads."""
        lang = partner.lang or self.env.lang
        if lang not in dict(self.env["res.lang"].get_installed()):
            lang = self.env.lang  # a language not installed (yet)
        return self if lang == self.env.lang else self.with_context(lang=lang)

    def _month_last(self):
        return month_bounds(self.period_date)[1]

    def _fmt(self, value, digits=2, min_digits=None):
        """``value`` with up to ``digits`` decimals, trailing zeros dropped down to
        ``min_digits`` (default: all of them kept)."""
        text = f"{float_round(value, precision_digits=digits):.{digits}f}"
        if min_digits is not None and "." in text:
            whole, decimals = text.split(".")
            decimals = decimals.rstrip("0").ljust(min_digits, "0")
            text = f"{whole}.{decimals}" if decimals else whole
        return text

    def _prepare_invoice_line_vals(self, sign):
        """Invoice line of this billed amount (``sign`` -1 on a credit note)."""
        self.ensure_one()
        charge_type = self.charge_type_id
        vals = {
            "name": self._in_lang(self.partner_id)._line_label(),
            "product_id": charge_type.product_id.id,
            "account_id": charge_type.account_id.id,
            "tax_ids": [fields.Command.set(charge_type.tax_ids.ids)],
            "quantity": 1.0,
            "price_unit": sign * self.amount,
            "hoa_charge_type_id": charge_type.id,
            "hoa_unit_id": self.unit_id.id,
            "hoa_period_date": self.period_date,
        }
        if (
            self.kind == "charge"
            and not self.is_correction
            and not self.distribution_id
            and self.quantity
            and float_round(self.quantity, 2) == self.quantity
            and float_round(self.rate, 2) == self.rate
            and self.currency_id.round(self.quantity * self.rate) == self.amount
        ):
            vals.update(quantity=sign * self.quantity, price_unit=self.rate)
        return vals

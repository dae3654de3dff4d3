from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .hoa_billing_engine import ONE_DAY, month_bounds

KEYS = [
    ("area_usable", "Usable area"),
    ("area_total", "Usable and additional area"),
    ("share", "Shares"),
    ("occupants", "Occupants"),
    ("consumption", "Meter consumption"),
    ("equal", "Equally"),
]


def distribute(amount, weights, rounding=0.01):
    """Split ``amount`` in proportion to ``weights`` (a list), rounded to
    ``rounding`` so that the parts sum exactly to ``amount``: each part is rounded
    down, then the remaining cents go to the largest remainders (earlier first).
    None when the weights are all zero."""
    total = sum(weights)
    if not total:
        return None
    cents = round(amount / rounding)
    exact = [cents * w / total for w in weights]
    parts = [int(e // 1) for e in exact]
    left = cents - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [round(p * rounding, 2) for p in parts]


def static_weight(unit, key):
    """The weight of ``unit`` by a key that needs no period (areas, share,
    equally); the keys by occupants and by consumption are their callers'."""
    if key == "area_usable":
        return unit.area_usable
    if key == "area_total":
        return unit.area_total
    if key == "share":
        if not unit.share_denominator:
            return 0.0
        return unit.share_numerator / unit.share_denominator
    return 1.0


class HoaCostDistribution(models.Model):
    """A one-off cost (a roof repair, the water lost in a building) billed to a
    group of units by a key, in parts that sum exactly to the cost."""

    _name = "hoa.cost.distribution"
    _description = "Cost Distribution"
    _inherit = ["mail.thread", "hoa.unit.kind.mixin"]
    _order = "period_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    charge_type_id = fields.Many2one(
        "hoa.charge.type",
        string="Charge",
        required=True,
        check_company=True,
        help="Gives the invoice lines their name, product and income account.",
    )
    source = fields.Selection(
        [("amount", "An amount"), ("losses", "A building's meter losses")],
        default="amount",
        required=True,
    )
    loss_building_id = fields.Many2one(
        "hoa.building", string="Building of the Losses", check_company=True
    )
    medium = fields.Selection(related="charge_type_id.medium")
    loss_medium = fields.Selection(
        lambda self: self.env["hoa.meter"]._fields["medium"].selection
    )
    date_from = fields.Date(help="Start of the period of the losses or consumption.")
    date_to = fields.Date(help="End of the period of the losses or consumption.")
    loss_quantity = fields.Float(readonly=True, digits=(16, 3))
    amount = fields.Monetary(tracking=True)
    key = fields.Selection(KEYS, required=True, default="area_usable", tracking=True)
    period_date = fields.Date(
        string="Bill In Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    building_ids = fields.Many2many(
        "hoa.building", check_company=True, help="Empty: the whole community."
    )
    line_ids = fields.One2many("hoa.cost.distribution.line", "distribution_id")
    weight_total = fields.Float(readonly=True, digits=(16, 4))
    run_id = fields.Many2one("hoa.billing.run", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("billed", "Billed"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )

    @api.constrains("amount")
    def _check_amount(self):
        for distribution in self:
            if distribution.amount < 0:
                raise ValidationError(_("The cost to distribute cannot be negative."))

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_billed(self):
        if self.filtered(lambda d: d.state == "billed"):
            raise UserError(_("A billed cost distribution cannot be deleted."))

    def _units(self):
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id)]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        domain.append(("kind", "in", self._selected_kinds()))
        return self.env["hoa.unit"].search(domain)

    def _weight(self, unit):
        key = self.key
        if key == "occupants":
            return unit._get_occupant_count(self.date_from or self.period_date)
        if key == "consumption":
            return unit._meter_consumption(
                self.loss_medium or self.charge_type_id.medium,
                self.date_from,
                self.date_to + ONE_DAY,
            )[0]
        return static_weight(unit, key)

    def action_compute(self):
        for distribution in self:
            if distribution.state == "billed":
                raise UserError(_("This cost has been billed already."))
            distribution._check_inputs()
            if distribution.source == "losses":
                losses = distribution.loss_building_id._meter_losses(
                    distribution.loss_medium,
                    distribution.date_from,
                    distribution.date_to + ONE_DAY,
                )
                rate = self.env["hoa.billing.engine"]._rate_at(
                    self.env["hoa.tariff"]._rate_table(distribution.charge_type_id),
                    distribution.charge_type_id,
                    self.env["hoa.unit"],
                    distribution.date_to,
                )
                if rate is None:
                    raise UserError(
                        _(
                            "%(charge)s has no rate to price the losses.",
                            charge=distribution.charge_type_id.name,
                        )
                    )
                distribution.loss_quantity = max(losses["losses"], 0.0)
                distribution.amount = distribution.currency_id.round(
                    distribution.loss_quantity * rate
                )
            units = distribution._units()
            if not units:
                raise UserError(_("No unit matches the buildings and kinds chosen."))
            weights = [distribution._weight(unit) for unit in units]
            amounts = distribute(
                distribution.amount, weights, distribution.currency_id.rounding
            )
            if amounts is None:
                raise UserError(_("The units share nothing to distribute the cost by."))
            distribution.line_ids.unlink()
            distribution.weight_total = sum(weights)
            distribution.line_ids = [
                fields.Command.create(
                    {"unit_id": unit.id, "weight": weight, "amount": amount}
                )
                for unit, weight, amount in zip(units, weights, amounts, strict=True)
            ]
            distribution.state = "computed"
        return True

    def _check_inputs(self):
        self.ensure_one()
        if self.source == "losses" and not (self.loss_building_id and self.loss_medium):
            raise UserError(_("Choose the building and the medium of the losses."))
        needs_period = self.source == "losses" or self.key == "consumption"
        if needs_period and not (self.date_from and self.date_to):
            raise UserError(_("Enter the period of the consumption."))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(_("The period ends before it starts."))
        if self.key == "consumption" and not (
            self.loss_medium or self.charge_type_id.medium
        ):
            raise UserError(_("Choose the medium whose consumption is the key."))
        if self.source == "amount" and self.currency_id.is_zero(self.amount):
            raise UserError(_("Enter the cost to distribute."))

    def action_bill(self):
        self.ensure_one()
        if self.state != "computed":
            raise UserError(_("Compute the parts first."))
        run = self.env["hoa.billing.run"].create(
            {
                "company_id": self.company_id.id,
                "kind": "one_off",
                "period_date": self.period_date,
                "distribution_id": self.id,
                "unit_ids": [fields.Command.set(self.line_ids.unit_id.ids)],
            }
        )
        self.write({"run_id": run.id, "state": "billed"})
        run.action_start()
        return run._open_form()

    def action_view_run(self):
        self.ensure_one()
        return self.run_id._open_form()

    def _billing_lines(self, units):
        """Lines of a one-off run for ``units``: each unit's part, to its payer."""
        self.ensure_one()
        m1, m2 = month_bounds(self.period_date)
        lines, errors = [], {}
        parts = {line.unit_id.id: line for line in self.line_ids}
        for unit in units:
            part = parts.get(unit.id)
            if not part or self.currency_id.is_zero(part.amount):
                continue
            payer = unit._get_payer(m1)
            if not payer:
                errors[unit.id] = _("The unit has no payer on %(date)s.", date=m1)
                continue
            lines.append(
                {
                    "unit_id": unit.id,
                    "partner_id": payer.id,
                    "charge_type_id": self.charge_type_id.id,
                    "kind": "charge",
                    "period_date": m1,
                    "date_from": m1,
                    "date_to": m2,
                    "quantity": part.weight,
                    "rate": part.amount / part.weight if part.weight else part.amount,
                    "amount": part.amount,
                    "distribution_id": self.id,
                }
            )
        return lines, errors

    def _label(self):
        return _(
            "%(name)s (%(month)s)",
            name=self.name,
            month=format_date(self.env, self.period_date, date_format="MM/yyyy"),
        )


class HoaCostDistributionLine(models.Model):
    _name = "hoa.cost.distribution.line"
    _description = "Part of a Distributed Cost"
    _order = "distribution_id, id"

    distribution_id = fields.Many2one(
        "hoa.cost.distribution", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="distribution_id.company_id", store=True)
    currency_id = fields.Many2one(related="distribution_id.currency_id")
    unit_id = fields.Many2one("hoa.unit", required=True)
    weight = fields.Float(digits=(16, 4))
    amount = fields.Monetary()

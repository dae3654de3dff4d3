"""Handover of a unit sold during the year (protokół zdawczo-odbiorczy / акт
приймання-передачі): the meter readings on the day, the seller's balance, and the
year's monthly charges (advances) split between seller and buyer by the days each
of them owned the unit, against what each was billed. The utility settlements of a
period with the sale give each of them a line of their own (hoa.utility.settlement),
split by the readings of this handover when they were taken."""

import calendar
from collections import defaultdict
from datetime import date as Date
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

ONE_DAY = timedelta(days=1)


class HoaUnitHandover(models.Model):
    _name = "hoa.unit.handover"
    _description = "Handover of a Sold Unit"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Handover Date",
        required=True,
        tracking=True,
        help="The buyer's first day: the seller owned the unit until the day before.",
    )
    seller_id = fields.Many2one(
        "res.partner",
        compute="_compute_parties",
        store=True,
        readonly=False,
        precompute=True,
        help="The payer of the unit on the day before the handover.",
    )
    buyer_id = fields.Many2one(
        "res.partner",
        compute="_compute_parties",
        store=True,
        readonly=False,
        precompute=True,
        help="The payer of the unit from the handover date.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Confirmed")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    reading_ids = fields.One2many(
        "hoa.unit.handover.reading", "handover_id", string="Meter Readings", copy=False
    )
    advance_ids = fields.One2many(
        "hoa.unit.handover.advance", "handover_id", string="Monthly Charges", copy=False
    )
    seller_balance = fields.Monetary(
        readonly=True,
        copy=False,
        help="The unit's balance on the day before the handover: positive is a debt "
        "of the seller, negative an overpayment.",
    )
    seller_due = fields.Monetary(
        string="Seller's Charges Due", compute="_compute_totals", store=True
    )
    seller_billed = fields.Monetary(
        string="Billed to the Seller", compute="_compute_totals", store=True
    )
    seller_difference = fields.Monetary(
        string="Seller's Charges to Settle", compute="_compute_totals", store=True
    )
    buyer_due = fields.Monetary(
        string="Buyer's Charges Due", compute="_compute_totals", store=True
    )
    buyer_billed = fields.Monetary(
        string="Billed to the Buyer", compute="_compute_totals", store=True
    )
    buyer_difference = fields.Monetary(
        string="Buyer's Charges to Settle", compute="_compute_totals", store=True
    )
    seller_total = fields.Monetary(
        string="Seller Owes",
        compute="_compute_totals",
        store=True,
        help="The seller's balance plus the charges of the seller's days not billed "
        "to them (less those billed for the buyer's days): negative is due back to "
        "the seller.",
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "unit_date_uniq",
            "unique(unit_id, date)",
            "A unit has one handover a day.",
        )
    ]

    @api.depends("unit_id")
    def _compute_company_id(self):
        for handover in self:
            handover.company_id = (
                handover.unit_id.company_id or handover.company_id or self.env.company
            )

    @api.depends("unit_id", "date")
    def _compute_parties(self):
        for handover in self:
            if not handover.unit_id or not handover.date:
                handover.seller_id = handover.seller_id
                handover.buyer_id = handover.buyer_id
                continue
            handover.seller_id = handover.unit_id._get_payer(handover.date - ONE_DAY)
            handover.buyer_id = handover.unit_id._get_payer(handover.date)

    @api.depends(
        "advance_ids.seller_due",
        "advance_ids.seller_billed",
        "advance_ids.buyer_due",
        "advance_ids.buyer_billed",
        "seller_balance",
    )
    def _compute_totals(self):
        for handover in self:
            currency = handover.currency_id
            lines = handover.advance_ids
            handover.seller_due = currency.round(sum(lines.mapped("seller_due")))
            handover.seller_billed = currency.round(sum(lines.mapped("seller_billed")))
            handover.buyer_due = currency.round(sum(lines.mapped("buyer_due")))
            handover.buyer_billed = currency.round(sum(lines.mapped("buyer_billed")))
            handover.seller_difference = currency.round(
                handover.seller_due - handover.seller_billed
            )
            handover.buyer_difference = currency.round(
                handover.buyer_due - handover.buyer_billed
            )
            handover.seller_total = currency.round(
                handover.seller_balance + handover.seller_difference
            )

    @api.model_create_multi
    def create(self, vals_list):
        handovers = super().create(vals_list)
        for handover in handovers:
            if handover.name == "/":
                handover.name = self.env["ir.sequence"].with_company(
                    handover.company_id
                ).next_by_code("hoa.unit.handover") or _("New")
        return handovers

    def unlink(self):
        if self.filtered(lambda handover: handover.state == "done"):
            raise UserError(
                _("A confirmed handover is kept: set it back to draft first.")
            )
        return super().unlink()

    # Actions ------------------------------------------------------------------------
    def action_compute(self):
        """Read the meters on the handover date, the seller's balance and the
        year's charges of both."""
        for handover in self:
            handover._check_draft()
            handover._check_parties()
            handover.reading_ids.unlink()
            handover.advance_ids.unlink()
            handover.write(
                {
                    "reading_ids": [
                        Command.create(vals) for vals in handover._reading_vals()
                    ],
                    "advance_ids": [
                        Command.create(vals) for vals in handover._advance_vals()
                    ],
                    "seller_balance": handover._balance_before(),
                }
            )
        return True

    def action_confirm(self):
        """Confirm: the readings entered by hand become readings of the meters
        (dated the handover day), so that the utility settlements split the
        consumption by them."""
        for handover in self:
            handover._check_draft()
            if not handover.advance_ids and not handover.reading_ids:
                raise UserError(_("Compute the handover before confirming it."))
            entered = handover.reading_ids.filtered(
                lambda reading: reading.source == "entered"
            )
            for reading in entered:
                existing = reading.meter_id.reading_ids.filtered(
                    lambda r, day=handover.date: r.date == day and r.state == "accepted"
                )
                if existing:
                    raise UserError(
                        _(
                            "Meter %(meter)s already has a reading on %(date)s "
                            "(%(value)s): use it instead of entering another one.",
                            meter=reading.meter_id.name,
                            date=format_date(self.env, handover.date),
                            value=existing[0].value,
                        )
                    )
            self.env["hoa.meter.reading"].create(
                [
                    {
                        "meter_id": reading.meter_id.id,
                        "date": handover.date,
                        "value": reading.value,
                        "source": "office",
                    }
                    for reading in entered
                ]
            )
            entered.write({"source": "reading"})
            handover.state = "done"
            handover.unit_id.message_post(
                body=_(
                    "Handover %(name)s on %(date)s: %(seller)s → %(buyer)s.",
                    name=handover.name,
                    date=format_date(self.env, handover.date),
                    seller=handover.seller_id.name,
                    buyer=handover.buyer_id.name,
                )
            )
        return True

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "hoa_billing.action_report_hoa_unit_handover"
        ).report_action(self)

    # Business methods ---------------------------------------------------------------
    def _check_draft(self):
        if self.filtered(lambda handover: handover.state != "draft"):
            raise UserError(_("The handover is confirmed: set it back to draft first."))

    def _check_parties(self):
        self.ensure_one()
        if not self.seller_id or not self.buyer_id:
            raise UserError(
                _(
                    "The unit %(unit)s needs a payer on the day before %(date)s (the "
                    "seller) and on that day (the buyer): change the owner first.",
                    unit=self.unit_id.display_name,
                    date=format_date(self.env, self.date),
                )
            )
        if self.seller_id == self.buyer_id:
            raise UserError(
                _(
                    "%(partner)s pays for the unit both before and after %(date)s: "
                    "there is nothing to hand over on that day.",
                    partner=self.seller_id.name,
                    date=format_date(self.env, self.date),
                )
            )

    def _reading_vals(self):
        """The unit's meters on the handover date: the reading taken that day or
        the day before, else the state interpolated between readings (to be
        checked and corrected on site)."""
        self.ensure_one()
        day = self.date
        meters = (
            self.unit_id.with_context(active_test=False)
            .meter_ids.filtered(
                lambda m: m.install_date <= day
                and (not m.removal_date or m.removal_date >= day)
            )
            .sorted(lambda m: (m.medium, m.name))
        )
        vals_list = []
        for meter in meters:
            read = meter._history().filtered(
                lambda r: not r.is_estimate and r.date in (day, day - ONE_DAY)
            )
            if read:
                reading = read[-1]
                vals_list.append(
                    {
                        "meter_id": meter.id,
                        "reading_date": reading.date,
                        "value": reading.value,
                        "source": "reading",
                    }
                )
            else:
                vals_list.append(
                    {
                        "meter_id": meter.id,
                        "reading_date": day,
                        "value": round(meter._value_at(day)[0], 3),
                        "source": "estimate",
                    }
                )
        return vals_list

    def _balance_before(self):
        """The unit's receivable balance in the books on the day before the
        handover (positive: owed to the community)."""
        self.ensure_one()
        self.unit_id.check_access("read")
        [[balance]] = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                self.unit_id._hoa_receivable_domain()
                + [("company_id", "=", self.company_id.id), ("date", "<", self.date)],
                aggregates=["balance:sum"],
            )
        )
        return self.currency_id.round(balance or 0.0)

    def _advance_vals(self):
        """One dict per month of the handover's year billed to the unit: the
        monthly charges with their taxes (credit notes subtracted; interest notes
        and settlements of utilities apart), split by the days of seller and buyer
        in the month."""
        self.ensure_one()
        currency = self.currency_id
        year_start = Date(self.date.year, 1, 1)
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("hoa_unit_id", "=", self.unit_id.id),
                    ("hoa_charge_type_id", "!=", False),
                    ("hoa_period_date", ">=", year_start),
                    ("hoa_period_date", "<=", Date(self.date.year, 12, 31)),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("move_id.hoa_utility_settlement_id", "=", False),
                    ("move_id.hoa_is_interest_note", "=", False),
                ]
            )
        )
        months = defaultdict(lambda: defaultdict(float))
        for line in lines:
            month = line.hoa_period_date.replace(day=1)
            # with taxes: what the owner pays
            sign = -1 if line.move_id.move_type == "out_refund" else 1
            months[month][line.move_id.partner_id.id] += sign * line.price_total
        vals_list = []
        for month in sorted(months):
            billed = months[month]
            total = currency.round(sum(billed.values()))
            month_days = calendar.monthrange(month.year, month.month)[1]
            seller_days = min(max((self.date - month).days, 0), month_days)
            seller_due = currency.round(total * seller_days / month_days)
            vals_list.append(
                {
                    "month": month,
                    "month_days": month_days,
                    "seller_days": seller_days,
                    "buyer_days": month_days - seller_days,
                    "amount": total,
                    "seller_due": seller_due,
                    "buyer_due": currency.round(total - seller_due),
                    "seller_billed": currency.round(billed.get(self.seller_id.id, 0.0)),
                    "buyer_billed": currency.round(billed.get(self.buyer_id.id, 0.0)),
                }
            )
        return vals_list

    def _settlement_lines(self):
        """The utility settlement lines of the seller's and the buyer's parts of a
        period that includes the handover."""
        self.ensure_one()
        return self.env["hoa.utility.settlement.line"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("split_method", "!=", False),
                ("partner_id", "in", (self.seller_id | self.buyer_id).ids),
                ("settlement_id.state", "in", ("computed", "posted")),
                ("settlement_id.date_from", "<", self.date),
                ("settlement_id.date_to", ">=", self.date),
            ],
            order="settlement_id, date_from",
        )


class HoaUnitHandoverReading(models.Model):
    _name = "hoa.unit.handover.reading"
    _description = "Meter Reading at a Handover"
    _order = "handover_id, id"

    handover_id = fields.Many2one(
        "hoa.unit.handover", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="handover_id.company_id", store=True, index=True, string="Community"
    )
    meter_id = fields.Many2one("hoa.meter", required=True)
    medium = fields.Selection(related="meter_id.medium")
    uom = fields.Char(related="meter_id.uom")
    reading_date = fields.Date(string="Read On")
    value = fields.Float(digits=(16, 3))
    source = fields.Selection(
        [
            ("reading", "Meter reading"),
            ("estimate", "Estimated"),
            ("entered", "Entered at the handover"),
        ],
        required=True,
        default="entered",
    )

    @api.onchange("value")
    def _onchange_value(self):
        for reading in self:
            if reading.source == "estimate":
                reading.source = "entered"
                reading.reading_date = reading.handover_id.date


class HoaUnitHandoverAdvance(models.Model):
    _name = "hoa.unit.handover.advance"
    _description = "Monthly Charges Split at a Handover"
    _order = "handover_id, month"

    handover_id = fields.Many2one(
        "hoa.unit.handover", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="handover_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="handover_id.currency_id")
    month = fields.Date(required=True)
    month_days = fields.Integer(string="Days")
    seller_days = fields.Integer(string="Seller's Days")
    buyer_days = fields.Integer(string="Buyer's Days")
    amount = fields.Monetary(string="Charges of the Month")
    seller_due = fields.Monetary(string="Due by the Seller")
    buyer_due = fields.Monetary(string="Due by the Buyer")
    seller_billed = fields.Monetary(string="Billed to the Seller")
    buyer_billed = fields.Monetary(string="Billed to the Buyer")

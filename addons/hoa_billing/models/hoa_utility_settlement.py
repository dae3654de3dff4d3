"""Settlement of a medium (rozliczenie mediów): what the supplier really charged
for a period, divided among the units by their meters, against the monthly
advances they were billed; the difference billed (an invoice) or credited (a
credit note) to each unit's payer.

The cost is priced per unit of the building's main meter(s): each unit pays its own
consumption at that price and a share of the losses (main meter minus the units'
meters) by a key. Without main meter readings the cost is divided by the units'
consumption and there are no losses. Consumption comes from hoa_meters
(``hoa.meter._consumption``): a reading on the last day of the period or the first
day after it closes the period, a reading on the day before it or its first day
opens it; a missing one is estimated and the unit flagged."""

import logging
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang

from odoo.addons.hoa_meters.models.hoa_meter import MEDIA, UOM

from .hoa_billing_engine import intersect
from .hoa_cost_distribution import KEYS, distribute, static_weight
from .hoa_unit import format_account

_logger = logging.getLogger(__name__)

ONE_DAY = timedelta(days=1)


class HoaUtilitySettlement(models.Model):
    _name = "hoa.utility.settlement"
    _description = "Utility Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="Until", required=True, tracking=True)
    medium = fields.Selection(MEDIA, required=True, tracking=True)
    uom = fields.Char(string="Unit of Measure", compute="_compute_uom")
    charge_type_id = fields.Many2one(
        "hoa.charge.type",
        string="Advances Charge",
        required=True,
        check_company=True,
        tracking=True,
        help="The monthly charge whose advances for this medium are settled; the "
        "settlement's invoices and credit notes use its product and income account.",
    )
    building_ids = fields.Many2many(
        "hoa.building", check_company=True, help="Empty: the whole community."
    )
    bill_ids = fields.Many2many(
        "account.move",
        "hoa_utility_settlement_bill_rel",
        "settlement_id",
        "move_id",
        string="Supplier Bills",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'posted'), "
        "('move_type', 'in', ('in_invoice', 'in_refund'))]",
        help="The supplier's posted bills of the period (refunds are subtracted); "
        "their totals with taxes are the cost.",
    )
    bill_amount = fields.Monetary(
        string="Bills", compute="_compute_cost_total", store=True
    )
    other_cost = fields.Monetary(
        tracking=True, help="A cost not on the bills chosen, e.g. entered by hand."
    )
    cost_total = fields.Monetary(
        string="Total Cost", compute="_compute_cost_total", store=True, tracking=True
    )
    main_meter_ids = fields.Many2many(
        "hoa.meter",
        "hoa_utility_settlement_main_meter_rel",
        "settlement_id",
        "meter_id",
        string="Main Meters",
        check_company=True,
        domain="[('company_id', '=', company_id), ('placement', '=', 'building'), "
        "('medium', '=', medium)]",
        help="The building meters of the supplier: the cost is priced per unit of "
        "their consumption and the difference to the units' meters is the losses.",
    )
    key = fields.Selection(
        KEYS,
        string="Losses Key",
        required=True,
        default="area_usable",
        tracking=True,
        help="How the losses (main meters minus the units' meters) are shared.",
    )
    invoice_date = fields.Date(
        help="Date of the invoices and credit notes; empty: the day of posting."
    )
    date_due = fields.Date(
        string="Due Date",
        help="Additional charges are to be paid by this day; empty: 14 days after "
        "the invoice date.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("posted", "Posted"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "hoa.utility.settlement.line", "settlement_id", string="Units", copy=False
    )
    main_reading_ids = fields.One2many(
        "hoa.utility.settlement.meter",
        "settlement_id",
        string="Main Meter Readings",
        domain=[("line_id", "=", False)],
        copy=False,
    )
    main_consumption = fields.Float(digits=(16, 3), readonly=True, copy=False)
    units_consumption = fields.Float(
        string="Units' Consumption", digits=(16, 3), readonly=True, copy=False
    )
    loss_quantity = fields.Float(string="Losses", digits=(16, 3), readonly=True)
    loss_amount = fields.Monetary(string="Cost of Losses", readonly=True, copy=False)
    unit_price = fields.Float(digits=(16, 4), readonly=True, copy=False)
    has_losses = fields.Boolean(
        string="Priced by Main Meter", readonly=True, copy=False
    )
    price_note = fields.Char(readonly=True, copy=False)
    advances_total = fields.Monetary(
        string="Advances", compute="_compute_totals", store=True
    )
    result_total = fields.Monetary(
        string="Result", compute="_compute_totals", store=True
    )
    estimated_count = fields.Integer(
        string="Estimated Units", compute="_compute_totals", store=True
    )
    move_ids = fields.One2many(
        "account.move", "hoa_utility_settlement_id", string="Documents"
    )
    move_count = fields.Integer(compute="_compute_move_count")

    @api.depends("medium")
    def _compute_uom(self):
        for settlement in self:
            settlement.uom = UOM.get(settlement.medium, "")

    @api.depends("bill_ids.amount_total_signed", "other_cost")
    def _compute_cost_total(self):
        for settlement in self:
            # bills are negative in the company's currency, their refunds positive
            bills = -sum(settlement.bill_ids.mapped("amount_total_signed"))
            settlement.bill_amount = bills
            settlement.cost_total = settlement.currency_id.round(
                bills + settlement.other_cost
            )

    @api.depends("line_ids.advances", "line_ids.result", "line_ids.is_estimate")
    def _compute_totals(self):
        for settlement in self:
            lines = settlement.line_ids
            settlement.advances_total = sum(lines.mapped("advances"))
            settlement.result_total = sum(lines.mapped("result"))
            settlement.estimated_count = len(lines.filtered("is_estimate").unit_id)

    def _compute_move_count(self):
        for settlement in self:
            settlement.move_count = len(settlement.move_ids)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for settlement in self:
            if settlement.date_from > settlement.date_to:
                raise ValidationError(
                    _(
                        "The settlement period cannot start on %(date_from)s, after "
                        "its last day %(date_to)s.",
                        date_from=format_date(self.env, settlement.date_from),
                        date_to=format_date(self.env, settlement.date_to),
                    )
                )

    @api.constrains("other_cost", "bill_ids")
    def _check_cost(self):
        for settlement in self:
            if settlement.currency_id.compare_amounts(settlement.cost_total, 0.0) < 0:
                raise ValidationError(_("The cost to settle cannot be negative."))

    @api.onchange("company_id", "medium", "building_ids")
    def _onchange_main_meters(self):
        if self.company_id and self.medium:
            self.main_meter_ids = self._default_main_meters()

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_posted(self):
        if self.filtered(lambda s: s.state == "posted"):
            raise UserError(_("A posted utility settlement cannot be deleted."))

    def write(self, vals):
        inputs = {
            "date_from",
            "date_to",
            "medium",
            "charge_type_id",
            "building_ids",
            "bill_ids",
            "other_cost",
            "main_meter_ids",
            "key",
            "company_id",
        }
        if inputs & set(vals):
            if self.filtered(lambda s: s.state == "posted"):
                raise UserError(_("A posted utility settlement cannot be changed."))
            computed = self.filtered(lambda s: s.state == "computed")
            if computed and "state" not in vals:
                # what was computed no longer matches its inputs: compute it again
                super(HoaUtilitySettlement, computed).write({"state": "draft"})
        return super().write(vals)

    # Actions ------------------------------------------------------------------------
    def action_compute(self):
        for settlement in self:
            if settlement.state not in ("draft", "computed"):
                raise UserError(
                    _("Only a draft or computed settlement can be computed.")
                )
            settlement._compute_settlement()
        return True

    def action_post(self):
        for settlement in self:
            settlement._post_settlement()
        return True

    def action_cancel(self):
        if self.filtered(lambda s: s.state not in ("draft", "computed")):
            raise UserError(
                _(
                    "A posted settlement cannot be cancelled: its invoices and credit "
                    "notes are in the books; reverse them there."
                )
            )
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        if self.filtered(lambda s: s.state not in ("computed", "cancelled")):
            raise UserError(_("Only a computed or cancelled settlement goes back."))
        self.write({"state": "draft"})
        return True

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("hoa_utility_settlement_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_print_letters(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Compute the settlement first."))
        return self.env.ref(
            "hoa_billing.action_report_hoa_utility_settlement_letter"
        ).report_action(self.line_ids)

    # Computation --------------------------------------------------------------------
    def _default_main_meters(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("placement", "=", "building"),
            ("medium", "=", self.medium),
        ]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        return self.env["hoa.meter"].search(domain)

    def _meters_in_period(self, meters):
        """Meters that measured something in the period (replaced ones included)."""
        return meters.filtered(
            lambda m: m.install_date <= self.date_to
            and (not m.removal_date or m.removal_date >= self.date_from)
        )

    def _meter_reading(self, meter, norm_rate=0.0):
        """The settled consumption of one meter: a dict for
        hoa.utility.settlement.meter, with ``is_estimate`` and its reason."""
        d0, d1 = self.date_from, self.date_to
        history = meter._history()
        real_dates = set(history.filtered(lambda r: not r.is_estimate).mapped("date"))
        notes = []
        # A reading on D is the counter at the end of D (a period is read on its
        # last day and the day before it) or at its start (on the day after and
        # its first day): whichever the meter has; a missing one follows the other.
        start = end = None
        if meter.install_date >= d0 - ONE_DAY:
            start = meter.install_date  # installed in the period: its first reading
        elif d0 in real_dates:
            start = d0
        elif d0 - ONE_DAY in real_dates:
            start = d0 - ONE_DAY
        if meter.removal_date and meter.removal_date <= d1 + ONE_DAY:
            end = meter.removal_date  # replaced in the period: its final reading
        elif d1 + ONE_DAY in real_dates:
            end = d1 + ONE_DAY
        elif d1 in real_dates:
            end = d1
        missing_end = end is None
        if start is None:
            start = d0 - ONE_DAY if end == d1 else d0
            notes.append(
                _(
                    "meter %(meter)s has no reading at the start of the period: its "
                    "state on %(date)s is interpolated between readings",
                    meter=meter.name,
                    date=format_date(self.env, start),
                )
            )
        if end is None:
            end = d1 if start == d0 - ONE_DAY else d1 + ONE_DAY
        quantity, estimate = meter._consumption(start, end)
        value_start = meter._value_at(start)[0]
        value_end = meter._value_at(end)[0]
        if missing_end:
            before = history.filtered(lambda r: r.date <= end)
            last = before[-1:]
            if len(before) >= 2 and meter._daily_average(before):
                notes.append(
                    _(
                        "meter %(meter)s has no reading at the end of the period: "
                        "estimated from its average daily consumption "
                        "(%(average)s %(uom)s a day since %(since)s)",
                        meter=meter.name,
                        average=formatLang(
                            self.env, meter._daily_average(before), digits=3
                        ),
                        uom=meter.uom,
                        since=format_date(self.env, before[0].date),
                    )
                )
            else:
                days = (end - last.date).days if last else 0
                real_part = (
                    meter._consumption(start, last.date)[0]
                    if last and last.date > start
                    else 0.0
                )
                quantity = real_part + norm_rate * days
                value_end = (value_start + quantity) % (10**meter.digits)
                notes.append(
                    _(
                        "meter %(meter)s has no reading at the end of the period "
                        "and no earlier consumption to average: %(days)s days "
                        "estimated by the norm (%(rate)s %(uom)s a day)",
                        meter=meter.name,
                        days=days,
                        rate=formatLang(self.env, norm_rate, digits=3),
                        uom=meter.uom,
                    )
                )
        elif estimate and not notes:
            notes.append(
                _(
                    "a reading of meter %(meter)s used is an estimate",
                    meter=meter.name,
                )
            )
        return {
            "meter_id": meter.id,
            "date_start": start,
            "value_start": value_start,
            "date_end": end,
            "value_end": value_end,
            "consumption": round(quantity, 3),
            "is_estimate": bool(notes) or estimate,
            "note": "; ".join(notes),
        }

    def _occupants(self, unit):
        """Average declared occupants of ``unit`` over the period (person-days
        divided by the days of the period)."""
        d0, d1 = self.date_from, self.date_to
        points = {d0}
        for occupancy in unit.occupancy_ids:
            for point in (
                occupancy.date_from,
                occupancy.date_to and occupancy.date_to + ONE_DAY,
            ):
                if point and d0 < point <= d1:
                    points.add(point)
        points = sorted(points) + [d1 + ONE_DAY]
        person_days = sum(
            unit._get_occupant_count(a) * (b - a).days
            for a, b in zip(points, points[1:], strict=False)
        )
        return person_days / ((d1 - d0).days + 1)

    def _norm_rate(self, unit):
        """Daily consumption of the community's norm for ``unit`` (per occupant
        when the norm is, at least one)."""
        norm = self.env["hoa.meter.norm"].search(
            [("company_id", "=", self.company_id.id), ("medium", "=", self.medium)],
            limit=1,
        )
        if not norm:
            return 0.0
        if norm.per_occupant:
            return norm.max_per_day * max(self._occupants(unit), 1.0)
        return norm.max_per_day

    def _weight(self, unit, consumption):
        key = self.key
        if key == "occupants":
            return self._occupants(unit)
        if key == "consumption":
            return consumption
        return static_weight(unit, key)

    def _advances(self, units):
        """{unit id: advances billed}: posted invoice lines of the advances charge
        for the months of the period, credit notes subtracted (not this or another
        settlement's own documents)."""
        result = defaultdict(float)
        for line in self._advance_lines(units):
            result[line.hoa_unit_id.id] -= line.balance
        return result

    def _advances_by_payer(self, units):
        """{(unit id, partner id): advances billed to that payer}."""
        result = defaultdict(float)
        for line in self._advance_lines(units):
            result[line.hoa_unit_id.id, line.move_id.partner_id.id] -= line.balance
        return result

    def _advance_lines(self, units):
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("hoa_unit_id", "in", units.ids),
                    ("hoa_charge_type_id", "=", self.charge_type_id.id),
                    ("hoa_period_date", ">=", self.date_from.replace(day=1)),
                    ("hoa_period_date", "<=", self.date_to),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("move_id.hoa_utility_settlement_id", "=", False),
                ]
            )
        )

    def _units(self):
        """Units settled: those with meters of the medium in the period and those
        billed advances for it."""
        domain = [("company_id", "=", self.company_id.id)]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        units = self.env["hoa.unit"].with_context(active_test=False).search(domain)
        meters = self._meters_in_period(
            units.with_context(active_test=False).meter_ids.filtered(
                lambda m: m.medium == self.medium and m.placement == "unit"
            )
        )
        advances = self._advances(units)
        return (
            units.filtered(
                lambda u: u in meters.unit_id
                or not self.currency_id.is_zero(advances.get(u.id, 0.0))
            ),
            meters,
            advances,
        )

    def _compute_settlement(self):
        self.ensure_one()
        currency = self.currency_id
        units, meters, advances = self._units()
        if not units:
            raise UserError(
                _(
                    "No unit of the community has meters of this medium or was "
                    "billed its advances in the period."
                )
            )
        if currency.is_zero(self.cost_total):
            raise UserError(_("Enter the cost to settle: supplier bills or an amount."))
        rows = []
        for unit in units:
            unit_meters = meters.filtered(lambda m, u=unit: m.unit_id == u)
            norm_rate = self._norm_rate(unit)
            readings = [self._meter_reading(m, norm_rate) for m in unit_meters]
            reasons = [r["note"] for r in readings if r["note"]]
            quantity = sum(r["consumption"] for r in readings)
            is_estimate = any(r["is_estimate"] for r in readings)
            if not unit_meters:
                days = (self.date_to - self.date_from).days + 1
                quantity = round(norm_rate * days, 3)
                is_estimate = True
                reasons.append(
                    _(
                        "no meter: %(days)s days estimated by the norm "
                        "(%(rate)s %(uom)s a day)",
                        days=days,
                        rate=formatLang(self.env, norm_rate, digits=3),
                        uom=self.uom,
                    )
                )
            rows.append(
                {
                    "unit": unit,
                    "readings": readings,
                    "consumption": round(quantity, 3),
                    "is_estimate": is_estimate,
                    "reason": "; ".join(reasons),
                }
            )
        units_total = round(sum(r["consumption"] for r in rows), 3)
        main_rows = [
            self._meter_reading(m)
            for m in self._meters_in_period(
                self.main_meter_ids.with_context(active_test=False)
            )
        ]
        main_total = round(sum(r["consumption"] for r in main_rows), 3)
        priced_by_main = bool(main_rows) and main_total > 0
        note = False
        if not main_rows:
            note = _("No main meter: the cost is divided by the units' consumption.")
        elif any(r["is_estimate"] for r in main_rows):
            priced_by_main = False
            note = _(
                "A main meter has no reading at the start or end of the period: the "
                "cost is divided by the units' consumption, without losses."
            )
        elif not priced_by_main:
            note = _(
                "The main meters measured nothing: the cost is divided by the "
                "units' consumption."
            )
        cost = self.cost_total
        weights = [self._weight(r["unit"], r["consumption"]) for r in rows]
        if priced_by_main:
            price = cost / main_total
            own = [currency.round(r["consumption"] * price) for r in rows]
            pool = currency.round(cost - sum(own))
            losses = round(main_total - units_total, 3)
            loss_amounts = [0.0] * len(rows)
            loss_quantities = [0.0] * len(rows)
            if not currency.is_zero(pool) or losses:
                loss_amounts = distribute(pool, weights, currency.rounding)
                if loss_amounts is None:
                    raise UserError(
                        _(
                            "The units share nothing to divide the losses by "
                            "(%(key)s): choose another key.",
                            key=dict(
                                self._fields["key"]._description_selection(self.env)
                            )[self.key],
                        )
                    )
                # quantities to the litre: in hundredths of ten litres
                loss_quantities = [
                    round(part / 10, 3) for part in distribute(losses * 10, weights)
                ]
        else:
            if not units_total:
                raise UserError(
                    _(
                        "The units consumed nothing in the period: there is nothing "
                        "to divide the cost by."
                    )
                )
            price = cost / units_total
            own = distribute(cost, [r["consumption"] for r in rows], currency.rounding)
            pool, losses = 0.0, 0.0
            loss_amounts = [0.0] * len(rows)
            loss_quantities = [0.0] * len(rows)
        payers = self.env["hoa.billing.engine"]._payer_intervals(
            units, self.date_from, self.date_to
        )
        advances_by_payer = self._advances_by_payer(units)
        line_vals = []
        for row, weight, own_cost, loss_q, loss_a in zip(
            rows, weights, own, loss_quantities, loss_amounts, strict=True
        ):
            unit = row["unit"]
            total = currency.round(own_cost + loss_a)
            advance = currency.round(advances.get(unit.id, 0.0))
            segments = self._payer_segments(payers.get(unit.id, []))
            if len(segments) > 1:
                line_vals += self._split_by_payer(
                    row, segments, weight, own_cost, loss_q, loss_a, advances_by_payer
                )
                continue
            line_vals.append(
                {
                    "unit_id": unit.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "partner_id": unit._get_payer(self.date_to).id,
                    "consumption": row["consumption"],
                    "is_estimate": row["is_estimate"],
                    "estimate_reason": row["reason"] or False,
                    "weight": weight,
                    "own_cost": own_cost,
                    "loss_quantity": loss_q,
                    "loss_amount": loss_a,
                    "cost_total": total,
                    "advances": advance,
                    "result": currency.round(total - advance),
                    "meter_ids": [
                        Command.create(dict(r, settlement_id=self.id))
                        for r in row["readings"]
                    ],
                }
            )
        self.line_ids.unlink()
        self.main_reading_ids.unlink()
        self.write(
            {
                "line_ids": [Command.create(vals) for vals in line_vals],
                "main_reading_ids": [Command.create(r) for r in main_rows],
                "main_consumption": main_total,
                "units_consumption": units_total,
                "loss_quantity": losses,
                "loss_amount": pool,
                "unit_price": price,
                "has_losses": priced_by_main,
                "price_note": note,
                "state": "computed",
            }
        )

    def _payer_segments(self, intervals):
        """[(first day, last day, partner id)] of the payers of a unit in the
        period, consecutive days of one payer merged."""
        segments = []
        for start, end, partner_id in intersect(
            intervals, self.date_from, self.date_to
        ):
            if segments and segments[-1][2] == partner_id:
                segments[-1] = (segments[-1][0], end, partner_id)
            else:
                segments.append((start, end, partner_id))
        return segments

    def _handover_point(self, readings, day):
        """The day whose readings split the consumption at a change of payer on
        ``day`` (the buyer's first day): ``day`` when every meter of the unit has
        an accepted reading taken that day, else the day before when they all have
        one then; None when the meters were not read at the handover."""
        meters = self.env["hoa.meter"].browse([r["meter_id"] for r in readings])
        if not meters:
            return None
        for point in (day, day - ONE_DAY):
            if all(
                point
                in meter._history()
                .filtered(lambda history: not history.is_estimate)
                .mapped("date")
                and reading["date_start"] < point < reading["date_end"]
                for meter, reading in zip(meters, readings, strict=True)
            ):
                return point
        return None

    def _split_by_payer(
        self, row, segments, weight, own_cost, loss_q, loss_a, advances_by_payer
    ):
        """Line values of a unit whose payer changed in the period: one per payer.
        The consumption is split by the readings taken at each change when all the
        unit's meters were read then, else by the days of each payer; the unit's
        cost and losses follow the consumption (or the days), and each payer's
        advances are those billed to them (advances billed to someone else, e.g.
        a payer of before the period, count for the last payer)."""
        currency = self.currency_id
        unit = row["unit"]
        readings = row["readings"]
        quantity = row["consumption"]
        boundaries = [
            self._handover_point(readings, start) for start, __, __ in segments[1:]
        ]
        by_readings = bool(readings) and all(boundaries) and quantity > 0
        if by_readings:
            meters = self.env["hoa.meter"].browse([r["meter_id"] for r in readings])
            points = (
                [None] + boundaries + [None]
            )  # None: the period's own start and end readings
            parts = []
            for point_from, point_to in zip(points, points[1:], strict=False):
                part = 0.0
                for meter, reading in zip(meters, readings, strict=True):
                    start = point_from or reading["date_start"]
                    end = point_to or reading["date_end"]
                    part += meter._consumption(start, end)[0]
                parts.append(round(part, 3))
            parts[-1] = round(quantity - sum(parts[:-1]), 3)
            weights = parts
        else:
            weights = [(end - start).days + 1 for start, end, __ in segments]
            parts = [
                round(q / 1000, 3)
                for q in distribute(round(quantity * 1000), weights, 1)
            ]
        own_parts = distribute(own_cost, weights, currency.rounding) or [
            0.0 for __ in segments
        ]
        loss_parts = distribute(loss_a, weights, currency.rounding) or [
            0.0 for __ in segments
        ]
        loss_q_parts = [
            round(q / 1000, 3)
            for q in (
                distribute(round(loss_q * 1000), weights, 1) or [0] * len(weights)
            )
        ]
        partner_ids = [partner_id for __, __, partner_id in segments]
        advance_parts = [
            currency.round(advances_by_payer.get((unit.id, partner_id), 0.0))
            for partner_id in partner_ids
        ]
        others = sum(
            amount
            for (unit_id, partner_id), amount in advances_by_payer.items()
            if unit_id == unit.id and partner_id not in partner_ids
        )
        advance_parts[-1] = currency.round(advance_parts[-1] + others)
        method = (
            _("split by the readings at the handover")
            if by_readings
            else _("split by the days of each payer")
        )
        vals_list = []
        for index, (start, end, partner_id) in enumerate(segments):
            total = currency.round(own_parts[index] + loss_parts[index])
            vals_list.append(
                {
                    "unit_id": unit.id,
                    "date_from": start,
                    "date_to": end,
                    "split_method": "readings" if by_readings else "days",
                    "partner_id": partner_id,
                    "consumption": parts[index],
                    "is_estimate": row["is_estimate"],
                    "estimate_reason": "; ".join(
                        filter(
                            None,
                            [
                                row["reason"],
                                _(
                                    "payer's part from %(date_from)s to %(date_to)s, "
                                    "%(method)s",
                                    date_from=format_date(self.env, start),
                                    date_to=format_date(self.env, end),
                                    method=method,
                                ),
                            ],
                        )
                    ),
                    "weight": weight,
                    "own_cost": own_parts[index],
                    "loss_quantity": loss_q_parts[index],
                    "loss_amount": loss_parts[index],
                    "cost_total": total,
                    "advances": advance_parts[index],
                    "result": currency.round(total - advance_parts[index]),
                    "meter_ids": [
                        Command.create(dict(r, settlement_id=self.id)) for r in readings
                    ],
                }
            )
        return vals_list

    # Posting ------------------------------------------------------------------------
    def _post_settlement(self):
        self.ensure_one()
        if self.state == "posted":
            raise UserError(_("This settlement has been posted already."))
        if self.state != "computed":
            raise UserError(_("Compute the settlement before posting it."))
        currency = self.currency_id
        lines = self.line_ids.filtered(lambda line: not currency.is_zero(line.result))
        missing = lines.filtered(lambda line: not line.partner_id)
        if missing:
            raise UserError(
                _(
                    "These units have no payer on %(date)s, so nothing was posted: "
                    "%(units)s.",
                    date=format_date(self.env, self.date_to),
                    units=", ".join(missing.unit_id.mapped("display_name")),
                )
            )
        journal = self.company_id._hoa_billing_journal()
        if not journal:
            raise UserError(_("The community has no sales journal to bill in."))
        invoice_date = self.invoice_date or fields.Date.context_today(self)
        date_due = self.date_due or invoice_date + relativedelta(days=14)
        if date_due < invoice_date:
            raise UserError(_("The due date cannot be before the invoice date."))
        period = invoice_date.replace(day=1)
        vals_list = [
            line._prepare_move_vals(journal, invoice_date, date_due, period)
            for line in lines
        ]
        # all or nothing: an error on one unit posts no document at all
        with self.env.cr.savepoint():
            moves = (
                self.env["account.move"]
                .with_context(
                    default_move_type="out_invoice",
                    mail_create_nolog=True,
                    mail_notrack=True,
                )
                .create(vals_list)
            )
            moves._post(soft=False)
            for line, move in zip(lines, moves, strict=True):
                line.move_id = move
            self.write(
                {
                    "state": "posted",
                    "invoice_date": invoice_date,
                    "date_due": date_due,
                }
            )
        if lines:
            self.env["hoa.payment.matcher"]._apply_credits(
                self.company_id, lines.unit_id
            )
        self.message_post(
            body=_(
                "Posted: %(invoices)s invoices and %(refunds)s credit notes.",
                invoices=len(moves.filtered(lambda m: m.move_type == "out_invoice")),
                refunds=len(moves.filtered(lambda m: m.move_type == "out_refund")),
            )
        )

    # Demo ---------------------------------------------------------------------------
    @api.model
    def _hoa_demo_settlement(self):
        """Demo: the Kraków community's cold water settled for the last six months
        of the demo readings, with a bill of the water company. Does nothing when
        the demo meters, readings, books or advances are not there."""
        company = self.env.ref("hoa_base.hoa_company_krakow", raise_if_not_found=False)
        main_meters = self.env["hoa.meter"]
        for xmlid in ("hoa_meters.hoa_meter_main_l12", "hoa_meters.hoa_meter_main_l14"):
            main_meters |= self.env.ref(xmlid, raise_if_not_found=False) or main_meters
        if not company or not company.chart_template or not main_meters:
            return
        if self.search_count([("company_id", "=", company.id)]):
            return
        charge_type = self.env["hoa.charge.type"].search(
            [("company_id", "=", company.id), ("code", "=", "WOD")], limit=1
        )
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1
        )
        expense = self.env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "expense")],
            limit=1,
        )
        last = self.env["hoa.meter.reading"].search(
            [
                ("meter_id", "in", main_meters.ids),
                ("state", "=", "accepted"),
                ("is_estimate", "=", False),
                ("is_initial", "=", False),
            ],
            order="date desc",
            limit=1,
        )
        if not (charge_type and journal and expense and last):
            return
        date_to = last.date
        date_from = date_to.replace(day=1) - relativedelta(months=5)
        if date_from < min(main_meters.mapped("install_date")):
            return
        Settlement = self.with_company(company)
        settlement = Settlement.new(
            {
                "company_id": company.id,
                "medium": "cold_water",
                "date_from": date_from,
                "date_to": date_to,
            }
        )
        main = sum(
            settlement._meter_reading(meter)["consumption"] for meter in main_meters
        )
        today = fields.Date.context_today(self)
        supplier = self.env["res.partner"].create(
            {
                "name": "MPWiK S.A. w Krakowie",
                "is_company": True,
                "city": "Kraków",
                "country_id": company.country_id.id,
            }
        )
        bill = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "in_invoice",
                    "journal_id": journal.id,
                    "partner_id": supplier.id,
                    "ref": f"FV/WOD/{date_to:%Y/%m}",
                    "invoice_date": min(date_to + ONE_DAY, today),
                    "date": min(date_to + ONE_DAY, today),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": f"Woda i ścieki {date_from}–{date_to}",
                                "account_id": expense.id,
                                "quantity": round(main, 3),
                                "price_unit": 15.80,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        bill.action_post()
        settlement = Settlement.create(
            {
                "name": f"Zimna woda {date_from:%m/%Y}–{date_to:%m/%Y}",
                "company_id": company.id,
                "medium": "cold_water",
                "date_from": date_from,
                "date_to": date_to,
                "charge_type_id": charge_type.id,
                "bill_ids": [Command.set(bill.ids)],
                "main_meter_ids": [Command.set(main_meters.ids)],
                "key": "area_usable",
                "invoice_date": min(date_to + relativedelta(days=15), today),
            }
        )
        try:
            with self.env.cr.savepoint():
                settlement.action_compute()
                settlement.action_post()
        except UserError as error:
            # demo data never stops an installation; the settlement stays a draft
            _logger.warning("Demo utility settlement not posted: %s", error)


class HoaUtilitySettlementLine(models.Model):
    _name = "hoa.utility.settlement.line"
    _description = "Utility Settlement of a Unit"
    _order = "settlement_id, unit_id, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "hoa.utility.settlement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="settlement_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    unit_id = fields.Many2one("hoa.unit", required=True, check_company=True)
    building_id = fields.Many2one(related="unit_id.building_id")
    partner_id = fields.Many2one("res.partner", string="Payer")
    date_from = fields.Date(
        string="Payer From", help="The first day of the payer's part of the period."
    )
    date_to = fields.Date(
        string="Payer Until", help="The last day of the payer's part of the period."
    )
    split_method = fields.Selection(
        [("days", "By days"), ("readings", "By readings at the handover")],
        string="Split",
        help="When the payer changed in the period, the unit has one line per payer: "
        "its consumption is split by the meter readings taken at the handover, or "
        "else by the days of each payer.",
    )
    uom = fields.Char(related="settlement_id.uom")
    consumption = fields.Float(digits=(16, 3))
    is_estimate = fields.Boolean(string="Estimated")
    estimate_reason = fields.Text()
    weight = fields.Float(string="Key Weight", digits=(16, 4))
    unit_price = fields.Float(related="settlement_id.unit_price")
    own_cost = fields.Monetary(string="Own Consumption")
    loss_quantity = fields.Float(string="Losses Share", digits=(16, 3))
    loss_amount = fields.Monetary(string="Cost of Losses")
    cost_total = fields.Monetary(string="Total Cost")
    advances = fields.Monetary()
    result = fields.Monetary(
        help="Positive: the unit pays more; negative: credited to its account."
    )
    meter_ids = fields.One2many(
        "hoa.utility.settlement.meter", "line_id", string="Readings"
    )
    move_id = fields.Many2one("account.move", string="Document", readonly=True)
    state = fields.Selection(related="settlement_id.state")

    def action_print_letter(self):
        return self.env.ref(
            "hoa_billing.action_report_hoa_utility_settlement_letter"
        ).report_action(self)

    def _document_lang(self):
        self.ensure_one()
        return self.unit_id._hoa_document_lang(self.partner_id)

    def _label(self):
        """The invoice line's text, in the context's language."""
        settlement = self.settlement_id
        return _(
            "Settlement of %(charge)s %(date_from)s–%(date_to)s: cost %(cost)s, "
            "advances %(advances)s",
            charge=self.settlement_id.charge_type_id.name,
            date_from=format_date(self.env, settlement.date_from),
            date_to=format_date(self.env, settlement.date_to),
            cost=formatLang(self.env, self.cost_total, digits=2),
            advances=formatLang(self.env, self.advances, digits=2),
        )

    def _prepare_move_vals(self, journal, invoice_date, date_due, period):
        self.ensure_one()
        settlement = self.settlement_id
        charge_type = settlement.charge_type_id
        line = self.with_context(lang=self._document_lang())
        refund = self.currency_id.compare_amounts(self.result, 0.0) < 0
        return {
            "move_type": "out_refund" if refund else "out_invoice",
            "journal_id": journal.id,
            "company_id": settlement.company_id.id,
            "partner_id": self.partner_id.id,
            "invoice_date": invoice_date,
            "date": invoice_date,
            "invoice_date_due": date_due,
            "payment_reference": line._reference(),
            "hoa_unit_id": self.unit_id.id,
            "hoa_period_date": period,
            "hoa_utility_settlement_id": settlement.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": line._label(),
                        "product_id": charge_type.product_id.id,
                        "account_id": charge_type.account_id.id,
                        "tax_ids": [Command.set(charge_type.tax_ids.ids)],
                        "quantity": 1.0,
                        "price_unit": abs(self.result),
                        "hoa_charge_type_id": charge_type.id,
                        "hoa_unit_id": self.unit_id.id,
                        "hoa_period_date": period,
                    }
                )
            ],
        }

    def _hoa_account(self):
        """The unit's individual account, formatted for the letter."""
        self.ensure_one()
        return format_account(self.unit_id.virtual_account)

    def _key_label(self):
        settlement = self.settlement_id
        return dict(settlement._fields["key"]._description_selection(self.env))[
            settlement.key
        ]

    def _reference(self):
        return _(
            "Settlement %(name)s %(unit)s",
            name=self.settlement_id.name,
            unit=self.unit_id.display_name,
        )


class HoaUtilitySettlementMeter(models.Model):
    _name = "hoa.utility.settlement.meter"
    _description = "Meter Readings of a Utility Settlement"
    _order = "settlement_id, line_id, meter_id, date_start, id"

    settlement_id = fields.Many2one(
        "hoa.utility.settlement", required=True, ondelete="cascade", index=True
    )
    line_id = fields.Many2one(
        "hoa.utility.settlement.line", ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="settlement_id.company_id", store=True, index=True
    )
    meter_id = fields.Many2one("hoa.meter", required=True)
    uom = fields.Char(related="meter_id.uom")
    date_start = fields.Date(string="From")
    value_start = fields.Float(string="Start Reading", digits=(16, 3))
    date_end = fields.Date(string="Until")
    value_end = fields.Float(string="End Reading", digits=(16, 3))
    consumption = fields.Float(digits=(16, 3))
    is_estimate = fields.Boolean(string="Estimated")
    note = fields.Char()

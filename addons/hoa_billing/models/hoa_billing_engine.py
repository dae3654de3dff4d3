from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, models
from odoo.tools import float_round

ONE_DAY = timedelta(days=1)


def month_bounds(period_date):
    first = period_date.replace(day=1)
    return first, first + relativedelta(months=1) - ONE_DAY


def split(intervals, points):
    """Split (d1, d2, payload) intervals at the dates in ``points``."""
    result = []
    for d1, d2, payload in intervals:
        start = d1
        for point in sorted(p for p in points if d1 < p <= d2):
            result.append((start, point - ONE_DAY, payload))
            start = point
        result.append((start, d2, payload))
    return result


def intersect(intervals, d1, d2):
    return [
        (max(a, d1), min(b, d2), payload)
        for a, b, payload in intervals
        if a <= d2 and b >= d1
    ]


class HoaBillingEngine(models.AbstractModel):
    """What each unit owes for a month: the charge lines a billing run bills.

    Pure computation, no writes: ``_compute`` reads everything a batch of units needs
    in a few queries and returns plain dicts, so a preview, a billing run, a
    correction run and the notice of charges all compute the same numbers."""

    _name = "hoa.billing.engine"
    _description = "Charge Computation"

    @api.model
    def _compute(self, units, period_date, rate_table=None):
        """Charge lines of ``units`` (one community) for the month of ``period_date``.

        Returns ``(lines, errors)``: ``lines`` is a list of dicts with unit_id,
        partner_id, charge_type_id, kind (charge, discount, subsidy), period_date,
        date_from, date_to, quantity, rate, amount; ``errors`` maps a unit id to the
        reason it cannot be billed (then it has no lines)."""
        company = units.company_id
        company.ensure_one()
        currency = company.currency_id
        m1, m2 = month_bounds(period_date)
        month_days = (m2 - m1).days + 1
        pro_rata = company.hoa_rate_change_mode == "pro_rata"
        unit_charges = self.env["hoa.unit.charge"].search_fetch(
            [
                ("unit_id", "in", units.ids),
                ("date_from", "<=", m2),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", m1),
                ("charge_type_id.active", "=", True),
            ],
            [
                "unit_id",
                "charge_type_id",
                "date_from",
                "date_to",
                "quantity",
                "fixed_amount",
                "discount_type",
                "discount_value",
                "subsidy_partner_id",
            ],
        )
        if rate_table is None:
            rate_table = self.env["hoa.tariff"]._rate_table(unit_charges.charge_type_id)
        charges_by_unit = defaultdict(list)
        for charge in unit_charges:
            charges_by_unit[charge.unit_id.id].append(charge)
        payers_by_unit = self._payer_intervals(units, m1, m2)
        lines, errors = [], {}
        for unit in units:
            charges = charges_by_unit.get(unit.id)
            if not charges:
                continue
            d1 = max(m1, unit.date_start or m1)
            d2 = min(m2, unit.date_end or m2)
            if not pro_rata and d1 != m1:
                continue  # a unit that starts mid-month is billed from the next one
            if d1 > d2:
                continue
            payers = payers_by_unit.get(unit.id, [])
            if not pro_rata:
                payers = [(d1, d2, p) for a, b, p in payers if a <= d1 <= b]
            payers = intersect(payers, d1, d2)
            covered = sum((b - a).days + 1 for a, b, _p in payers)
            if covered != (d2 - d1).days + 1:
                errors[unit.id] = (
                    _("The unit has no payer on %(date)s.", date=d1)
                    if not payers
                    else _(
                        "The unit has no payer for part of the month "
                        "(%(days)s of %(total)s days have one).",
                        days=covered,
                        total=(d2 - d1).days + 1,
                    )
                )
                continue
            try:
                unit_lines = self._unit_lines(
                    unit, charges, payers, m1, m2, month_days, pro_rata, rate_table
                )
            except _MissingRate as missing:
                errors[unit.id] = missing.message
                continue
            for line in unit_lines:
                line["amount"] = currency.round(line["amount"])
                line["period_date"] = m1
            lines.extend(
                line for line in unit_lines if not currency.is_zero(line["amount"])
            )
        return lines, errors

    def _payer_intervals(self, units, m1, m2):
        ownerships = self.env["hoa.unit.ownership"].search_fetch(
            [
                ("unit_id", "in", units.ids),
                ("is_payer", "=", True),
                ("date_from", "<=", m2),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", m1),
            ],
            ["unit_id", "partner_id", "date_from", "date_to"],
            order="date_from",
        )
        result = defaultdict(list)
        for ownership in ownerships:
            result[ownership.unit_id.id].append(
                (ownership.date_from, ownership.date_to or m2, ownership.partner_id.id)
            )
        return result

    def _rate_at(self, rate_table, charge_type, unit, date):
        """The rate in force on ``date``: the unit's own, else the building's, else
        the community's. None when there is none."""
        best = {}
        for date_from, building_id, unit_id, rate in rate_table.get(charge_type.id, ()):
            if date_from > date:
                break
            if unit_id:
                if unit_id == unit.id:
                    best["unit"] = rate
            elif building_id:
                if building_id == unit.building_id.id:
                    best["building"] = rate
            else:
                best["community"] = rate
        for scope in ("unit", "building", "community"):
            if scope in best:
                return best[scope]
        return None

    def _rate_change_dates(self, rate_table, charge_type, unit):
        return {
            date_from
            for date_from, building_id, unit_id, _rate in rate_table.get(
                charge_type.id, ()
            )
            if (not unit_id or unit_id == unit.id)
            and (not building_id or building_id == unit.building_id.id)
        }

    def _quantity(self, unit, charge, date_from, date_to):
        return self._basis_quantity(
            unit, charge.charge_type_id.basis, date_from, date_to, charge
        )

    def _basis_quantity(self, unit, basis, date_from, date_to, charge=None):
        """The quantity of ``unit`` for ``basis`` (of ``charge``, a unit's charge,
        for the bases that need it: consumption, declared quantity)."""
        if basis == "area_usable":
            return unit.area_usable
        if basis == "area_total":
            return unit.area_total
        if basis == "share":
            if not unit.share_denominator:
                raise _MissingRate(_("The unit has no share in the common property."))
            return unit.share_numerator / unit.share_denominator
        if basis == "occupants":
            return unit._get_occupant_count(date_from)
        if basis == "consumption":
            quantity, _estimate = unit._meter_consumption(
                charge.charge_type_id.medium, date_from, date_to + ONE_DAY
            )
            return quantity
        if basis == "quantity":
            return charge.quantity if charge else 0.0
        return 1.0  # unit, fixed

    @api.model
    def _community_quantity(self, company, basis, date, charge_type=None):
        """The quantity of ``basis`` of the whole community on ``date``: the sum of
        the quantities a billing run bills its units (``_basis_quantity``). With
        ``charge_type``, only the units that have that charge on ``date``; without,
        every unit of the community active on ``date``. A unit that cannot be
        billed by the basis (no share) adds nothing: it pays nothing by it."""
        if charge_type:
            charges = self.env["hoa.unit.charge"].search(
                [
                    ("charge_type_id", "=", charge_type.id),
                    ("date_from", "<=", date),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", date),
                ]
            )
            pairs = [(charge.unit_id, charge) for charge in charges]
        else:
            units = (
                self.env["hoa.unit"]
                .with_context(active_test=False)
                .search([("company_id", "=", company.id)])
            )
            pairs = [(unit, None) for unit in units]
        total = 0.0
        for unit, charge in pairs:
            if not unit._is_active_on(date):
                continue
            if basis == "share" and not unit.share_denominator:
                continue
            total += self._basis_quantity(unit, basis, date, date, charge)
        return float_round(total, precision_digits=6)

    def _unit_lines(
        self, unit, charges, payers, m1, m2, month_days, pro_rata, rate_table
    ):
        lines = []
        percent_charges = []
        for charge in charges:
            charge_type = charge.charge_type_id
            if charge_type.basis == "percent":
                percent_charges.append(charge)
                continue
            if pro_rata:
                segments = intersect(payers, charge.date_from, charge.date_to or m2)
                segments = split(
                    segments, self._rate_change_dates(rate_table, charge_type, unit)
                )
            elif charge.date_from <= m1 and (
                not charge.date_to or charge.date_to >= m2
            ):
                segments = payers
            else:
                continue  # starts or ends within the month: next month / this one
            for d1, d2, partner_id in segments:
                lines.extend(
                    self._segment_lines(
                        unit, charge, partner_id, d1, d2, month_days, rate_table
                    )
                )
        for charge in percent_charges:
            base_types = charge.charge_type_id.percent_of_ids.ids
            base = defaultdict(float)
            for line in lines:
                if line["charge_type_id"] in base_types and line["kind"] != "subsidy":
                    base[line["partner_id"]] += line["amount"]
            rate = self._rate_at(rate_table, charge.charge_type_id, unit, m1)
            if rate is None:
                raise _MissingRate(
                    _(
                        "No rate of %(charge)s in force on %(date)s.",
                        charge=charge.charge_type_id.name,
                        date=m1,
                    )
                )
            for partner_id, amount in base.items():
                lines.append(
                    self._line(
                        unit,
                        charge,
                        partner_id,
                        m1,
                        m2,
                        amount,
                        rate,
                        amount * rate / 100,
                    )
                )
        return lines

    def _segment_lines(self, unit, charge, partner_id, d1, d2, month_days, rate_table):
        charge_type = charge.charge_type_id
        if charge_type.basis == "fixed" and charge.fixed_amount:
            rate = charge.fixed_amount
        else:
            rate = self._rate_at(rate_table, charge_type, unit, d1)
            if rate is None:
                raise _MissingRate(
                    _(
                        "No rate of %(charge)s in force on %(date)s.",
                        charge=charge_type.name,
                        date=d1,
                    )
                )
        quantity = self._quantity(unit, charge, d1, d2)
        days = (d2 - d1).days + 1
        factor = 1.0 if days == month_days else days / month_days
        if charge_type.basis == "consumption":
            factor = 1.0  # the consumption of the days already is the segment's
        amount = float_round(quantity * rate * factor, precision_digits=6)
        amount = charge.currency_id.round(amount)
        lines = [self._line(unit, charge, partner_id, d1, d2, quantity, rate, amount)]
        if charge.discount_type and amount:
            if charge.discount_type == "percent":
                discount = charge.currency_id.round(
                    amount * charge.discount_value / 100
                )
            else:
                discount = min(
                    charge.currency_id.round(charge.discount_value * factor), amount
                )
            lines.append(
                self._line(
                    unit,
                    charge,
                    partner_id,
                    d1,
                    d2,
                    1,
                    -discount,
                    -discount,
                    "discount",
                )
            )
            if charge.subsidy_partner_id:
                lines.append(
                    self._line(
                        unit,
                        charge,
                        charge.subsidy_partner_id.id,
                        d1,
                        d2,
                        1,
                        discount,
                        discount,
                        "subsidy",
                    )
                )
        return lines

    def _line(
        self, unit, charge, partner_id, d1, d2, quantity, rate, amount, kind=None
    ):
        return {
            "unit_id": unit.id,
            "partner_id": partner_id,
            "charge_type_id": charge.charge_type_id.id,
            "unit_charge_id": charge.id,
            "kind": kind or "charge",
            "date_from": d1,
            "date_to": d2,
            "quantity": quantity,
            "rate": rate,
            "amount": amount,
        }


class _MissingRate(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message

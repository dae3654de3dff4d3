"""Late-payment interest (odsetki ustawowe za opóźnienie, 3 % річних).

Interest runs day by day on every overdue receivable amount of a unit's charge
invoices, from the day after its due date until the day it is paid (each partial
payment lowers the base from the day after its date; a credit note correcting the
invoice lowers it from the start: that part was never owed), or until the
computation date for what is still open. Periods are split at every change of the
statutory rate. The interest of one unit and payer is rounded once, on the note.

What an interest note charges is kept as hoa.interest.line records: one per overdue
amount, period of constant base and rate. The next computation for the same amount
starts the day after the last day charged on a note that is not cancelled
(account.move.line.hoa_interest_date), so a day is never charged twice; a
constraint refuses overlapping periods, and writing hoa_interest_date on the
overdue line makes two concurrent runs on the same amount conflict in the
database. Interest notes themselves never bear interest."""

import calendar
from collections import defaultdict
from datetime import date as Date
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, format_date

ONE_DAY = timedelta(days=1)


class HoaInterestLine(models.Model):
    _name = "hoa.interest.line"
    _description = "Charged Late-Payment Interest"
    _order = "note_move_id desc, unit_id, date_due, move_line_id, date_from, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", string="Community", required=True, index=True, readonly=True
    )
    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, check_company=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, readonly=True
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Overdue Item",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )
    debt_move_id = fields.Many2one(
        related="move_line_id.move_id", string="Overdue Document", store=True
    )
    debt_period_date = fields.Date(
        related="move_line_id.move_id.hoa_period_date", string="Billed Month"
    )
    date_due = fields.Date(string="Due Date", required=True, readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="Until", required=True, readonly=True)
    days = fields.Integer(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    base = fields.Monetary(string="Overdue Amount", readonly=True)
    rate = fields.Float(
        string="Rate (% per Year)", digits=(16, 4), readonly=True, aggregator=False
    )
    amount_exact = fields.Float(
        string="Exact Interest",
        digits=(16, 6),
        readonly=True,
        help="Before rounding: the note rounds the interest of all its lines once.",
    )
    amount = fields.Monetary(
        string="Interest",
        readonly=True,
        help="Rounded so that the lines of a note add up to the note's amount.",
    )
    note_move_id = fields.Many2one(
        "account.move",
        string="Interest Note",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )
    note_state = fields.Selection(related="note_move_id.state", string="Note Status")

    @api.constrains("move_line_id", "date_from", "date_to", "note_move_id")
    def _check_charged_once(self):
        for line in self:
            if line.date_from > line.date_to:
                raise ValidationError(
                    _(
                        "Interest cannot run from %(date_from)s to an earlier day.",
                        date_from=format_date(self.env, line.date_from),
                    )
                )
        charged = self.search(
            [
                ("move_line_id", "in", self.move_line_id.ids),
                ("note_move_id.state", "!=", "cancel"),
            ]
        )
        by_item = defaultdict(list)
        for line in charged:
            by_item[line.move_line_id.id].append(line)
        for line in self:
            if line.note_move_id.state == "cancel":
                continue
            for other in by_item[line.move_line_id.id]:
                if (
                    other != line
                    and other.date_from <= line.date_to
                    and other.date_to >= line.date_from
                ):
                    raise ValidationError(
                        _(
                            "Interest on %(document)s from %(date_from)s to "
                            "%(date_to)s is already charged by %(note)s.",
                            document=line.debt_move_id.display_name,
                            date_from=format_date(self.env, other.date_from),
                            date_to=format_date(self.env, other.date_to),
                            note=other.note_move_id.display_name,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_note(self):
        if any(line.note_move_id.state == "posted" for line in self):
            raise UserError(
                _(
                    "The interest of a posted note cannot be deleted: reset the note "
                    "to draft and cancel it."
                )
            )

    # ------------------------------------------------------------ settings

    @api.model
    def _hoa_check_settings(self, company, date):
        """Refuse what would make a wrong note: interest off, no account, no sales
        journal, a computation date in the future."""
        if not company.is_hoa_community:
            raise UserError(
                _("%(company)s is not a housing community.", company=company.name)
            )
        if not company.hoa_interest_enabled:
            raise UserError(
                _(
                    "%(community)s does not charge late-payment interest: enable it in "
                    "the community's settings first.",
                    community=company.name,
                )
            )
        if not company.hoa_interest_account_id:
            raise UserError(
                _(
                    "Choose the interest income account of %(community)s in its "
                    "settings first.",
                    community=company.name,
                )
            )
        if not company._hoa_billing_journal():
            raise UserError(
                _("%(community)s has no sales journal.", community=company.name)
            )
        if not date:
            raise UserError(_("Choose the day until which interest is computed."))
        today = fields.Date.context_today(self)
        if date > today:
            raise UserError(
                _(
                    "Interest can only be computed until today (%(today)s), not "
                    "until %(date)s.",
                    today=format_date(self.env, today),
                    date=format_date(self.env, date),
                )
            )

    # ----------------------------------------------------------- computation

    @api.model
    def _hoa_overdue_items(self, company, date, units=None):
        """The posted receivable items of charge invoices of ``units`` (all units
        of ``company`` when None) due before ``date``; interest and late-fee notes
        excluded."""
        domain = [
            ("company_id", "=", company.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "=", "out_invoice"),
            ("move_id.hoa_is_interest_note", "=", False),
            ("move_id.hoa_is_late_fee", "=", False),
            ("date_maturity", "<", date),
            ("balance", ">", 0),
        ]
        if units is not None:
            domain.append(("hoa_unit_id", "in", units.ids))
        else:
            domain.append(("hoa_unit_id", "!=", False))
        return self.env["account.move.line"].search(
            domain, order="hoa_unit_id, partner_id, date_maturity, id"
        )

    @api.model
    def _hoa_payments(self, item):
        """(opening, [(date, amount)]): the amount of ``item`` owed from its due
        date, and what was paid on it, on which day (the later date of the two
        items reconciled). Credit notes correcting the invoice lower the opening
        amount instead."""
        opening = item.balance
        payments = []
        for partial in item.matched_credit_ids:
            counterpart = partial.credit_move_id.move_id
            if counterpart.reversed_entry_id == item.move_id:
                opening -= partial.amount
            else:
                payments.append((partial.max_date, partial.amount))
        return opening, payments

    @api.model
    def _hoa_segments(self, company, start, end, opening, payments, periods):
        """Periods from ``start`` to ``end`` (inclusive) with one base and one rate:
        [(first, last, days, base, rate, year days)]. The base on a day is what was
        not paid the day before; a rate applies on the days it is valid."""
        currency = company.currency_id
        fixed_year = company.hoa_interest_day_count != "actual_actual"
        cuts = {start, end + ONE_DAY}
        cuts |= {day + ONE_DAY for day, _amount in payments if start < day + ONE_DAY}
        cuts |= {first for first, _last, _rate in periods if start < first}
        if not fixed_year:
            cuts |= {Date(year, 1, 1) for year in range(start.year + 1, end.year + 1)}
        cuts = sorted(cut for cut in cuts if cut <= end + ONE_DAY)
        segments = []
        for first, following in zip(cuts, cuts[1:], strict=False):
            base = currency.round(
                opening - sum(amount for day, amount in payments if day < first)
            )
            if currency.compare_amounts(base, 0.0) <= 0:
                continue
            rate = next(r for f, last, r in periods if f <= first <= last)
            year_days = 365 if fixed_year or not calendar.isleap(first.year) else 366
            last = following - ONE_DAY
            previous = segments[-1] if segments else None
            if (
                previous
                and previous[1] + ONE_DAY == first
                and currency.compare_amounts(previous[3], base) == 0
                and previous[4] == rate
                and previous[5] == year_days
            ):
                segments[-1] = (
                    previous[0],
                    last,
                    (last - previous[0]).days + 1,
                    base,
                    rate,
                    year_days,
                )
                continue
            segments.append(
                (first, last, (last - first).days + 1, base, rate, year_days)
            )
        return segments

    @api.model
    def _hoa_compute(self, company, date, units=None):
        """Interest not charged yet until ``date`` (inclusive) on the overdue items
        of ``units`` (all the community's when None): a list of values of
        hoa.interest.line without note, in the order of units, payers, due dates;
        ``amount_exact`` unrounded, ``amount`` rounded per note (see
        _hoa_group)."""
        date = fields.Date.to_date(date)
        self._hoa_check_settings(company, date)
        starts = {}
        for item in self._hoa_overdue_items(company, date, units):
            start = item.date_maturity + ONE_DAY
            if item.hoa_interest_date:
                start = max(start, item.hoa_interest_date + ONE_DAY)
            if start <= date:
                starts[item] = start
        if not starts:
            return []
        periods = self.env["hoa.interest.rate"]._get_periods(
            company.country_id or company.account_fiscal_country_id,
            min(starts.values()),
            date,
        )
        vals_list = []
        for item, start in starts.items():
            opening, payments = self._hoa_payments(item)
            for first, last, days, base, rate, year_days in self._hoa_segments(
                company, start, date, opening, payments, periods
            ):
                vals_list.append(
                    {
                        "company_id": company.id,
                        "unit_id": item.hoa_unit_id.id,
                        "partner_id": item.move_id.partner_id.id,
                        "move_line_id": item.id,
                        "date_due": item.date_maturity,
                        "date_from": first,
                        "date_to": last,
                        "days": days,
                        "base": base,
                        "rate": rate,
                        "amount_exact": base * rate / 100.0 * days / year_days,
                    }
                )
        self._hoa_group(company, vals_list)
        return vals_list

    @api.model
    def _hoa_group(self, company, vals_list):
        """The notes ``vals_list`` makes, one per unit and payer: a list of dicts
        with ``unit``, ``partner``, ``lines`` (their values), ``amount`` (the exact
        interest rounded once) and ``is_below_minimum`` (nothing is charged, the
        interest waits for a later note). Sets each line's ``amount``: the
        rounded running total minus the one before, so the lines add up to the
        note."""
        currency = company.currency_id
        groups = {}
        for vals in vals_list:
            key = (vals["unit_id"], vals["partner_id"])
            groups.setdefault(key, []).append(vals)
        notes = []
        for (unit_id, partner_id), lines in groups.items():
            running, rounded_before = 0.0, 0.0
            for vals in lines:
                running += vals["amount_exact"]
                rounded = currency.round(running)
                vals["amount"] = currency.round(rounded - rounded_before)
                rounded_before = rounded
            amount = currency.round(running)
            below = currency.is_zero(amount) or (
                float_compare(
                    amount,
                    company.hoa_interest_min_amount,
                    precision_rounding=currency.rounding,
                )
                < 0
            )
            for vals in lines:
                vals["is_below_minimum"] = below
            notes.append(
                {
                    "unit": self.env["hoa.unit"].browse(unit_id),
                    "partner": self.env["res.partner"].browse(partner_id),
                    "lines": lines,
                    "amount": amount,
                    "is_below_minimum": below,
                }
            )
        return notes

    # ----------------------------------------------------------------- notes

    @api.model
    def _hoa_create_notes(self, company, date, vals_list):
        """Post one interest note per unit and payer of ``vals_list`` (as
        _hoa_compute returns them) whose interest reaches the community's minimum;
        the others are not charged. Returns the notes."""
        date = fields.Date.to_date(date)
        self._hoa_check_settings(company, date)
        notes = [
            note
            for note in self._hoa_group(company, vals_list)
            if not note["is_below_minimum"]
        ]
        Move = self.env["account.move"]
        if not notes:
            return Move
        line_fields = set(self._fields)
        move_vals_list = []
        for note in notes:
            unit, partner = note["unit"], note["partner"]
            lang = unit._hoa_document_lang(partner)
            label = (
                self.with_context(lang=lang)
                .env["hoa.interest.line"]
                ._hoa_note_label(unit, date)
            )
            move_vals_list.append(
                Move._hoa_note_vals(
                    unit,
                    partner,
                    date,
                    company.hoa_interest_account_id,
                    note["amount"],
                    label,
                    {
                        "hoa_is_interest_note": True,
                        "hoa_interest_line_ids": [
                            Command.create(
                                {k: v for k, v in vals.items() if k in line_fields}
                            )
                            for vals in note["lines"]
                        ],
                    },
                )
            )
        return Move._hoa_create_posted_notes(move_vals_list)

    def _hoa_note_label(self, unit, date):
        return _(
            "Late-payment interest on the charges of unit %(unit)s until %(date)s",
            unit=unit.display_name,
            date=format_date(self.env, date),
        )

"""Flat late fees (opłata za opóźnienie, штраф за прострочення), besides interest.

A community may charge a flat fee on each charge invoice still unpaid some days
after its due date: once per charge, or again on the same day of every following
month while it is unpaid, only when the unpaid amount is above a minimum. A fee is
dated the day it arose, counted from the charge's due date (backdated when fees are
computed later), and judged by the payments dated up to that day. One fee is one
hoa.late.fee record on its own posted note; the record is unique per charge and day,
so a rerun never charges a fee twice. A fee is waived by a credit note when the
charge turns out to be paid in full within the grace period after its due date, or
by the fee's own day (a payment registered after the fee was charged)."""

import logging

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)


class HoaLateFee(models.Model):
    _name = "hoa.late.fee"
    _description = "Late Fee"
    _order = "date desc, unit_id, id"
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
    date_due = fields.Date(string="Due Date", required=True, readonly=True)
    date = fields.Date(string="Fee Date", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    base = fields.Monetary(
        string="Unpaid on the Fee Date",
        readonly=True,
        help="What was still unpaid of the charge at the end of the fee's day.",
    )
    amount = fields.Monetary(string="Fee", readonly=True)
    note_move_id = fields.Many2one(
        "account.move",
        string="Late Fee Note",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )
    waiver_move_id = fields.Many2one(
        "account.move",
        string="Waived By",
        index="btree_not_null",
        readonly=True,
        check_company=True,
        help="The credit note cancelling the fee: the charge was paid within the "
        "grace period.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("charged", "Charged"),
            ("waived", "Waived"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
    )

    _sql_constraints = [
        (
            "item_date_unique",
            "unique(move_line_id, date)",
            "A late fee is charged only once per charge and day.",
        )
    ]

    @api.depends("note_move_id.state", "waiver_move_id.state")
    def _compute_state(self):
        for fee in self:
            if fee.note_move_id.state == "cancel":
                fee.state = "cancelled"
            elif fee.waiver_move_id.state == "posted":
                fee.state = "waived"
            elif fee.note_move_id.state == "posted":
                fee.state = "charged"
            else:
                fee.state = "draft"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_note(self):
        if any(fee.note_move_id.state == "posted" for fee in self):
            raise UserError(
                _(
                    "The late fee of a posted note cannot be deleted: reset the note "
                    "to draft and cancel it."
                )
            )

    # ------------------------------------------------------------ settings

    @api.model
    def _hoa_check_settings(self, company, date):
        if not company.is_hoa_community:
            raise UserError(
                _("%(company)s is not a housing community.", company=company.name)
            )
        if not company.hoa_late_fee_enabled:
            raise UserError(
                _(
                    "%(community)s does not charge late fees: enable them in the "
                    "community's settings first.",
                    community=company.name,
                )
            )
        if company.currency_id.compare_amounts(company.hoa_late_fee_amount, 0.0) <= 0:
            raise UserError(
                _(
                    "Enter the amount of the late fee of %(community)s in its "
                    "settings first.",
                    community=company.name,
                )
            )
        if not company._hoa_late_fee_account():
            raise UserError(
                _(
                    "Choose the late fee (or interest) income account of "
                    "%(community)s in its settings first.",
                    community=company.name,
                )
            )
        if not company._hoa_billing_journal():
            raise UserError(
                _("%(community)s has no sales journal.", community=company.name)
            )
        if not date:
            raise UserError(_("Choose the day until which fees are computed."))
        today = fields.Date.context_today(self)
        if date > today:
            raise UserError(
                _(
                    "Late fees can only be computed until today (%(today)s), not "
                    "until %(date)s.",
                    today=format_date(self.env, today),
                    date=format_date(self.env, date),
                )
            )

    # ----------------------------------------------------------- computation

    @api.model
    def _hoa_fee_dates(self, company, item, date):
        """The days on which ``item`` may bear a fee, up to ``date``: the due date
        plus the community's days, then the same day of each following month."""
        first = item.date_maturity + relativedelta(days=company.hoa_late_fee_days)
        months = 0
        while True:
            day = first + relativedelta(months=months)
            if day > date:
                return
            yield day
            if company.hoa_late_fee_mode == "once":
                return
            months += 1

    @api.model
    def _hoa_paid_on(self, item, opening, payments):
        """The day ``item`` was paid in full (the payments known now), or None."""
        currency = item.company_id.currency_id
        paid = 0.0
        for day, amount in sorted(payments):
            paid += amount
            if currency.compare_amounts(paid, opening) >= 0:
                return day
        if currency.compare_amounts(opening, 0.0) <= 0:
            return item.date_maturity
        return None

    @api.model
    def _hoa_is_waived(self, company, item, fee_date, paid_on):
        """Whether a fee of ``item`` dated ``fee_date`` is not owed: the charge was
        paid in full within the grace period or by the fee's day."""
        if not paid_on:
            return False
        grace_end = item.date_maturity + relativedelta(
            days=company.hoa_late_fee_grace_days
        )
        return paid_on <= max(grace_end, fee_date)

    @api.model
    def _hoa_compute(self, company, date, units=None):
        """Fees not charged yet until ``date`` on the charges of ``units`` (all the
        community's when None): values of hoa.late.fee without note, in the order
        of units, payers, due dates and fee dates."""
        date = fields.Date.to_date(date)
        self._hoa_check_settings(company, date)
        currency = company.currency_id
        Interest = self.env["hoa.interest.line"]
        last_due = date - relativedelta(days=company.hoa_late_fee_days)
        items = Interest._hoa_overdue_items(
            company, last_due + relativedelta(days=1), units
        )
        if company.hoa_late_fee_date_from:
            items = items.filtered(
                lambda item: item.date_maturity >= company.hoa_late_fee_date_from
            )
        charged = {
            (fee.move_line_id.id, fee.date)
            for fee in self.search([("move_line_id", "in", items.ids)])
        }
        vals_list = []
        for item in items:
            opening, payments = Interest._hoa_payments(item)
            paid_on = self._hoa_paid_on(item, opening, payments)
            for fee_date in self._hoa_fee_dates(company, item, date):
                unpaid = currency.round(
                    opening - sum(amount for day, amount in payments if day <= fee_date)
                )
                if (
                    currency.compare_amounts(unpaid, company.hoa_late_fee_min_balance)
                    <= 0
                    or currency.compare_amounts(unpaid, 0.0) <= 0
                ):
                    break
                if (item.id, fee_date) in charged or self._hoa_is_waived(
                    company, item, fee_date, paid_on
                ):
                    continue
                vals_list.append(
                    {
                        "company_id": company.id,
                        "unit_id": item.hoa_unit_id.id,
                        "partner_id": item.move_id.partner_id.id,
                        "move_line_id": item.id,
                        "date_due": item.date_maturity,
                        "date": fee_date,
                        "base": unpaid,
                        "amount": company.hoa_late_fee_amount,
                    }
                )
        return vals_list

    @api.model
    def _hoa_to_waive(self, company, units=None):
        """The charged fees of ``units`` (all the community's when None) whose
        charge turned out to be paid within the grace period or by the fee's day."""
        domain = [
            ("company_id", "=", company.id),
            ("note_move_id.state", "=", "posted"),
            ("waiver_move_id", "=", False),
        ]
        if units is not None:
            domain.append(("unit_id", "in", units.ids))
        fees = self.search(domain, order="date, id")
        Interest = self.env["hoa.interest.line"]
        to_waive = self.browse()
        paid = {}
        for fee in fees:
            item = fee.move_line_id
            if item not in paid:
                opening, payments = Interest._hoa_payments(item)
                paid[item] = self._hoa_paid_on(item, opening, payments)
            if self._hoa_is_waived(company, item, fee.date, paid[item]):
                to_waive |= fee
        return to_waive

    # ----------------------------------------------------------------- notes

    @api.model
    def _hoa_create_notes(self, company, date, vals_list):
        """Post one note per fee of ``vals_list`` (as _hoa_compute returns them),
        dated the fee's day. Returns the notes."""
        date = fields.Date.to_date(date)
        self._hoa_check_settings(company, date)
        Move = self.env["account.move"]
        if not vals_list:
            return Move
        account = company._hoa_late_fee_account()
        fee_fields = set(self._fields)
        units = self.env["hoa.unit"]
        partners = self.env["res.partner"]
        move_vals_list = []
        for vals in vals_list:
            unit = units.browse(vals["unit_id"])
            partner = partners.browse(vals["partner_id"])
            item = self.env["account.move.line"].browse(vals["move_line_id"])
            label = self.with_context(
                lang=unit._hoa_document_lang(partner)
            )._hoa_note_label(unit, item, vals["date"])
            fee = {k: v for k, v in vals.items() if k in fee_fields}
            move_vals_list.append(
                Move._hoa_note_vals(
                    unit,
                    partner,
                    vals["date"],
                    account,
                    vals["amount"],
                    label,
                    {
                        "hoa_is_late_fee": True,
                        "hoa_late_fee_ids": [Command.create(fee)],
                    },
                )
            )
        return Move._hoa_create_posted_notes(move_vals_list)

    def _hoa_waive(self, date):
        """Cancel these fees with a credit note dated ``date`` each, reconciled with
        the fee's note. Returns the credit notes."""
        waivers = self.env["account.move"]
        for fee in self:
            note = fee.note_move_id
            lang = fee.unit_id._hoa_document_lang(fee.partner_id)
            reason = fee.with_context(lang=lang)._hoa_waiver_label()
            waiver = note._reverse_moves(
                [
                    {
                        "date": date,
                        "invoice_date": date,
                        "ref": reason,
                        "hoa_unit_id": fee.unit_id.id,
                        "hoa_is_late_fee": True,
                    }
                ],
                cancel=True,
            )
            fee.waiver_move_id = waiver
            waivers |= waiver
        return waivers

    def _hoa_note_label(self, unit, item, fee_date):
        return _(
            "Late fee: %(document)s of unit %(unit)s, due %(due)s, unpaid on "
            "%(date)s",
            document=item.move_id.name,
            unit=unit.display_name,
            due=format_date(self.env, item.date_maturity),
            date=format_date(self.env, fee_date),
        )

    def _hoa_waiver_label(self):
        self.ensure_one()
        return _(
            "Late fee %(note)s waived: %(document)s was paid within the grace "
            "period",
            note=self.note_move_id.name,
            document=self.debt_move_id.name,
        )

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_charge_and_waive(self):
        """Every community charging late fees: waive the fees of charges paid in
        time, then charge the fees that arose until today."""
        today = fields.Date.context_today(self)
        communities = self.env["res.company"].search(
            [("is_hoa_community", "=", True), ("hoa_late_fee_enabled", "=", True)]
        )
        for company in communities:
            fees = self.with_company(company).with_context(
                allowed_company_ids=[company.id]
            )
            try:
                with self.env.cr.savepoint():
                    fees._hoa_to_waive(company)._hoa_waive(today)
                    fees._hoa_create_notes(
                        company, today, fees._hoa_compute(company, today)
                    )
            except UserError as error:
                # a community's incomplete settings do not stop the others'
                _logger.warning(
                    "Late fees of %s not charged: %s", company.name, error.args[0]
                )

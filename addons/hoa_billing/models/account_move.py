from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools.sql import column_exists, create_column


class AccountMove(models.Model):
    _inherit = "account.move"

    hoa_unit_id = fields.Many2one(
        "hoa.unit", string="Unit", index="btree_not_null", readonly=True, copy=False
    )
    hoa_period_date = fields.Date(
        string="Billed Month", readonly=True, copy=False, index="btree_not_null"
    )
    hoa_billing_run_id = fields.Many2one(
        "hoa.billing.run",
        string="Billing Run",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    hoa_is_interest_note = fields.Boolean(
        string="Interest Note",
        readonly=True,
        copy=False,
        help="A note of late-payment interest (nota odsetkowa).",
    )
    hoa_interest_line_ids = fields.One2many(
        "hoa.interest.line",
        "note_move_id",
        string="Interest Charged",
        readonly=True,
        help="The overdue amounts, periods and rates of an interest note.",
    )
    hoa_is_late_fee = fields.Boolean(
        string="Late Fee Note",
        readonly=True,
        copy=False,
        help="A note of a flat late fee on an overdue charge, or its waiver.",
    )
    hoa_late_fee_ids = fields.One2many(
        "hoa.late.fee",
        "note_move_id",
        string="Late Fees Charged",
        readonly=True,
    )
    hoa_corrected_move_id = fields.Many2one(
        "account.move",
        string="Corrects",
        readonly=True,
        copy=False,
        help="The invoice of the same unit, payer and month this one adds to.",
    )
    hoa_utility_settlement_id = fields.Many2one(
        "hoa.utility.settlement",
        string="Utility Settlement",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The settlement of a medium this invoice or credit note bills.",
    )

    @api.constrains("state")
    def _check_hoa_interest_charged_once(self):
        # a cancelled note put back to draft must not charge days charged since
        notes = self.filtered("hoa_is_interest_note")
        if notes:
            notes.hoa_interest_line_ids._check_charged_once()

    @api.model
    def _hoa_note_vals(self, unit, partner, date, account, amount, label, extra):
        """Values of a one-line note charged to ``unit``'s ``partner`` on ``date``
        (late-payment interest, late fee): the billing journal, no taxes, due after
        the community's interest days; ``extra``: the note's own fields."""
        company = unit.company_id
        return {
            "move_type": "out_invoice",
            "journal_id": company._hoa_billing_journal().id,
            "company_id": company.id,
            "partner_id": partner.id,
            "invoice_date": date,
            "date": date,
            "invoice_payment_term_id": False,
            "invoice_date_due": date
            + relativedelta(days=company.hoa_interest_due_days),
            "hoa_unit_id": unit.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "quantity": 1.0,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
            **extra,
        }

    @api.model
    def _hoa_create_posted_notes(self, vals_list):
        """Create and post the notes of ``vals_list`` (from _hoa_note_vals)."""
        moves = self.with_context(
            default_move_type="out_invoice",
            mail_create_nolog=True,
            mail_notrack=True,
            tracking_disable=True,
        ).create(vals_list)
        moves._post(soft=False)
        return moves


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    hoa_unit_id = fields.Many2one(
        "hoa.unit",
        string="Unit",
        compute="_compute_hoa_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
    )
    hoa_charge_type_id = fields.Many2one(
        "hoa.charge.type", string="Charge", index="btree_not_null", readonly=True
    )
    hoa_period_date = fields.Date(string="Billed Month", readonly=True)
    hoa_interest_charged_ids = fields.One2many(
        "hoa.interest.line", "move_line_id", string="Interest Charged On It"
    )
    hoa_interest_date = fields.Date(
        string="Interest Charged Until",
        compute="_compute_hoa_interest_date",
        store=True,
        help="Last day of late-payment interest on this amount on an interest note "
        "that is not cancelled; the next note starts the day after.",
    )

    @api.depends(
        "hoa_interest_charged_ids.date_to",
        "hoa_interest_charged_ids.note_move_id.state",
    )
    def _compute_hoa_interest_date(self):
        for line in self:
            dates = [
                charged.date_to
                for charged in line.hoa_interest_charged_ids
                if charged.note_move_id.state != "cancel"
            ]
            line.hoa_interest_date = max(dates) if dates else False

    @api.depends("move_id.hoa_unit_id")
    def _compute_hoa_unit_id(self):
        for line in self:
            if not line.hoa_unit_id:
                line.hoa_unit_id = line.move_id.hoa_unit_id

    def _auto_init(self):
        # Nothing is charged when the module is installed: create the column empty
        # instead of computing it for every journal item.
        if not column_exists(self.env.cr, "account_move_line", "hoa_interest_date"):
            create_column(self.env.cr, "account_move_line", "hoa_interest_date", "date")
        return super()._auto_init()

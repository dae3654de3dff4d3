from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    hoa_rate_change_mode = fields.Selection(
        [
            ("next_month", "From the first day of the next month"),
            ("pro_rata", "Pro rata by days"),
        ],
        string="Rate Changes Apply",
        default="next_month",
        required=True,
        help="How a rate, or a change of payer or charge, that starts in the middle "
        "of a month is billed: from the first day of the next month, or pro rata for "
        "the days of the month.",
    )
    hoa_payment_due_day = fields.Integer(
        string="Charges Due On Day",
        default=10,
        help="Day of the month by which the month's charges are to be paid.",
    )
    hoa_interest_allocation = fields.Selection(
        [
            ("first", "Interest notes first"),
            ("last", "Interest notes last"),
        ],
        string="Payments Settle",
        default="first",
        required=True,
        help="Payments settle the oldest charges first; interest notes before them "
        "(the rule of the Polish Civil Code, art. 451) or after them.",
    )
    hoa_interest_enabled = fields.Boolean(
        string="Charge Late-Payment Interest",
        help="Statutory interest on overdue charges, billed on interest notes.",
    )
    hoa_interest_account_id = fields.Many2one(
        "account.account",
        string="Interest Income Account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Income account of the interest notes (Polish chart: 75.000.300).",
    )
    hoa_interest_min_amount = fields.Monetary(
        string="Minimum Interest Note",
        currency_field="currency_id",
        default=10.0,
        help="No note is issued for less interest; it is not charged and adds up "
        "until a later note reaches the minimum.",
    )
    hoa_interest_day_count = fields.Selection(
        [
            ("actual_365", "Actual days / 365"),
            ("actual_actual", "Actual days / days of the year (365 or 366)"),
        ],
        string="Interest Day Count",
        default="actual_365",
        required=True,
    )
    hoa_interest_due_days = fields.Integer(
        string="Interest Notes Due After (Days)",
        default=14,
        help="Days between the date of an interest note and its due date.",
    )
    hoa_late_fee_enabled = fields.Boolean(
        string="Charge a Late Fee",
        help="Besides statutory interest, a flat fee on charges still unpaid some "
        "days after their due date, billed on a late-fee note.",
    )
    hoa_late_fee_amount = fields.Monetary(
        string="Late Fee",
        currency_field="currency_id",
        help="The flat amount of one late fee.",
    )
    hoa_late_fee_days = fields.Integer(
        string="Late Fee After (Days)",
        default=14,
        help="A charge still unpaid this many days after its due date bears the "
        "fee; the fee is dated that day (due on the 10th, 14 days: on the 24th).",
    )
    hoa_late_fee_mode = fields.Selection(
        [
            ("once", "Once per charge"),
            ("monthly", "Every month while unpaid"),
        ],
        string="Late Fee Charged",
        default="once",
        required=True,
        help="Once per overdue charge, or again on the same day of every following "
        "month while the charge is still unpaid.",
    )
    hoa_late_fee_min_balance = fields.Monetary(
        string="Late Fee Above",
        currency_field="currency_id",
        help="No fee while the unpaid amount of the charge is this amount or less.",
    )
    hoa_late_fee_grace_days = fields.Integer(
        string="Late Fee Waived If Paid Within (Days)",
        help="A fee is cancelled by a credit note when the charge turns out to be "
        "paid in full within this many days after its due date (a payment "
        "registered late), or by the day of the fee.",
    )
    hoa_late_fee_date_from = fields.Date(
        string="Late Fees on Charges Due From",
        help="Charges due before this day bear no late fee (the day the rule was "
        "adopted); empty: every charge.",
    )
    hoa_late_fee_account_id = fields.Many2one(
        "account.account",
        string="Late Fee Income Account",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Income account of the late fees; empty: the interest income account.",
    )
    hoa_billing_journal_id = fields.Many2one(
        "account.journal",
        string="Billing Journal",
        check_company=True,
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal of the charge invoices; empty: the first sales journal.",
    )

    @api.constrains(
        "hoa_late_fee_amount",
        "hoa_late_fee_days",
        "hoa_late_fee_min_balance",
        "hoa_late_fee_grace_days",
    )
    def _check_hoa_late_fee(self):
        for company in self:
            if (
                company.hoa_late_fee_amount < 0
                or company.hoa_late_fee_days < 0
                or company.hoa_late_fee_min_balance < 0
                or company.hoa_late_fee_grace_days < 0
            ):
                raise ValidationError(
                    _(
                        "The late fee of %(community)s, its days, minimum balance and "
                        "grace period cannot be negative.",
                        community=company.name,
                    )
                )

    def _hoa_late_fee_account(self):
        self.ensure_one()
        return self.hoa_late_fee_account_id or self.hoa_interest_account_id

    def _hoa_billing_journal(self):
        self.ensure_one()
        return self.hoa_billing_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.id)], limit=1
        )

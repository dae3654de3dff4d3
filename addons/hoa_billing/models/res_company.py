from odoo import fields, models


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
    hoa_billing_journal_id = fields.Many2one(
        "account.journal",
        string="Billing Journal",
        check_company=True,
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal of the charge invoices; empty: the first sales journal.",
    )

    def _hoa_billing_journal(self):
        self.ensure_one()
        return self.hoa_billing_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.id)], limit=1
        )

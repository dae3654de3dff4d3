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

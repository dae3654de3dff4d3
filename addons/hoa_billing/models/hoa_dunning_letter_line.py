from odoo import _, fields, models


class HoaDunningLetterLine(models.Model):
    _name = "hoa.dunning.letter.line"
    _description = "Document of a Reminder"
    _order = "letter_id, date_maturity, date, id"

    letter_id = fields.Many2one(
        "hoa.dunning.letter", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="letter_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="letter_id.currency_id")
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    move_line_id = fields.Many2one("account.move.line", readonly=True)
    document = fields.Char(readonly=True)
    kind = fields.Selection(
        [
            ("charges", "Charges"),
            ("interest", "Interest note"),
            ("credit_note", "Credit note"),
            ("payment", "Payment not yet settled"),
            ("other", "Other entry"),
        ],
        readonly=True,
    )
    date = fields.Date(readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True)
    amount = fields.Monetary(
        string="Amount Open",
        readonly=True,
        help="What was unpaid of the document on the letter's date; negative for "
        "payments and credit notes not yet settled against a charge.",
    )

    def _hoa_kind(self, move_line):
        move = move_line.move_id
        if move.hoa_is_interest_note:
            return "interest"
        if move.move_type == "out_invoice":
            return "charges"
        if move.move_type == "out_refund":
            return "credit_note"
        if move.origin_payment_id or move.statement_line_id:
            return "payment"
        return "other"

    def _hoa_kind_label(self):
        self.ensure_one()
        labels = dict(self._fields["kind"]._description_selection(self.env))
        return labels.get(self.kind) or _("Other entry")

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaPaymentMatch(models.TransientModel):
    """The accountant assigns an unmatched payment to a unit."""

    _name = "hoa.payment.match"
    _description = "Match a Payment to a Unit"

    st_line_id = fields.Many2one(
        "account.bank.statement.line", string="Payment", required=True
    )
    company_id = fields.Many2one(related="st_line_id.company_id")
    amount = fields.Monetary(related="st_line_id.amount")
    currency_id = fields.Many2one(related="st_line_id.currency_id")
    payment_ref = fields.Char(related="st_line_id.payment_ref")
    hints = fields.Text(related="st_line_id.hoa_match_note")
    unit_id = fields.Many2one(
        "hoa.unit", required=True, domain="[('company_id', '=', company_id)]"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.bank.statement.line":
            values["st_line_id"] = self.env.context.get("active_id")
        return values

    def action_match(self):
        self.ensure_one()
        line = self.st_line_id
        if line.is_reconciled:
            raise UserError(_("This payment is already matched."))
        if line.amount <= 0:
            raise UserError(_("Only incoming payments are matched to units."))
        if self.unit_id.company_id != line.company_id:
            raise UserError(_("The unit belongs to another community."))
        self.env["hoa.payment.matcher"]._reconcile(
            line.company_id, [(line, self.unit_id, "manual")]
        )
        return {"type": "ir.actions.act_window_close"}

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaCashPayment(models.TransientModel):
    """Money paid at the office: a line of the community's cash journal, matched to
    the unit at once, and its cash receipt (KP) printed for the payer."""

    _name = "hoa.cash.payment"
    _description = "Payment at the Office"

    unit_id = fields.Many2one("hoa.unit", required=True)
    company_id = fields.Many2one(related="unit_id.company_id")
    journal_id = fields.Many2one(
        "account.journal",
        string="Cash Journal",
        required=True,
        domain="[('type', 'in', ('cash', 'bank')), ('company_id', '=', company_id)]",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    partner_id = fields.Many2one("res.partner", string="Paid By")
    title = fields.Char(required=True, default=lambda self: _("Charges"))

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id:
            self.partner_id = self.unit_id._get_payer(self.date)
            self.journal_id = self.env["account.journal"].search(
                [("type", "=", "cash"), ("company_id", "=", self.company_id.id)],
                limit=1,
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hoa.unit":
            unit = self.env["hoa.unit"].browse(self.env.context.get("active_id"))
            values["unit_id"] = unit.id
            values["partner_id"] = unit._get_payer(fields.Date.context_today(self)).id
            values["journal_id"] = (
                self.env["account.journal"]
                .search(
                    [("type", "=", "cash"), ("company_id", "=", unit.company_id.id)],
                    limit=1,
                )
                .id
            )
        return values

    def _check(self):
        self.ensure_one()
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            raise UserError(_("Enter the amount received, a positive number."))
        if self.journal_id.company_id != self.unit_id.company_id:
            raise UserError(_("The journal belongs to another community."))

    def action_register(self):
        """Record the payment, settle the unit's charges and print the receipt."""
        self._check()
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.journal_id.id,
                "date": self.date,
                "amount": self.amount,
                "payment_ref": f"{self.title} {self.unit_id.display_name}",
                "partner_id": self.partner_id.id,
            }
        )
        self.env["hoa.payment.matcher"]._reconcile(
            self.company_id, [(line, self.unit_id, "manual")]
        )
        return self.env.ref("hoa_billing.action_report_hoa_cash_receipt").report_action(
            line
        )

from odoo import api, fields, models


class HoaDebtPlanLine(models.Model):
    _name = "hoa.debt.plan.line"
    _description = "Instalment"
    _order = "plan_id, due_date, sequence, id"

    plan_id = fields.Many2one(
        "hoa.debt.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(string="No.", default=1)
    due_date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(string="Paid", compute="_compute_paid")
    amount_open = fields.Monetary(string="Unpaid", compute="_compute_paid")
    state = fields.Selection(
        [
            ("paid", "Paid"),
            ("partial", "Partly paid"),
            ("open", "To pay"),
            ("overdue", "Overdue"),
        ],
        compute="_compute_paid",
    )

    @api.depends_context("date")
    @api.depends("amount", "due_date", "plan_id.state", "plan_id.amount_total")
    def _compute_paid(self):
        date = fields.Date.to_date(
            self.env.context.get("date") or fields.Date.context_today(self)
        )
        for plan, lines in self.grouped("plan_id").items():
            paid = {
                line.id: line_paid
                for line, line_paid, __ in (
                    plan._hoa_instalments(date) if plan.id else []
                )
            }
            for line in lines:
                line.amount_paid = paid.get(line.id, 0.0)
                line.amount_open = line.currency_id.round(
                    line.amount - line.amount_paid
                )
                if line.currency_id.is_zero(line.amount_open):
                    line.state = "paid"
                elif line.due_date and line.due_date < date:
                    line.state = "overdue"
                elif line.currency_id.is_zero(line.amount_paid):
                    line.state = "open"
                else:
                    line.state = "partial"

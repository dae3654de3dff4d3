from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaEconomicPlanActual(models.TransientModel):
    """Plan versus actual on a date: each category's actual costs of the year so
    far against its planned cost, pro rata and in full, and the charges billed."""

    _name = "hoa.economic.plan.actual"
    _description = "Economic Plan versus Actual"

    plan_id = fields.Many2one(
        "hoa.economic.plan",
        required=True,
        ondelete="cascade",
        domain=[("state", "in", ("proposed", "adopted"))],
        default=lambda self: self._default_plan_id(),
    )
    company_id = fields.Many2one(related="plan_id.company_id")
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(
        string="Until",
        required=True,
        default=lambda self: fields.Date.context_today(self),
    )
    elapsed_ratio = fields.Float(compute="_compute_elapsed_ratio", digits=(16, 4))
    line_ids = fields.One2many("hoa.economic.plan.actual.line", "wizard_id")

    @api.model
    def _default_plan_id(self):
        """The adopted plan of this year of the current community."""
        return self.env["hoa.economic.plan"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("state", "=", "adopted"),
                ("year", "=", fields.Date.context_today(self).year),
            ],
            limit=1,
        )

    @api.depends("date", "plan_id.year")
    def _compute_elapsed_ratio(self):
        for wizard in self:
            wizard.elapsed_ratio = wizard._elapsed_ratio()

    def _elapsed_ratio(self):
        """The part of the plan's year elapsed on ``date`` (1 January to ``date``,
        both included): the share of the annual plan expected to be spent."""
        self.ensure_one()
        if not (self.date and self.plan_id.year):
            return 0.0
        start = date(self.plan_id.year, 1, 1)
        end = date(self.plan_id.year, 12, 31)
        if self.date < start:
            return 0.0
        days = (min(self.date, end) - start).days + 1
        return days / ((end - start).days + 1)

    def _compute_lines(self):
        self.ensure_one()
        plan = self.plan_id
        if self.date.year != plan.year:
            raise UserError(
                _(
                    "Choose a date in %(year)s, the year of the plan.",
                    year=plan.year,
                )
            )
        currency = plan.currency_id
        ratio = self._elapsed_ratio()
        actual = plan._actual_costs(self.date)
        billed = plan._billed_income(self.date)
        rows = {}
        for line in plan.line_ids:
            row = rows.setdefault(
                line.category_id.id,
                {
                    "category_id": line.category_id.id,
                    "sequence": line.category_id.sequence,
                    "amount_plan": 0.0,
                    "amount_income_plan": 0.0,
                    "amount_billed": 0.0,
                },
            )
            row["amount_plan"] += line.amount_cost
            row["amount_income_plan"] += line.amount_income
            if line.charge_type_id:
                row["amount_billed"] += billed.get(line.charge_type_id.id, 0.0)
        for category_id, amount in actual.items():
            if currency.is_zero(amount) and category_id not in rows:
                continue
            rows.setdefault(
                category_id,
                {
                    "category_id": category_id,
                    "sequence": self.env["hoa.cost.category"]
                    .browse(category_id)
                    .sequence,
                    "amount_plan": 0.0,
                    "amount_income_plan": 0.0,
                    "amount_billed": 0.0,
                },
            )
        self.line_ids.unlink()
        vals_list = []
        for row in sorted(
            rows.values(), key=lambda r: (r["sequence"], r["category_id"])
        ):
            amount_actual = actual.get(row["category_id"], 0.0)
            to_date = currency.round(row["amount_plan"] * ratio)
            vals_list.append(
                {
                    "wizard_id": self.id,
                    "category_id": row["category_id"],
                    "amount_plan": row["amount_plan"],
                    "amount_plan_to_date": to_date,
                    "amount_actual": amount_actual,
                    "amount_difference": currency.round(amount_actual - to_date),
                    "percent_used": (
                        amount_actual / row["amount_plan"] * 100
                        if row["amount_plan"]
                        else 0.0
                    ),
                    "amount_billed": currency.round(row["amount_billed"]),
                }
            )
        self.env["hoa.economic.plan.actual.line"].create(vals_list)

    def action_show(self):
        self.ensure_one()
        self._compute_lines()
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "%(plan)s: actual until %(date)s",
                plan=self.plan_id.name,
                date=fields.Date.to_string(self.date),
            ),
            "res_model": "hoa.economic.plan.actual.line",
            "view_mode": "list,pivot",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_print(self):
        self.ensure_one()
        self._compute_lines()
        return self.env.ref(
            "hoa_billing.action_report_hoa_economic_plan_actual"
        ).report_action(self)


class HoaEconomicPlanActualLine(models.TransientModel):
    _name = "hoa.economic.plan.actual.line"
    _description = "Economic Plan versus Actual: Category"
    _order = "id"

    wizard_id = fields.Many2one(
        "hoa.economic.plan.actual", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    category_id = fields.Many2one("hoa.cost.category")
    amount_plan = fields.Monetary(string="Planned (Year)", aggregator="sum")
    amount_plan_to_date = fields.Monetary(string="Planned to Date", aggregator="sum")
    amount_actual = fields.Monetary(string="Actual to Date", aggregator="sum")
    amount_difference = fields.Monetary(
        string="Actual − Planned to Date", aggregator="sum"
    )
    percent_used = fields.Float(
        string="% of Year's Plan", digits=(16, 2), aggregator=None
    )
    amount_billed = fields.Monetary(string="Charges Billed", aggregator="sum")

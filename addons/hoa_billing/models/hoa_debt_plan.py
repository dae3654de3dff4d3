"""Instalment agreements: a unit's debt at signature split into a schedule.

What is paid towards an agreement is read from the unit's books, not matched by hand:
the unit's payments from the agreement date on pay first the charges that fell due
after that date (the current charges must be paid too), the rest pays the
instalments in the order of their due dates. While the instalments are paid on time
the unit gets no reminders; an instalment overdue by more than the agreed grace days
breaks the agreement and the reminders resume."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang


class HoaDebtPlan(models.Model):
    _name = "hoa.debt.plan"
    _description = "Instalment Agreement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, tracking=True
    )
    date = fields.Date(
        string="Agreement Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total = fields.Monetary(
        string="Debt at Signature", required=True, tracking=True
    )
    instalment_count = fields.Integer(
        string="Instalments", required=True, default=3, tracking=True
    )
    first_due_date = fields.Date(
        string="First Instalment Due", required=True, tracking=True
    )
    interval_months = fields.Integer(
        string="Months Between Instalments", required=True, default=1
    )
    grace_days = fields.Integer(
        string="Broken After (Days)",
        default=14,
        help="The agreement is broken when an instalment is unpaid this many days "
        "after its due date; the reminders then resume.",
    )
    line_ids = fields.One2many(
        "hoa.debt.plan.line", "plan_id", string="Schedule", copy=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("broken", "Broken"),
            ("done", "Paid"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    amount_paid = fields.Monetary(string="Paid So Far", compute="_compute_amount_paid")
    amount_remaining = fields.Monetary(
        string="Still to Pay", compute="_compute_amount_paid"
    )
    note = fields.Html()

    @api.depends_context("date")
    @api.depends("amount_total", "date", "unit_id", "state")
    def _compute_amount_paid(self):
        date = fields.Date.to_date(
            self.env.context.get("date") or fields.Date.context_today(self)
        )
        for plan in self:
            if plan.state == "draft" or not plan.unit_id or not plan.date:
                plan.amount_paid = 0.0
            else:
                plan.amount_paid = plan._hoa_paid(date)
            plan.amount_remaining = plan.currency_id.round(
                plan.amount_total - plan.amount_paid
            )

    @api.constrains(
        "instalment_count", "first_due_date", "date", "amount_total", "interval_months"
    )
    def _check_terms(self):
        for plan in self:
            if plan.instalment_count < 1:
                raise ValidationError(
                    _("An instalment agreement needs at least one instalment.")
                )
            if plan.interval_months < 1:
                raise ValidationError(_("Instalments are at least one month apart."))
            if plan.currency_id.compare_amounts(plan.amount_total, 0.0) <= 0:
                raise ValidationError(
                    _("The debt of an instalment agreement must be more than zero.")
                )
            if plan.first_due_date < plan.date:
                raise ValidationError(
                    _(
                        "The first instalment cannot fall due on %(due)s, before the "
                        "agreement is signed on %(date)s.",
                        due=format_date(self.env, plan.first_due_date),
                        date=format_date(self.env, plan.date),
                    )
                )

    @api.constrains("state", "line_ids", "amount_total")
    def _check_schedule(self):
        for plan in self.filtered(lambda plan: plan.state != "draft"):
            plan._hoa_check_schedule()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("hoa.debt.plan") or _("New")
        plans = super().create(vals_list)
        plans.filtered(lambda plan: not plan.line_ids)._hoa_compute_schedule()
        return plans

    def write(self, vals):
        result = super().write(vals)
        terms = {
            "amount_total",
            "instalment_count",
            "first_due_date",
            "interval_months",
        }
        if terms & set(vals) and "line_ids" not in vals:
            self.filtered(lambda plan: plan.state == "draft")._hoa_compute_schedule()
        return result

    def unlink(self):
        if self.filtered(lambda plan: plan.state != "draft"):
            raise UserError(_("Only draft instalment agreements can be deleted."))
        return super().unlink()

    # Actions ------------------------------------------------------------------------
    def action_compute_schedule(self):
        if self.filtered(lambda plan: plan.state != "draft"):
            raise UserError(
                _("The schedule of a signed agreement cannot be recomputed.")
            )
        self._hoa_compute_schedule()
        return True

    def action_activate(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    _("The agreement %(plan)s is already signed.", plan=plan.name)
                )
            plan._hoa_check_schedule()
        self.write({"state": "active"})
        return True

    def action_draft(self):
        if self.filtered(lambda plan: plan.state == "done"):
            raise UserError(_("A paid instalment agreement cannot be reopened."))
        self.write({"state": "draft"})
        return True

    def action_default_amount(self):
        """The debt at signature from the unit's overdue debt on the agreement
        date."""
        for plan in self:
            debt = plan.unit_id._hoa_overdue_debt(plan.date).get(plan.unit_id.id)
            if not debt:
                raise UserError(
                    _(
                        "The unit %(unit)s has no overdue debt on %(date)s.",
                        unit=plan.unit_id.display_name,
                        date=format_date(self.env, plan.date),
                    )
                )
            plan.amount_total = debt["amount"]
        return True

    # Business methods ---------------------------------------------------------------
    def _hoa_compute_schedule(self):
        """Split the debt into equal instalments to the grosz (kopiyka): the cents
        that do not divide go to the first instalments, so that the schedule sums
        exactly to the debt (1,000.00 in 3 = 333.34 + 333.33 + 333.33)."""
        for plan in self:
            count = plan.instalment_count
            if count < 1 or not plan.first_due_date:
                continue
            rounding = plan.currency_id.rounding
            units = round(plan.amount_total / rounding)
            base, rest = divmod(units, count)
            commands = [fields.Command.clear()]
            for index in range(count):
                amount = (base + (1 if index < rest else 0)) * rounding
                commands.append(
                    fields.Command.create(
                        {
                            "sequence": index + 1,
                            "due_date": plan.first_due_date
                            + relativedelta(months=index * plan.interval_months),
                            "amount": plan.currency_id.round(amount),
                        }
                    )
                )
            plan.line_ids = commands

    def _hoa_check_schedule(self):
        self.ensure_one()
        currency = self.currency_id
        if not self.line_ids:
            raise ValidationError(
                _("The agreement %(plan)s has no instalments.", plan=self.name)
            )
        total = currency.round(sum(self.line_ids.mapped("amount")))
        if currency.compare_amounts(total, self.amount_total):
            raise ValidationError(
                _(
                    "The instalments of %(plan)s sum to %(total)s, not to the debt "
                    "of %(debt)s.",
                    plan=self.name,
                    total=formatLang(self.env, total, currency_obj=currency),
                    debt=formatLang(self.env, self.amount_total, currency_obj=currency),
                )
            )
        for line in self.line_ids:
            if currency.compare_amounts(line.amount, 0.0) <= 0:
                raise ValidationError(
                    _(
                        "Every instalment of %(plan)s must be more than zero.",
                        plan=self.name,
                    )
                )
            if line.due_date < self.date:
                raise ValidationError(
                    _(
                        "The instalment due on %(due)s falls before the agreement "
                        "date %(date)s.",
                        due=format_date(self.env, line.due_date),
                        date=format_date(self.env, self.date),
                    )
                )

    def _hoa_paid(self, date):
        """What the unit has paid towards this agreement by ``date`` (see the module
        docstring), at most its debt."""
        self.ensure_one()
        date = fields.Date.to_date(date)
        currency = self.currency_id
        lines_sudo = (
            self.env["account.move.line"]
            .sudo()
            .search(
                self.unit_id._hoa_receivable_domain()
                + [
                    ("company_id", "=", self.company_id.id),
                    ("date", ">=", self.date),
                    ("date", "<=", date),
                ]
            )
        )
        payments = -sum(
            line.balance for line in lines_sudo if line.move_id.move_type == "entry"
        )
        charges = sum(
            line.balance
            for line in lines_sudo
            if line.move_id.move_type != "entry"
            and (line.date_maturity or line.date) <= date
        )
        paid = currency.round(payments - max(charges, 0.0))
        return min(max(paid, 0.0), self.amount_total)

    def _hoa_instalments(self, date):
        """[(line, paid, open)] of the schedule on ``date``, in order of due dates."""
        self.ensure_one()
        currency = self.currency_id
        available = self._hoa_paid(date) if self.state != "draft" else 0.0
        result = []
        for line in self.line_ids.sorted(lambda line: (line.due_date, line.sequence)):
            paid = min(line.amount, available)
            available = currency.round(available - paid)
            result.append((line, paid, currency.round(line.amount - paid)))
        return result

    def _hoa_overdue_instalments(self, date, grace_days=0):
        """The instalments unpaid on ``date`` more than ``grace_days`` after their
        due date."""
        self.ensure_one()
        date = fields.Date.to_date(date)
        return self.env["hoa.debt.plan.line"].browse(
            line.id
            for line, __, still_open in self._hoa_instalments(date)
            if not self.currency_id.is_zero(still_open)
            and (date - line.due_date).days > grace_days
        )

    def _hoa_update_state(self, date=None):
        """Active agreements on ``date``: paid in full become done; with an
        instalment overdue by more than the grace days, broken."""
        date = fields.Date.to_date(date or fields.Date.context_today(self))
        for plan in self.filtered(lambda plan: plan.state == "active"):
            if (
                plan.currency_id.compare_amounts(
                    plan._hoa_paid(date), plan.amount_total
                )
                >= 0
            ):
                plan.state = "done"
                continue
            overdue = plan._hoa_overdue_instalments(date, plan.grace_days)
            if overdue:
                plan.state = "broken"
                plan.message_post(
                    body=_(
                        "The agreement is broken: the instalment due on %(due)s is "
                        "unpaid. Reminders resume.",
                        due=format_date(self.env, overdue[0].due_date),
                    )
                )

    @api.model
    def _cron_update_state(self):
        self.search([("state", "=", "active")])._hoa_update_state()

    @api.model
    def _hoa_statement_plans(self, unit, date):
        """The signed agreements of ``unit`` on ``date`` for its statement of
        account: [{name, date, state, amount_total, paid, remaining,
        instalments: [{due_date, amount, paid, open, overdue}]}]."""
        plans_sudo = self.sudo().search(
            [
                ("unit_id", "=", unit.id),
                ("state", "!=", "draft"),
                ("date", "<=", date),
            ],
            order="date, id",
        )
        states = dict(self._fields["state"]._description_selection(self.env))
        result = []
        for plan_sudo in plans_sudo:
            instalments = plan_sudo._hoa_instalments(date)
            paid = plan_sudo.currency_id.round(
                sum(line_paid for __, line_paid, __ in instalments)
            )
            result.append(
                {
                    "name": plan_sudo.name,
                    "date": plan_sudo.date,
                    "state": states[plan_sudo.state],
                    "amount_total": plan_sudo.amount_total,
                    "paid": paid,
                    "remaining": plan_sudo.currency_id.round(
                        plan_sudo.amount_total - paid
                    ),
                    "instalments": [
                        {
                            "due_date": line.due_date,
                            "amount": line.amount,
                            "paid": line_paid,
                            "open": still_open,
                            "overdue": line.due_date < date
                            and not plan_sudo.currency_id.is_zero(still_open),
                        }
                        for line, line_paid, still_open in instalments
                    ],
                }
            )
        return result

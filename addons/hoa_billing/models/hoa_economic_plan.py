from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from .hoa_charge_type import BASES

PLAN_BASES = ("area_usable", "area_total", "share", "occupants", "unit")
STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed to Owners"),
    ("adopted", "Adopted"),
    ("cancel", "Cancelled"),
]


class HoaEconomicPlan(models.Model):
    """The economic plan of a community for a year (plan gospodarczy, кошторис):
    its planned costs by category, the other income that reduces what the owners
    pay, and the monthly advances they imply. Adopted by the owners, it sets the
    rates of the charges from 1 January."""

    _name = "hoa.economic.plan"
    _description = "Economic Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, year desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year + 1,
        tracking=True,
    )
    date_reference = fields.Date(
        string="Quantities On",
        compute="_compute_date_reference",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The date of the areas, shares, occupants and units the rates are "
        "computed from (by default 1 January of the year).",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, copy=False
    )
    resolution_ref = fields.Char(
        string="Resolution",
        tracking=True,
        help="The owners' resolution that adopted the plan, e.g. 'Uchwała 3/2026'.",
    )
    date_adopted = fields.Date(string="Adopted On", tracking=True, copy=False)
    note = fields.Html()
    line_ids = fields.One2many(
        "hoa.economic.plan.line", "plan_id", string="Lines", copy=True
    )
    tariff_ids = fields.One2many(
        "hoa.tariff", "economic_plan_id", string="Rates", readonly=True
    )
    tariff_count = fields.Integer(compute="_compute_tariff_count")
    amount_cost = fields.Monetary(
        string="Planned Costs", compute="_compute_amounts", store=True
    )
    amount_income = fields.Monetary(
        string="Other Income", compute="_compute_amounts", store=True
    )
    amount_to_collect = fields.Monetary(
        string="To Collect From Owners", compute="_compute_amounts", store=True
    )

    @api.depends("year", "company_id.name")
    def _compute_name(self):
        for plan in self:
            plan.name = _(
                "Economic Plan %(year)s – %(community)s",
                year=plan.year,
                community=plan.company_id.name or "",
            )

    @api.depends("year")
    def _compute_date_reference(self):
        for plan in self:
            if plan.year and 1900 < plan.year < 3000:
                plan.date_reference = date(plan.year, 1, 1)

    def _compute_tariff_count(self):
        groups = self.env["hoa.tariff"]._read_group(
            [("economic_plan_id", "in", self.ids)], ["economic_plan_id"], ["__count"]
        )
        counts = {plan.id: count for plan, count in groups}
        for plan in self:
            plan.tariff_count = counts.get(plan.id, 0)

    @api.depends("line_ids.amount_cost", "line_ids.amount_income")
    def _compute_amounts(self):
        for plan in self:
            plan.amount_cost = sum(plan.line_ids.mapped("amount_cost"))
            plan.amount_income = sum(plan.line_ids.mapped("amount_income"))
            plan.amount_to_collect = plan.amount_cost - plan.amount_income

    @api.constrains("year", "company_id", "state")
    def _check_year(self):
        for plan in self:
            if not 1900 < plan.year < 3000:
                raise ValidationError(_("%(year)s is not a year.", year=plan.year))
            if plan.state == "cancel":
                continue
            other = self.search_count(
                [
                    ("id", "!=", plan.id),
                    ("company_id", "=", plan.company_id.id),
                    ("year", "=", plan.year),
                    ("state", "!=", "cancel"),
                ]
            )
            if other:
                raise ValidationError(
                    _(
                        "%(community)s already has an economic plan for %(year)s: "
                        "cancel it first.",
                        community=plan.company_id.name,
                        year=plan.year,
                    )
                )

    @api.constrains("company_id")
    def _check_community(self):
        for plan in self:
            if not plan.company_id.is_hoa_community:
                raise ValidationError(
                    _(
                        "%(company)s is not a housing community.",
                        company=plan.company_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if self.filtered(lambda plan: plan.state not in ("draft", "cancel")):
            raise UserError(
                _("Only a draft or cancelled economic plan can be deleted.")
            )

    # Actions ------------------------------------------------------------------------
    def action_propose(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(_("Only a draft plan can be proposed to the owners."))
            if not plan.line_ids:
                raise UserError(_("Enter the planned costs first."))
        self.write({"state": "proposed"})
        return True

    def action_adopt(self):
        for plan in self:
            if plan.state != "proposed":
                raise UserError(
                    _("Propose the plan to the owners before it is adopted.")
                )
        for plan in self:
            plan.write(
                {
                    "state": "adopted",
                    "date_adopted": plan.date_adopted
                    or fields.Date.context_today(plan),
                }
            )
        return True

    def action_cancel(self):
        for plan in self:
            if plan.tariff_ids:
                raise UserError(
                    _(
                        "Rates have been created from %(plan)s: delete them before "
                        "cancelling the plan.",
                        plan=plan.name,
                    )
                )
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        for plan in self:
            if plan.tariff_ids:
                raise UserError(
                    _(
                        "Rates have been created from %(plan)s: delete them before "
                        "changing the plan.",
                        plan=plan.name,
                    )
                )
        self.write({"state": "draft", "date_adopted": False})
        return True

    def action_refresh_quantities(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(_("Only the quantities of a draft plan can change."))
            plan.line_ids._compute_basis_quantity()
        return True

    def action_create_tariffs(self):
        """Set the rate of each line's charge from 1 January of the year to the
        rate the plan implies. The rate starts on the first day of a month, so it
        is billed the same whatever the community's way of applying rate changes
        (next month or pro rata)."""
        self.ensure_one()
        self.env["hoa.tariff"].check_access("create")
        if self.state != "adopted":
            raise UserError(
                _("Rates can only be created from an adopted economic plan.")
            )
        if self.tariff_ids:
            raise UserError(
                _(
                    "The rates of %(plan)s have been created already.",
                    plan=self.name,
                )
            )
        lines = self.line_ids.filtered("charge_type_id")
        if not lines:
            raise UserError(_("No line of the plan is collected by a charge."))
        date_from = date(self.year, 1, 1)
        charge_types = lines.charge_type_id
        existing = self.env["hoa.tariff"].search(
            [
                ("charge_type_id", "in", charge_types.ids),
                ("date_from", "=", date_from),
                ("building_id", "=", False),
                ("unit_id", "=", False),
            ]
        )
        if existing:
            raise UserError(
                _(
                    "A rate from %(date)s already exists for %(charges)s.",
                    date=fields.Date.to_string(date_from),
                    charges=", ".join(existing.charge_type_id.mapped("name")),
                )
            )
        # several lines (e.g. cleaning and insurance) may be collected by one charge
        # (the maintenance advance): its rate is the sum of their rates
        rates = {}
        for line in lines:
            rates[line.charge_type_id] = rates.get(line.charge_type_id, 0.0) + line.rate
        rates = {key: self.currency_id.round(rate) for key, rate in rates.items()}
        note = self.resolution_ref or self.name
        self.env["hoa.tariff"].create(
            [
                {
                    "charge_type_id": charge_type.id,
                    "date_from": date_from,
                    "rate": rate,
                    "note": note,
                    "economic_plan_id": self.id,
                }
                for charge_type, rate in rates.items()
            ]
        )
        rates_text = ", ".join(
            charge_type.name + " " + formatLang(self.env, rate, digits=2)
            for charge_type, rate in rates.items()
        )
        self.message_post(
            body=_(
                "Rates from %(date)s created: %(rates)s.",
                date=fields.Date.to_string(date_from),
                rates=rates_text,
            )
        )
        return self.action_view_tariffs()

    def action_view_tariffs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_tariff_action"
        )
        action["domain"] = [("economic_plan_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_plan_vs_actual(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        wizard = self.env["hoa.economic.plan.actual"].create(
            {
                "plan_id": self.id,
                "date": min(max(today, date(self.year, 1, 1)), date(self.year, 12, 31)),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Plan versus Actual"),
        }

    # Business methods ---------------------------------------------------------------
    def _check_editable(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    _(
                        "%(plan)s is no longer a draft: set it back to draft to "
                        "change its lines.",
                        plan=plan.name,
                    )
                )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if not (default or {}).get("year"):
            for plan, vals in zip(self, vals_list, strict=True):
                vals["year"] = plan.year + 1
        return vals_list

    def _actual_costs(self, date_to):
        """{category id: actual cost} of the community from 1 January of the year
        until ``date_to``: the posted journal items on expense accounts, by the
        share of their analytic distribution that goes to the category's account."""
        self.ensure_one()
        # sums of the community's books for whoever may read the plan (a manager
        # or a board member reads the plan, not the journal items themselves)
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .search(
                [
                    ("hoa_cost_category_id", "!=", False),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )
        category_of = {str(a.id): a.hoa_cost_category_id.id for a in accounts}
        result = dict.fromkeys(accounts.hoa_cost_category_id.ids, 0.0)
        if not accounts:
            return result
        move_lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", self.company_id.id),
                    ("parent_state", "=", "posted"),
                    ("date", ">=", date(self.year, 1, 1)),
                    ("date", "<=", date_to),
                    ("account_id.account_type", "like", "expense"),
                    ("analytic_distribution", "in", accounts.ids),
                ],
                ["balance", "analytic_distribution"],
            )
        )
        for move_line in move_lines:
            for key, percent in (move_line.analytic_distribution or {}).items():
                for account_id in key.split(","):
                    category_id = category_of.get(account_id)
                    if category_id:
                        result[category_id] += move_line.balance * percent / 100
        currency = self.currency_id
        return {key: currency.round(value) for key, value in result.items()}

    def _billed_income(self, date_to):
        """{charge type id: amount billed} from 1 January of the year until
        ``date_to``: the posted charge invoices and credit notes of the charge."""
        self.ensure_one()
        charge_types = self.line_ids.charge_type_id
        if not charge_types:
            return {}
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("parent_state", "=", "posted"),
                    ("hoa_charge_type_id", "in", charge_types.ids),
                    ("date", ">=", date(self.year, 1, 1)),
                    ("date", "<=", date_to),
                    ("display_type", "=", "product"),
                ],
                ["hoa_charge_type_id"],
                ["balance:sum"],
            )
        )
        return {charge_type.id: -balance for charge_type, balance in groups}


class HoaEconomicPlanLine(models.Model):
    _name = "hoa.economic.plan.line"
    _description = "Economic Plan Line"
    _order = "plan_id, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "hoa.economic.plan", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")
    state = fields.Selection(related="plan_id.state")
    year = fields.Integer(related="plan_id.year", store=True)
    category_id = fields.Many2one(
        "hoa.cost.category",
        required=True,
        check_company=True,
        ondelete="restrict",
    )
    name = fields.Char(string="Description")
    charge_type_id = fields.Many2one(
        "hoa.charge.type",
        string="Collected By",
        check_company=True,
        domain=[("basis", "in", PLAN_BASES)],
        help="The charge whose monthly rate collects this cost from the owners.",
    )
    amount_cost = fields.Monetary(string="Planned Annual Cost")
    amount_income = fields.Monetary(
        string="Other Income",
        help="Planned income other than the owners' charges (rental of common "
        "areas...) that reduces what the owners pay.",
    )
    amount_to_collect = fields.Monetary(
        string="To Collect (Year)", compute="_compute_rate", store=True
    )
    basis = fields.Selection(
        [(key, label) for key, label in BASES if key in PLAN_BASES],
        compute="_compute_basis",
        store=True,
        readonly=False,
        help="What the rate is per; the charge's basis when the line has a charge.",
    )
    basis_quantity = fields.Float(
        compute="_compute_basis_quantity",
        store=True,
        readonly=True,
        digits=(16, 6),
        help="The community's total of the basis on the plan's date: the units' "
        "usable or total area, shares, declared occupants or number of units (of "
        "the units that have the charge, when the line has one).",
    )
    rate = fields.Monetary(
        string="Monthly Rate",
        compute="_compute_rate",
        store=True,
        help="(Planned cost − other income) / 12 / basis quantity, rounded to the "
        "currency.",
    )
    amount_yearly = fields.Monetary(
        string="Collected at This Rate (Year)",
        compute="_compute_rate",
        store=True,
        help="Rate × basis quantity × 12: what the rate, once rounded, collects.",
    )

    @api.depends("charge_type_id")
    def _compute_basis(self):
        for line in self:
            if line.charge_type_id:
                basis = line.charge_type_id.basis
                line.basis = basis if basis in PLAN_BASES else False

    @api.depends("basis", "charge_type_id", "plan_id.date_reference")
    def _compute_basis_quantity(self):
        engine = self.env["hoa.billing.engine"]
        for line in self:
            if not line.basis or not line.plan_id.date_reference:
                line.basis_quantity = 0.0
                continue
            line.basis_quantity = engine._community_quantity(
                line.plan_id.company_id,
                line.basis,
                line.plan_id.date_reference,
                line.charge_type_id,
            )

    @api.depends("amount_cost", "amount_income", "basis_quantity")
    def _compute_rate(self):
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            to_collect = line.amount_cost - line.amount_income
            line.amount_to_collect = to_collect
            if line.basis_quantity > 0 and to_collect > 0:
                line.rate = currency.round(to_collect / 12 / line.basis_quantity)
            else:
                line.rate = 0.0
            line.amount_yearly = currency.round(line.rate * line.basis_quantity * 12)

    @api.constrains("amount_cost", "amount_income", "basis_quantity", "charge_type_id")
    def _check_amounts(self):
        for line in self:
            label = line.name or line.category_id.name
            if line.amount_cost < 0 or line.amount_income < 0:
                raise ValidationError(
                    _(
                        "Line %(line)s: the planned cost and other income cannot be "
                        "negative.",
                        line=label,
                    )
                )
            if not line.charge_type_id:
                continue
            if line.charge_type_id.basis not in PLAN_BASES:
                raise ValidationError(
                    _(
                        "Line %(line)s: the rate of %(charge)s is not per area, "
                        "share, occupant or unit, so the plan cannot compute it.",
                        line=label,
                        charge=line.charge_type_id.name,
                    )
                )
            if line.basis_quantity <= 0:
                raise ValidationError(
                    _(
                        "Line %(line)s: the community has no %(basis)s to charge "
                        "%(charge)s by on %(date)s (no unit with the charge, or "
                        "nothing declared).",
                        line=label,
                        basis=dict(line._fields["basis"].selection).get(
                            line.basis, line.basis
                        ),
                        charge=line.charge_type_id.name,
                        date=fields.Date.to_string(line.plan_id.date_reference),
                    )
                )
            if line.amount_income > line.amount_cost:
                raise ValidationError(
                    _(
                        "Line %(line)s: the other income exceeds the cost, the rate "
                        "of %(charge)s would be negative.",
                        line=label,
                        charge=line.charge_type_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.plan_id._check_editable()
        return lines

    def write(self, vals):
        self.plan_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_editable(self):
        # a draft or cancelled plan is deleted with its lines
        self.plan_id.filtered(
            lambda plan: plan.state in ("proposed", "adopted")
        )._check_editable()

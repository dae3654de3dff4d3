from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaCostCategory(models.Model):
    """A category of the costs of a community in its economic plan (maintenance,
    repair fund, water...).

    Shared by all communities, or one community's own. In each community the
    category has an analytic account of the plan "Cost categories" (created on
    demand): the costs booked with that analytic account are its actual costs."""

    _name = "hoa.cost.category"
    _description = "Cost Category"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        index=True,
        domain=[("is_hoa_community", "=", True)],
        help="Empty: a category of every community.",
    )
    analytic_account_ids = fields.One2many(
        "account.analytic.account",
        "hoa_cost_category_id",
        string="Analytic Accounts",
        help="The category's analytic account in each community.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "A cost category with this code already exists.",
        ),
    ]

    def _analytic_account(self, company, create=False):
        """The analytic account of this category in ``company``: the costs booked
        with it are the category's actual costs. Created when ``create``."""
        self.ensure_one()
        account = (
            self.env["account.analytic.account"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("hoa_cost_category_id", "=", self.id),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            )
        )
        if account or not create:
            return account.sudo(False)
        if self.company_id and self.company_id != company:
            raise UserError(
                _(
                    "The cost category %(category)s belongs to %(community)s.",
                    category=self.name,
                    community=self.company_id.name,
                )
            )
        return (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                {
                    "name": self.name,
                    "code": self.code,
                    "plan_id": self._analytic_plan().id,
                    "company_id": company.id,
                    "hoa_cost_category_id": self.id,
                }
            )
            .sudo(False)
        )

    @api.model
    def _analytic_plan(self):
        """The analytic plan "Cost categories", one for all communities (each
        root plan adds a column to the analytic lines); created on demand."""
        plan = self.env.ref(
            "hoa_billing.hoa_analytic_plan_cost_categories", raise_if_not_found=False
        )
        if plan:
            return plan
        plan = (
            self.env["account.analytic.plan"]
            .sudo()
            .create({"name": "Cost categories", "default_applicability": "optional"})
        )
        self.env["ir.model.data"].sudo().create(
            {
                "module": "hoa_billing",
                "name": "hoa_analytic_plan_cost_categories",
                "model": plan._name,
                "res_id": plan.id,
                "noupdate": True,
            }
        )
        return plan

    def action_create_analytic_accounts(self):
        """Give the categories their analytic account in the current communities."""
        companies = self.env.companies.filtered("is_hoa_community")
        for category in self:
            for company in companies:
                if not category.company_id or category.company_id == company:
                    category._analytic_account(company, create=True)
        return True


class AccountAnalyticAccount(models.Model):
    _inherit = "account.analytic.account"

    hoa_cost_category_id = fields.Many2one(
        "hoa.cost.category",
        string="Cost Category",
        index="btree_not_null",
        ondelete="set null",
        help="The category of a community's economic plan whose actual costs this "
        "account collects.",
    )

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaPaymentFormWizard(models.TransientModel):
    _name = "hoa.payment.form.wizard"
    _description = "Print Payment Forms"
    _check_company_auto = True

    def _default_units(self):
        """The units chosen in a list the wizard is opened from."""
        if self.env.context.get("active_model") == "hoa.unit":
            return self.env["hoa.unit"].browse(self.env.context.get("active_ids"))
        return self.env["hoa.unit"]

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self._default_units().company_id[:1] or self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    period_date = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month whose charges the forms ask for.",
    )
    building_ids = fields.Many2many(
        "hoa.building",
        string="Buildings",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Empty: every building of the community.",
    )
    unit_ids = fields.Many2many(
        "hoa.unit",
        string="Units",
        default=lambda self: self._default_units(),
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Empty: every unit of the chosen buildings.",
    )
    only_due = fields.Boolean(
        string="Only Units With an Amount Due",
        help="Leave out the units that owe nothing for the month.",
    )
    unit_count = fields.Integer(compute="_compute_unit_count", string="Units to Print")

    @api.depends("company_id", "building_ids", "unit_ids")
    def _compute_unit_count(self):
        for wizard in self:
            wizard.unit_count = len(wizard._get_units())

    @api.onchange("company_id")
    def _onchange_company_id(self):
        self.building_ids = self.building_ids.filtered(
            lambda b: b.company_id == self.company_id
        )
        self.unit_ids = self.unit_ids.filtered(
            lambda u: u.company_id == self.company_id
        )

    def _get_units(self):
        self.ensure_one()
        if self.unit_ids:
            return self.unit_ids
        domain = [("company_id", "=", self.company_id.id)]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        return self.env["hoa.unit"].search(domain)

    def action_print(self):
        self.ensure_one()
        units = self._get_units()
        if not units:
            raise UserError(_("There are no units to print payment forms for."))
        units._hoa_check_virtual_account()
        return self.env.ref("hoa_billing.action_report_hoa_payment_form").report_action(
            units,
            data={
                "period_date": fields.Date.to_string(self.period_date.replace(day=1)),
                "only_due": self.only_due,
            },
        )

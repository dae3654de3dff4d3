from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hoa_meters.models.hoa_meter import MEDIA

BASES = [
    ("area_usable", "Usable area (m²)"),
    ("area_total", "Usable and additional area (m²)"),
    ("share", "Share in the common property"),
    ("occupants", "Declared occupants"),
    ("unit", "Per unit"),
    ("consumption", "Meter consumption"),
    ("fixed", "Fixed amount"),
    ("quantity", "Declared quantity"),
    ("percent", "Percentage of other charges"),
]


class HoaChargeType(models.Model):
    """A component of the monthly charges of a community (opłata, внесок).

    Each charge type is bound to one community (its own books) and has a billing
    basis that gives the quantity of a unit for a month, a rate history (tariffs)
    and the income account its invoice lines are posted to."""

    _name = "hoa.charge.type"
    _description = "Charge Type"
    _inherit = ["mail.thread", "hoa.audit.mixin"]
    _hoa_audit_fields = ("name", "basis", "account_id", "is_repair_fund", "active")
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(help="Short code shown in reports and exports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    basis = fields.Selection(BASES, required=True, default="area_usable", tracking=True)
    medium = fields.Selection(
        MEDIA, help="The meters whose consumption is billed (basis: consumption)."
    )
    quantity_label = fields.Char(
        translate=True,
        help="What the declared quantity counts, e.g. animals or vehicles.",
    )
    percent_of_ids = fields.Many2many(
        "hoa.charge.type",
        "hoa_charge_type_percent_rel",
        "charge_type_id",
        "base_charge_type_id",
        string="Percentage Of",
        check_company=True,
        help="Charges whose sum the rate (a percentage) applies to "
        "(basis: percentage).",
    )
    product_id = fields.Many2one(
        "product.product",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Service product of the invoice lines; created with the charge type.",
    )
    account_id = fields.Many2one(
        "account.account",
        string="Income Account",
        required=True,
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        tracking=True,
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
        help="Residential charges are usually exempt; commercial premises may "
        "bear VAT.",
    )
    is_repair_fund = fields.Boolean(
        string="Repair Fund",
        tracking=True,
        help="This charge feeds the community's repair fund (fundusz remontowy, "
        "ремонтний фонд): the repair fund report and the annual settlement show "
        "what it bills and the costs booked on its account apart from the other "
        "income and costs.",
    )
    tariff_ids = fields.One2many("hoa.tariff", "charge_type_id", string="Rates")
    unit_charge_ids = fields.One2many("hoa.unit.charge", "charge_type_id")
    unit_charge_count = fields.Integer(compute="_compute_unit_charge_count")
    current_rate = fields.Float(
        compute="_compute_current_rate",
        digits=(16, 4),
        help="The community-wide rate in force today.",
    )

    @api.depends("unit_charge_ids")
    def _compute_unit_charge_count(self):
        groups = self.env["hoa.unit.charge"]._read_group(
            [("charge_type_id", "in", self.ids)], ["charge_type_id"], ["__count"]
        )
        counts = {charge_type.id: count for charge_type, count in groups}
        for charge_type in self:
            charge_type.unit_charge_count = counts.get(charge_type.id, 0)

    def _compute_current_rate(self):
        today = fields.Date.context_today(self)
        for charge_type in self:
            tariff = charge_type.tariff_ids.filtered(
                lambda t: not t.building_id and not t.unit_id and t.date_from <= today
            ).sorted("date_from")[-1:]
            charge_type.current_rate = tariff.rate

    @api.constrains("basis", "medium", "percent_of_ids")
    def _check_basis(self):
        for charge_type in self:
            if charge_type.basis == "consumption" and not charge_type.medium:
                raise ValidationError(
                    _(
                        "Charge %(name)s is billed by consumption: choose the medium "
                        "of the meters.",
                        name=charge_type.name,
                    )
                )
            if charge_type.basis == "percent":
                if not charge_type.percent_of_ids:
                    raise ValidationError(
                        _(
                            "Charge %(name)s is a percentage: choose the charges it is "
                            "a percentage of.",
                            name=charge_type.name,
                        )
                    )
                bases = charge_type.percent_of_ids
                if charge_type in bases or "percent" in bases.mapped("basis"):
                    raise ValidationError(
                        _(
                            "Charge %(name)s can only be a percentage of charges that "
                            "are not percentages themselves.",
                            name=charge_type.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        charge_types = super().create(vals_list)
        for charge_type in charge_types.filtered(lambda c: not c.product_id):
            charge_type.product_id = (
                self.env["product.product"]
                .with_company(charge_type.company_id)
                .create(charge_type._prepare_product_vals())
            )
        return charge_types

    def write(self, vals):
        res = super().write(vals)
        if {"name", "account_id", "tax_ids"} & set(vals):
            for charge_type in self.filtered("product_id"):
                charge_type.product_id.sudo().with_company(
                    charge_type.company_id
                ).write(charge_type._prepare_product_vals())
        return res

    def _prepare_product_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "type": "service",
            "sale_ok": True,
            "purchase_ok": False,
            "company_id": self.company_id.id,
            "default_code": self.code,
            "taxes_id": [Command.set(self.tax_ids.ids)],
            "property_account_income_id": self.account_id.id,
        }

    def action_view_unit_charges(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_unit_charge_action"
        )
        action["domain"] = [("charge_type_id", "=", self.id)]
        action["context"] = {
            "default_charge_type_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    def action_assign_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_charge_assign_action"
        )
        action["context"] = {"default_charge_type_id": self.id}
        return action

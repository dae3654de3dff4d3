from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaUnitCharge(models.Model):
    """A charge type applied to a unit for a period, with its discount or subsidy."""

    _name = "hoa.unit.charge"
    _description = "Unit Charge"
    _inherit = ["mail.thread", "hoa.audit.mixin"]
    _hoa_audit_fields = (
        "charge_type_id",
        "date_from",
        "date_to",
        "quantity",
        "fixed_amount",
        "discount_type",
        "discount_value",
        "subsidy_partner_id",
    )
    _order = "unit_id, charge_type_id, date_from"
    _check_company_auto = True
    _rec_name = "charge_type_id"

    unit_id = fields.Many2one(
        "hoa.unit",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    charge_type_id = fields.Many2one(
        "hoa.charge.type",
        string="Charge",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    basis = fields.Selection(related="charge_type_id.basis")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="Until", tracking=True)
    quantity = fields.Float(
        digits=(16, 4),
        default=1.0,
        tracking=True,
        help="For a charge by declared quantity: how many (animals, vehicles...).",
    )
    fixed_amount = fields.Monetary(
        tracking=True,
        help="For a fixed charge: the monthly amount of this unit (empty: the rate).",
    )
    discount_type = fields.Selection(
        [("percent", "Percentage"), ("amount", "Amount per month")],
        tracking=True,
    )
    discount_value = fields.Float(digits=(16, 2), tracking=True)
    subsidy_partner_id = fields.Many2one(
        "res.partner",
        string="Paid By",
        tracking=True,
        help="A third party (e.g. a social support office) that pays the discount "
        "and receives its own invoice for it. Empty: the discount is granted.",
    )
    note = fields.Char()

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id:
            self.company_id = self.unit_id.company_id

    @api.constrains("date_from", "date_to", "unit_id", "charge_type_id")
    def _check_dates(self):
        for charge in self:
            if charge.date_to and charge.date_to < charge.date_from:
                raise ValidationError(_("A unit's charge cannot end before it starts."))
        # One query for the whole batch (assigning a charge to thousands of units).
        self.flush_model(["unit_id", "charge_type_id", "date_from", "date_to"])
        self.env.cr.execute(
            """
            SELECT a.id
              FROM hoa_unit_charge a
              JOIN hoa_unit_charge b
                ON b.unit_id = a.unit_id AND b.charge_type_id = a.charge_type_id
               AND b.id != a.id
               AND b.date_from <= COALESCE(a.date_to, 'infinity'::date)
               AND a.date_from <= COALESCE(b.date_to, 'infinity'::date)
             WHERE a.id IN %s
             LIMIT 1
            """,
            (tuple(self.ids),),
        )
        row = self.env.cr.fetchone()
        if row:
            charge = self.browse(row[0])
            raise ValidationError(
                _(
                    "Unit %(unit)s already has the charge %(charge)s in that "
                    "period: end the existing one first.",
                    unit=charge.unit_id.display_name,
                    charge=charge.charge_type_id.name,
                )
            )

    @api.constrains("discount_type", "discount_value", "quantity", "fixed_amount")
    def _check_values(self):
        for charge in self:
            if charge.quantity < 0 or charge.fixed_amount < 0:
                raise ValidationError(
                    _("A quantity or amount of a unit's charge cannot be negative.")
                )
            if charge.discount_type and charge.discount_value <= 0:
                raise ValidationError(_("Enter the discount, a positive number."))
            if charge.discount_type == "percent" and charge.discount_value > 100:
                raise ValidationError(_("A discount cannot exceed 100%."))
            if charge.subsidy_partner_id and not charge.discount_type:
                raise ValidationError(
                    _("Enter the discount the third party pays for the unit.")
                )

    def _is_valid_between(self, date_from, date_to):
        self.ensure_one()
        return self.date_from <= date_to and (
            not self.date_to or self.date_to >= date_from
        )

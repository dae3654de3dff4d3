from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaWorkOrderMaterial(models.Model):
    """A material used by a work order: what, how much, at what cost, and for
    which building and unit it was used."""

    _name = "hoa.work.order.material"
    _description = "Work Order Material"
    _order = "work_order_id, sequence, id"
    _check_company_auto = True

    work_order_id = fields.Many2one(
        "hoa.work.order", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="work_order_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="work_order_id.currency_id")
    product_id = fields.Many2one(
        "product.product", string="Material", required=True, check_company=True
    )
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit of Measure")
    price_unit = fields.Monetary(
        string="Unit Cost",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        currency_field="currency_id",
    )
    amount = fields.Monetary(string="Cost", compute="_compute_amount", store=True)
    building_id = fields.Many2one(
        "hoa.building",
        check_company=True,
        compute="_compute_building_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    unit_id = fields.Many2one(
        "hoa.unit",
        check_company=True,
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.display_name

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.product_id:
                line.price_unit = line.product_id.with_company(
                    line.company_id
                ).standard_price

    @api.depends("quantity", "price_unit", "currency_id")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.quantity * line.price_unit)

    @api.depends("work_order_id.building_id", "unit_id")
    def _compute_building_id(self):
        for line in self:
            if line.unit_id:
                line.building_id = line.unit_id.building_id
            elif not line.building_id:
                line.building_id = line.work_order_id.building_id

    @api.depends("work_order_id.unit_id")
    def _compute_unit_id(self):
        for line in self:
            if not line.unit_id:
                line.unit_id = line.work_order_id.unit_id

    @api.constrains("quantity", "price_unit")
    def _check_amounts(self):
        for line in self:
            if line.quantity <= 0 or line.price_unit < 0:
                raise ValidationError(
                    _(
                        "%(material)s: the quantity must be positive and the unit "
                        "cost cannot be negative.",
                        material=line.name or line.product_id.display_name,
                    )
                )

    @api.constrains("unit_id", "building_id")
    def _check_unit_building(self):
        for line in self:
            if line.unit_id and line.unit_id.building_id != line.building_id:
                raise ValidationError(
                    _(
                        "Unit %(unit)s is not in building %(building)s.",
                        unit=line.unit_id.display_name,
                        building=line.building_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["hoa.work.order"].browse(
            [vals["work_order_id"] for vals in vals_list if vals.get("work_order_id")]
        )
        orders._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.work_order_id._check_editable()
        if "work_order_id" in vals:
            self.env["hoa.work.order"].browse(vals["work_order_id"])._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_editable(self):
        self.work_order_id._check_editable()

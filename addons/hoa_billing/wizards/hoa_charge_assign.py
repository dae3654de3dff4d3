from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaChargeAssign(models.TransientModel):
    """Apply a charge type to many units at once (by unit kind and building)."""

    _name = "hoa.charge.assign"
    _inherit = ["hoa.unit.kind.mixin"]
    _description = "Assign a Charge to Units"

    charge_type_id = fields.Many2one("hoa.charge.type", required=True)
    company_id = fields.Many2one(related="charge_type_id.company_id")
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    building_ids = fields.Many2many(
        "hoa.building",
        domain="[('company_id', '=', company_id)]",
        help="Empty: all buildings of the community.",
    )
    unit_count = fields.Integer(compute="_compute_unit_count")

    @api.depends(
        "kind_flat",
        "kind_commercial",
        "kind_garage",
        "kind_storage",
        "kind_parking",
        "building_ids",
        "charge_type_id",
        "date_from",
    )
    def _compute_unit_count(self):
        for wizard in self:
            wizard.unit_count = len(wizard._units_to_assign())

    def _units_to_assign(self):
        self.ensure_one()
        if not self.charge_type_id or not self.date_from:
            return self.env["hoa.unit"]
        domain = [("company_id", "=", self.company_id.id)]
        try:
            domain.append(("kind", "in", self._selected_kinds()))
        except UserError:
            return self.env["hoa.unit"]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        units = self.env["hoa.unit"].search(domain)
        existing = self.env["hoa.unit.charge"].search(
            [
                ("unit_id", "in", units.ids),
                ("charge_type_id", "=", self.charge_type_id.id),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", self.date_from),
            ]
        )
        return units - existing.unit_id

    def action_assign(self):
        self.ensure_one()
        self._selected_kinds()
        units = self._units_to_assign()
        if not units:
            raise UserError(_("All matching units already have this charge."))
        charges = self.env["hoa.unit.charge"].create(
            [
                {
                    "unit_id": unit.id,
                    "company_id": unit.company_id.id,
                    "charge_type_id": self.charge_type_id.id,
                    "date_from": self.date_from,
                }
                for unit in units
            ]
        )
        return self.charge_type_id.action_view_unit_charges() | {
            "domain": [("id", "in", charges.ids)]
        }

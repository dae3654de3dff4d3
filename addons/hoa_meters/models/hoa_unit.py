from odoo import fields, models


class HoaUnit(models.Model):
    _inherit = "hoa.unit"

    meter_ids = fields.One2many("hoa.meter", "unit_id", string="Meters")

    def _meter_consumption(self, medium, date_from, date_to):
        """Consumption of the unit's meters of ``medium`` (replaced ones included).

        Returns (quantity, is_estimate)."""
        self.ensure_one()
        meters = self.with_context(active_test=False).meter_ids.filtered(
            lambda m: m.medium == medium
        )
        return meters._consumption(date_from, date_to)

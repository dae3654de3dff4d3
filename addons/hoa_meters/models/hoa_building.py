from odoo import fields, models


class HoaBuilding(models.Model):
    _inherit = "hoa.building"

    meter_ids = fields.One2many("hoa.meter", "building_id", string="Meters")

    def _meter_losses(self, medium, date_from, date_to):
        """Main meter versus the sum of the unit meters of the building for a period.

        Returns a dict with ``main``, ``units``, ``losses`` (main - units) and
        ``is_estimate``; billing distributes the losses by a chosen key."""
        self.ensure_one()
        meters = self.with_context(active_test=False).meter_ids.filtered(
            lambda m: m.medium == medium
        )
        main, main_estimate = meters.filtered(
            lambda m: m.placement == "building"
        )._consumption(date_from, date_to)
        units, units_estimate = meters.filtered(
            lambda m: m.placement == "unit"
        )._consumption(date_from, date_to)
        return {
            "main": round(main, 3),
            "units": round(units, 3),
            "losses": round(main - units, 3),
            "is_estimate": main_estimate or units_estimate,
        }

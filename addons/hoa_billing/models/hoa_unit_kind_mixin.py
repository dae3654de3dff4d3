from odoo import _, fields, models
from odoo.exceptions import UserError


class HoaUnitKindMixin(models.AbstractModel):
    """Checkboxes choosing kinds of units (flats, garages...), for the forms that
    apply something to a group of units."""

    _name = "hoa.unit.kind.mixin"
    _description = "Choice of Kinds of Units"

    kind_flat = fields.Boolean(string="Flats", default=True)
    kind_commercial = fields.Boolean(string="Commercial Premises")
    kind_garage = fields.Boolean(string="Garages")
    kind_storage = fields.Boolean(string="Storage Rooms")
    kind_parking = fields.Boolean(string="Parking Spaces")

    def _selected_kinds(self):
        """The kinds of units chosen; a user error when none is."""
        self.ensure_one()
        kinds = [
            kind
            for kind in ("flat", "commercial", "garage", "storage", "parking")
            if self[f"kind_{kind}"]
        ]
        if not kinds:
            raise UserError(_("Choose at least one kind of unit."))
        return kinds

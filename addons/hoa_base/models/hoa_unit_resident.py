from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaUnitResident(models.Model):
    """Named residents registered in a unit: personal data, for office staff only."""

    _name = "hoa.unit.resident"
    _description = "Registered Resident"
    _order = "unit_id, date_from desc, id"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Community"
    )
    name = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner", string="Contact")
    date_from = fields.Date(string="Registered From", required=True)
    date_to = fields.Date(string="Registered Until")
    note = fields.Char()

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for resident in self:
            if resident.date_to and resident.date_to < resident.date_from:
                raise ValidationError(
                    _(
                        "The registration of %(name)s cannot end before it starts.",
                        name=resident.name,
                    )
                )

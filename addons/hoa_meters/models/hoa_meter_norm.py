from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .hoa_meter import MEDIA


class HoaMeterNorm(models.Model):
    _name = "hoa.meter.norm"
    _description = "Consumption Norm"
    _order = "company_id, medium"

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    medium = fields.Selection(MEDIA, required=True)
    max_per_day = fields.Float(
        string="Maximum per Day",
        digits=(16, 4),
        required=True,
        help="Readings implying a higher daily consumption are rejected.",
    )
    per_occupant = fields.Boolean(
        help="The maximum is per declared occupant of the unit (e.g. cold and hot "
        "water)."
    )

    _sql_constraints = [
        (
            "medium_company_uniq",
            "unique(company_id, medium)",
            "A community has one norm per medium.",
        )
    ]

    @api.constrains("max_per_day")
    def _check_max_per_day(self):
        for norm in self:
            if norm.max_per_day <= 0:
                raise ValidationError(_("The daily maximum must be greater than zero."))

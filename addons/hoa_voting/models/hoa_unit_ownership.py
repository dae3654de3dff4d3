from odoo import fields, models


class HoaUnitOwnership(models.Model):
    _inherit = "hoa.unit.ownership"

    is_voting_representative = fields.Boolean(
        string="Votes for the Unit",
        help="The co-owners designated this person to cast the unit's vote on "
        "resolutions. Without a designation the first co-owner who votes casts "
        "the unit's vote.",
    )

from odoo import api, fields, models

from odoo.addons.hoa_base.models.hoa_fraction import format_fraction


class HoaResolutionUnit(models.Model):
    """A unit entitled to vote on a resolution, frozen when the voting opens."""

    _name = "hoa.resolution.unit"
    _description = "Unit Entitled to Vote"
    _order = "resolution_id, unit_id"

    resolution_id = fields.Many2one(
        "hoa.resolution", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="resolution_id.company_id", store=True)
    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="restrict"
    )
    share_numerator = fields.Integer(required=True)
    share_denominator = fields.Integer(required=True)
    share = fields.Char(compute="_compute_share", string="Share on the Opening Date")
    owner_partner_id = fields.Many2one(
        "res.partner",
        string="Owner (one vote)",
        required=True,
        help="The owner counted in one-owner-one-vote: the designated co-owner or "
        "the first one.",
    )
    representative_id = fields.Many2one(
        "res.partner",
        string="Designated Voter",
        help="Only this co-owner (or his proxy) votes for the unit.",
    )
    owner_partner_ids = fields.Many2many("res.partner", string="Owners")

    _sql_constraints = [
        (
            "resolution_unit_uniq",
            "unique(resolution_id, unit_id)",
            "A unit is listed once per resolution.",
        )
    ]

    @api.depends("share_numerator", "share_denominator")
    def _compute_share(self):
        for line in self:
            line.share = format_fraction(line.share_numerator, line.share_denominator)

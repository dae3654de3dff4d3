from odoo import fields, models


class HoaResolutionApproval(models.Model):
    _name = "hoa.resolution.approval"
    _description = "Approval of a Resolution by a Board Member"
    _order = "resolution_id, date"

    resolution_id = fields.Many2one(
        "hoa.resolution", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="resolution_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Board Member", required=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    _sql_constraints = [
        (
            "resolution_partner_uniq",
            "unique(resolution_id, partner_id)",
            "A board member approves a resolution once.",
        )
    ]

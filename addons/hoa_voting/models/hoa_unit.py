from odoo import fields, models


class HoaUnit(models.Model):
    _inherit = "hoa.unit"

    hoa_vote_proxy_ids = fields.One2many(
        "hoa.vote.proxy", "unit_id", string="Powers of Attorney to Vote"
    )

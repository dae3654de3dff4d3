from odoo import fields, models


class HoaChangeOwner(models.TransientModel):
    _inherit = "hoa.change.owner"

    is_handover = fields.Boolean(
        string="Prepare the Handover",
        default=True,
        help="Open the handover of the unit on this date: meter readings, the "
        "seller's balance and the year's charges split between seller and buyer.",
    )

    def action_apply(self):
        result = super().action_apply()
        if not self.is_handover:
            return result
        handover = self.env["hoa.unit.handover"].create(
            {"unit_id": self.unit_id.id, "date": self.date}
        )
        handover.action_compute()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoa.unit.handover",
            "res_id": handover.id,
            "view_mode": "form",
            "target": "current",
        }

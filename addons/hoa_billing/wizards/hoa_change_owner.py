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
        Handover = self.env["hoa.unit.handover"]
        seller = self.unit_id._get_payer(fields.Date.subtract(self.date, days=1))
        buyer = self.unit_id._get_payer(self.date)
        # no handover when the payer stays the same or there was none (a first
        # owner), nor for users who may not prepare one
        if (
            not self.is_handover
            or not seller
            or not buyer
            or seller == buyer
            or not Handover.has_access("create")
        ):
            return result
        handover = Handover.create({"unit_id": self.unit_id.id, "date": self.date})
        handover.action_compute()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoa.unit.handover",
            "res_id": handover.id,
            "view_mode": "form",
            "target": "current",
        }

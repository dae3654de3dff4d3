from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaMeterReplace(models.TransientModel):
    _name = "hoa.meter.replace"
    _description = "Replace a Meter"

    meter_id = fields.Many2one("hoa.meter", string="Old Meter", required=True)
    date = fields.Date(
        string="Replaced On", required=True, default=fields.Date.context_today
    )
    final_value = fields.Float(string="Final Reading of the Old Meter", digits=(16, 3))
    new_serial = fields.Char(string="New Serial Number", required=True)
    new_initial_value = fields.Float(
        string="Initial Reading of the New Meter", digits=(16, 3)
    )
    new_digits = fields.Integer(string="Digits", default=5, required=True)
    new_radio_id = fields.Char(string="Radio ID")
    new_verification_due_date = fields.Date(string="Verification Due")

    @api.onchange("meter_id")
    def _onchange_meter_id(self):
        if self.meter_id:
            self.new_digits = self.meter_id.digits

    def action_replace(self):
        """Final reading of the old meter, initial reading of the new one, same day."""
        self.ensure_one()
        old = self.meter_id
        if old.state != "active":
            raise UserError(_("Meter %(meter)s is already removed.", meter=old.name))
        final = self.env["hoa.meter.reading"].create(
            {
                "meter_id": old.id,
                "date": self.date,
                "value": self.final_value,
                "source": "office",
                "is_final": True,
            }
        )
        if final.state != "accepted":
            raise UserError(
                _(
                    "The final reading cannot be accepted: %(reason)s",
                    reason=final.rejection_reason,
                )
            )
        old.write(
            {
                "state": "removed",
                "removal_date": self.date,
                "final_value": self.final_value,
            }
        )
        new = old.copy(
            {
                "name": self.new_serial,
                "install_date": self.date,
                "initial_value": self.new_initial_value,
                "digits": self.new_digits,
                "radio_id": self.new_radio_id,
                "verification_due_date": self.new_verification_due_date,
                "replaced_meter_id": old.id,
                "state": "active",
            }
        )
        old.message_post(
            body=_(
                "Replaced on %(date)s by meter %(new)s (final reading %(final)s, new "
                "meter starts at %(initial)s).",
                date=self.date,
                new=new.name,
                final=self.final_value,
                initial=self.new_initial_value,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoa.meter",
            "res_id": new.id,
            "view_mode": "form",
        }

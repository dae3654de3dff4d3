from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _hoa_wants_reading_reminder(self):
        """Whether this person gets the reminders to enter meter readings: an
        e-mail address is needed (the portal adds the person's own choice)."""
        self.ensure_one()
        return bool(self.email)

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """A unit's posted charges are queued for their payers' automatic payments
        (hoa.autopay.mandate); the cards are charged later by a cron."""
        posted = super()._post(soft=soft)
        self.env["hoa.autopay.mandate"]._queue_invoices(posted)
        return posted

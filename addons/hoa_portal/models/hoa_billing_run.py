from odoo import models
from odoo.tools import format_amount, format_date


class HoaBillingRun(models.Model):
    _inherit = "hoa.billing.run"

    def _process_batch(self, run_units):
        """Queue the SMS / messenger notices of the batch's new invoices with them:
        in the batch's transaction (no notice of an invoice rolled back), sent later
        by the notice cron (never inside the billing)."""
        result = super()._process_batch(run_units)
        moves = self.env["account.move"].search(
            [
                ("hoa_billing_run_id", "=", self.id),
                ("hoa_unit_id", "in", run_units.unit_id.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                # most payers keep e-mail: only the others are looked at
                ("partner_id.hoa_channel_charges", "in", ("sms", "messenger")),
            ]
        )
        for move in moves:
            move.partner_id._hoa_queue_notice(
                "charges", move, self._hoa_notice_text_charges
            )
        return result

    def _hoa_notice_text_charges(self, move):
        env = move.env
        return env._(
            "%(community)s: new charges for %(unit)s: %(amount)s, due %(date)s. "
            "Details in the residents' portal.",
            community=move.company_id.name,
            unit=move.hoa_unit_id.display_name,
            amount=format_amount(env, move.amount_total, move.currency_id),
            date=format_date(env, move.invoice_date_due),
        )

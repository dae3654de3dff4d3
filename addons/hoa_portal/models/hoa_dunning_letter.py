from odoo import models
from odoo.tools import format_amount, format_date


class HoaDunningLetter(models.Model):
    _inherit = "hoa.dunning.letter"

    def action_send(self):
        drafts = self.filtered(lambda letter: letter.state == "draft")
        result = super().action_send()
        drafts._hoa_queue_notices()
        return result

    def action_print(self):
        drafts = self.filtered(lambda letter: letter.state == "draft")
        result = super().action_print()
        drafts._hoa_queue_notices()
        return result

    def _hoa_queue_notices(self):
        """An SMS / messenger reminder to the payers who chose one, once per
        letter (when it leaves draft)."""
        for letter in self:
            letter.partner_id._hoa_queue_notice(
                "reminders", letter, letter._hoa_notice_text_reminder
            )

    def _hoa_notice_text_reminder(self, letter):
        env = letter.env
        return env._(
            "%(community)s: reminder %(reference)s, unpaid charges of %(unit)s: "
            "%(amount)s. Please pay by %(date)s.",
            community=letter.company_id.name,
            reference=letter.name,
            unit=letter.unit_id.display_name,
            amount=format_amount(env, letter.amount, letter.currency_id),
            date=format_date(env, letter.payment_deadline or letter.date),
        )

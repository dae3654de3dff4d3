from odoo import fields, models

HOA_MAIL_KINDS = {
    "charges": "hoa_notify_charges",
    "documents": "hoa_notify_documents",
    "reminders": "hoa_notify_reminders",
    "announcements": "hoa_notify_announcements",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    hoa_notify_charges = fields.Boolean(
        string="E-mail on New Charges",
        default=True,
        help="Send this person an e-mail when new charges are issued.",
    )
    hoa_notify_documents = fields.Boolean(
        string="E-mail on New Documents",
        default=True,
        help="Send this person an e-mail when the community publishes a document.",
    )
    hoa_notify_reminders = fields.Boolean(
        string="E-mail Reminders",
        default=True,
        help="Send this person payment and reading reminders by e-mail.",
    )
    hoa_notify_announcements = fields.Boolean(
        string="E-mail Announcements",
        default=True,
        help="Send this person the community's announcements by e-mail.",
    )

    def _hoa_send_in_their_language(self, template, record):
        """Queue ``template`` for ``record`` to these partners: one mail per
        language, each rendered in the language of its recipients."""
        by_lang = {}
        for partner in self:
            by_lang.setdefault(partner.lang or "en_US", []).append(partner.id)
        for lang, partner_ids in by_lang.items():
            template.with_context(lang=lang).send_mail(
                record.id,
                force_send=False,
                email_values={
                    "recipient_ids": [fields.Command.set(partner_ids)],
                    "email_to": False,
                },
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _hoa_wants_reading_reminder(self):
        # hoa_meters' reminders follow the person's choice of reminders
        return super()._hoa_wants_reading_reminder() and self._hoa_wants_mail(
            "reminders"
        )

    def _hoa_wants_mail(self, kind):
        """Whether this person accepts e-mails of ``kind`` (charges, documents,
        reminders, announcements) and has an address to receive them."""
        self.ensure_one()
        return bool(self.email) and bool(self[HOA_MAIL_KINDS[kind]])

    def _hoa_portal_unit_domain(self, roles=None):
        """Domain of the units this person currently owns, rents or represents."""
        self.ensure_one()
        partners = (self | self.commercial_partner_id).ids
        ownership = [("partner_id", "in", partners), ("is_current", "=", True)]
        if roles:
            ownership.append(("role", "in", list(roles)))
        return [("ownership_ids", "any", ownership)]

import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

HOA_MAIL_KINDS = {
    "charges": "hoa_notify_charges",
    "documents": "hoa_notify_documents",
    "reminders": "hoa_notify_reminders",
    "announcements": "hoa_notify_announcements",
}

# kinds of SMS / messenger notices (hoa.notice.message) and their channel fields
HOA_NOTICE_KINDS = ("charges", "reminders", "tickets", "voting")
HOA_NOTICE_CHANNELS = [("email", "E-mail"), ("sms", "SMS"), ("messenger", "Messenger")]
PHONE_PATTERN = re.compile(r"^\+?[0-9]{6,15}$")
CHAT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_@.:-]{1,64}$")


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

    # SMS and messenger notices: the channel of each kind, and where to send them
    hoa_channel_charges = fields.Selection(
        HOA_NOTICE_CHANNELS, string="New Charges By", default="email", required=True
    )
    hoa_channel_reminders = fields.Selection(
        HOA_NOTICE_CHANNELS, string="Reminders By", default="email", required=True
    )
    hoa_channel_tickets = fields.Selection(
        HOA_NOTICE_CHANNELS, string="Ticket Updates By", default="email", required=True
    )
    hoa_channel_voting = fields.Selection(
        HOA_NOTICE_CHANNELS, string="Voting Notices By", default="email", required=True
    )
    hoa_notice_phone = fields.Char(
        string="Phone for SMS",
        help="International format, e.g. +48600100200.",
    )
    hoa_notice_chat_id = fields.Char(
        string="Messenger Chat ID",
        help="The id of the person's chat with the community's messenger bot.",
    )

    @api.constrains(
        "hoa_notice_phone",
        "hoa_notice_chat_id",
        "hoa_channel_charges",
        "hoa_channel_reminders",
        "hoa_channel_tickets",
        "hoa_channel_voting",
    )
    def _check_hoa_notice_channels(self):
        for partner in self:
            phone = partner.hoa_notice_phone
            if phone and not PHONE_PATTERN.match(phone):
                raise ValidationError(
                    _(
                        "%(phone)s is not a phone number for SMS: write it with "
                        "digits only, in international format, e.g. +48600100200.",
                        phone=phone,
                    )
                )
            chat_id = partner.hoa_notice_chat_id
            if chat_id and not CHAT_ID_PATTERN.match(chat_id):
                raise ValidationError(
                    _(
                        "%(chat_id)s is not a messenger chat id (letters, digits and "
                        "_ @ . : - only, at most 64).",
                        chat_id=chat_id,
                    )
                )
            channels = {partner[f"hoa_channel_{kind}"] for kind in HOA_NOTICE_KINDS}
            if "sms" in channels and not phone:
                raise ValidationError(
                    _("Enter a phone number to receive notices by SMS.")
                )
            if "messenger" in channels and not chat_id:
                raise ValidationError(
                    _("Enter a messenger chat id to receive notices by messenger.")
                )

    def _hoa_queue_notice(self, kind, record, text_of):
        """Queue an SMS or messenger notice of ``kind`` about ``record`` to those of
        these people who chose one (see hoa.notice.message._hoa_queue)."""
        return self.env["hoa.notice.message"]._hoa_queue(self, kind, record, text_of)

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

    def _hoa_not_opened(self, receipts):
        """These people but those who opened the record of ``receipts`` (read
        receipts), themselves or as a contact of the company they stand for."""
        readers = receipts.partner_id | receipts.partner_id.commercial_partner_id
        return self - readers

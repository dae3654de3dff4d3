"""The log and queue of SMS and messenger notices.

A notice is queued (created) in the transaction of what it tells about (a billing
run's batch, a reminder sent, a ticket moved, a voting opened); the cron
``_cron_send`` delivers the due ones in batches, outside that transaction, and
commits after each one. A time-out, a refused connection or a server error (5xx) is
retried later, each wait twice as long, up to the gateway's number of attempts; a
4xx answer fails at once. A failed message keeps its error and can be retried by the
office; no message is ever deleted by the queue."""

import logging
import threading
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

BATCH_SIZE = 50


class HoaNoticeMessage(models.Model):
    _name = "hoa.notice.message"
    _description = "SMS or Messenger Notice"
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", index=True, readonly=True
    )
    recipient = fields.Char(
        required=True, readonly=True, help="Phone number or messenger chat id."
    )
    channel = fields.Selection(
        [("sms", "SMS"), ("messenger", "Messenger")], required=True, readonly=True
    )
    kind = fields.Selection(
        [
            ("charges", "New charges"),
            ("reminders", "Reminders"),
            ("tickets", "Tickets"),
            ("voting", "Voting"),
        ],
        required=True,
        readonly=True,
    )
    gateway_id = fields.Many2one(
        "hoa.notice.gateway", index=True, readonly=True, ondelete="restrict"
    )
    text = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("retrying", "Retrying"),
            ("sent", "Sent"),
            ("failed", "Failed"),
        ],
        required=True,
        default="queued",
        index=True,
        readonly=True,
    )
    attempts = fields.Integer(readonly=True)
    date_next_attempt = fields.Datetime(
        string="Next Attempt", default=fields.Datetime.now, index=True, readonly=True
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True)
    last_error = fields.Text(readonly=True)
    response = fields.Text(string="Gateway Response", readonly=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )

    # ------------------------------------------------------------------ queue
    @api.model
    def _hoa_queue(self, partners, kind, record, text_of):
        """Queue a notice of ``kind`` about ``record`` to those of ``partners``
        who chose SMS or messenger for it. ``text_of(record)`` gives the text; it is
        called with the person's language in the record's context. Returns the
        queued messages (those without a gateway are logged failed at once)."""
        field = f"hoa_channel_{kind}"
        vals_list = []
        for partner in partners.sudo():
            channel = partner[field]
            if channel not in ("sms", "messenger"):
                continue
            recipient = (
                partner.hoa_notice_phone
                if channel == "sms"
                else partner.hoa_notice_chat_id
            )
            company = (
                record.company_id if "company_id" in record else partner.company_id
            )
            lang = partner.lang or self.env.lang
            vals = {
                "company_id": (company or self.env.company).id,
                "partner_id": partner.id,
                "recipient": recipient or "-",
                "channel": channel,
                "kind": kind,
                "text": text_of(record.with_context(lang=lang)),
                "res_model": record._name,
                "res_id": record.id,
            }
            gateway = self._hoa_gateway(channel, company)
            if not recipient:
                vals.update(
                    state="failed",
                    last_error=self.with_context(lang=lang)._hoa_no_recipient_error(),
                )
            elif not gateway:
                vals.update(
                    state="failed",
                    last_error=self.with_context(lang=lang)._hoa_no_gateway_error(
                        channel
                    ),
                )
            vals["gateway_id"] = gateway.id
            vals_list.append(vals)
        return self.sudo().create(vals_list)

    def _hoa_channel_label(self, channel):
        return dict(self._fields["channel"]._description_selection(self.env))[channel]

    def _hoa_no_gateway_error(self, channel):
        return _(
            "No active gateway delivers %(channel)s notices.",
            channel=self._hoa_channel_label(channel),
        )

    def _hoa_no_recipient_error(self):
        return _("The person has no phone number or chat id for this channel.")

    @api.model
    def _hoa_gateway(self, channel, company):
        """The active gateway of ``channel``: the community's own, else the
        office-wide one."""
        return (
            self.env["hoa.notice.gateway"]
            .sudo()
            .search(
                [
                    ("channel", "=", channel),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id, sequence, id",
                limit=1,
            )
        )

    # ------------------------------------------------------------------ sending
    @api.model
    def _cron_send(self, batch_size=BATCH_SIZE):
        """Deliver the due messages, ``batch_size`` at a time (ir.cron)."""
        due = self._hoa_due_domain()
        messages = self.sudo().search(
            due, order="date_next_attempt, id", limit=batch_size
        )
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for message in messages:
            message._hoa_send()
            if auto_commit:
                # what was sent is recorded before the next one is tried
                self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = self.sudo().search_count(due)
        self.env["ir.cron"]._notify_progress(done=len(messages), remaining=remaining)
        return messages

    @api.model
    def _hoa_due_domain(self):
        return [
            ("state", "in", ("queued", "retrying")),
            ("date_next_attempt", "<=", fields.Datetime.now()),
            ("gateway_id.active", "=", True),
        ]

    def _hoa_send(self):
        """One attempt at each message: sent, retried later or failed."""
        for message in self:
            if message.state not in ("queued", "retrying"):
                continue
            # another worker may be sending it: skip it rather than send it twice
            self.env.cr.execute(
                "SELECT id FROM hoa_notice_message WHERE id = %s "
                "FOR UPDATE SKIP LOCKED",
                (message.id,),
            )
            if not self.env.cr.fetchone():
                continue
            gateway = message.gateway_id
            outcome, error, answer = gateway._deliver(message.recipient, message.text)
            attempts = message.attempts + 1
            vals = {"attempts": attempts, "response": answer or False}
            if outcome == "sent":
                vals.update(
                    state="sent", date_sent=fields.Datetime.now(), last_error=False
                )
            elif outcome == "retry" and attempts < gateway.max_attempts:
                delay = gateway.retry_delay * 2 ** (attempts - 1)
                vals.update(
                    state="retrying",
                    last_error=error,
                    date_next_attempt=fields.Datetime.now() + timedelta(minutes=delay),
                )
            else:
                if outcome == "retry":
                    error = _(
                        "%(error)s Given up after %(attempts)s attempts.",
                        error=error,
                        attempts=attempts,
                    )
                vals.update(state="failed", last_error=error)
            _logger.info(
                "Notice %s (%s): %s, attempt %s",
                message.id,
                message.channel,
                vals["state"],
                attempts,
            )
            message.write(vals)

    # ------------------------------------------------------------------ actions
    def action_retry(self):
        """Queue failed messages again, for a full set of attempts (the gateway or
        the person's number may have been corrected since)."""
        if self.filtered(lambda m: m.state != "failed"):
            raise UserError(_("Only failed messages can be retried."))
        for message in self:
            vals = {
                "state": "queued",
                "attempts": 0,
                "date_next_attempt": fields.Datetime.now(),
            }
            partner = message.partner_id
            if partner:
                recipient = (
                    partner.hoa_notice_phone
                    if message.channel == "sms"
                    else partner.hoa_notice_chat_id
                )
                if recipient:
                    vals["recipient"] = recipient
            gateway = message.gateway_id if message.gateway_id.active else False
            gateway = gateway or self._hoa_gateway(message.channel, message.company_id)
            if not gateway:
                raise UserError(
                    _(
                        "No active gateway delivers %(channel)s notices: configure "
                        "one before retrying.",
                        channel=self._hoa_channel_label(message.channel),
                    )
                )
            vals["gateway_id"] = gateway.id
            message.sudo().write(vals)
        return True

    def action_send_now(self):
        """Try the due messages now instead of waiting for the cron."""
        self.filtered(lambda m: m.state in ("queued", "retrying")).sudo()._hoa_send()
        return True

"""SMS and messenger notices against a fake gateway: a real HTTP server on 127.0.0.1
that times out, fails with 500 or 400, or refuses connections. Retried failures end
sent or failed, never lost; 4xx fails at once; the log shows each final state."""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import _super_send

from .common_p3 import HoaPortalP3Case
from .fake_gateway import FakeGateway, closed_port

TOKEN = "s3cr3t-t0ken"


@tagged("post_install", "-at_install")
class TestNoticeGateway(HoaPortalP3Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Message = cls.env["hoa.notice.message"]
        cls.anna.write(
            {"hoa_notice_phone": "+48600100200", "hoa_channel_tickets": "sms"}
        )
        cls.progress = cls.env.ref("hoa_portal.hoa_ticket_stage_progress")

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # Odoo's tests raise every timeout to 10 s; the fake gateway's time-out case
        # needs the gateway's own (0.5 s)
        if r.url.startswith("http://127.0.0.1:") and "/flaky" in r.url:
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.fake = FakeGateway()
        self.fake.__enter__()
        self.addCleanup(self.fake.__exit__, None, None, None)

    def _gateway(self, path, **vals):
        return self.env["hoa.notice.gateway"].create(
            {
                "name": "Fake SMS",
                "channel": "sms",
                "url": self.fake.url(path),
                "token": TOKEN,
                "timeout": 0.5,
                "max_attempts": 3,
                "retry_delay": 1,
                **vals,
            }
        )

    def _ticket_moved(self, reporter=None, name="Leaking tap"):
        """A ticket of Anna's moved to In progress: queues her SMS notice."""
        ticket = self.env["hoa.ticket"].create(
            {
                "name": name,
                "unit_id": self.unit.id,
                "reporter_partner_id": (reporter or self.anna).id,
            }
        )
        ticket.stage_id = self.progress
        return ticket

    def _message(self, ticket):
        return self.Message.search(
            [("res_model", "=", "hoa.ticket"), ("res_id", "=", ticket.id)]
        )

    def _make_due(self, message):
        """Time passes: the message's next attempt is due."""
        message.date_next_attempt = fields.Datetime.now() - timedelta(seconds=1)

    def _wait_minutes(self, message):
        delay = message.date_next_attempt - fields.Datetime.now()
        return round(delay.total_seconds() / 60)

    # ------------------------------------------------------------------ queue
    def test_ticket_update_is_queued_not_sent(self):
        """Moving a ticket only queues the notice: nothing reaches the gateway
        inside that transaction; the cron sends it."""
        self._gateway("/sms")
        ticket = self._ticket_moved()
        message = self._message(ticket)
        self.assertEqual(len(message), 1)
        self.assertRecordValues(
            message,
            [
                {
                    "state": "queued",
                    "channel": "sms",
                    "recipient": "+48600100200",
                    "kind": "tickets",
                    "partner_id": self.anna.id,
                    "attempts": 0,
                }
            ],
        )
        self.assertIn("Leaking tap", message.text)
        self.assertIn(self.progress.name, message.text)
        self.assertEqual(self.fake.received, [])
        # Jan chose e-mail: no SMS for him
        jan_ticket = self._ticket_moved(reporter=self.jan, name="Broken bell")
        self.assertFalse(self._message(jan_ticket))

        self.Message._cron_send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.attempts, 1)
        self.assertTrue(message.date_sent)
        self.assertEqual(len(self.fake.received), 1)
        request = self.fake.received[0]
        self.assertEqual(request["headers"]["Authorization"], f"Bearer {TOKEN}")
        self.assertEqual(
            json.loads(request["body"]), {"to": "+48600100200", "text": message.text}
        )
        self.assertIn('"status": 200', message.response)

    def test_timeout_and_500_retried_then_sent(self):
        gateway = self._gateway("/flaky", max_attempts=4)
        self.fake.plans["/flaky"] = ["timeout", 500, 200]
        message = self._message(self._ticket_moved())

        self.Message._cron_send()
        self.assertEqual(message.state, "retrying")
        self.assertEqual(message.attempts, 1)
        self.assertIn("0.5", message.last_error)  # no answer within 0.5 s
        self.assertEqual(self._wait_minutes(message), 1)
        # not due yet: the cron leaves it alone
        self.Message._cron_send()
        self.assertEqual(message.attempts, 1)

        self._make_due(message)
        self.Message._cron_send()
        self.assertEqual(message.state, "retrying")
        self.assertEqual(message.attempts, 2)
        self.assertIn("500", message.last_error)
        self.assertEqual(self._wait_minutes(message), 2)  # twice as long

        self._make_due(message)
        self.Message._cron_send()
        self.assertRecordValues(
            message,
            [{"state": "sent", "attempts": 3, "last_error": False}],
        )
        self.assertEqual(len(self.fake.received), 3)
        self.assertEqual(gateway.message_count, 1)

    def test_500_until_max_attempts_fails_and_is_kept(self):
        self._gateway("/down", max_attempts=3)
        self.fake.plans["/down"] = [500, 500, 500]
        message = self._message(self._ticket_moved())
        for _attempt in range(3):
            self._make_due(message)
            self.Message._cron_send()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.attempts, 3)
        self.assertIn("HTTP 500", message.last_error)
        self.assertIn("3", message.last_error)
        # failed is final: the cron does not try again
        self._make_due(message)
        self.Message._cron_send()
        self.assertEqual(len(self.fake.received), 3)
        # the office retries it once the gateway works again
        message.action_retry()
        self.assertRecordValues(message, [{"state": "queued", "attempts": 0}])
        self.Message._cron_send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(len(self.fake.received), 4)
        with self.assertRaises(UserError):
            message.action_retry()

    def test_4xx_is_permanent(self):
        self._gateway("/bad")
        self.fake.plans["/bad"] = [400]
        message = self._message(self._ticket_moved())
        self.Message._cron_send()
        self.assertRecordValues(message, [{"state": "failed", "attempts": 1}])
        self.assertIn("HTTP 400", message.last_error)
        self.assertIn('"status": 400', message.response)
        self._make_due(message)
        self.Message._cron_send()
        self.assertEqual(len(self.fake.received), 1)

    def test_connection_refused_retried_token_never_logged(self):
        gateway = self._gateway("/unused", max_attempts=2)
        gateway.url = f"http://127.0.0.1:{closed_port()}/bot{{{{token}}}}/send"
        message = self._message(self._ticket_moved())
        self.Message._cron_send()
        self.assertEqual(message.state, "retrying")
        self.assertIn("Connection failed", message.last_error)
        self._make_due(message)
        self.Message._cron_send()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.attempts, 2)
        self.assertNotIn(TOKEN, message.last_error)

    def test_cron_sends_in_batches(self):
        self._gateway("/sms")
        messages = self.Message
        for number in range(5):
            messages |= self._message(self._ticket_moved(name=f"Ticket {number}"))
        self.assertEqual(len(messages), 5)
        sent = self.Message._cron_send(batch_size=2)
        self.assertEqual(len(sent), 2)
        self.assertEqual(messages.mapped("state").count("sent"), 2)
        self.Message._cron_send(batch_size=2)
        self.Message._cron_send(batch_size=2)
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(len(self.fake.received), 5)

    def test_form_body_and_messenger(self):
        self.jan.write(
            {"hoa_notice_chat_id": "123456789", "hoa_channel_tickets": "messenger"}
        )
        self.env["hoa.notice.gateway"].create(
            {
                "name": "Fake bot",
                "channel": "messenger",
                "url": self.fake.url("/bot{{token}}/sendMessage"),
                "token": TOKEN,
                "content_type": "form",
                "headers_template": "{}",
                "body_template": "chat_id={{recipient}}&text={{text}}",
            }
        )
        message = self._message(
            self._ticket_moved(reporter=self.jan, name="Zepsuty dzwonek & drzwi")
        )
        self.assertEqual(message.channel, "messenger")
        self.Message._cron_send()
        self.assertEqual(message.state, "sent")
        request = self.fake.received[0]
        self.assertEqual(request["path"], f"/bot{TOKEN}/sendMessage")
        form = parse_qs(request["body"].decode())
        self.assertEqual(form["chat_id"], ["123456789"])
        self.assertEqual(form["text"], [message.text])
        self.assertIn("Zepsuty dzwonek & drzwi", message.text)

    def test_no_gateway_logged_failed(self):
        message = self._message(self._ticket_moved())
        self.assertEqual(message.state, "failed")
        self.assertIn("gateway", message.last_error)
        with self.assertRaises(UserError):
            message.action_retry()
        self._gateway("/sms")
        message.action_retry()
        self.Message._cron_send()
        self.assertEqual(message.state, "sent")

    def test_billing_run_queues_charges(self):
        """New invoices of a billing run: an SMS to the payer who chose it."""
        self._gateway("/sms")
        self.anna.hoa_channel_charges = "sms"
        month = fields.Date.context_today(self.env.user).replace(day=1)
        run = self._run(month)
        messages = self.Message.search([("kind", "=", "charges")])
        self.assertEqual(messages.partner_id, self.anna)  # Jan chose e-mail
        invoice = self.env["account.move"].search(
            [("hoa_billing_run_id", "=", run.id), ("partner_id", "=", self.anna.id)]
        )
        self.assertEqual(len(messages), len(invoice))
        self.assertEqual(messages.res_id, invoice.id)
        self.assertIn(self.unit.display_name, messages.text)
        self.assertEqual(messages.state, "queued")
        self.assertEqual(self.fake.received, [])

    def test_reminder_queues_notice_once(self):
        """A reminder leaving draft: one SMS to the payer who chose it."""
        self._gateway("/sms")
        self.anna.hoa_channel_reminders = "sms"
        Level = self.env["hoa.dunning.level"]
        Level._hoa_create_default_levels(self.community)
        letter = self.env["hoa.dunning.letter"].create(
            {
                "company_id": self.community.id,
                "unit_id": self.unit.id,
                "partner_id": self.anna.id,
                "level_id": Level.search(
                    [("company_id", "=", self.community.id)], limit=1
                ).id,
                "amount": 123.45,
            }
        )
        letter.action_print()
        messages = self.Message.search([("res_model", "=", "hoa.dunning.letter")])
        self.assertEqual(len(messages), 1)
        self.assertRecordValues(
            messages,
            [{"kind": "reminders", "partner_id": self.anna.id, "state": "queued"}],
        )
        self.assertIn(letter.name, messages.text)
        self.assertIn("123.45", messages.text)
        letter.action_print()  # printed again: no second notice
        self.assertEqual(
            self.Message.search_count([("res_model", "=", "hoa.dunning.letter")]), 1
        )

    # ------------------------------------------------------------------ config
    def test_invalid_gateway_refused(self):
        Gateway = self.env["hoa.notice.gateway"]
        count = Gateway.with_context(active_test=False).search_count([])
        bad = [
            {"url": "ftp://example.com/send"},
            {"url": "not a url"},
            {"body_template": '{"to": {{recipient}}, "text": "{{text}}"}'},
            {"body_template": '{"to": "{{recipient}}"}'},
            {"body_template": '{"to": "{{recipient}}", "text": "{{sender}}"}'},
            {"headers_template": "Authorization: Bearer {{token}}"},
            {"timeout": 0},
            {"max_attempts": 0},
        ]
        for vals in bad:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self._gateway("/sms", **vals)
        self.assertEqual(
            Gateway.with_context(active_test=False).search_count([]), count
        )

    def test_token_only_for_managers(self):
        gateway = self._gateway("/sms")
        caretaker = self.env["res.users"].create(
            {
                "name": "Caretaker",
                "login": "notice_caretaker",
                "company_id": self.community.id,
                "company_ids": [Command.set(self.community.ids)],
                "groups_id": [
                    Command.set([self.env.ref("hoa_base.group_hoa_caretaker").id])
                ],
            }
        )
        with self.assertRaises(AccessError):
            gateway.with_user(caretaker).read(["token"])
        manager = self.env["res.users"].create(
            {
                "name": "Manager",
                "login": "notice_manager",
                "company_id": self.community.id,
                "company_ids": [Command.set(self.community.ids)],
                "groups_id": [
                    Command.set([self.env.ref("hoa_base.group_hoa_manager").id])
                ],
            }
        )
        self.assertEqual(gateway.with_user(manager).token, TOKEN)

    def test_person_channel_needs_address(self):
        with self.assertRaises(ValidationError):
            self.jan.hoa_channel_reminders = "sms"
        with self.assertRaises(ValidationError):
            self.jan.hoa_notice_phone = "call me"
        with self.assertRaises(ValidationError):
            self.jan.write({"hoa_channel_voting": "messenger"})

    def test_portal_channel_settings(self):
        """Jan chooses SMS for reminders on /my/notifications; bad input changes
        nothing and says why."""
        self.authenticate("p3_jan", "p3_jan")
        page = self.url_open("/my/notifications").text
        self.assertIn("o_hoa_notice_channels_form", page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        for data in (
            {"hoa_channel_reminders": "sms", "hoa_notice_phone": "call me"},
            {"hoa_channel_reminders": "sms", "hoa_notice_phone": ""},
            {"hoa_channel_voting": "messenger"},
            {"hoa_channel_tickets": "pigeon"},
            {"hoa_notice_chat_id": "<script>"},
        ):
            with self.subTest(data=data):
                response = self.url_open(
                    "/my/notifications/channels", data={"csrf_token": token, **data}
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("channel_error=", response.url)
                self.assertIn("alert-danger", response.text)
                self.jan.invalidate_recordset()
                self.assertRecordValues(
                    self.jan,
                    [
                        {
                            "hoa_channel_reminders": "email",
                            "hoa_channel_voting": "email",
                            "hoa_channel_tickets": "email",
                            "hoa_notice_phone": False,
                            "hoa_notice_chat_id": False,
                        }
                    ],
                )
        response = self.url_open(
            "/my/notifications/channels",
            data={
                "csrf_token": token,
                "hoa_channel_reminders": "sms",
                "hoa_channel_tickets": "messenger",
                "hoa_notice_phone": "+48 600-100-300",
                "hoa_notice_chat_id": "987654",
            },
        )
        self.assertIn("channels_saved=1", response.url)
        self.jan.invalidate_recordset()
        self.assertRecordValues(
            self.jan,
            [
                {
                    "hoa_channel_charges": "email",
                    "hoa_channel_reminders": "sms",
                    "hoa_channel_tickets": "messenger",
                    "hoa_notice_phone": "+48600100300",
                    "hoa_notice_chat_id": "987654",
                }
            ],
        )
        self.assertIn('value="+48600100300"', response.text)

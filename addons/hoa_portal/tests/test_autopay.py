from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_p1 import HoaPortalUnitsCase


@tagged("post_install", "-at_install")
class TestAutopay(HoaPortalUnitsCase):
    """Anna pays flat 1 automatically with a demo card. The billing of last month
    and this month (809.00 each) was posted before her mandate: nothing of it is
    paid automatically."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls._token(cls.anna, "done")
        cls.mandate = cls.env["hoa.autopay.mandate"].create(
            {
                "partner_id": cls.anna.id,
                "company_id": cls.community.id,
                "unit_ids": [Command.set(cls.unit.ids)],
                "token_id": cls.token.id,
                "mode": "issue",
                "monthly_limit": 1000.0,
            }
        )

    @classmethod
    def _token(cls, partner, state):
        return cls.env["payment.token"].create(
            {
                "provider_id": cls.provider.id,
                "payment_method_id": cls.env.ref("payment_demo.payment_method_demo").id,
                "partner_id": partner.id,
                "payment_details": "4242",
                "provider_ref": f"demo-{partner.id}-{state}",
                "demo_simulated_state": state,
            }
        )

    def _charge(self, amount, unit=None, partner=None):
        """Post a charge of ``amount`` for ``unit`` (flat 1 of Anna by default)."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.anna).id,
                "hoa_unit_id": (unit or self.unit).id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Maintenance", "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _attempt(self, invoice):
        return self.env["hoa.autopay.attempt"].search([("invoice_id", "=", invoice.id)])

    def _mails_to_anna(self, attempt):
        return attempt.message_ids.filtered(
            lambda m: self.anna in m.partner_ids and m.message_type == "comment"
        )

    def test_billing_run_queues_without_charging(self):
        """The billing of next month queues one attempt for flat 1 (809.00) and
        none for Jan's flat 2; no card is charged by the run."""
        before = self.env["payment.transaction"].search_count([])
        self.assertFalse(self.env["hoa.autopay.attempt"].search([]))
        next_month = self.month + relativedelta(months=1)
        self._run(next_month)
        attempts = self.env["hoa.autopay.attempt"].search([])
        self.assertEqual(attempts.unit_id, self.unit)
        self.assertEqual(len(attempts), 1)
        self.assertEqual(attempts.amount, 809.0)
        self.assertEqual(attempts.state, "queued")
        self.assertEqual(attempts.invoice_id.hoa_period_date, next_month)
        self.assertEqual(self.env["payment.transaction"].search_count([]), before)

    def test_within_limit_pays_the_charge(self):
        invoice = self._charge(809.0)
        attempt = self._attempt(invoice)
        self.assertEqual(attempt.state, "queued")
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(attempt.state, "done")
        self.assertEqual(attempt.try_count, 1)
        self.assertEqual(attempt.amount, 809.0)
        self.assertEqual(invoice.payment_state, "paid")
        tx = attempt.transaction_ids
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.operation, "offline")
        self.assertEqual(tx.token_id, self.token)
        self.assertEqual(tx.payment_id.move_id.hoa_unit_id, self.unit)
        # the older charges of the unit are still open: 2 x 809.00
        self.assertEqual(
            sum(self._invoices(self.unit).mapped("amount_residual")), 1618.0
        )
        self.assertEqual(self.mandate.amount_paid_month, 809.0)
        self.assertEqual(len(self._mails_to_anna(attempt)), 1)
        # a second pass does not pay twice
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(len(attempt.transaction_ids), 1)

    def test_above_the_monthly_limit_is_not_paid(self):
        """809.00 paid this month; a further 300.00 would make 1,109.00 over the
        1,000.00 limit: not paid, Anna is told."""
        first = self._charge(809.0)
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(first.payment_state, "paid")
        second = self._charge(300.0)
        attempt = self._attempt(second)
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(attempt.state, "over_limit")
        self.assertFalse(attempt.transaction_ids)
        self.assertEqual(second.payment_state, "not_paid")
        self.assertEqual(second.amount_residual, 300.0)
        self.assertEqual(self.mandate.amount_paid_month, 809.0)
        [mail] = self._mails_to_anna(attempt)
        self.assertIn("monthly", mail.body)
        self.assertIn("1,000.00", mail.body)
        # 191.00 still fits under the limit
        third = self._charge(191.0)
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(third.payment_state, "paid")
        self.assertEqual(self.mandate.amount_paid_month, 1000.0)

    def test_limit_counts_only_this_month(self):
        first = self._charge(809.0)
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(first.payment_state, "paid")
        second = self._charge(809.0)
        with freeze_time(self.month + relativedelta(months=1, days=2)):
            self.env["hoa.autopay.attempt"]._cron_process()
            self.assertEqual(self._attempt(second).state, "done")
            self.assertEqual(self.mandate.amount_paid_month, 809.0)
        self.assertEqual(second.payment_state, "paid")

    def test_failed_payment_is_retried_once_then_given_up(self):
        self.mandate.token_id = self._token(self.anna, "error")
        invoice = self._charge(200.0)
        attempt = self._attempt(invoice)
        Attempt = self.env["hoa.autopay.attempt"]
        Attempt._cron_process()
        self.assertEqual(attempt.state, "retry")
        self.assertEqual(attempt.try_count, 1)
        self.assertEqual(attempt.transaction_ids.state, "error")
        self.assertEqual(len(self._mails_to_anna(attempt)), 1)
        # not again in the same hour
        Attempt._cron_process()
        self.assertEqual(attempt.try_count, 1)
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            Attempt._cron_process()
        self.assertEqual(attempt.state, "failed")
        self.assertEqual(attempt.try_count, 2)
        self.assertEqual(len(attempt.transaction_ids), 2)
        self.assertEqual(set(attempt.transaction_ids.mapped("state")), {"error"})
        self.assertEqual(invoice.payment_state, "not_paid")
        mails = self._mails_to_anna(attempt)
        self.assertEqual(len(mails), 2)
        self.assertIn("will not be tried again", mails[0].body)
        # given up: later passes leave it to the office
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            Attempt._cron_process()
        self.assertEqual(len(attempt.transaction_ids), 2)
        self.assertIn(attempt, Attempt.search([("state", "=", "failed")]))

    def test_retry_succeeds(self):
        token = self._token(self.anna, "error")
        self.mandate.token_id = token
        invoice = self._charge(200.0)
        attempt = self._attempt(invoice)
        self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(attempt.state, "retry")
        token.demo_simulated_state = "done"
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(attempt.state, "done")
        self.assertEqual(invoice.payment_state, "paid")

    def test_day_mode_waits_for_the_day(self):
        self.mandate.write({"mode": "day", "pay_day": 15})
        invoice = self._charge(100.0)
        invoice_date = invoice.invoice_date
        attempt = self._attempt(invoice)
        self.assertEqual(attempt.state, "queued")
        expected = invoice_date.replace(day=15)
        if expected < invoice_date:
            expected += relativedelta(months=1)
        self.assertEqual(attempt.date_planned.date(), expected)

    def test_cancelled_mandate_queues_nothing(self):
        self.mandate.action_cancel()
        invoice = self._charge(100.0)
        self.assertFalse(self._attempt(invoice))

    def test_only_own_token_and_owned_units(self):
        jan_token = self._token(self.jan, "done")
        with self.assertRaises(ValidationError):
            self.mandate.token_id = jan_token
        with self.assertRaises(ValidationError):
            self.mandate.unit_ids = [Command.link(self.unit_2.id)]
        with self.assertRaises(ValidationError):
            self.mandate.monthly_limit = -1.0
        with self.assertRaises(ValidationError):
            self.mandate.write({"mode": "day", "pay_day": 31})
        with self.assertRaises(ValidationError):
            self.env["hoa.autopay.mandate"].create(
                {
                    "partner_id": self.anna.id,
                    "company_id": self.community.id,
                    "unit_ids": [Command.set(self.unit.ids)],
                    "token_id": self.token.id,
                }
            )

    def test_pending_payment_is_followed_up(self):
        """The provider answers later: the attempt waits, is logged once, and is
        paid when the transaction is confirmed."""
        self.mandate.token_id = self._token(self.anna, "pending")
        invoice = self._charge(150.0)
        attempt = self._attempt(invoice)
        Attempt = self.env["hoa.autopay.attempt"]
        Attempt._cron_process()
        self.assertEqual(attempt.state, "processing")
        messages = len(attempt.message_ids)
        Attempt._cron_process()
        self.assertEqual(len(attempt.message_ids), messages)
        self.assertEqual(len(attempt.transaction_ids), 1)
        attempt.transaction_ids._set_done()
        Attempt._cron_process()
        self.assertEqual(attempt.state, "done")
        self.assertEqual(invoice.payment_state, "paid")

    def test_unexpected_error_stops_only_its_attempt(self):
        first = self._attempt(self._charge(100.0))
        second = self._attempt(self._charge(120.0))
        original = type(first)._create_transaction

        def create_transaction(attempt, amount):
            if attempt == first:
                raise RuntimeError("provider unreachable")
            return original(attempt, amount)

        with (
            patch.object(type(first), "_create_transaction", create_transaction),
            self.assertLogs(
                "odoo.addons.hoa_portal.models.hoa_autopay_attempt", level="ERROR"
            ),
        ):
            self.env["hoa.autopay.attempt"]._cron_process()
        self.assertEqual(first.state, "failed")
        self.assertIn("provider unreachable", first.message)
        self.assertFalse(first.transaction_ids)
        self.assertEqual(second.state, "done")
        self.assertEqual(second.invoice_id.payment_state, "paid")

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common_p1 import HoaPortalUnitsCase


@tagged("post_install", "-at_install")
class TestPortalPayment(HttpCase, HoaPortalUnitsCase):
    def _start_payment(self, unit, amount=1.0):
        """The transaction route as the payment form calls it; ``amount`` is what
        a tampered browser would send."""
        values = self.make_jsonrpc_request(
            f"/my/units/{unit.id}/transaction",
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref(
                    "payment_demo.payment_method_demo"
                ).id,
                "token_id": None,
                "amount": amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": f"/my/units/{unit.id}",
                "is_validation": False,
            },
        )
        return self.env["payment.transaction"].search(
            [("reference", "=", values["reference"])]
        )

    def _balance(self):
        [summary] = (
            self.env["hoa.portal.finance"]
            .with_user(self.anna_user)
            ._dashboard(self.unit.with_user(self.anna_user))
        )
        return summary["balance"]

    def test_pay_online_settles_the_unit(self):
        """Anna paid 300.00 of last month; she pays the rest, 1,318.00, online: both
        invoices are paid and the payment carries the unit."""
        last, current = self._invoices(self.unit).sorted("hoa_period_date")
        self._pay_invoice(last, 300.0, self.today)
        self.assertEqual(self._balance(), 1318.0)
        self._login("anna_portal_p1")
        tx = self._start_payment(self.unit)
        self.assertEqual(tx.amount, 1318.0)  # computed by the server, not sent
        self.assertEqual(tx.hoa_unit_id, self.unit)
        self.assertEqual(tx.partner_id, self.anna)
        self.assertEqual(tx.company_id, self.community)
        tx._set_done()
        tx._post_process()
        payment = tx.payment_id
        self.assertTrue(payment)
        self.assertEqual(payment.move_id.hoa_unit_id, self.unit)
        receivable = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.hoa_unit_id, self.unit)
        self.assertTrue(receivable.reconciled)
        self.assertEqual(last.payment_state, "paid")
        self.assertEqual(current.payment_state, "paid")
        self.assertEqual(self._balance(), 0.0)
        self.assertFalse(
            self._invoices(self.unit_2).filtered(
                lambda move: move.payment_state != "not_paid"
            )
        )

    def test_oldest_charges_first(self):
        """A payment smaller than the debt (the provider confirmed 1,000.00 of
        the 1,618.00 asked) settles last month first."""
        last, current = self._invoices(self.unit).sorted("hoa_period_date")
        self._login("anna_portal_p1")
        tx = self._start_payment(self.unit)
        tx.amount = 1000.0
        tx._set_done()
        tx._post_process()
        self.assertEqual(last.payment_state, "paid")
        self.assertEqual(current.payment_state, "partial")
        self.assertEqual(current.amount_residual, 618.0)
        self.assertEqual(self._balance(), 618.0)

    def test_nothing_due(self):
        last, current = self._invoices(self.unit).sorted("hoa_period_date")
        self._pay_invoice(last | current, 1618.0, self.today)
        self._login("anna_portal_p1")
        with self.assertRaises(JsonRpcException) as caught:
            self._start_payment(self.unit)
        self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        response = self.url_open(f"/my/units/{self.unit.id}/pay")
        self.assertIn("Nothing is due for this unit", response.text)

    def test_tour_pay_online(self):
        """The resident's flow in a browser: balance, payment form link, pay now,
        balance settled."""
        self.start_tour("/my/units", "hoa_portal_p1_pay_units", login="anna_portal_p1")
        self.assertEqual(self._balance(), 0.0)

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common_p1 import HoaPortalUnitsCase


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase, HoaPortalUnitsCase):
    """Every route and document of part 1: Anna reaches hers, never Jan's; a person
    without a unit reaches none; an anonymous visitor is sent to the login page."""

    def _routes(self, unit):
        return [
            f"/my/units/{unit.id}",
            f"/my/units/{unit.id}/pay",
            f"/my/units/{unit.id}/payment_form",
            f"/my/units/{unit.id}/payment_form?month={self.month:%Y-%m}",
            f"/my/units/{unit.id}/statement",
            f"/my/units/{unit.id}/statement?date_from=2020-01-01&date_to=2030-12-31",
        ]

    def test_own_unit_routes(self):
        self._login("anna_portal_p1")
        for url in self._routes(self.unit):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)

    def test_other_resident_gets_404(self):
        for login in ("anna_portal_p1", "ewa_portal_p1"):
            self._login(login)
            for url in self._routes(self.unit_2):
                with self.subTest(login=login, url=url):
                    # (after the redirection to the person's language)
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 404)
        self._login("anna_portal_p1")
        self.assertEqual(self.url_open("/my/units/999999999").status_code, 404)

    def test_anonymous_redirected_to_login(self):
        for url in ["/my/units"] + self._routes(self.unit):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("/web/login", response.url)
                self.assertTrue(response.history)

    def test_transaction_route_refuses_other_unit(self):
        self._login("anna_portal_p1")
        params = {
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "token_id": None,
            "amount": 737.0,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": f"/my/units/{self.unit_2.id}",
            "is_validation": False,
        }
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(f"/my/units/{self.unit_2.id}/transaction", params)
        self.assertEqual(str(caught.exception), "odoo.exceptions.ValidationError")
        self.assertFalse(
            self.env["payment.transaction"].search(
                [("hoa_unit_id", "=", self.unit_2.id)]
            )
        )
        # anonymous: no session, no transaction
        self.authenticate(None, None)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(f"/my/units/{self.unit.id}/transaction", params)
        self.assertEqual(str(caught.exception), "odoo.http.SessionExpiredException")
        self.assertFalse(
            self.env["payment.transaction"].search([("hoa_unit_id", "!=", False)])
        )

    def test_other_resident_documents(self):
        """Jan's invoices through Odoo's own portal routes and through the ORM."""
        jan_invoices = self._invoices(self.unit_2)
        anna_invoices = self._invoices(self.unit)
        self._login("anna_portal_p1")
        for invoice in jan_invoices:
            for url in (
                f"/my/invoices/{invoice.id}",
                f"/my/invoices/{invoice.id}?report_type=pdf&download=true",
            ):
                with self.subTest(url=url):
                    response = self.url_open(url)
                    self.assertIn(response.status_code, (200, 403, 404))
                    # core portal sends him back to /my
                    self.assertNotIn(f"/my/invoices/{invoice.id}", response.url)
                    self.assertNotIn(invoice.name, response.text)
        for invoice in anna_invoices:
            self.assertEqual(
                self.url_open(f"/my/invoices/{invoice.id}").status_code, 200
            )
        Move = self.env["account.move"].with_user(self.anna_user)
        self.assertEqual(
            Move.search([("hoa_unit_id", "!=", False)]),
            anna_invoices.with_user(self.anna_user),
        )
        with self.assertRaises(AccessError):
            Move.browse(jan_invoices.ids).read(["name"])
        with self.assertRaises(AccessError):
            self.env["account.move.line"].with_user(self.anna_user).browse(
                jan_invoices.line_ids.ids
            ).read(["name"])
        with self.assertRaises(AccessError):
            self.unit_2.with_user(self.anna_user).read(["name"])

    def test_invoices_of_a_unit_without_followers(self):
        """An invoice nobody follows is still the payer's (hoa_portal's rule); it is
        no longer hers once she has sold the unit."""
        invoice = self._invoices(self.unit)[-1:]
        invoice.message_unsubscribe(invoice.message_partner_ids.ids)
        Move = self.env["account.move"].with_user(self.anna_user)
        self.assertEqual(Move.search([("id", "=", invoice.id)]).id, invoice.id)
        self.anna_owns.date_to = self.last_month.replace(day=1)
        self.anna_owns.flush_recordset()
        self.assertFalse(Move.search([("id", "=", invoice.id)]))

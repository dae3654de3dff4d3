import re

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_p1 import HoaPortalUnitsCase


@tagged("post_install", "-at_install")
class TestPortalAutopay(HttpCase, HoaPortalUnitsCase):
    """Anna sets up, changes and cancels her automatic payment on the portal; she
    can use only her own flat and her own saved card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        method = cls.env.ref("payment_demo.payment_method_demo")
        Token = cls.env["payment.token"]
        cls.anna_token, cls.jan_token = Token.create(
            [
                {
                    "provider_id": cls.provider.id,
                    "payment_method_id": method.id,
                    "partner_id": partner.id,
                    "payment_details": details,
                    "provider_ref": f"demo-{details}",
                    "demo_simulated_state": "done",
                }
                for partner, details in ((cls.anna, "4242"), (cls.jan, "1111"))
            ]
        )
        cls.jan_mandate = cls.env["hoa.autopay.mandate"].create(
            {
                "partner_id": cls.jan.id,
                "company_id": cls.community.id,
                "unit_ids": [Command.set(cls.unit_2.ids)],
                "token_id": cls.jan_token.id,
            }
        )
        (cls.anna | cls.jan).lang = "en_US"

    def _token_of(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _mandates(self, partner):
        return self.env["hoa.autopay.mandate"].search([("partner_id", "=", partner.id)])

    def _post(self, url, **data):
        self._login("anna_portal_p1")
        data.setdefault("csrf_token", self._token_of("/my/autopay/new"))
        return self.url_open(url, data=data)

    def test_set_up_change_cancel(self):
        self._login("anna_portal_p1")
        page = self.url_open("/my/autopay/new").text
        self.assertIn("4242", page)
        self.assertNotIn("1111", page)  # Jan's card is not offered
        self.assertNotIn(f'value="{self.unit_2.id}"', page)
        response = self._post(
            "/my/autopay/new",
            unit_ids=str(self.unit.id),
            token_id=str(self.anna_token.id),
            mode="day",
            pay_day="12",
            monthly_limit="1 000,50",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your automatic payment is saved.", response.text)
        mandate = self._mandates(self.anna)
        self.assertEqual(mandate.unit_ids, self.unit)
        self.assertEqual(mandate.token_id, self.anna_token)
        self.assertEqual((mandate.mode, mandate.pay_day), ("day", 12))
        self.assertEqual(mandate.monthly_limit, 1000.5)
        self.assertIn(self.unit.display_name, self.url_open("/my/autopay").text)
        # change: on issue, no limit
        response = self._post(
            f"/my/autopay/{mandate.id}",
            unit_ids=str(self.unit.id),
            token_id=str(self.anna_token.id),
            mode="issue",
            monthly_limit="",
        )
        self.assertIn("Your automatic payment is saved.", response.text)
        self.assertEqual((mandate.mode, mandate.monthly_limit), ("issue", 0.0))
        response = self._post(f"/my/autopay/{mandate.id}/cancel")
        self.assertIn("Your automatic payment is cancelled.", response.text)
        self.assertFalse(mandate.active)

    def test_bad_input_changes_nothing(self):
        cases = [
            (
                {"unit_ids": str(self.unit_2.id)},
                "Choose one or more of your own units.",
            ),
            ({"token_id": str(self.jan_token.id)}, "Choose one of your saved payment"),
            ({"mode": "weekly"}, "Choose when the charges are paid."),
            ({"mode": "day", "pay_day": "31"}, "between 1 and 28"),
            ({"monthly_limit": "-5"}, "Write the monthly limit"),
            ({"monthly_limit": "nan"}, "Write the monthly limit"),
            ({"monthly_limit": "1e999"}, "Write the monthly limit"),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                data = {
                    "unit_ids": str(self.unit.id),
                    "token_id": str(self.anna_token.id),
                    "mode": "issue",
                    "monthly_limit": "100",
                    **change,
                }
                response = self._post("/my/autopay/new", **data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
                self.assertIn(message, response.text)
                self.assertFalse(self._mandates(self.anna))

    def test_another_residents_mandate(self):
        self._login("anna_portal_p1")
        response = self.url_open(f"/my/autopay/{self.jan_mandate.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("1111", self.url_open("/my/autopay").text)
        response = self._post(f"/my/autopay/{self.jan_mandate.id}/cancel")
        self.assertEqual(response.status_code, 404)
        response = self._post(
            f"/my/autopay/{self.jan_mandate.id}",
            unit_ids=str(self.unit.id),
            token_id=str(self.anna_token.id),
            mode="issue",
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.jan_mandate.active)
        self.assertEqual(self.jan_mandate.unit_ids, self.unit_2)
        self.assertEqual(self.jan_mandate.token_id, self.jan_token)

    def test_records_of_others_are_hidden(self):
        Mandate = self.env["hoa.autopay.mandate"].with_user(self.anna_user)
        self.assertFalse(Mandate.search([]))
        Mandate = self.env["hoa.autopay.mandate"].with_user(self.jan_user)
        self.assertEqual(Mandate.search([]), self.jan_mandate)

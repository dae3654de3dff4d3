from odoo.tests import HttpCase, tagged

from .common_p1 import HoaPortalUnitsCase


@tagged("post_install", "-at_install")
class TestPortalUnits(HttpCase, HoaPortalUnitsCase):
    def _documents(self, unit):
        return self._invoices(unit).sorted("hoa_period_date")

    def test_dashboard_data(self):
        """Anna owes two months; paying last month leaves this month's charges."""
        Finance = self.env["hoa.portal.finance"].with_user(self.anna_user)
        unit = self.unit.with_user(self.anna_user)
        [summary] = Finance._dashboard(unit)
        self.assertEqual(summary["balance"], 1618.0)
        self.assertEqual(summary["amount_due"], 1618.0)
        self.assertFalse(summary["is_overpaid"])
        self.assertTrue(summary["is_current_month"])
        self.assertEqual(
            dict(summary["charges"]),
            {"Maintenance": 225.0, "Repair fund": 500.0, "Waste": 72.0, "Lift": 12.0},
        )
        self.assertEqual(summary["charges_total"], 809.0)
        last, current = self._documents(self.unit)
        self.assertEqual(summary["next_due"], last.invoice_date_due)
        self.assertEqual(summary["account"], "91 1020 2892 9876 0000 0000 0001")
        self.assertEqual(summary["payer"], self.anna)

        self._pay_invoice(last, 809.0, self.today)
        [summary] = Finance._dashboard(unit)
        self.assertEqual(summary["balance"], 809.0)
        self.assertEqual(summary["next_due"], current.invoice_date_due)
        # 1,000.00 more than owed: 191.00 overpaid
        self._pay_invoice(current, 1000.0, self.today)
        [summary] = Finance._dashboard(unit)
        self.assertEqual(summary["balance"], -191.0)
        self.assertTrue(summary["is_overpaid"])
        self.assertEqual(summary["amount_due"], 0.0)
        payments = Finance._payments(unit, self.anna)
        self.assertEqual(sorted(p["amount"] for p in payments), [809.0, 1000.0])

    def test_dashboard_page(self):
        self._login("anna_portal_p1")
        response = self.url_open("/my/units")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn(self.unit.display_name, html)
        self.assertNotIn(f'data-unit-id="{self.unit_2.id}"', html)
        self.assertIn(f'data-unit-id="{self.unit.id}"', html)
        self.assertIn("1,618.00", html)
        self.assertIn("Repair fund", html)
        self.assertIn('class="o_hoa_dashboard_extra"', html)
        self.assertIn("91 1020 2892 9876 0000 0000 0001", html)
        self.assertIn(f"/my/units/{self.unit.id}/payment_form", html)
        self.assertIn(f"/my/units/{self.unit.id}/pay", html)
        self.assertIn("What do these amounts mean?", html)

    def test_home_counter(self):
        self._login("anna_portal_p1")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hoa_unit_count"]}
        )
        self.assertEqual(counters["hoa_unit_count"], 1)
        self._login("ewa_portal_p1")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hoa_unit_count"]}
        )
        self.assertEqual(counters["hoa_unit_count"], 0)

    def test_unit_page(self):
        self._login("anna_portal_p1")
        last, current = self._documents(self.unit)
        self._pay_invoice(last, 809.0, self.today)
        response = self.url_open(f"/my/units/{self.unit.id}")
        self.assertEqual(response.status_code, 200)
        html = response.text
        for move in last | current:
            self.assertIn(move.name, html)
            self.assertIn(f"/my/invoices/{move.id}", html)
        self.assertIn("809.00", html)
        self.assertIn("Payments received", html)
        for jan_move in self._invoices(self.unit_2):
            self.assertNotIn(jan_move.name, html)
        # the PDF of an invoice through Odoo's portal
        response = self.url_open(f"/my/invoices/{current.id}?report_type=pdf")
        self.assertEqual(response.status_code, 200)

    def test_payment_form_pdf(self):
        """The month's form asks for what is left after a partial payment."""
        self._login("anna_portal_p1")
        __, current = self._documents(self.unit)
        self._pay_invoice(current, 300.0, self.today)
        response = self.url_open(
            f"/my/units/{self.unit.id}/payment_form?month={self.month:%Y-%m}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response.headers["Content-Disposition"])
        # test mode renders the report's HTML instead of calling wkhtmltopdf
        self.assertIn("509.00", response.text)
        self.assertIn('class="hoa_qr"', response.text)

    def test_statement_pdf(self):
        self._login("anna_portal_p1")
        response = self.url_open(
            f"/my/units/{self.unit.id}/statement"
            f"?date_from={self.last_month}&date_to={self.today}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("1,618.00", response.text)
        # a period ending before it starts goes back to the unit with a message
        response = self.url_open(
            f"/my/units/{self.unit.id}/statement"
            f"?date_from={self.today}&date_to={self.last_month}",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("error=statement", response.url)
        self.assertIn("The statement period is not valid", response.text)

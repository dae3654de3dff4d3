from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_work_order import HoaWorkOrderCase


@tagged("post_install", "-at_install")
class TestSupplierPortal(HoaWorkOrderCase, HttpCase):
    """Two suppliers with portal logins, each with a bill of the community paid in
    part; Anna, a resident, is no supplier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.water = cls.env["res.partner"].create(
            {"name": "Wodociągi Testowe", "is_company": True, "lang": "en_US"}
        )
        cls.heat = cls.env["res.partner"].create(
            {"name": "Ciepłownia Testowa", "is_company": True, "lang": "en_US"}
        )
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        portal = cls.env.ref("base.group_portal")
        for partner, login in ((cls.water, "wo_water"), (cls.heat, "wo_heat")):
            Users.create(
                {
                    "login": login,
                    "password": login,
                    "partner_id": partner.id,
                    "company_id": cls.community.id,
                    "company_ids": [Command.set(cls.community.ids)],
                    "groups_id": [Command.set(portal.ids)],
                }
            )
        Users.create(
            {
                "login": "wo_anna",
                "password": "wo_anna",
                "partner_id": cls.anna.id,
                "company_id": cls.community.id,
                "company_ids": [Command.set(cls.community.ids)],
                "groups_id": [Command.set(portal.ids)],
            }
        )
        cls.water_bill, cls.water_payment = cls._bill_paid(
            cls.water, "W-2026/11", 1500.0, 1000.0
        )
        cls.heat_bill, cls.heat_payment = cls._bill_paid(
            cls.heat, "H-2026/11", 2400.0, 2400.0
        )

    @classmethod
    def _bill_paid(cls, partner, ref, amount, paid):
        expense = cls.env["account.account"].search(
            [("company_ids", "in", cls.community.id), ("account_type", "=", "expense")],
            limit=1,
        )
        bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": partner.id,
                "ref": ref,
                "invoice_date": cls.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Supply",
                            "account_id": expense.id,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        bill.action_post()
        payment = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create(
                {
                    "amount": paid,
                    "payment_date": cls.today,
                    "payment_difference_handling": "open",
                }
            )
            ._create_payments()
        )
        return bill, payment

    def test_records_of_the_supplier_only(self):
        water = self.env["res.users"].search([("login", "=", "wo_water")])
        Move = self.env["account.move"].with_user(water)
        self.assertEqual(
            Move.search([("move_type", "in", ("in_invoice", "in_refund"))]),
            self.water_bill,
        )
        self.assertEqual(
            self.env["account.payment"].with_user(water).search([]), self.water_payment
        )
        self.assertEqual(self.water_bill.with_user(water).amount_residual, 500.0)
        anna = self.env["res.users"].search([("login", "=", "wo_anna")])
        self.assertFalse(
            self.env["account.move"]
            .with_user(anna)
            .search([("move_type", "in", ("in_invoice", "in_refund"))])
        )
        self.assertFalse(self.env["account.payment"].with_user(anna).search([]))

    def test_supplier_pages(self):
        self.authenticate("wo_water", "wo_water")
        page = self.url_open("/my/supplier")
        self.assertEqual(page.status_code, 200)
        self.assertIn("W-2026/11", page.text)
        self.assertIn(self.water_payment.name, page.text)
        self.assertIn("1,500.00", page.text)
        self.assertIn("1,000.00", page.text)
        self.assertNotIn("H-2026/11", page.text)
        self.assertNotIn(self.heat_payment.name, page.text)
        # the home page links the supplier's page
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hoa_supplier_count"]}
        )
        self.assertEqual(counters["hoa_supplier_count"], 1)
        # its own payment and bill open, with the bill the payment paid
        page = self.url_open(f"/my/supplier/payments/{self.water_payment.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("W-2026/11", page.text)
        page = self.url_open(f"/my/invoices/{self.water_bill.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.water_bill.name, page.text)
        # another supplier's payment and bill are refused
        for url in (
            f"/my/supplier/payments/{self.heat_payment.id}",
            f"/my/invoices/{self.heat_bill.id}",
            "/my/supplier/payments/999999999",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertTrue(
                    response.status_code in (403, 404)
                    or not response.url.split("?")[0].endswith(url),
                    response.url,
                )
                self.assertNotIn("H-2026/11", response.text)

    def test_resident_sees_no_supplier_page_content(self):
        self.authenticate("wo_anna", "wo_anna")
        page = self.url_open("/my/supplier")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_hoa_supplier_no_bill", page.text)
        self.assertNotIn("W-2026/11", page.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hoa_supplier_count"]}
        )
        self.assertEqual(counters["hoa_supplier_count"], 0)

    def test_anonymous_is_sent_to_log_in(self):
        for url in ("/my/supplier", f"/my/supplier/payments/{self.water_payment.id}"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn("/web/login", response.url)
                self.assertNotIn("W-2026/11", response.text)

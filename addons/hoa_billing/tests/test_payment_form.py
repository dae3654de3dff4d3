import re
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HoaBillingCase
from .test_payment_code import FLAT_1_NRB, UA_FLAT_1, decode_nbu_link, decode_qr

REPORT = "hoa_billing.action_report_hoa_payment_form"


def qr_images(html):
    """The base64 PNGs of the QR codes in a rendered report."""
    return [
        re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', tag).group(1)
        for tag in re.findall(r'<img[^>]*class="hoa_qr"[^>]*>', html)
    ]


class PaymentFormCase(HoaBillingCase):
    """Flat 1 (Anna) is billed 809.00 a month: maintenance 225.00 (50 m² × 4.50),
    repair fund 500.00 (1/2 × 1,000.00), waste 72.00 (2 × 36.00), lift 12.00.
    Flat 2 (Jan): 737.00 (no waste: nobody declared)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community.write({"vat": "PL5260250995", "street": "ul. Testowa 1"})
        cls.anna.write({"lang": "pl_PL", "street": "ul. Testowa 1/1"})

    def _pay(self, invoice, amount, on):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": on,
                    "payment_difference_handling": "open",
                }
            )
            ._create_payments()
        )

    def _render(self, units, data, user=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        html, __ = Report._render_qweb_html(REPORT, units.ids, data=data)
        return html.decode()


@tagged("post_install", "-at_install")
class TestPaymentForm(PaymentFormCase):
    def test_amount_due_paid_and_arrears(self):
        """October, after September went unpaid and 300.00 of October was paid."""
        self._run("2026-09-01")
        self._run("2026-10-01")
        october = self._invoices(self.unit).filtered(
            lambda m: m.hoa_period_date == date(2026, 10, 1)
        )
        self.assertEqual(october.amount_total, 809.0)
        self._pay(october, 300.0, "2026-10-05")
        [form] = self.unit._hoa_payment_form_data("2026-10-20")
        self.assertEqual(
            dict(form["charges"]),
            {"Maintenance": 225.0, "Repair fund": 500.0, "Waste": 72.0, "Lift": 12.0},
        )
        self.assertEqual(form["period_date"], date(2026, 10, 1))
        self.assertEqual(form["charged"], 809.0)
        self.assertEqual(form["paid"], 300.0)
        self.assertEqual(form["amount_due"], 509.0)
        self.assertEqual(form["earlier_balance"], 809.0)  # September, information
        self.assertEqual(form["due_date"], date(2026, 10, 10))
        self.assertEqual(form["payer"], self.anna)
        self.assertEqual(form["lang"], "pl_PL")
        self.assertEqual(form["amount_words"], "pięćset dziewięć złotych 00/100")
        self.assertEqual(form["account"], "91 1020 2892 9876 0000 0000 0001")
        self.assertEqual(form["month"], "10/2026")
        # the QR code transfers what is due, to the unit's own account
        fields = decode_qr(form["qr"]["png"]).decode().split("|")
        self.assertEqual(
            fields,
            [
                "5260250995",
                "PL",
                FLAT_1_NRB,
                "050900",
                "WM Testowa 1",
                "ul. Testowa 1/1 10/2026",
                "",
                "",
                "",
            ],
        )
        # once paid in full, nothing is due and September stays as arrears
        self._pay(october, 509.0, "2026-10-12")
        [form] = self.unit._hoa_payment_form_data("2026-10-01")
        self.assertEqual(form["amount_due"], 0.0)
        self.assertEqual(form["paid"], 809.0)
        self.assertEqual(form["amount_words"], "zero złotych 00/100")
        self.assertEqual(decode_qr(form["qr"]["png"]).decode().split("|")[3], "000000")

    def test_report_renders_for_a_manager(self):
        """A community manager (no accounting rights) prints the form."""
        self._run("2026-10-01")
        manager = self.env["res.users"].create(
            {
                "name": "Maria Manager",
                "login": "maria.manager",
                "company_id": self.community.id,
                "company_ids": [(6, 0, self.community.ids)],
                "groups_id": [(6, 0, [self.env.ref("hoa_base.group_hoa_manager").id])],
            }
        )
        self.assertFalse(manager.has_group("account.group_account_invoice"))
        html = self._render(self.unit, {"period_date": "2026-10-01"}, user=manager)
        self.assertIn("osiemset dziewięć złotych 00/100", html)
        self.assertIn("91 1020 2892 9876 0000 0000 0001", html)
        self.assertIn("Anna Nowak", html)
        self.assertIn("ul. Testowa 1/1", html)
        self.assertIn("WM Testowa 1", html)
        [png] = qr_images(html)
        self.assertEqual(decode_qr(png).decode().split("|")[3], "080900")

    def test_bulk_print_of_a_community(self):
        self._run("2026-10-01")
        flat_3 = self.env["hoa.unit"].create(
            {"name": "3", "building_id": self.building.id, "area_usable": 30.0}
        )
        wizard = self.env["hoa.payment.form.wizard"].create(
            {"company_id": self.community.id, "period_date": "2026-10-17"}
        )
        self.assertEqual(wizard.unit_count, 3)
        wizard = wizard.with_context(discard_logo_check=True)
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "hoa_billing.report_hoa_payment_form")
        self.assertEqual(action["data"]["period_date"], "2026-10-01")
        units = self.env["hoa.unit"].browse(action["context"]["active_ids"])
        self.assertEqual(units, self.unit | self.unit_2 | flat_3)
        html = self._render(units, action["data"])
        amounts = [decode_qr(png).decode().split("|")[3] for png in qr_images(html)]
        self.assertEqual(amounts, ["080900", "073700", "000000"])
        self.assertEqual(html.count('class="page hoa_payment_form"'), 3)
        # only the units that owe something
        wizard.only_due = True
        html = self._render(units, wizard.action_print()["data"])
        self.assertEqual(html.count('class="page hoa_payment_form"'), 2)
        # chosen units only
        wizard.unit_ids = flat_3
        self.assertEqual(wizard.unit_count, 1)

    def test_unit_without_virtual_account(self):
        self.community.hoa_virtual_account_prefix = False
        self.assertFalse(self.unit.virtual_account)
        with self.assertRaisesRegex(UserError, "no individual bank account"):
            self.unit._hoa_payment_form_data("2026-10-01")
        wizard = self.env["hoa.payment.form.wizard"].create(
            {"company_id": self.community.id, "period_date": "2026-10-01"}
        )
        with self.assertRaisesRegex(UserError, r"ul\. Testowa 1/1, ul\. Testowa 1/2"):
            wizard.action_print()

    def test_no_units(self):
        empty = self.env["res.company"].create(
            {"name": "WM Pusta", "is_hoa_community": True}
        )
        wizard = self.env["hoa.payment.form.wizard"].create(
            {"company_id": empty.id, "period_date": "2026-10-01"}
        )
        with self.assertRaisesRegex(UserError, "no units"):
            wizard.action_print()

    def test_wizard_from_the_unit(self):
        action = self.unit.action_hoa_payment_form_wizard()
        wizard = (
            self.env["hoa.payment.form.wizard"]
            .with_context(**action["context"])
            .create({"period_date": "2026-10-01"})
        )
        self.assertEqual(wizard.company_id, self.community)
        self.assertEqual(wizard.unit_ids, self.unit)


@tagged("post_install", "-at_install")
class TestPaymentFormUkraine(PaymentFormCase):
    def test_ukrainian_form(self):
        community = self.env["res.company"].create(
            {
                "name": "ОСББ «Тестова 5»",
                "is_hoa_community": True,
                "hoa_kind": "osbb",
                "country_id": self.env.ref("base.ua").id,
                "currency_id": self.env.ref("base.UAH").id,
                "hoa_edrpou": "32855961",
                "hoa_virtual_account_prefix": "3052990000026",
                "street": "вул. Липська, 7",
                "city": "Київ",
            }
        )
        self.env.user.company_ids |= community
        building = self.env["hoa.building"].create(
            {"name": "вул. Липська 7", "code": "Л7", "company_id": community.id}
        )
        unit = self.env["hoa.unit"].create(
            {"name": "12", "building_id": building.id, "area_usable": 48.0}
        )
        payer = self.env["res.partner"].create(
            {"name": "Олена Шевченко", "lang": "uk_UA", "city": "Київ"}
        )
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": unit.id,
                "partner_id": payer.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2025-01-01",
            }
        )
        [form] = unit._hoa_payment_form_data("2026-11-01")
        self.assertEqual(form["lang"], "uk_UA")
        self.assertEqual(form["payer"], payer)
        self.assertEqual(form["account"], "UA49 3052 9900 0002 6000 0000 0000 1")
        self.assertEqual(form["amount_words"], "нуль гривень 00 копійок")
        html = self._render(unit, {"period_date": "2026-11-01"})
        self.assertIn("Олена Шевченко", html)
        self.assertIn("ОСББ «Тестова 5»", html)
        self.assertIn("нуль гривень 00 копійок", html)
        [png] = qr_images(html)
        fields = decode_nbu_link(decode_qr(png).decode())
        self.assertEqual(fields[5:9], ["ОСББ «Тестова 5»", UA_FLAT_1, "", "32855961"])
        self.assertEqual(fields[11], form["title"].replace("—", "-"))
        self.assertIn("Л7/12", fields[11])
        self.assertIn("11/2026", fields[11])

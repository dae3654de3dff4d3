import base64
import io
from datetime import date

from openpyxl import load_workbook

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .test_payment_form import PaymentFormCase

REPORT = "hoa_billing.action_report_hoa_unit_statement"


@tagged("post_install", "-at_install")
class TestStatement(PaymentFormCase):
    """Flat 1 is billed 809.00 on the first of September, October and November 2026,
    pays 1,000.00 on 15 October and gets a credit note of 50.00 on 20 October.

    | date       | movement       | debit  | credit   | balance  |
    | 2026-09-01 | September      | 809.00 |          |   809.00 |
    | 2026-10-01 | October        | 809.00 |          | 1,618.00 |
    | 2026-10-15 | payment        |        | 1,000.00 |   618.00 |
    | 2026-10-20 | credit note    |        |    50.00 |   568.00 |
    | 2026-11-01 | November       | 809.00 |          | 1,377.00 |
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for month in ("2026-09-01", "2026-10-01", "2026-11-01"):
            run = cls.env["hoa.billing.run"].create(
                {"company_id": cls.community.id, "period_date": month}
            )
            run.action_start()
        september = cls.env["account.move"].search(
            [("hoa_unit_id", "=", cls.unit.id), ("hoa_period_date", "=", "2026-09-01")]
        )
        payment = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=september.ids)
            .create(
                {
                    "amount": 1000.0,
                    "payment_date": "2026-10-15",
                    "payment_difference_handling": "open",
                }
            )
            ._create_payments()
        )
        # what the bank import will do: the payment's receivable line names the unit
        cls.payment_line = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        cls.payment_line.hoa_unit_id = cls.unit
        credit_note = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": cls.anna.id,
                "invoice_date": "2026-10-20",
                "date": "2026-10-20",
                "hoa_unit_id": cls.unit.id,
                "payment_reference": "Lift out of order",
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Lift out of order",
                            "account_id": cls.income.id,
                            "price_unit": 50.0,
                            "tax_ids": [(6, 0, [])],
                        },
                    )
                ],
            }
        )
        credit_note.action_post()
        # a draft invoice is not in the books yet
        cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.anna.id,
                "invoice_date": "2026-10-25",
                "hoa_unit_id": cls.unit.id,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {"name": "Draft", "account_id": cls.income.id, "price_unit": 7},
                    )
                ],
            }
        )

    def test_october(self):
        data = self.unit._hoa_statement_data("2026-10-01", "2026-10-31")
        self.assertEqual(data["opening"], 809.0)
        self.assertEqual(
            [
                (str(line["date"]), line["kind"], line["debit"], line["credit"])
                for line in data["lines"]
            ],
            [
                ("2026-10-01", "Charges", 809.0, 0.0),
                ("2026-10-15", "Payment", 0.0, 1000.0),
                ("2026-10-20", "Credit note", 0.0, 50.0),
            ],
        )
        self.assertEqual(
            [line["balance"] for line in data["lines"]], [1618.0, 618.0, 568.0]
        )
        self.assertEqual(data["total_debit"], 809.0)
        self.assertEqual(data["total_credit"], 1050.0)
        self.assertEqual(data["closing"], 568.0)
        self.assertEqual(data["lines"][2]["description"], "Lift out of order")
        self.assertEqual(data["payer"], self.anna)

    def test_whole_autumn_and_the_other_flat(self):
        data = self.unit._hoa_statement_data(date(2026, 9, 1), date(2026, 11, 30))
        self.assertEqual(data["opening"], 0.0)
        self.assertEqual(
            [line["balance"] for line in data["lines"]],
            [809.0, 1618.0, 618.0, 568.0, 1377.0],
        )
        self.assertEqual(data["closing"], 1377.0)
        # the payment overpaid September by 191.00: still open on the payment line
        self.assertEqual(self.payment_line.amount_residual, -191.0)
        # flat 2 only has its own three invoices of 737.00
        data = self.unit_2._hoa_statement_data("2026-01-01", "2026-12-31")
        self.assertEqual([line["debit"] for line in data["lines"]], [737.0] * 3)
        self.assertEqual(data["closing"], 2211.0)

    def test_period_after_the_movements(self):
        data = self.unit._hoa_statement_data("2026-12-01", "2026-12-31")
        self.assertEqual(data["opening"], 1377.0)
        self.assertEqual(data["lines"], [])
        self.assertEqual(data["closing"], 1377.0)

    def test_dates_in_the_wrong_order(self):
        with self.assertRaisesRegex(UserError, "cannot start on"):
            self.unit._hoa_statement_data("2026-11-01", "2026-10-31")
        with self.assertRaises(ValidationError):
            self.env["hoa.unit.statement.wizard"].create(
                {
                    "unit_id": self.unit.id,
                    "date_from": "2026-11-01",
                    "date_to": "2026-10-31",
                }
            )

    def test_pdf(self):
        wizard = self.env["hoa.unit.statement.wizard"].create(
            {
                "unit_id": self.unit.id,
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
            }
        )
        action = wizard.with_context(discard_logo_check=True).action_print()
        self.assertEqual(action["report_name"], "hoa_billing.report_hoa_unit_statement")
        self.assertEqual(
            action["data"], {"date_from": "2026-10-01", "date_to": "2026-10-31"}
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, self.unit.ids, data=action["data"]
        )
        html = html.decode()
        # Anna reads Polish: amounts as Polish write them
        for amount in ("809,00", "1618,00", "1000,00", "568,00", "1050,00"):
            self.assertIn(amount, html.replace("\xa0", "").replace(" ", ""))
        self.assertIn("Lift out of order", html)
        self.assertNotIn("Draft", html)

    def test_xlsx(self):
        wizard = self.env["hoa.unit.statement.wizard"].create(
            {
                "unit_id": self.unit.id,
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
                "output": "xlsx",
            }
        )
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"id={wizard.id}", action["url"])
        self.assertIn("download=true", action["url"])
        self.assertTrue(wizard.xlsx_filename.endswith(".xlsx"))
        book = load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        rows = [
            [cell for cell in row if cell is not None]
            for row in book.active.iter_rows(values_only=True)
        ]
        rows = [row for row in rows if row]
        self.assertIn(["Opening balance", 809], rows)
        self.assertIn(["Closing balance", 568], rows)
        self.assertIn(["Totals", 809, 1050], rows)
        movements = [row for row in rows if row[0].__class__.__name__ == "datetime"]
        self.assertEqual(
            [(row[0].date(), row[-3], row[-2], row[-1]) for row in movements],
            [
                (date(2026, 10, 1), 809, 0, 1618),
                (date(2026, 10, 15), 0, 1000, 618),
                (date(2026, 10, 20), 0, 50, 568),
            ],
        )

    def test_manager_without_accounting_rights(self):
        manager = self.env["res.users"].create(
            {
                "name": "Maria Manager",
                "login": "maria.statement",
                "company_id": self.community.id,
                "company_ids": [(6, 0, self.community.ids)],
                "groups_id": [(6, 0, [self.env.ref("hoa_base.group_hoa_manager").id])],
            }
        )
        wizard = (
            self.env["hoa.unit.statement.wizard"]
            .with_user(manager)
            .create(
                {
                    "unit_id": self.unit.id,
                    "date_from": "2026-10-01",
                    "date_to": "2026-10-31",
                    "output": "xlsx",
                }
            )
        )
        wizard.action_print()
        self.assertTrue(wizard.xlsx_file)
        data = self.unit.with_user(manager)._hoa_statement_data(
            "2026-10-01", "2026-10-31"
        )
        self.assertEqual(data["closing"], 568.0)

    def test_wizard_from_the_unit(self):
        action = self.unit.action_hoa_statement_wizard()
        form = Form(
            self.env["hoa.unit.statement.wizard"].with_context(**action["context"])
        )
        self.assertEqual(form.unit_id, self.unit)
        self.assertEqual(form.output, "pdf")

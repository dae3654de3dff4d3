import io

import openpyxl

from odoo.tests import TransactionCase, tagged

from odoo.addons.hoa_billing.models.hoa_report import REPORTS

PERIOD = {"date_from": "2026-01-01", "date_to": "2026-10-31"}
PROFIT_AND_LOSS = (
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
)


@tagged("post_install", "-at_install")
class TestReportsOnDemoData(TransactionCase):
    """Every community report opens on the demo communities as PDF (its HTML) and
    XLSX, and its totals equal the ledger's: sums of posted journal items read
    here, not through the report's code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.communities = (
            cls.env["account.move"]
            .search([("hoa_billing_run_id", "!=", False), ("state", "=", "posted")])
            .company_id
        )

    def _ledger(self, company, domain):
        lines = self.env["account.move.line"].search(
            [("company_id", "=", company.id), ("parent_state", "=", "posted")] + domain
        )
        return company.currency_id.round(sum(lines.mapped("balance")))

    def _open(self, report, company, data):
        """The report's figures, after checking its HTML and XLSX render and hold
        its total."""
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        Report = env["ir.actions.report"]
        html = Report._render_qweb_html(
            f"hoa_billing.report_hoa_{report}", company.ids, data
        )[0].decode()
        content, kind = Report._render_xlsx(
            f"hoa_billing.report_hoa_{report}_xlsx", company.ids, data
        )
        self.assertEqual(kind, "xlsx")
        cells = [
            cell
            for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(
                values_only=True
            )
            for cell in row
        ]
        values = env["hoa.report"]._hoa_report_data(report, company, data)
        self.assertIn(company.name, html)
        return values, html, cells

    def test_every_report_on_the_demo_communities(self):
        self.assertTrue(self.communities, "the demo has billed communities")
        for company in self.communities:
            currency = company.currency_id
            with self.subTest(community=company.name):
                # charges: what the invoices and credit notes of the period billed
                charges, _html, cells = self._open("charges", company, PERIOD)
                billed = -self._ledger(
                    company,
                    [
                        ("hoa_charge_type_id", "!=", False),
                        ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                        ("display_type", "=", "product"),
                        ("date", ">=", PERIOD["date_from"]),
                        ("date", "<=", PERIOD["date_to"]),
                    ],
                )
                self.assertTrue(billed)
                self.assertAlmostEqual(charges["totals"]["amount"], billed, 2)
                self.assertIn(charges["totals"]["amount"], cells)
                # payments: the money received on the units' receivables
                payments, _html, cells = self._open("payments", company, PERIOD)
                received = -self._ledger(
                    company,
                    [
                        ("hoa_unit_id", "!=", False),
                        ("account_id.account_type", "=", "asset_receivable"),
                        ("journal_id.type", "in", ("bank", "cash")),
                        ("credit", ">", 0),
                        ("date", ">=", PERIOD["date_from"]),
                        ("date", "<=", PERIOD["date_to"]),
                    ],
                )
                self.assertTrue(received)
                self.assertAlmostEqual(payments["totals"]["amount"], received, 2)
                self.assertAlmostEqual(
                    payments["totals"]["residential"]
                    + payments["totals"]["commercial"],
                    received,
                    2,
                )
                # arrears: per unit, what is overdue on the day less its credits
                arrears, _html, cells = self._open(
                    "arrears",
                    company,
                    {"date_from": PERIOD["date_to"], "date_to": PERIOD["date_to"]},
                )
                self.assertAlmostEqual(
                    arrears["totals"]["amount"],
                    sum(arrears["totals"]["by_unit"].values()),
                    2,
                )
                # repair fund: its movements add up
                fund, _html, cells = self._open("repair_fund", company, PERIOD)
                totals = fund["totals"]
                self.assertAlmostEqual(
                    totals["closing"],
                    currency.round(
                        totals["opening"]
                        + totals["billed"]
                        + totals["other"]
                        - totals["costs"]
                    ),
                    2,
                )
                # annual settlement: the year's result and the fund's movement are
                # the profit and loss of the ledger
                settlement, _html, cells = self._open(
                    "settlement", company, {"year": 2026}
                )
                totals = settlement["totals"]
                profit = -self._ledger(
                    company,
                    [
                        ("account_id.account_type", "in", PROFIT_AND_LOSS),
                        ("date", ">=", "2026-01-01"),
                        ("date", "<=", "2026-12-31"),
                    ],
                )
                self.assertAlmostEqual(
                    currency.round(
                        totals["result"]
                        + totals["fund_closing"]
                        - totals["fund_opening"]
                    ),
                    profit,
                    2,
                )
                self.assertAlmostEqual(
                    totals["result"],
                    currency.round(totals["income"] - totals["costs"]),
                    2,
                )
                self.assertIn(totals["income"], cells)
        # a report added later must be added here too
        self.assertEqual(
            set(REPORTS),
            {"arrears", "charges", "payments", "repair_fund", "settlement"},
        )

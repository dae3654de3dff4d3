import io

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestReports(HoaBillingCase):
    """February and March 2026 billed: flat 1 809.00 a month (maintenance 225, repair
    fund 500, waste 72, lift 12), flat 2 737.00 (no waste), due on the 10th. Flat 1
    pays 1,000.00 on 15 March (February and 191.00 of March), flat 2 (commercial
    premises) 300.00 on 20 March. Bills: a roof repair of 1,230.00 booked on the
    repair fund's account, cleaning 400.00 (analytic account Cleaning) and electricity
    250.00 on an expense account. In 2025 the community earned 100.00 (to the bank)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.fund_account = Account.create(
            {
                "code": "851100",
                "name": "Fundusz remontowy",
                "account_type": "income",
                "company_ids": [Command.link(cls.community.id)],
            }
        )
        cls.repair.write({"is_repair_fund": True, "account_id": cls.fund_account.id})
        cls.expense = Account.search(
            [
                ("company_ids", "in", cls.community.id),
                ("account_type", "=", "expense"),
            ],
            limit=1,
        )
        cls.other_income = Account.search(
            [
                ("company_ids", "in", cls.community.id),
                ("account_type", "=", "income_other"),
            ],
            limit=1,
        )
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.community.id)], limit=1
        )
        for month in ("2026-02-01", "2026-03-01"):
            cls.env["hoa.billing.run"].create(
                {"company_id": cls.community.id, "period_date": month}
            ).action_start()
        cls.unit_2.kind = "commercial"
        cls._pay(1000.0, cls.unit, "2026-03-15")
        cls._pay(300.0, cls.unit_2, "2026-03-20")
        plan = cls.env["account.analytic.plan"].create({"name": "Costs"})
        cls.cleaning = cls.env["account.analytic.account"].create(
            {"name": "Cleaning", "plan_id": plan.id, "company_id": cls.community.id}
        )
        cls.contractor = cls.env["res.partner"].create({"name": "Dach-Bud"})
        cls.roof = cls._bill(
            [("Roof repair", 1230.0, cls.fund_account, False)], "2026-03-20"
        )
        cls._bill(
            [
                ("Stairs cleaning", 400.0, cls.expense, {str(cls.cleaning.id): 100}),
                ("Electricity", 250.0, cls.expense, False),
            ],
            "2026-03-25",
        )
        cls.old_income = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2025-06-30",
                "journal_id": cls.env["account.journal"]
                .search(
                    [("type", "=", "general"), ("company_id", "=", cls.community.id)],
                    limit=1,
                )
                .id,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cls.bank.default_account_id.id,
                            "debit": 100.0,
                            "name": "Antenna rent 2025",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": cls.other_income.id,
                            "credit": 100.0,
                            "name": "Antenna rent 2025",
                        }
                    ),
                ],
            }
        )
        cls.old_income.action_post()
        cls.Report = cls.env["ir.actions.report"]

    @classmethod
    def _pay(cls, amount, unit, date):
        line = cls.env["account.bank.statement.line"].create(
            {
                "journal_id": cls.bank.id,
                "date": date,
                "amount": amount,
                "payment_ref": "Opłata",
                "hoa_virtual_account": unit.virtual_account,
            }
        )
        line._hoa_match()
        return line

    @classmethod
    def _bill(cls, lines, date):
        bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": cls.contractor.id,
                "invoice_date": date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": account.id,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": distribution,
                        }
                    )
                    for name, amount, account, distribution in lines
                ],
            }
        )
        bill.action_post()
        return bill

    # helpers -------------------------------------------------------------------------
    def _ledger(self, domain):
        """Sum of the balances of the community's posted journal items."""
        lines = self.env["account.move.line"].search(
            [("company_id", "=", self.community.id), ("parent_state", "=", "posted")]
            + domain
        )
        return round(sum(lines.mapped("balance")), 2)

    def _render(self, report, data, company=None, user=None):
        """(report data, HTML, rows of the XLSX sheet) of a community report."""
        company = company or self.community
        Report = self.Report.with_user(user) if user else self.Report
        html = Report._render_qweb_html(
            f"hoa_billing.report_hoa_{report}", company.ids, data
        )[0].decode()
        content, kind = Report._render_xlsx(
            f"hoa_billing.report_hoa_{report}_xlsx", company.ids, data
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        values = self.env["hoa.report"].with_user(user or self.env.user)
        values = values._hoa_report_data(report, company, data)
        return values, html, rows

    def _xlsx_row(self, rows, label, start=0):
        """The first XLSX row from ``start`` whose first cell is ``label``."""
        return next(row for row in rows[start:] if row[0] == label)

    # reports -------------------------------------------------------------------------
    def test_arrears_by_unit(self):
        data = {"date_from": "2026-01-01", "date_to": "2026-04-15"}
        report, html, rows = self._render("arrears", data)
        totals = report["totals"]
        # flat 1: 618.00 of March (36 days); flat 2: 437.00 of February (64 days)
        # and 737.00 of March
        self.assertEqual(totals["amount"], 1792.0)
        self.assertEqual(totals["buckets"], [0.0, 1355.0, 437.0, 0.0, 0.0])
        self.assertEqual(
            totals["by_unit"],
            {self.unit.display_name: 618.0, self.unit_2.display_name: 1174.0},
        )
        # the ledger: what is open of the units' receivables due before the date
        self.assertEqual(
            self._ledger(
                [
                    ("hoa_unit_id", "!=", False),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("date", "<=", "2026-04-15"),
                ]
            ),
            1792.0,
        )
        open_lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.community.id),
                ("hoa_unit_id", "!=", False),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        self.assertEqual(round(sum(open_lines.mapped("amount_residual")), 2), 1792.0)
        self.assertIn("1,792.00", html)
        self.assertIn("Jan Nowak", html)
        total = self._xlsx_row(rows, "Total", 8)
        self.assertEqual(total[2:8], [0.0, 1355.0, 437.0, 0.0, 0.0, 1792.0])

    def test_charges_per_component_and_month(self):
        data = {"date_from": "2026-01-01", "date_to": "2026-04-30"}
        report, html, rows = self._render("charges", data)
        totals = report["totals"]
        self.assertEqual(totals["amount"], 3092.0)  # 2 × (809 + 737)
        self.assertEqual(
            totals["by_charge"],
            {"Maintenance": 900.0, "Repair fund": 2000.0, "Waste": 144.0, "Lift": 48.0},
        )
        self.assertEqual(list(totals["by_month"].values()), [0.0, 1546.0, 1546.0, 0.0])
        self.assertEqual(
            -self._ledger(
                [
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("hoa_charge_type_id", "!=", False),
                ]
            ),
            3092.0,
        )
        self.assertIn("3,092.00", html)
        self.assertIn("03/2026", html)
        header = self._xlsx_row(rows, "Charge")
        self.assertEqual(
            header[1:], ["01/2026", "02/2026", "03/2026", "04/2026", "Total"]
        )
        self.assertEqual(
            self._xlsx_row(rows, "Repair fund")[1:], [0.0, 1000.0, 1000.0, 0.0, 2000.0]
        )
        self.assertEqual(self._xlsx_row(rows, "Total", 6)[-1], 3092.0)

    def test_payments_per_month(self):
        data = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
        report, html, rows = self._render("payments", data)
        self.assertEqual(
            {key: report["totals"][key] for key in ("residential", "commercial")},
            {"residential": 1000.0, "commercial": 300.0},
        )
        self.assertEqual(report["totals"]["amount"], 1300.0)
        self.assertEqual(
            -self._ledger(
                [
                    ("hoa_unit_id", "!=", False),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("journal_id.type", "in", ("bank", "cash")),
                ]
            ),
            1300.0,
        )
        self.assertIn("1,300.00", html)
        self.assertEqual(
            self._xlsx_row(rows, "03/2026")[1:], [1000.0, 300.0, 1300.0, 2]
        )
        self.assertEqual(
            self._xlsx_row(rows, "Total", 8)[1:], [1000.0, 300.0, 1300.0, 2]
        )

    def test_repair_fund(self):
        data = {"date_from": "2026-03-01", "date_to": "2026-04-30"}
        report, html, rows = self._render("repair_fund", data)
        # February's 1,000.00 before the period; March's billed; the roof repaired
        self.assertEqual(
            {
                key: report["totals"][key]
                for key in ("opening", "billed", "costs", "other", "closing")
            },
            {
                "opening": 1000.0,
                "billed": 1000.0,
                "costs": 1230.0,
                "other": 0.0,
                "closing": 770.0,
            },
        )
        fund = [("account_id", "=", self.fund_account.id)]
        self.assertEqual(-self._ledger(fund + [("date", "<", "2026-03-01")]), 1000.0)
        self.assertEqual(-self._ledger(fund + [("date", "<=", "2026-04-30")]), 770.0)
        self.assertIn("Roof repair", html)
        self.assertIn("770.00", html)
        self.assertEqual(self._xlsx_row(rows, "Closing balance", 9)[1], 770.0)
        self.assertEqual(self._xlsx_row(rows, "Opening balance", 9)[1], 1000.0)
        # no charge marked as the repair fund: the report says what to do
        self.repair.is_repair_fund = False
        with self.assertRefused("marked as the repair fund"):
            self.env["hoa.report"]._hoa_report_data("repair_fund", self.community, data)

    def test_annual_settlement(self):
        report, html, rows = self._render("settlement", {"year": 2026})
        totals = report["totals"]
        # income of the year without the repair fund: 2 × (225 + 225 + 72 + 12 + 12)
        self.assertEqual(totals["income"], 1092.0)
        self.assertEqual(
            totals["income_by"], {"Maintenance": 900.0, "Waste": 144.0, "Lift": 48.0}
        )
        self.assertEqual(totals["costs"], 650.0)
        self.assertEqual(
            totals["costs_by"],
            {"Cleaning": 400.0, self.expense.display_name: 250.0},
        )
        self.assertEqual(totals["result"], 442.0)
        self.assertEqual(totals["carry_over"], 100.0)
        self.assertEqual(totals["carry_forward"], 542.0)
        self.assertEqual(totals["fund_closing"], 770.0)
        year = [("date", ">=", "2026-01-01"), ("date", "<=", "2026-12-31")]
        income_types = ("income", "income_other")
        self.assertEqual(
            -self._ledger(
                year
                + [
                    ("account_id.account_type", "in", income_types),
                    ("account_id", "!=", self.fund_account.id),
                ]
            ),
            1092.0,
        )
        self.assertEqual(
            self._ledger(year + [("account_id.account_type", "like", "expense")]),
            650.0,
        )
        self.assertEqual(
            -self._ledger(
                [
                    ("date", "<", "2026-01-01"),
                    ("account_id.account_type", "in", income_types),
                ]
            ),
            100.0,
        )
        self.assertEqual(
            -self._ledger([("account_id", "=", self.fund_account.id)]), 770.0
        )
        self.assertIn("Annual settlement 2026", html)
        self.assertIn("542.00", html)
        self.assertEqual(self._xlsx_row(rows, "Total income")[1], 1092.0)
        self.assertEqual(self._xlsx_row(rows, "Total costs")[1], 650.0)
        self.assertEqual(self._xlsx_row(rows, "Result to carry forward")[1], 542.0)
        self.assertEqual(self._xlsx_row(rows, "Balance on 31 December")[1], 770.0)

    def test_wizard_prints_pdf_and_xlsx(self):
        # (the administrator would first be asked to set up the document layout)
        wizard = (
            self.env["hoa.report.wizard"]
            .with_context(discard_logo_check=True)
            .create(
                {
                    "report": "charges",
                    "company_id": self.community.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-03-31",
                }
            )
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "hoa_billing.report_hoa_charges")
        self.assertEqual(action["data"]["date_to"], "2026-03-31")
        wizard.report = "arrears"  # the arrears of one day
        action = wizard.action_print()
        self.assertEqual(action["data"]["date_from"], "2026-03-31")
        wizard.write({"output": "xlsx", "report": "settlement", "year": 2026})
        action = wizard.action_print()
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["data"], {"year": 2026})
        with self.assertRefused("after its last day"):
            self.env["hoa.report.wizard"].create(
                {
                    "report": "payments",
                    "company_id": self.community.id,
                    "date_from": "2026-04-01",
                    "date_to": "2026-03-31",
                }
            )

    def test_ledger_menus(self):
        menus = self.env.ref("hoa_billing.hoa_report_menu").child_id
        self.assertEqual(
            self.env.ref("hoa_billing.hoa_report_menu").parent_id,
            self.env.ref("hoa_billing.hoa_billing_menu_root"),
        )
        actions = {menu.action for menu in menus}
        for xmlid in (
            "action_general_ledger_wizard",
            "action_trial_balance_wizard",
            "action_open_items_wizard",
            "action_aged_partner_balance_wizard",
            "action_journal_ledger_wizard",
        ):
            self.assertIn(self.env.ref(f"account_financial_report.{xmlid}"), actions)

    # dashboard and access -------------------------------------------------------------
    @freeze_time("2026-04-15")
    def test_office_dashboard(self):
        accountant = new_test_user(
            self.env,
            "reports_accountant",
            groups="hoa_base.group_hoa_accountant",
            company_id=self.community.id,
            company_ids=[Command.set(self.community.ids)],
        )
        Dashboard = self.env["hoa.office.dashboard"].with_user(accountant)
        action = Dashboard.action_open()
        row = Dashboard.search(action["domain"])
        self.assertEqual(row.company_id, self.community)
        # the debts as in the arrears; demand (618.00, 36 days) and final demand
        # (1,174.00, 64 days) due by the default levels
        self.assertEqual((row.arrears, row.debtor_count), (1792.0, 2))
        self.assertEqual(row.reminder_due_count, 2)
        # 16 April 2025 to 15 April 2026: 3,092.00 billed, 1,300.00 paid
        self.assertEqual((row.billed, row.paid), (3092.0, 1300.0))
        self.assertEqual(row.collection_rate, 42.0)
        # the bank: the 2025 rent and the two payments
        self.assertEqual(row.cash, 1400.0)
        self.assertEqual(
            self._ledger(
                [
                    ("account_id", "=", self.bank.default_account_id.id),
                    ("date", "<=", "2026-04-15"),
                ]
            ),
            1400.0,
        )
        content, kind = self.Report.with_user(accountant)._render_xlsx(
            "hoa_billing.report_hoa_office_dashboard_xlsx", row.ids, {}
        )
        rows = [
            list(values)
            for values in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(
                values_only=True
            )
        ]
        self.assertEqual(
            self._xlsx_row(rows, self.community.name),
            [self.community.name, "PLN", 1792.0, 2, 2, 3092.0, 1300.0, 42.0, 1400.0],
        )
        self.assertEqual(
            self._xlsx_row(rows, "Total"),
            ["Total", "PLN", 1792.0, 2, 2, 3092.0, 1300.0, 42.0, 1400.0],
        )
        export = row.action_export_xlsx()
        self.assertEqual(export["report_type"], "xlsx")

    @freeze_time("2026-04-15")
    def test_another_community_sees_nothing_of_this_one(self):
        other = self.env["res.company"].create(
            {
                "name": "WM Inna",
                "is_hoa_community": True,
                "country_id": self.env.ref("base.pl").id,
                "currency_id": self.env.ref("base.PLN").id,
            }
        )
        self.env.user.company_ids |= other
        outsider = new_test_user(
            self.env,
            "reports_outsider",
            groups="hoa_base.group_hoa_accountant",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Dashboard = (
            self.env["hoa.office.dashboard"]
            .with_user(outsider)
            .with_context(allowed_company_ids=other.ids)
        )
        rows = Dashboard.search(Dashboard.action_open()["domain"])
        self.assertEqual(rows.company_id, other)
        self.assertEqual((rows.arrears, rows.billed, rows.cash), (0.0, 0.0, 0.0))
        # this community's rows, created by its accountant, stay hidden
        insider = new_test_user(
            self.env,
            "reports_insider",
            groups="hoa_base.group_hoa_accountant",
            company_id=self.community.id,
            company_ids=[Command.set(self.community.ids)],
        )
        mine = self.env["hoa.office.dashboard"].with_user(insider)._hoa_refresh()
        self.assertFalse(Dashboard.search([("id", "in", mine.ids)]))
        data = {"date_from": "2026-01-01", "date_to": "2026-04-15"}
        Report = self.env["hoa.report"].with_context(allowed_company_ids=other.ids)
        for report in ("arrears", "charges", "payments", "repair_fund"):
            with self.assertRaises(AccessError):
                Report.with_user(outsider)._hoa_report_data(
                    report, self.community, data
                )
            with self.assertRaises(AccessError):
                self.Report.with_user(outsider).with_context(
                    allowed_company_ids=other.ids
                )._render_qweb_html(
                    f"hoa_billing.report_hoa_{report}", self.community.ids, data
                )
        with self.assertRaises(AccessError):
            Report.with_user(outsider)._hoa_report_data(
                "settlement", self.community, {"year": 2026}
            )
        # a board member of this community reads its reports
        board = new_test_user(self.env, "reports_board", groups="base.group_portal")
        self.env["hoa.board.member"].create(
            {
                "company_id": self.community.id,
                "partner_id": board.partner_id.id,
                "date_from": "2026-01-01",
            }
        )
        report = (
            self.env["hoa.report"]
            .with_user(board)
            ._hoa_report_data("arrears", self.community, data)
        )
        self.assertEqual(report["totals"]["amount"], 1792.0)

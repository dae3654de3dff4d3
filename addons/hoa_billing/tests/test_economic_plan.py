from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestEconomicPlan(HoaBillingCase):
    """The test community: flat 1 (50 m² usable + 5 m² additional, share 1/2,
    2 occupants) and flat 2 (50 m², share 1/2, nobody declared); both have the
    charges maintenance (per m²), repair fund (share), waste (occupants) and lift
    (per unit) from 2026-01-01, each with a rate from that day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.cat_maintenance = ref("hoa_billing.hoa_cost_category_maintenance")
        cls.cat_repair = ref("hoa_billing.hoa_cost_category_repair_fund")
        cls.cat_waste = ref("hoa_billing.hoa_cost_category_waste")
        cls.cat_cleaning = ref("hoa_billing.hoa_cost_category_cleaning")
        cls.cat_other = ref("hoa_billing.hoa_cost_category_other")
        cls.expense = cls.env["account.account"].search(
            [
                ("company_ids", "in", cls.community.id),
                ("account_type", "=", "expense"),
            ],
            limit=1,
        )

    @contextmanager
    def _refused(self, exception, pattern):
        """``exception`` matching ``pattern``, everything rolled back."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _plan(self, year, lines, **vals):
        return self.env["hoa.economic.plan"].create(
            {
                "company_id": self.community.id,
                "year": year,
                "line_ids": [Command.create(line) for line in lines],
                **vals,
            }
        )

    def _line(self, category, cost, charge_type=None, income=0.0, **vals):
        return {
            "category_id": category.id,
            "charge_type_id": charge_type.id if charge_type else False,
            "amount_cost": cost,
            "amount_income": income,
            **vals,
        }

    def _adopted(self, year, lines):
        plan = self._plan(year, lines)
        plan.action_propose()
        plan.action_adopt()
        return plan

    def test_rates_for_each_basis(self):
        plan = self._plan(
            2027,
            [
                self._line(self.cat_maintenance, 10000.0, self.maintenance),
                self._line(self.cat_repair, 24000.0, self.repair),
                self._line(self.cat_waste, 900.0, self.waste),
                self._line(self.cat_maintenance, 500.0, self.lift),
                self._line(self.cat_cleaning, 6300.0, basis="area_total"),
            ],
        )
        self.assertEqual(plan.name, "Economic Plan 2027 – WM Testowa 1")
        self.assertEqual(str(plan.date_reference), "2027-01-01")
        maintenance, repair, waste, lift, cleaning = plan.line_ids
        # 50 + 50 m²; 10,000 / 12 / 100 = 8.333… → 8.33; 8.33 × 100 × 12 = 9,996
        self.assertEqual(maintenance.basis, "area_usable")
        self.assertEqual(maintenance.basis_quantity, 100.0)
        self.assertEqual(maintenance.rate, 8.33)
        self.assertEqual(maintenance.amount_yearly, 9996.0)
        self.assertEqual(maintenance.amount_to_collect, 10000.0)
        # shares 1/2 + 1/2 = 1; 24,000 / 12 / 1 = 2,000 (the whole share's month)
        self.assertEqual(repair.basis, "share")
        self.assertEqual(repair.basis_quantity, 1.0)
        self.assertEqual(repair.rate, 2000.0)
        # 2 occupants declared (flat 1); 900 / 12 / 2 = 37.50
        self.assertEqual(waste.basis_quantity, 2.0)
        self.assertEqual(waste.rate, 37.5)
        # 2 units; 500 / 12 / 2 = 20.833… → 20.83; 20.83 × 2 × 12 = 499.92
        self.assertEqual(lift.basis_quantity, 2.0)
        self.assertEqual(lift.rate, 20.83)
        self.assertEqual(lift.amount_yearly, 499.92)
        # no charge: every unit's usable + additional area, 55 + 50 = 105 m²;
        # 6,300 / 12 / 105 = 5.00
        self.assertEqual(cleaning.basis_quantity, 105.0)
        self.assertEqual(cleaning.rate, 5.0)
        self.assertEqual(plan.amount_cost, 41700.0)
        self.assertEqual(plan.amount_to_collect, 41700.0)

    def test_other_income_reduces_the_rate(self):
        plan = self._plan(
            2027,
            [
                self._line(
                    self.cat_maintenance, 12000.0, self.maintenance, income=1200.0
                )
            ],
        )
        # (12,000 − 1,200) / 12 / 100 m² = 9.00
        self.assertEqual(plan.line_ids.rate, 9.0)
        self.assertEqual(plan.line_ids.amount_to_collect, 10800.0)
        self.assertEqual(plan.amount_income, 1200.0)
        self.assertEqual(plan.amount_to_collect, 10800.0)

    def test_create_rates_and_bill_january(self):
        plan = self._adopted(
            2027,
            [
                self._line(
                    self.cat_maintenance, 12000.0, self.maintenance, income=1200.0
                ),
                self._line(self.cat_repair, 24000.0, self.repair),
                self._line(self.cat_waste, 900.0, self.waste),
                self._line(self.cat_maintenance, 500.0, self.lift),
                # collected by the maintenance charge too: 3,000 / 12 / 100 = 2.50
                self._line(self.cat_cleaning, 3000.0, self.maintenance),
                self._line(self.cat_other, 3000.0),  # no charge collects it
            ],
        )
        plan.resolution_ref = "Uchwała 3/2026"
        plan.action_create_tariffs()
        self.assertEqual(plan.tariff_count, 4)
        self.assertEqual(
            set(plan.tariff_ids.mapped("date_from")), {plan.date_reference}
        )
        self.assertEqual(
            {t.charge_type_id.name: t.rate for t in plan.tariff_ids},
            # maintenance: 9.00 + 2.50 for the cleaning
            {"Maintenance": 11.5, "Repair fund": 2000.0, "Waste": 37.5, "Lift": 20.83},
        )
        self.assertEqual(set(plan.tariff_ids.mapped("note")), {"Uchwała 3/2026"})
        run = self._run("2027-01-01")
        self.assertEqual(
            self._amounts(run, self.unit),
            {
                "Maintenance": 575.0,  # 50 m² × 11.50
                "Repair fund": 1000.0,  # 1/2 × 2,000.00
                "Waste": 75.0,  # 2 occupants × 37.50
                "Lift": 20.83,
            },
        )
        # 575.00 + 1,000.00 + 75.00 + 20.83
        january = self._invoices(self.unit).filtered(
            lambda m: str(m.hoa_period_date) == "2027-01-01"
        )
        self.assertEqual(january.amount_total, 1670.83)
        # flat 2: 575.00 + 1,000.00 + 20.83, nobody declared
        january_2 = self._invoices(self.unit_2).filtered(
            lambda m: str(m.hoa_period_date) == "2027-01-01"
        )
        self.assertEqual(january_2.amount_total, 1595.83)
        # December 2026 still bills the old rates
        self.assertEqual(
            self._amounts(self._run("2026-12-01"), self.unit)["Maintenance"], 225.0
        )
        # a second time: refused, nothing created
        with self._refused(UserError, "created already"):
            plan.action_create_tariffs()
        self.assertEqual(plan.tariff_count, 4)
        # a plan whose rates bill the owners is not cancelled nor reopened
        with self._refused(UserError, "delete them"):
            plan.action_cancel()
        with self._refused(UserError, "delete them"):
            plan.action_draft()

    def test_rates_refused_unless_adopted(self):
        plan = self._plan(2027, [self._line(self.cat_waste, 900.0, self.waste)])
        Tariff = self.env["hoa.tariff"]
        count = Tariff.search_count([("company_id", "=", self.community.id)])
        with self._refused(UserError, "adopted"):
            plan.action_create_tariffs()
        plan.action_propose()
        with self._refused(UserError, "adopted"):
            plan.action_create_tariffs()
        self.assertEqual(
            Tariff.search_count([("company_id", "=", self.community.id)]), count
        )

    def test_rate_already_starting_that_day_refused(self):
        # the test charges have rates from 2026-01-01 already
        plan = self._adopted(
            2026,
            [
                self._line(self.cat_waste, 900.0, self.waste),
                self._line(self.cat_maintenance, 500.0, self.lift),
            ],
        )
        with self._refused(UserError, "2026-01-01 already exists.*Waste"):
            plan.action_create_tariffs()
        self.assertFalse(plan.tariff_ids)
        self.assertEqual(len(self.waste.tariff_ids), 1)

    def test_state_flow(self):
        empty = self._plan(2027, [])
        with self._refused(UserError, "planned costs"):
            empty.action_propose()
        empty.unlink()
        plan = self._plan(2027, [self._line(self.cat_waste, 900.0, self.waste)])
        self.assertEqual(plan.state, "draft")
        with self.assertRaises(UserError):
            plan.action_adopt()  # not proposed yet
        plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        with self._refused(UserError, "no longer a draft"):
            plan.line_ids.amount_cost = 1000.0
        plan.action_adopt()
        self.assertEqual(plan.state, "adopted")
        self.assertTrue(plan.date_adopted)
        with self._refused(UserError, "draft or cancelled"):
            plan.unlink()
        with self._refused(ValidationError, "already has an economic plan"):
            self._plan(2027, [])
        plan.action_draft()
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.date_adopted)
        plan.line_ids.amount_cost = 1200.0
        self.assertEqual(plan.line_ids.rate, 50.0)  # 1,200 / 12 / 2 occupants
        plan.action_cancel()
        self.assertEqual(plan.state, "cancel")
        # a cancelled plan leaves its year free
        other = self._plan(2027, [])
        self.assertEqual(other.state, "draft")
        with self._refused(ValidationError, "already has an economic plan"):
            plan.action_draft()
        self.assertTrue(plan.message_ids)

    def test_line_constraints(self):
        with self._refused(ValidationError, "Roof.*negative"):
            self._plan(2027, [self._line(self.cat_repair, -1.0, name="Roof")])
        with self._refused(ValidationError, "Roof.*negative"):
            self._plan(
                2027, [self._line(self.cat_repair, 100.0, income=-5.0, name="Roof")]
            )
        garden = self._charge_type(
            "Garden", "area_usable", 1.0, units=self.env["hoa.unit"]
        )
        with self._refused(ValidationError, "Garden care.*Garden"):
            self._plan(
                2027,
                [self._line(self.cat_other, 100.0, garden, name="Garden care")],
            )
        with self._refused(ValidationError, "exceeds the cost"):
            self._plan(
                2027,
                [self._line(self.cat_waste, 100.0, self.waste, income=200.0)],
            )
        water = self._charge_type(
            "Water", "consumption", 15.0, medium="cold_water", units=self.unit
        )
        with self._refused(ValidationError, "cannot compute"):
            self._plan(2027, [self._line(self.cat_other, 100.0, water)])
        self.assertFalse(
            self.env["hoa.economic.plan"].search(
                [("company_id", "=", self.community.id)]
            )
        )

    def _bill(self, company, date, lines, post=True):
        expense = self.env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "expense")],
            limit=1,
        )
        bill = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "in_invoice",
                    "company_id": company.id,
                    "partner_id": self.jan.id,
                    "invoice_date": date,
                    "date": date,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Cost",
                                "account_id": expense.id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": distribution,
                            }
                        )
                        for amount, distribution in lines
                    ],
                }
            )
        )
        if post:
            bill.action_post()
        return bill

    def test_plan_versus_actual(self):
        other = self.env["res.company"].create(
            {
                "name": "WM Inna 2",
                "is_hoa_community": True,
                "hoa_kind": "homeowners",
                "country_id": self.env.ref("base.pl").id,
                "currency_id": self.env.ref("base.PLN").id,
            }
        )
        self.env.user.company_ids |= other
        self.env["account.chart.template"].try_loading("pl", other, install_demo=False)
        self.env = self.env(
            context=dict(
                self.env.context, allowed_company_ids=[self.community.id, other.id]
            )
        )
        maintenance = self.cat_maintenance._analytic_account(self.community, True)
        cleaning = self.cat_cleaning._analytic_account(self.community, True)
        other_maintenance = self.cat_maintenance._analytic_account(other, True)
        self.assertEqual(maintenance.company_id, self.community)
        self.assertEqual(maintenance.plan_id.name, "Cost categories")
        self.assertNotEqual(other_maintenance, maintenance)
        self.assertEqual(other_maintenance.plan_id, maintenance.plan_id)
        self.assertEqual(
            self.cat_maintenance._analytic_account(self.community), maintenance
        )
        plan = self._adopted(
            2026,
            [
                self._line(self.cat_maintenance, 12000.0, self.maintenance),
                self._line(self.cat_waste, 900.0, self.waste),
            ],
        )
        self._bill(
            self.community,
            "2026-03-10",
            [
                (1000.0, {str(maintenance.id): 100}),
                (600.0, {str(maintenance.id): 50, str(cleaning.id): 50}),
                (400.0, False),  # no category: not counted
            ],
        )
        self._bill(self.community, "2026-07-15", [(500.0, {str(maintenance.id): 100})])
        self._bill(
            self.community,
            "2026-04-01",
            [(250.0, {str(maintenance.id): 100})],
            post=False,  # a draft: not counted
        )
        self._bill(other, "2026-03-10", [(777.0, {str(other_maintenance.id): 100})])
        self._run("2026-01-01")
        wizard = self.env["hoa.economic.plan.actual"].create(
            {"plan_id": plan.id, "date": "2026-06-30"}
        )
        action = wizard.action_show()
        self.assertEqual(action["res_model"], "hoa.economic.plan.actual.line")
        rows = {
            line.category_id.name: (
                line.amount_plan,
                line.amount_plan_to_date,
                line.amount_actual,
                line.amount_difference,
                round(line.percent_used, 2),
                line.amount_billed,
            )
            for line in wizard.line_ids
        }
        self.assertEqual(
            rows,
            {
                # 12,000 × 181/365 days = 5,950.68; 1,000 + 600 × 50 % = 1,300
                # (the July bill, the draft and the other community's not counted);
                # billed in January: 2 × 50 m² × 4.50 = 450
                "Maintenance": (12000.0, 5950.68, 1300.0, -4650.68, 10.83, 450.0),
                # 900 × 181/365 = 446.30; billed: 2 occupants × 36.00
                "Waste collection": (900.0, 446.3, 0.0, -446.3, 0.0, 72.0),
                # not planned: 600 × 50 %
                "Cleaning": (0.0, 0.0, 300.0, 300.0, 0.0, 0.0),
            },
        )
        wizard.date = "2026-12-31"
        wizard.action_show()
        actual = {line.category_id.name: line.amount_actual for line in wizard.line_ids}
        self.assertEqual(actual["Maintenance"], 1800.0)  # and the July bill's 500
        self.assertEqual(
            wizard.line_ids.filtered(
                lambda line: line.category_id == self.cat_maintenance
            ).amount_plan_to_date,
            12000.0,
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "hoa_billing.action_report_hoa_economic_plan_actual", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Maintenance", html)
        self.assertRegex(html, r"1[ ,.\xa0]?800[.,]00")  # the community's format
        self.assertIn("WM Testowa 1", html)
        wizard.date = "2025-12-31"
        with self._refused(UserError, "in 2026"):
            wizard.action_show()

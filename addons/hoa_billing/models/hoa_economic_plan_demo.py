from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# charge code: (cost category, other income a year) — the charges a plan sets
DEMO_PLAN_CHARGES = {
    "ZAL": ("hoa_cost_category_maintenance", 6000.0),
    "FR": ("hoa_cost_category_repair_fund", 0.0),
    "CO": ("hoa_cost_category_heating", 0.0),
    "ODP": ("hoa_cost_category_waste", 0.0),
    "WIN": ("hoa_cost_category_maintenance", 0.0),
    "UTR": ("hoa_cost_category_maintenance", 12000.0),
    "REM": ("hoa_cost_category_repair_fund", 0.0),
    "TPV": ("hoa_cost_category_waste", 0.0),
    "LIF": ("hoa_cost_category_maintenance", 0.0),
}
# costs not collected by a rate of the plan: (category, cost a year per unit)
DEMO_PLAN_OTHER = [
    ("hoa_cost_category_water", 900.0),
    ("hoa_cost_category_insurance", 60.0),
    ("hoa_cost_category_cleaning", 240.0),
]
DEMO_RESOLUTION = {
    "hoa_base.hoa_company_krakow": "Uchwała nr %s/%s",
    "hoa_base.hoa_company_kyiv": "Рішення зборів № %s/%s",
}


class HoaEconomicPlanDemo(models.AbstractModel):
    _name = "hoa.economic.plan.demo"
    _description = "Economic Plan Demo Data"

    @api.model
    def _hoa_demo_plans(self):
        """Demo: adopted economic plans of last year and this year for the demo
        communities, whose rates are the demo charges' rates, and the year's
        costs booked with their categories so that plan versus actual shows
        numbers. The rates of a plan are created only for a year not billed yet,
        so the billing demo stays as it is."""
        today = fields.Date.context_today(self)
        for xmlid, resolution in DEMO_RESOLUTION.items():
            company = self.env.ref(xmlid, raise_if_not_found=False)
            if not company or not company.chart_template:
                continue
            charge_types = self.env["hoa.charge.type"].search(
                [("company_id", "=", company.id)]
            )
            if not charge_types or self.env["hoa.economic.plan"].search_count(
                [("company_id", "=", company.id)]
            ):
                continue
            for number, year in enumerate((today.year - 1, today.year), start=2):
                plan = self._hoa_demo_plan(
                    company, charge_types, year, resolution % (number, year - 1)
                )
                billed = self.env["hoa.billing.run"].search_count(
                    [
                        ("company_id", "=", company.id),
                        ("period_date", ">=", date(year, 1, 1)),
                        ("period_date", "<=", date(year, 12, 31)),
                    ]
                )
                taken = self.env["hoa.tariff"].search_count(
                    [
                        ("charge_type_id", "in", plan.line_ids.charge_type_id.ids),
                        ("date_from", "=", date(year, 1, 1)),
                    ]
                )
                if plan.line_ids.charge_type_id and not billed and not taken:
                    plan.action_create_tariffs()
            self._hoa_demo_costs(company, plan, today)

    def _hoa_demo_plan(self, company, charge_types, year, resolution):
        engine = self.env["hoa.billing.engine"]
        first_charge = self.env["hoa.unit.charge"].search(
            [("company_id", "=", company.id)], order="date_from", limit=1
        )
        reference = max(date(year, 1, 1), first_charge.date_from or date(year, 1, 1))
        rate_table = self.env["hoa.tariff"]._rate_table(charge_types)
        currency = company.currency_id
        lines = []
        for charge_type in charge_types:
            if charge_type.code not in DEMO_PLAN_CHARGES:
                continue
            category_xmlid, income = DEMO_PLAN_CHARGES[charge_type.code]
            category = self.env.ref(f"hoa_billing.{category_xmlid}")
            rates = rate_table.get(charge_type.id)
            if not rates:
                continue
            rate = engine._rate_at(
                rate_table, charge_type, self.env["hoa.unit"], reference
            )
            rate = rates[0][3] if rate is None else rate
            quantity = engine._community_quantity(
                company, charge_type.basis, reference, charge_type
            )
            if quantity <= 0:
                continue
            lines.append(
                Command.create(
                    {
                        "category_id": category.id,
                        "name": charge_type.name,
                        "charge_type_id": charge_type.id,
                        "amount_cost": currency.round(rate * quantity * 12) + income,
                        "amount_income": income,
                    }
                )
            )
        unit_count = self.env["hoa.unit"].search_count(
            [("company_id", "=", company.id)]
        )
        for category_xmlid, per_unit in DEMO_PLAN_OTHER:
            lines.append(
                Command.create(
                    {
                        "category_id": self.env.ref(f"hoa_billing.{category_xmlid}").id,
                        "amount_cost": currency.round(per_unit * unit_count),
                        "basis": "area_usable",
                    }
                )
            )
        plan = self.env["hoa.economic.plan"].create(
            {
                "company_id": company.id,
                "year": year,
                "date_reference": reference,
                "resolution_ref": resolution,
                "line_ids": lines,
            }
        )
        plan.action_propose()
        plan.action_adopt()
        plan.date_adopted = date(year - 1, 12, 15)
        return plan

    def _hoa_demo_costs(self, company, plan, today):
        """A supplier's bill a month of this year, its lines carrying the cost
        categories' analytic accounts: about the plan's twelfth, more heating in
        winter, a roof repair from the repair fund in June."""
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1
        )
        expense = self.env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "expense")],
            limit=1,
        )
        if not journal or not expense:
            return
        vendor = self.env["res.partner"].create(
            {
                "name": "Zakład Usług Komunalnych"
                if company.country_id.code == "PL"
                else "Комунальні послуги ТОВ",
                "is_company": True,
            }
        )
        planned = {}
        for line in plan.line_ids:
            planned[line.category_id] = (
                planned.get(line.category_id, 0.0) + line.amount_cost
            )
        currency = company.currency_id
        bills = []
        month = date(today.year, 1, 1)
        while month + relativedelta(days=27) <= today:
            invoice_lines = []
            for category, amount in planned.items():
                factor = 1.0
                if category.code == "CO":
                    factor = 1.8 if month.month in (1, 2, 3, 11, 12) else 0.4
                elif category.code == "FR":
                    factor = 7.0 if month.month == 6 else 0.0
                elif month.month % 4 == 0:
                    factor = 1.15
                price = currency.round(amount / 12 * factor)
                if not price:
                    continue
                account = category._analytic_account(company, create=True)
                invoice_lines.append(
                    Command.create(
                        {
                            "name": category.name,
                            "account_id": expense.id,
                            "quantity": 1,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {str(account.id): 100},
                        }
                    )
                )
            bills.append(
                {
                    "move_type": "in_invoice",
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "partner_id": vendor.id,
                    "invoice_date": month + relativedelta(days=27),
                    "date": month + relativedelta(days=27),
                    "ref": f"FV/{month.year}/{month.month:02d}",
                    "invoice_line_ids": invoice_lines,
                }
            )
            month += relativedelta(months=1)
        if bills:
            self.env["account.move"].with_company(company).create(bills).action_post()

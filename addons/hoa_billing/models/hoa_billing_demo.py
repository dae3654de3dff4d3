from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# (code, English name, local name, basis, rates [(months ago, rate)], unit kinds, extra)
DEMO_CHARGES = {
    "hoa_base.hoa_company_krakow": [
        (
            "ZAL",
            "Maintenance advance",
            "Zaliczka na koszty zarządu",
            "area_usable",
            [(12, 3.20), (5, 3.50)],
            ("flat", "commercial"),
            {},
        ),
        (
            "FR",
            "Repair fund",
            "Fundusz remontowy",
            "share",
            [(12, 9000.0)],
            ("flat", "commercial", "garage", "storage"),
            {"is_repair_fund": True},
        ),
        (
            "WOD",
            "Cold water and sewage",
            "Zimna woda i ścieki",
            "consumption",
            [(12, 16.40)],
            ("flat",),
            {"medium": "cold_water"},
        ),
        (
            "CWU",
            "Hot water heating",
            "Podgrzanie wody",
            "consumption",
            [(12, 31.80)],
            ("flat",),
            {"medium": "hot_water"},
        ),
        (
            "CO",
            "Central heating advance",
            "Zaliczka na centralne ogrzewanie",
            "area_usable",
            [(12, 2.60)],
            ("flat", "commercial"),
            {},
        ),
        (
            "ODP",
            "Waste collection",
            "Wywóz odpadów",
            "occupants",
            [(12, 36.00)],
            ("flat",),
            {},
        ),
        ("WIN", "Lift", "Winda", "unit", [(12, 15.00)], ("flat",), {}),
        (
            "GAR",
            "Garage fee",
            "Opłata za garaż",
            "fixed",
            [(12, 90.00)],
            ("garage",),
            {},
        ),
    ],
    "hoa_base.hoa_company_kyiv": [
        (
            "UTR",
            "Building maintenance",
            "Внесок на утримання будинку",
            "area_usable",
            [(12, 8.50), (4, 9.20)],
            ("flat",),
            {},
        ),
        (
            "REM",
            "Repair fund",
            "Ремонтний фонд",
            "area_usable",
            [(12, 2.00)],
            ("flat",),
            {"is_repair_fund": True},
        ),
        (
            "TPV",
            "Waste collection",
            "Вивезення побутових відходів",
            "occupants",
            [(12, 45.00)],
            ("flat",),
            {},
        ),
        ("LIF", "Lift", "Ліфт", "unit", [(12, 60.00)], ("flat",), {}),
        (
            "VOD",
            "Cold water",
            "Холодна вода",
            "consumption",
            [(12, 30.50)],
            ("flat",),
            {"medium": "cold_water"},
        ),
    ],
}
LOCAL_LANG = {
    "hoa_base.hoa_company_krakow": "pl_PL",
    "hoa_base.hoa_company_kyiv": "uk_UA",
}


class HoaBillingDemo(models.AbstractModel):
    _name = "hoa.billing.demo"
    _description = "Billing Demo Data"

    @api.model
    def _hoa_demo_history(self, months=12):
        """Demo: the demo communities' charges, and their last ``months`` months
        billed, one run per month (the current month included)."""
        today = fields.Date.context_today(self)
        first = today.replace(day=1) - relativedelta(months=months - 1)
        for xmlid, charges in DEMO_CHARGES.items():
            company = self.env.ref(xmlid, raise_if_not_found=False)
            if not company or not company.chart_template:
                continue
            income = self.env["account.account"].search(
                [("company_ids", "in", company.id), ("account_type", "=", "income")],
                limit=1,
            )
            units = self.env["hoa.unit"].search([("company_id", "=", company.id)])
            installed = self.env["hoa.charge.type"].search(
                [("company_id", "=", company.id)]
            )
            if installed:
                continue
            for code, name, local, basis, rates, kinds, extra in charges:
                charge_type = self.env["hoa.charge.type"].create(
                    {
                        "name": name,
                        "code": code,
                        "basis": basis,
                        "company_id": company.id,
                        "account_id": income.id,
                        "tariff_ids": [
                            fields.Command.create(
                                {
                                    "date_from": today.replace(day=1)
                                    - relativedelta(months=ago),
                                    "rate": rate,
                                }
                            )
                            for ago, rate in rates
                        ],
                        **extra,
                    }
                )
                if self.env["res.lang"]._get_data(code=LOCAL_LANG[xmlid]):
                    charge_type.update_field_translations(
                        "name", {LOCAL_LANG[xmlid]: local}
                    )
                self.env["hoa.unit.charge"].create(
                    [
                        {
                            "unit_id": unit.id,
                            "company_id": company.id,
                            "charge_type_id": charge_type.id,
                            "date_from": first,
                        }
                        for unit in units
                        if unit.kind in kinds
                    ]
                )
            month = first
            while month <= today:
                run = (
                    self.env["hoa.billing.run"]
                    .with_company(company)
                    .create(
                        {
                            "company_id": company.id,
                            "period_date": month,
                        }
                    )
                )
                run.action_start()
                month += relativedelta(months=1)
            self._hoa_demo_payments(company, first, today)

    def _hoa_demo_payments(self, company, first, today):
        """Demo bank statements, one per month: most payers pay their month to the
        unit's virtual account, a few pay late or not at all (the debtors), one
        overpays, one writes only the invoice number, one payment is unknown."""
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            return
        invoices = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("hoa_billing_run_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            order="hoa_period_date, hoa_unit_id",
        )
        units = invoices.hoa_unit_id.sorted("id")
        index = {unit.id: position for position, unit in enumerate(units)}
        month = first
        while month <= today:
            pay_date = min(month + relativedelta(days=14), today)
            vals = []
            for invoice in invoices.filtered(
                lambda m, mo=month: m.hoa_period_date == mo
            ):
                position = index[invoice.hoa_unit_id.id]
                if position % 10 == 3:
                    continue  # a debtor: never pays
                if position % 10 == 7 and month.month % 3:
                    continue  # pays late: every third month, for three months
                amount = invoice.amount_total
                if position % 10 == 7:
                    amount = round(amount * 3, 2)
                if position == 5:
                    amount += 50.0  # an overpayment, kept as the unit's credit
                line = {
                    "journal_id": journal.id,
                    "date": pay_date,
                    "amount": amount,
                    "payment_ref": invoice.payment_reference,
                    "partner_name": invoice.partner_id.name,
                    "hoa_virtual_account": invoice.hoa_unit_id.virtual_account,
                }
                if position == 11:  # a transfer to the main account, with the number
                    line.update(
                        hoa_virtual_account=False,
                        payment_ref=invoice.name,
                    )
                vals.append(line)
            vals.append(
                {
                    "journal_id": journal.id,
                    "date": pay_date,
                    "amount": 120.0,
                    "payment_ref": "PRZELEW",
                    "partner_name": "Jan Nieznany",
                }
            )
            statement = self.env["account.bank.statement"].create(
                {
                    "name": month.strftime("%Y-%m"),
                    "journal_id": journal.id,
                    "line_ids": [fields.Command.create(line) for line in vals],
                }
            )
            statement.line_ids._hoa_match()
            month += relativedelta(months=1)
        self._hoa_demo_debts(company, today)

    def _hoa_demo_debts(self, company, today):
        """Demo debt handling: late-payment interest notes up to the end of last
        month, the reminders due today, and an instalment agreement for the debtor
        who owes the most."""
        if company.country_id.code != "PL":
            return
        income = self.env["account.account"].search(
            [
                ("company_ids", "in", company.id),
                ("account_type", "in", ("income_other", "income")),
            ],
            order="account_type desc",
            limit=1,
        )
        company.write(
            {"hoa_interest_enabled": True, "hoa_interest_account_id": income.id}
        )
        # a late-fee rule besides interest: 20.00 once per charge unpaid 14 days
        # after its due date, above 50.00, waived when paid within 5 days; the
        # daily cron charges the charges due from two months ago on (the demo's
        # other figures stay as they are until it runs)
        company.write(
            {
                "hoa_late_fee_enabled": True,
                "hoa_late_fee_amount": 20.0,
                "hoa_late_fee_days": 14,
                "hoa_late_fee_mode": "once",
                "hoa_late_fee_min_balance": 50.0,
                "hoa_late_fee_grace_days": 5,
                "hoa_late_fee_date_from": today.replace(day=1)
                - relativedelta(months=2),
            }
        )
        Interest = self.env["hoa.interest.line"].with_company(company)
        until = today.replace(day=1) - relativedelta(days=1)
        values = Interest._hoa_compute(company, until)
        if values:
            Interest._hoa_create_notes(company, until, values)
        units = self.env["hoa.unit"].search([("company_id", "=", company.id)])
        debts = units._hoa_overdue_debt(today)
        if not debts:
            return
        debtor_id = max(debts, key=lambda unit_id: debts[unit_id]["amount"])
        Letter = self.env["hoa.dunning.letter"].with_company(company)
        proposals = Letter._hoa_dunning_proposals(
            units.filtered(lambda unit: unit.id != debtor_id), today
        )
        Letter._hoa_create_from_proposals(proposals, today)
        debtor = self.env["hoa.unit"].browse(debtor_id)
        plan = self.env["hoa.debt.plan"].create(
            {
                "company_id": company.id,
                "unit_id": debtor.id,
                "partner_id": debtor._get_payer(today).id,
                "date": today,
                "amount_total": debts[debtor_id]["amount"],
                "instalment_count": 6,
                "first_due_date": today + relativedelta(months=1, day=10),
            }
        )
        plan.action_compute_schedule()
        plan.action_activate()

"""The figures of the office's and the board's reports, read from the ledger.

Arrears by unit, charges per component and month, payments per month, the repair
fund's movements and the annual settlement of a community. Each ``_hoa_<report>``
method returns one dict that the PDF (QWeb) and the XLSX report print alike:

``title``, ``company``, ``currency``, ``period`` (text), ``figures`` (key figures:
dicts of label, value and kind), ``tables`` (dicts of title, columns — dicts of label
and kind —, rows, total row and note), ``notes`` (paragraphs) and ``totals`` (the
numbers by name, for callers and tests). A kind is ``text``, ``money``, ``percent``,
``integer`` or ``date``.

Every amount is a sum of posted journal items of the community (read with sudo once
the user is known to work for the community), so that each total equals the ledger."""

from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_date

from .hoa_unit import first_of_month

# days overdue of the age buckets of the arrears (the last one is open-ended)
AGE_BUCKETS = [(1, 30), (31, 60), (61, 90), (91, 180), (181, None)]
INCOME_TYPES = ("income", "income_other")
EXPENSE_TYPES = ("expense", "expense_depreciation", "expense_direct_cost")
EQUITY_TYPES = ("equity", "equity_unaffected")
REPORTS = ("arrears", "charges", "payments", "repair_fund", "settlement")


def column(label, kind="text"):
    return {"label": label, "kind": kind}


class HoaReport(models.AbstractModel):
    _name = "hoa.report"
    _description = "Reports of the Office and the Board"

    # ------------------------------------------------------------------ common
    @api.model
    def _hoa_report_data(self, report, company, data):
        """The dict of ``report`` (one of REPORTS) for ``company``; ``data`` holds
        date_from and date_to (ISO strings or dates) or, for the settlement, year."""
        if report not in REPORTS:
            raise UserError(_("Unknown report %(report)s.", report=report))
        if report == "settlement":
            year = int(data.get("year") or fields.Date.context_today(self).year - 1)
            return self._hoa_settlement(company, year)
        date_from, date_to = self._hoa_dates(data)
        return getattr(self, f"_hoa_{report}")(company, date_from, date_to)

    @api.model
    def _hoa_dates(self, data):
        date_to = fields.Date.to_date(data.get("date_to")) or fields.Date.context_today(
            self
        )
        date_from = fields.Date.to_date(data.get("date_from")) or date_to.replace(
            month=1, day=1
        )
        if date_from > date_to:
            raise UserError(
                _(
                    "The report cannot start on %(date_from)s, after its last day "
                    "%(date_to)s.",
                    date_from=format_date(self.env, date_from),
                    date_to=format_date(self.env, date_to),
                )
            )
        return date_from, date_to

    @api.model
    def _hoa_check_community(self, company):
        """Refuse a company that is not a community of the user."""
        company.ensure_one()
        if not company.is_hoa_community:
            raise UserError(
                _("%(company)s is not a housing community.", company=company.name)
            )
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                _(
                    "You do not work for %(community)s: its reports are not "
                    "available to you.",
                    community=company.name,
                )
            )

    @api.model
    def _hoa_lines(self, company):
        """Posted journal items of the community (sudo: the caller checked the
        user) and the domain that selects them."""
        return self.env["account.move.line"].sudo(), [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
        ]

    @api.model
    def _hoa_period(self, date_from, date_to):
        return f"{format_date(self.env, date_from)} – {format_date(self.env, date_to)}"

    @api.model
    def _hoa_months(self, date_from, date_to):
        """First days of the months from ``date_from``'s to ``date_to``'s."""
        month, months = first_of_month(date_from), []
        while month <= date_to:
            months.append(month)
            month += relativedelta(months=1)
        return months

    @api.model
    def _hoa_month_label(self, month):
        return format_date(self.env, month, date_format="MM/yyyy")

    @api.model
    def _hoa_result(self, title, company, period, **values):
        return {
            "title": title,
            "company": company,
            "currency": company.currency_id,
            "period": period,
            "figures": values.get("figures", []),
            "tables": values.get("tables", []),
            "notes": values.get("notes", []),
            "totals": values.get("totals", {}),
            "signatures": values.get("signatures", []),
        }

    # ----------------------------------------------------------------- arrears
    @api.model
    def _hoa_arrears(self, company, date_from, date_to):
        """Each debtor unit's overdue debt on ``date_to`` (hoa.unit._hoa_overdue_debt,
        as the debtors list and the reminders count it) by age: the payments and
        credit notes not yet settled pay the oldest charges first, what is left of
        each charge goes to the bucket of its days overdue."""
        self._hoa_check_community(company)
        currency = company.currency_id
        # sudo: the community was checked, whichever companies the switcher shows
        units = self.env["hoa.unit"].sudo().search([("company_id", "=", company.id)])
        debts = units._hoa_overdue_debt(date_to)
        rows, buckets_total = [], [0.0] * len(AGE_BUCKETS)
        total = interest_total = 0.0
        for unit in units.filtered(lambda unit: unit.id in debts):
            debt = debts[unit.id]
            buckets, interest, notes = [0.0] * len(AGE_BUCKETS), 0.0, []
            left = debt["credit"]
            for line in debt["lines"].sorted(
                lambda line: (line.date_maturity or line.date, line.id)
            ):
                covered = min(left, line.amount_residual)
                left = currency.round(left - covered)
                open_amount = currency.round(line.amount_residual - covered)
                if currency.compare_amounts(open_amount, 0.0) <= 0:
                    continue
                days = (date_to - (line.date_maturity or line.date)).days
                index = self._hoa_age_bucket(days)
                buckets[index] = currency.round(buckets[index] + open_amount)
                if line.move_id.hoa_is_interest_note:
                    interest = currency.round(interest + open_amount)
                    notes.append(line.move_id.name)
            payer = (
                unit._get_payer(date_to) or debt["lines"].sorted("date")[-1:].partner_id
            )
            rows.append(
                [unit.display_name, payer.name or ""]
                + buckets
                + [debt["amount"], interest, ", ".join(notes), debt["oldest_due"]]
            )
            buckets_total = [
                currency.round(a + b)
                for a, b in zip(buckets_total, buckets, strict=True)
            ]
            total = currency.round(total + debt["amount"])
            interest_total = currency.round(interest_total + interest)
        columns = (
            [column(_("Unit")), column(_("Payer"))]
            + [
                column(self._hoa_bucket_label(bucket), "money")
                for bucket in AGE_BUCKETS
            ]
            + [
                column(_("Total"), "money"),
                column(_("Of Which Interest Notes"), "money"),
                column(_("Interest Notes")),
                column(_("Oldest Due"), "date"),
            ]
        )
        total_row = (
            [_("Total"), _("%(count)s units", count=len(rows))]
            + buckets_total
            + [total, interest_total, "", ""]
        )
        return self._hoa_result(
            _("Arrears by unit"),
            company,
            _("as at %(date)s", date=format_date(self.env, date_to)),
            figures=[
                {"label": _("Overdue debt"), "value": total, "kind": "money"},
                {"label": _("Debtor units"), "value": len(rows), "kind": "integer"},
                {
                    "label": _("Of which interest notes"),
                    "value": interest_total,
                    "kind": "money",
                },
            ],
            tables=[
                {"title": False, "columns": columns, "rows": rows, "total": total_row}
            ],
            notes=[
                _(
                    "Overdue: charges and interest notes due before the date, less the "
                    "payments and credit notes not yet settled, which pay the oldest "
                    "charges first (as the debtors list and the reminders count it). "
                    "The buckets count the days since each unpaid document fell due."
                )
            ],
            totals={
                "amount": total,
                "buckets": buckets_total,
                "interest": interest_total,
                "count": len(rows),
                "by_unit": {row[0]: row[2 + len(AGE_BUCKETS)] for row in rows},
            },
        )

    @api.model
    def _hoa_age_bucket(self, days):
        for index, (low, high) in enumerate(AGE_BUCKETS):
            if days >= low and (high is None or days <= high):
                return index
        return 0

    @api.model
    def _hoa_bucket_label(self, bucket):
        low, high = bucket
        if high is None:
            return _("Over %(days)s Days", days=low - 1)
        return _("%(low)s–%(high)s Days", low=low, high=high)

    # ----------------------------------------------------------------- charges
    @api.model
    def _hoa_charges(self, company, date_from, date_to):
        """The charges billed per component and month: the income of the posted
        customer invoice and credit note lines with a charge type, by the month
        they bill (credit notes less)."""
        self._hoa_check_community(company)
        currency = company.currency_id
        Line, domain = self._hoa_lines(company)
        months = self._hoa_months(date_from, date_to)
        groups = Line._read_group(
            domain
            + [
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("hoa_charge_type_id", "!=", False),
                ("hoa_period_date", ">=", months[0]),
                ("hoa_period_date", "<=", date_to),
            ],
            ["hoa_charge_type_id", "hoa_period_date:month"],
            ["balance:sum"],
        )
        amounts = defaultdict(float)
        for charge_type, month, balance in groups:
            amounts[charge_type, first_of_month(month)] -= balance
        charge_types = (
            self.env["hoa.charge.type"]
            .sudo()
            .browse({charge_type.id for charge_type, __ in amounts})
            .sorted(lambda charge_type: (charge_type.sequence, charge_type.id))
        )
        rows, month_totals = [], [0.0] * len(months)
        for charge_type in charge_types:
            values = [currency.round(amounts[charge_type, month]) for month in months]
            rows.append([charge_type.name] + values + [currency.round(sum(values))])
            month_totals = [
                currency.round(a + b) for a, b in zip(month_totals, values, strict=True)
            ]
        total = currency.round(sum(month_totals))
        columns = (
            [column(_("Charge"))]
            + [column(self._hoa_month_label(month), "money") for month in months]
            + [column(_("Total"), "money")]
        )
        return self._hoa_result(
            _("Charges per component and month"),
            company,
            self._hoa_period(date_from, date_to),
            figures=[{"label": _("Charges billed"), "value": total, "kind": "money"}],
            tables=[
                {
                    "title": False,
                    "columns": columns,
                    "rows": rows,
                    "total": [_("Total")] + month_totals + [total],
                }
            ],
            notes=[
                _(
                    "The posted notices of charges and their corrections, without "
                    "VAT, by the month they bill; credit notes are deducted."
                )
            ],
            totals={
                "amount": total,
                "by_month": dict(zip(months, month_totals, strict=True)),
                "by_charge": {row[0]: row[-1] for row in rows},
            },
        )

    # ---------------------------------------------------------------- payments
    @api.model
    def _hoa_payments(self, company, date_from, date_to):
        """The money received on the units' receivables per month: the credits of
        the units' receivable lines in the bank and cash journals (the payments
        and bank statement lines matched to them), residential and commercial
        apart."""
        self._hoa_check_community(company)
        currency = company.currency_id
        Line, domain = self._hoa_lines(company)
        lines = Line.search(
            domain
            + self._hoa_payment_domain()
            + [
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        months = self._hoa_months(date_from, date_to)
        amounts = defaultdict(float)
        payments = defaultdict(set)
        for line in lines:
            st_line = line.move_id.statement_line_id
            is_commercial = (
                st_line.hoa_is_commercial
                if st_line.hoa_unit_id
                else line.hoa_unit_id.kind == "commercial"
            )
            month = first_of_month(line.date)
            amounts[month, is_commercial] += line.credit
            payments[month].add(line.move_id.id)
        rows = []
        residential_total = commercial_total = 0.0
        for month in months:
            residential = currency.round(amounts[month, False])
            commercial = currency.round(amounts[month, True])
            rows.append(
                [
                    self._hoa_month_label(month),
                    residential,
                    commercial,
                    currency.round(residential + commercial),
                    len(payments[month]),
                ]
            )
            residential_total = currency.round(residential_total + residential)
            commercial_total = currency.round(commercial_total + commercial)
        total = currency.round(residential_total + commercial_total)
        return self._hoa_result(
            _("Payments per month"),
            company,
            self._hoa_period(date_from, date_to),
            figures=[
                {"label": _("Payments received"), "value": total, "kind": "money"},
                {
                    "label": _("Residential"),
                    "value": residential_total,
                    "kind": "money",
                },
                {"label": _("Commercial"), "value": commercial_total, "kind": "money"},
            ],
            tables=[
                {
                    "title": False,
                    "columns": [
                        column(_("Month")),
                        column(_("Residential"), "money"),
                        column(_("Commercial"), "money"),
                        column(_("Total"), "money"),
                        column(_("Payments"), "integer"),
                    ],
                    "rows": rows,
                    "total": [
                        _("Total"),
                        residential_total,
                        commercial_total,
                        total,
                        len(lines.move_id),
                    ],
                }
            ],
            notes=[
                _(
                    "Money received at the bank or the office and settled on the "
                    "units' accounts, by the date it was received. Commercial: paid "
                    "for commercial premises."
                )
            ],
            totals={
                "amount": total,
                "residential": residential_total,
                "commercial": commercial_total,
                "count": len(lines.move_id),
            },
        )

    @api.model
    def _hoa_payment_domain(self):
        """Journal items of money received on the units' receivables."""
        return [
            ("account_id.account_type", "=", "asset_receivable"),
            ("hoa_unit_id", "!=", False),
            ("journal_id.type", "in", ("bank", "cash")),
            ("credit", ">", 0),
        ]

    # ------------------------------------------------------------- repair fund
    @api.model
    def _hoa_repair_fund_scope(self, company):
        """(charge types of the repair fund, their accounts, domain of the fund's
        journal items). The fund's items are those of its accounts that are not
        charges of another kind: the repair fund's charges and what is booked on
        the accounts by hand or from bills (its costs). Empty when no charge type
        of the community is marked as the repair fund."""
        ChargeType = self.env["hoa.charge.type"].sudo().with_context(active_test=False)
        fund_types = ChargeType.search(
            [("company_id", "=", company.id), ("is_repair_fund", "=", True)]
        )
        accounts = fund_types.account_id
        if not fund_types:
            return fund_types, accounts, []
        return (
            fund_types,
            accounts,
            [
                ("account_id", "in", accounts.ids),
                "|",
                ("hoa_charge_type_id", "=", False),
                ("hoa_charge_type_id", "in", fund_types.ids),
            ],
        )

    @api.model
    def _hoa_not_repair_fund(self, company):
        """Domain of the journal items that are not the repair fund's."""
        fund_types, accounts, fund_domain = self._hoa_repair_fund_scope(company)
        if not fund_domain:
            return []
        return [
            "|",
            ("account_id", "not in", accounts.ids),
            "&",
            ("hoa_charge_type_id", "!=", False),
            ("hoa_charge_type_id", "not in", fund_types.ids),
        ]

    @api.model
    def _hoa_fund_balance(self, company, before=None, until=None):
        """The repair fund's balance (credit less debit) of its items dated before
        ``before`` or until ``until``."""
        __, __, fund_domain = self._hoa_repair_fund_scope(company)
        if not fund_domain:
            return 0.0
        Line, domain = self._hoa_lines(company)
        date_domain = [("date", "<", before)] if before else [("date", "<=", until)]
        [[balance]] = Line._read_group(
            domain + fund_domain + date_domain, aggregates=["balance:sum"]
        )
        return company.currency_id.round(-(balance or 0.0))

    @api.model
    def _hoa_repair_fund(self, company, date_from, date_to):
        self._hoa_check_community(company)
        currency = company.currency_id
        fund_types, accounts, fund_domain = self._hoa_repair_fund_scope(company)
        if not fund_types:
            raise UserError(
                _(
                    "No charge of %(community)s is marked as the repair fund: tick "
                    "Repair Fund on its charge type.",
                    community=company.name,
                )
            )
        Line, domain = self._hoa_lines(company)
        period = [("date", ">=", date_from), ("date", "<=", date_to)]
        opening = self._hoa_fund_balance(company, before=date_from)
        groups = Line._read_group(
            domain
            + fund_domain
            + period
            + [("hoa_charge_type_id", "in", fund_types.ids)],
            ["date:month"],
            ["balance:sum"],
        )
        billed_by_month = defaultdict(float)
        for month, balance in groups:
            billed_by_month[first_of_month(month)] -= balance
        months = self._hoa_months(date_from, date_to)
        billed_rows = [
            [self._hoa_month_label(month), currency.round(billed_by_month[month])]
            for month in months
        ]
        billed = currency.round(sum(row[1] for row in billed_rows))
        movements = Line.search(
            domain + fund_domain + period + [("hoa_charge_type_id", "=", False)],
            order="date, move_name, id",
        )
        movement_rows = [
            [
                line.date,
                line.move_id.name,
                line.partner_id.name or "",
                line.name or line.move_id.ref or "",
                line.debit,
                line.credit,
            ]
            for line in movements
        ]
        costs = currency.round(sum(movements.mapped("debit")))
        other = currency.round(sum(movements.mapped("credit")))
        closing = currency.round(opening + billed + other - costs)
        shared = (
            self.env["hoa.charge.type"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("account_id", "in", accounts.ids),
                    ("id", "not in", fund_types.ids),
                ]
            )
        )
        notes = [
            _(
                "The repair fund: the charges %(charges)s and what is booked on "
                "their account %(accounts)s besides charges (costs of repairs on the "
                "debit side, other income of the fund on the credit side).",
                charges=", ".join(fund_types.mapped("name")),
                accounts=", ".join(accounts.mapped("display_name")),
            )
        ]
        if shared:
            notes.append(
                _(
                    "The account also carries %(charges)s: those charges are not the "
                    "fund's and are left out.",
                    charges=", ".join(shared.mapped("name")),
                )
            )
        summary = [
            [_("Opening balance"), opening],
            [_("Charges billed to the fund"), billed],
            [_("Other income of the fund"), other],
            [_("Costs charged to the fund"), -costs],
            [_("Closing balance"), closing],
        ]
        return self._hoa_result(
            _("Repair fund"),
            company,
            self._hoa_period(date_from, date_to),
            figures=[
                {"label": _("Opening balance"), "value": opening, "kind": "money"},
                {"label": _("Charges billed"), "value": billed, "kind": "money"},
                {"label": _("Costs"), "value": costs, "kind": "money"},
                {"label": _("Closing balance"), "value": closing, "kind": "money"},
            ],
            tables=[
                {
                    "title": _("Movements of the fund"),
                    "columns": [column(_("Item")), column(_("Amount"), "money")],
                    "rows": summary[:-1],
                    "total": summary[-1],
                },
                {
                    "title": _("Charges billed to the fund per month"),
                    "columns": [column(_("Month")), column(_("Billed"), "money")],
                    "rows": billed_rows,
                    "total": [_("Total"), billed],
                },
                {
                    "title": _("Costs and other entries of the fund"),
                    "columns": [
                        column(_("Date"), "date"),
                        column(_("Document")),
                        column(_("Partner")),
                        column(_("Description")),
                        column(_("Costs"), "money"),
                        column(_("Other Income"), "money"),
                    ],
                    "rows": movement_rows,
                    "total": [_("Total"), "", "", "", costs, other],
                },
            ],
            notes=notes,
            totals={
                "opening": opening,
                "billed": billed,
                "other": other,
                "costs": costs,
                "closing": closing,
            },
        )

    # -------------------------------------------------------------- settlement
    @api.model
    def _hoa_settlement(self, company, year):
        """The annual settlement of the community (sprawozdanie z wykonania planu,
        rozliczenie roku) for its annual meeting: income by charge (the credit of
        the income accounts), costs by analytic account or account (the expense
        accounts), the result, the result carried over from the previous years and
        the repair fund, which is reported apart from the income and costs."""
        self._hoa_check_community(company)
        currency = company.currency_id
        date_from, date_to = date(year, 1, 1), date(year, 12, 31)
        Line, domain = self._hoa_lines(company)
        not_fund = self._hoa_not_repair_fund(company)
        period = [("date", ">=", date_from), ("date", "<=", date_to)]
        # income by charge, or by account for what is not a charge (interest...)
        groups = Line._read_group(
            domain
            + not_fund
            + period
            + [("account_id.account_type", "in", INCOME_TYPES)],
            ["hoa_charge_type_id", "account_id"],
            ["balance:sum"],
        )
        income_by = defaultdict(float)
        for charge_type, account, balance in groups:
            key = (
                (0, charge_type.sequence, charge_type.id, charge_type.name)
                if charge_type
                else (1, 0, account.id, account.display_name)
            )
            income_by[key] -= balance
        income_rows = [
            [key[3], currency.round(amount)]
            for key, amount in sorted(income_by.items())
        ]
        income = currency.round(sum(row[1] for row in income_rows))
        # costs by analytic account when the item has one, by account otherwise
        cost_lines = Line.search(
            domain
            + not_fund
            + period
            + [("account_id.account_type", "in", EXPENSE_TYPES)]
        )
        costs_by = self._hoa_costs_by_category(cost_lines, currency)
        cost_rows = [
            [key[2], currency.round(amount)] for key, amount in sorted(costs_by.items())
        ]
        costs = currency.round(sum(row[1] for row in cost_rows))
        result = currency.round(income - costs)
        [[previous]] = Line._read_group(
            domain
            + not_fund
            + [
                ("date", "<", date_from),
                (
                    "account_id.account_type",
                    "in",
                    INCOME_TYPES + EXPENSE_TYPES + EQUITY_TYPES,
                ),
            ],
            aggregates=["balance:sum"],
        )
        carry_over = currency.round(-(previous or 0.0))
        fund_types = self._hoa_repair_fund_scope(company)[0]
        fund_opening = self._hoa_fund_balance(company, before=date_from)
        fund_closing = self._hoa_fund_balance(company, until=date_to)
        summary = [
            [_("Income"), income],
            [_("Costs"), -costs],
            [_("Result of the year"), result],
            [_("Result carried over from previous years"), carry_over],
        ]
        fund_rows = []
        if fund_types:
            fund_rows = [
                [_("Balance on 1 January"), fund_opening],
                [
                    _("Change in the year"),
                    currency.round(fund_closing - fund_opening),
                ],
            ]
        tables = [
            {
                "title": _("Income"),
                "columns": [column(_("Category")), column(_("Amount"), "money")],
                "rows": income_rows,
                "total": [_("Total income"), income],
            },
            {
                "title": _("Costs"),
                "columns": [column(_("Category")), column(_("Amount"), "money")],
                "rows": cost_rows,
                "total": [_("Total costs"), costs],
            },
            {
                "title": _("Result"),
                "columns": [column(_("Item")), column(_("Amount"), "money")],
                "rows": summary,
                "total": [
                    _("Result to carry forward"),
                    currency.round(carry_over + result),
                ],
            },
        ]
        if fund_types:
            tables.append(
                {
                    "title": _("Repair fund"),
                    "columns": [column(_("Item")), column(_("Amount"), "money")],
                    "rows": fund_rows,
                    "total": [_("Balance on 31 December"), fund_closing],
                }
            )
        return self._hoa_result(
            _("Annual settlement %(year)s", year=year),
            company,
            self._hoa_period(date_from, date_to),
            figures=[
                {"label": _("Income"), "value": income, "kind": "money"},
                {"label": _("Costs"), "value": costs, "kind": "money"},
                {"label": _("Result of the year"), "value": result, "kind": "money"},
                {
                    "label": _("Carried over from previous years"),
                    "value": carry_over,
                    "kind": "money",
                },
            ]
            + (
                [
                    {
                        "label": _("Repair fund at year end"),
                        "value": fund_closing,
                        "kind": "money",
                    }
                ]
                if fund_types
                else []
            ),
            tables=tables,
            signatures=[_("Prepared by"), _("The board")],
            notes=[
                _(
                    "Income: the posted credit of the income accounts by charge "
                    "(other income by account). Costs: the posted debit of the "
                    "expense accounts by analytic account, or by account when the "
                    "cost has none. The result carried over is the balance of the "
                    "income, expense and equity accounts before 1 January. The "
                    "repair fund's charges and costs are not income and costs of the "
                    "year: the fund is shown apart."
                )
            ],
            totals={
                "income": income,
                "costs": costs,
                "result": result,
                "carry_over": carry_over,
                "carry_forward": currency.round(carry_over + result),
                "fund_opening": fund_opening,
                "fund_closing": fund_closing,
                "income_by": {row[0]: row[1] for row in income_rows},
                "costs_by": {row[0]: row[1] for row in cost_rows},
            },
        )

    @api.model
    def _hoa_costs_by_category(self, lines, currency):
        """{(0 analytic | 1 account, sort key, name): amount} of the cost ``lines``:
        an item with an analytic distribution is split by its percentages (what is
        not distributed stays on its account), rounded so that the parts of each
        item add up to it exactly."""
        result = defaultdict(float)
        Analytic = self.env["account.analytic.account"].sudo()
        names = {}
        for line in lines:
            distribution = line.analytic_distribution or {}
            parts = []
            for key, percent in distribution.items():
                if key not in names:
                    ids = [int(analytic_id) for analytic_id in str(key).split(",")]
                    names[key] = " / ".join(Analytic.browse(ids).mapped("display_name"))
                parts.append(
                    [
                        (0, names[key], names[key]),
                        currency.round(line.balance * percent / 100),
                    ]
                )
            rest = currency.round(line.balance - sum(part[1] for part in parts))
            if parts and float_compare(sum(distribution.values()), 100, 6) == 0:
                # fully distributed: the rounding difference goes to the largest part
                largest = max(parts, key=lambda part: abs(part[1]))
                largest[1] = currency.round(largest[1] + rest)
                rest = 0.0
            for key, amount in parts:
                result[key] += amount
            if not currency.is_zero(rest):
                account = line.account_id
                result[1, account.code or "", account.display_name] += rest
        return result

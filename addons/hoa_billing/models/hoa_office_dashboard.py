"""The office's dashboard: one row per community the user works for, with its
arrears, the collection of the last 12 months, the cash in its bank and cash
journals and the debtors due for a reminder, computed from the ledger when the
dashboard is opened (the rows are the user's own)."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models


class HoaOfficeDashboard(models.TransientModel):
    _name = "hoa.office.dashboard"
    _description = "Office Dashboard"
    _order = "company_name, id"
    _rec_name = "company_id"
    _transient_max_hours = 24.0

    company_id = fields.Many2one(
        "res.company", string="Community", required=True, readonly=True
    )
    company_name = fields.Char(related="company_id.name", store=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    date = fields.Date(string="As At", readonly=True)
    arrears = fields.Monetary(
        readonly=True,
        help="Overdue debt of the units today, as the debtors list counts it.",
    )
    debtor_count = fields.Integer(string="Debtors", readonly=True)
    reminder_due_count = fields.Integer(
        string="Due for a Reminder",
        readonly=True,
        help="Debtors whose next reminder or demand is due today (as Prepare "
        "Reminders would propose them).",
    )
    billed = fields.Monetary(
        string="Billed (12 Months)",
        readonly=True,
        help="Notices of charges and interest notes less credit notes of the last "
        "12 months, as owed by the units (VAT included).",
    )
    paid = fields.Monetary(
        string="Paid (12 Months)",
        readonly=True,
        help="Money received on the units' accounts in the last 12 months.",
    )
    collection_rate = fields.Float(
        string="Collection (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Paid divided by billed over the last 12 months.",
    )
    cash = fields.Monetary(
        readonly=True,
        help="Balance of the accounts of the community's bank and cash journals.",
    )

    @api.model
    def action_open(self):
        """Compute the dashboard of the user's communities and show it."""
        rows = self._hoa_refresh()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_office_dashboard_action"
        )
        action["domain"] = [("id", "in", rows.ids)]
        return action

    def action_refresh(self):
        return self.action_open()

    def action_export_xlsx(self):
        """One workbook: a row per community of the dashboard, with totals."""
        rows = self or self.search([])
        return self.env.ref(
            "hoa_billing.action_report_hoa_office_dashboard_xlsx"
        ).report_action(rows)

    @api.model
    def _hoa_refresh(self, date=None):
        """Replace the user's rows by new ones, one per community of the user, as
        at ``date`` (today)."""
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        companies = self.env.user.company_ids.filtered("is_hoa_community").sorted(
            "name"
        )
        return self.create([self._hoa_figures(company, date) for company in companies])

    @api.model
    def _hoa_figures(self, company, date):
        Report = self.env["hoa.report"]
        Report._hoa_check_community(company)
        currency = company.currency_id
        Line, domain = Report._hoa_lines(company)
        units = self.env["hoa.unit"].sudo().search([("company_id", "=", company.id)])
        debts = units._hoa_overdue_debt(date)
        arrears = currency.round(sum(debt["amount"] for debt in debts.values()))
        year = [("date", ">", date - relativedelta(years=1)), ("date", "<=", date)]
        [[billed]] = Line._read_group(
            domain
            + year
            + [
                ("account_id.account_type", "=", "asset_receivable"),
                ("hoa_unit_id", "!=", False),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ],
            aggregates=["balance:sum"],
        )
        [[paid]] = Line._read_group(
            domain + year + Report._hoa_payment_domain(), aggregates=["credit:sum"]
        )
        billed, paid = currency.round(billed or 0.0), currency.round(paid or 0.0)
        accounts = (
            self.env["account.journal"]
            .sudo()
            .search([("company_id", "=", company.id), ("type", "in", ("bank", "cash"))])
            .default_account_id
        )
        [[cash]] = Line._read_group(
            domain + [("account_id", "in", accounts.ids), ("date", "<=", date)],
            aggregates=["balance:sum"],
        )
        return {
            "company_id": company.id,
            "currency_id": currency.id,
            "date": date,
            "arrears": arrears,
            "debtor_count": len(debts),
            "reminder_due_count": len(self._hoa_reminders_due(units, date)),
            "billed": billed,
            "paid": paid,
            "collection_rate": round(paid / billed * 100, 1)
            if currency.compare_amounts(billed, 0.0) > 0
            else 0.0,
            "cash": currency.round(cash or 0.0),
        }

    @api.model
    def _hoa_reminders_due(self, units, date):
        """The letters Prepare Reminders would propose on ``date`` (with the default
        levels when the community has none yet, as the wizard creates them)."""
        Level = self.env["hoa.dunning.level"].sudo()
        companies = units.company_id
        configured = (
            Level.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id
        )
        if companies - configured:
            Level._hoa_create_default_levels(companies - configured)
        return self.env["hoa.dunning.letter"].sudo()._hoa_dunning_proposals(units, date)

    def _hoa_totals(self):
        """Totals of these rows per currency: [{currency, arrears, ...}]."""
        totals = []
        for currency, rows in self.grouped("currency_id").items():
            billed = currency.round(sum(rows.mapped("billed")))
            paid = currency.round(sum(rows.mapped("paid")))
            totals.append(
                {
                    "label": _("Total")
                    if len(self.currency_id) == 1
                    else _("Total %(currency)s", currency=currency.name),
                    "currency": currency,
                    "count": len(rows),
                    "arrears": currency.round(sum(rows.mapped("arrears"))),
                    "debtor_count": sum(rows.mapped("debtor_count")),
                    "reminder_due_count": sum(rows.mapped("reminder_due_count")),
                    "billed": billed,
                    "paid": paid,
                    "collection_rate": round(paid / billed * 100, 1)
                    if currency.compare_amounts(billed, 0.0) > 0
                    else 0.0,
                    "cash": currency.round(sum(rows.mapped("cash"))),
                }
            )
        return totals

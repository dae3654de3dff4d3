"""The community reports of hoa.report as PDF (QWeb) and XLSX (report_xlsx), and the
office dashboard as XLSX. The reports are printed for communities (res.company); the
period comes in the report's data (date_from, date_to or year)."""

import datetime

from odoo import _, api, models
from odoo.tools import format_date


class ReportHoaLedger(models.AbstractModel):
    """Base of the QWeb community reports; each report names its kind."""

    _name = "report.hoa_billing.report_hoa_ledger"
    _description = "Community Report"
    _hoa_report = None

    @api.model
    def _get_report_values(self, docids, data=None):
        companies = self.env["res.company"].browse(docids)
        Report = self.env["hoa.report"]
        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "reports": [
                Report._hoa_report_data(self._hoa_report, company, data or {})
                for company in companies
            ],
        }


class ReportHoaArrears(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_arrears"
    _inherit = "report.hoa_billing.report_hoa_ledger"
    _description = "Arrears by Unit"
    _hoa_report = "arrears"


class ReportHoaCharges(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_charges"
    _inherit = "report.hoa_billing.report_hoa_ledger"
    _description = "Charges per Component and Month"
    _hoa_report = "charges"


class ReportHoaPayments(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_payments"
    _inherit = "report.hoa_billing.report_hoa_ledger"
    _description = "Payments per Month"
    _hoa_report = "payments"


class ReportHoaRepairFund(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_repair_fund"
    _inherit = "report.hoa_billing.report_hoa_ledger"
    _description = "Repair Fund"
    _hoa_report = "repair_fund"


class ReportHoaSettlement(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_settlement"
    _inherit = "report.hoa_billing.report_hoa_ledger"
    _description = "Annual Settlement"
    _hoa_report = "settlement"


class ReportHoaLedgerXlsx(models.AbstractModel):
    """Base of the XLSX community reports: one sheet per community."""

    _name = "report.hoa_billing.report_hoa_ledger_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Community Report (XLSX)"
    _hoa_report = None

    def generate_xlsx_report(self, workbook, data, objs):
        Report = self.env["hoa.report"]
        formats = self._hoa_formats(workbook)
        for index, company in enumerate(objs, start=1):
            report = Report._hoa_report_data(self._hoa_report, company, data or {})
            name = company.name if len(objs) == 1 else f"{index} {company.name}"
            sheet = workbook.add_worksheet(self._hoa_sheet_name(name))
            self._hoa_write_report(sheet, report, formats)

    @api.model
    def _hoa_sheet_name(self, name):
        for char in "[]:*?/\\":
            name = name.replace(char, " ")
        return name[:31]

    @api.model
    def _hoa_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "head": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
            "text": workbook.add_format({}),
            "text_total": workbook.add_format({"bold": True, "top": 1}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "money_total": workbook.add_format(
                {"num_format": "#,##0.00", "bold": True, "top": 1}
            ),
            "percent": workbook.add_format({"num_format": "0.0"}),
            "percent_total": workbook.add_format(
                {"num_format": "0.0", "bold": True, "top": 1}
            ),
            "integer": workbook.add_format({"num_format": "0"}),
            "integer_total": workbook.add_format(
                {"num_format": "0", "bold": True, "top": 1}
            ),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "date_total": workbook.add_format(
                {"num_format": "yyyy-mm-dd", "bold": True, "top": 1}
            ),
            "wrap": workbook.add_format({"text_wrap": True, "italic": True}),
        }

    @api.model
    def _hoa_write_cell(self, sheet, row, col, value, kind, formats, total=False):
        style = formats[f"{kind}_total" if total else kind]
        if value is None or value is False or value == "":
            sheet.write_blank(row, col, None, style)
        elif kind in ("money", "percent", "integer") and isinstance(value, int | float):
            sheet.write_number(row, col, value, style)
        elif kind == "date" and isinstance(value, datetime.date):
            sheet.write_datetime(row, col, value, style)
        else:
            sheet.write_string(row, col, str(value), style)

    @api.model
    def _hoa_write_report(self, sheet, report, formats):
        sheet.write(0, 0, report["title"], formats["title"])
        sheet.write(1, 0, _("Community"), formats["bold"])
        sheet.write(1, 1, report["company"].name)
        sheet.write(2, 0, _("Period"), formats["bold"])
        sheet.write(2, 1, report["period"])
        sheet.write(3, 0, _("Currency"), formats["bold"])
        sheet.write(3, 1, report["currency"].name)
        row = 5
        for figure in report["figures"]:
            sheet.write(row, 0, figure["label"], formats["bold"])
            self._hoa_write_cell(
                sheet, row, 1, figure["value"], figure["kind"], formats
            )
            row += 1
        width = 2
        for table in report["tables"]:
            row += 1
            if table["title"]:
                sheet.write(row, 0, table["title"], formats["bold"])
                row += 1
            kinds = [col["kind"] for col in table["columns"]]
            width = max(width, len(kinds))
            for col, header in enumerate(table["columns"]):
                sheet.write(row, col, header["label"], formats["head"])
            row += 1
            for values in table["rows"]:
                for col, value in enumerate(values):
                    self._hoa_write_cell(sheet, row, col, value, kinds[col], formats)
                row += 1
            if table.get("total"):
                for col, value in enumerate(table["total"]):
                    self._hoa_write_cell(
                        sheet, row, col, value, kinds[col], formats, total=True
                    )
                row += 1
        for note in report["notes"]:
            row += 1
            sheet.merge_range(row, 0, row, width - 1, note, formats["wrap"])
            sheet.set_row(row, 45)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 22)
        sheet.set_column(2, max(width - 1, 2), 14)


class ReportHoaArrearsXlsx(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_arrears_xlsx"
    _inherit = "report.hoa_billing.report_hoa_ledger_xlsx"
    _description = "Arrears by Unit (XLSX)"
    _hoa_report = "arrears"


class ReportHoaChargesXlsx(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_charges_xlsx"
    _inherit = "report.hoa_billing.report_hoa_ledger_xlsx"
    _description = "Charges per Component and Month (XLSX)"
    _hoa_report = "charges"


class ReportHoaPaymentsXlsx(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_payments_xlsx"
    _inherit = "report.hoa_billing.report_hoa_ledger_xlsx"
    _description = "Payments per Month (XLSX)"
    _hoa_report = "payments"


class ReportHoaRepairFundXlsx(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_repair_fund_xlsx"
    _inherit = "report.hoa_billing.report_hoa_ledger_xlsx"
    _description = "Repair Fund (XLSX)"
    _hoa_report = "repair_fund"


class ReportHoaSettlementXlsx(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_settlement_xlsx"
    _inherit = "report.hoa_billing.report_hoa_ledger_xlsx"
    _description = "Annual Settlement (XLSX)"
    _hoa_report = "settlement"


class ReportHoaOfficeDashboardXlsx(models.AbstractModel):
    """The office dashboard: a row per community and a total row (per currency
    when the communities keep their books in several)."""

    _name = "report.hoa_billing.report_hoa_office_dashboard_xlsx"
    _inherit = "report.hoa_billing.report_hoa_ledger_xlsx"
    _description = "Office Dashboard (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        formats = self._hoa_formats(workbook)
        sheet = workbook.add_worksheet(self._hoa_sheet_name(_("Communities")))
        date = max(objs.mapped("date"), default=False)
        sheet.write(0, 0, _("Office dashboard"), formats["title"])
        if date:
            sheet.write(1, 0, _("As at %(date)s", date=format_date(self.env, date)))
        columns = [
            (_("Community"), "text", "company"),
            (_("Currency"), "text", "currency"),
            (_("Arrears"), "money", "arrears"),
            (_("Debtors"), "integer", "debtor_count"),
            (_("Due for a Reminder"), "integer", "reminder_due_count"),
            (_("Billed (12 Months)"), "money", "billed"),
            (_("Paid (12 Months)"), "money", "paid"),
            (_("Collection (%)"), "percent", "collection_rate"),
            (_("Cash"), "money", "cash"),
        ]
        row = 3
        for col, (label, __, __) in enumerate(columns):
            sheet.write(row, col, label, formats["head"])
        for record in objs:
            row += 1
            values = {
                "company": record.company_id.name,
                "currency": record.currency_id.name,
            }
            for col, (__, kind, key) in enumerate(columns):
                value = values[key] if key in values else record[key]
                self._hoa_write_cell(sheet, row, col, value, kind, formats)
        for totals in objs._hoa_totals():
            row += 1
            values = dict(
                totals,
                company=totals["label"],
                currency=totals["currency"].name,
            )
            for col, (__, kind, key) in enumerate(columns):
                self._hoa_write_cell(
                    sheet, row, col, values[key], kind, formats, total=True
                )
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 1, 9)
        sheet.set_column(2, len(columns) - 1, 15)

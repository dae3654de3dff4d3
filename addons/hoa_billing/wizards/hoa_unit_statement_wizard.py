import base64
import io

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - listed in external_dependencies
    xlsxwriter = None


class HoaUnitStatementWizard(models.TransientModel):
    _name = "hoa.unit.statement.wizard"
    _description = "Statement of Account of a Unit"

    unit_id = fields.Many2one("hoa.unit", required=True)
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    output = fields.Selection(
        [("pdf", "PDF"), ("xlsx", "Spreadsheet (XLSX)")],
        string="Format",
        required=True,
        default="pdf",
    )
    xlsx_file = fields.Binary(string="Spreadsheet", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if (
                wizard.date_from
                and wizard.date_to
                and wizard.date_from > wizard.date_to
            ):
                raise ValidationError(
                    _(
                        "The statement cannot start on %(date_from)s, after its last "
                        "day %(date_to)s.",
                        date_from=format_date(self.env, wizard.date_from),
                        date_to=format_date(self.env, wizard.date_to),
                    )
                )

    def action_print(self):
        self.ensure_one()
        if self.output == "xlsx":
            return self.action_download_xlsx()
        # computed here first so that a wrong period is refused before the report
        self.unit_id._hoa_statement_data(self.date_from, self.date_to)
        return self.env.ref(
            "hoa_billing.action_report_hoa_unit_statement"
        ).report_action(
            self.unit_id,
            data={
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )

    def action_download_xlsx(self):
        self.ensure_one()
        data = self.unit_id._hoa_statement_data(self.date_from, self.date_to)
        self.write(
            {
                "xlsx_file": base64.b64encode(self._statement_xlsx(data)),
                "xlsx_filename": self._statement_filename(data),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}"
            "&field=xlsx_file&filename_field=xlsx_filename&download=true",
            "target": "self",
        }

    def _statement_filename(self, data):
        name = _(
            "Statement %(unit)s %(date_from)s-%(date_to)s",
            unit=data["unit"].display_name,
            date_from=fields.Date.to_string(data["date_from"]),
            date_to=fields.Date.to_string(data["date_to"]),
        )
        return "".join(c if c.isalnum() or c in " -_" else "_" for c in name) + ".xlsx"

    def _statement_xlsx(self, data):
        """The statement ``data`` (hoa.unit._hoa_statement_data) as XLSX bytes."""
        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"in_memory": True})
        sheet = book.add_worksheet(_("Statement")[:31])
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        head = book.add_format({"bold": True, "bottom": 1, "text_wrap": True})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        money = book.add_format({"num_format": "#,##0.00"})
        money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
        unit, currency = data["unit"], data["currency"]
        sheet.write(0, 0, _("Statement of account"), title)
        info = [
            (_("Community"), data["company"].name),
            (_("Unit"), unit.display_name),
            (_("Payer"), data["payer"].name or ""),
            (
                _("Period"),
                f"{format_date(self.env, data['date_from'])} - "
                f"{format_date(self.env, data['date_to'])}",
            ),
            (_("Currency"), currency.name),
        ]
        row = 2
        for label, value in info:
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value)
            row += 1
        row += 1
        sheet.write(row, 3, _("Opening balance"), bold)
        sheet.write_number(row, 6, data["opening"], money_bold)
        row += 1
        headers = [
            _("Date"),
            _("Document"),
            _("Kind"),
            _("Description"),
            _("Debit"),
            _("Credit"),
            _("Balance"),
        ]
        for col, header in enumerate(headers):
            sheet.write(row, col, header, head)
        row += 1
        for line in data["lines"]:
            sheet.write_datetime(row, 0, line["date"], date_format)
            sheet.write(row, 1, line["document"])
            sheet.write(row, 2, line["kind"])
            sheet.write(row, 3, line["description"])
            sheet.write_number(row, 4, line["debit"], money)
            sheet.write_number(row, 5, line["credit"], money)
            sheet.write_number(row, 6, line["balance"], money)
            row += 1
        sheet.write(row, 3, _("Totals"), bold)
        sheet.write_number(row, 4, data["total_debit"], money_bold)
        sheet.write_number(row, 5, data["total_credit"], money_bold)
        row += 1
        sheet.write(row, 3, _("Closing balance"), bold)
        sheet.write_number(row, 6, data["closing"], money_bold)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 20)
        sheet.set_column(2, 2, 14)
        sheet.set_column(3, 3, 45)
        sheet.set_column(4, 6, 14)
        book.close()
        return stream.getvalue()

import base64
import io
from collections import defaultdict
from datetime import datetime

import xlsxwriter

from odoo import _, models


class HoaBillingRun(models.Model):
    _inherit = "hoa.billing.run"

    def action_export_xlsx(self):
        """Download the run as a spreadsheet: every line, and totals per charge."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        number = workbook.add_format({"num_format": "#,##0.0000"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet = workbook.add_worksheet(_("Lines")[:31])
        headers = [
            _("Unit"),
            _("Building"),
            _("Payer"),
            _("Month"),
            _("Charge"),
            _("Kind"),
            _("Correction"),
            _("From"),
            _("Until"),
            _("Quantity"),
            _("Rate"),
            _("Amount"),
            _("Invoice"),
        ]
        sheet.write_row(0, 0, headers, bold)
        kinds = dict(
            self.env["hoa.billing.line"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        totals = defaultdict(float)
        lines = self.line_ids.filtered(lambda line: line.state != "cancelled")
        for row, line in enumerate(lines, start=1):
            sheet.write(row, 0, line.unit_id.display_name)
            sheet.write(row, 1, line.building_id.display_name or "")
            sheet.write(row, 2, line.partner_id.display_name)
            sheet.write_datetime(row, 3, _as_datetime(line.period_date), date)
            sheet.write(row, 4, line.charge_type_id.name)
            sheet.write(row, 5, kinds.get(line.kind, line.kind))
            sheet.write(row, 6, _("yes") if line.is_correction else "")
            if line.date_from:
                sheet.write_datetime(row, 7, _as_datetime(line.date_from), date)
                sheet.write_datetime(row, 8, _as_datetime(line.date_to), date)
            sheet.write_number(row, 9, line.quantity, number)
            sheet.write_number(row, 10, line.rate, number)
            sheet.write_number(row, 11, line.amount, money)
            sheet.write(row, 12, line.move_id.name or "")
            totals[line.charge_type_id.name] += line.amount
        sheet.autofilter(0, 0, max(len(lines), 1), len(headers) - 1)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 2, 24)
        sheet.set_column(3, 12, 13)
        summary = workbook.add_worksheet(_("Totals")[:31])
        summary.write_row(0, 0, [_("Charge"), _("Amount")], bold)
        for row, (name, amount) in enumerate(sorted(totals.items()), start=1):
            summary.write(row, 0, name)
            summary.write_number(row, 1, amount, money)
        summary.write(len(totals) + 1, 0, _("Total"), bold)
        summary.write_number(len(totals) + 1, 1, sum(totals.values()), money)
        summary.set_column(0, 0, 30)
        summary.set_column(1, 1, 16)
        workbook.close()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.xlsx".replace("/", "-"),
                "datas": base64.b64encode(output.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }


def _as_datetime(day):
    return datetime(day.year, day.month, day.day)

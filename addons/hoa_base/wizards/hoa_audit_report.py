import base64
import io
from datetime import datetime, time

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError


class HoaAuditReport(models.TransientModel):
    """The audit trail of one community over a period: on screen or as an XLSX file."""

    _name = "hoa.audit.report"
    _description = "Housing: audit report"

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    file = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char()

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_from > report.date_to:
                raise UserError(self.env._("The period ends before it starts."))

    def _domain(self):
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", datetime.combine(self.date_from, time.min)),
            ("date", "<=", datetime.combine(self.date_to, time.max)),
        ]

    def action_view(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_base.hoa_audit_log_action"
        )
        action["domain"] = self._domain()
        action["context"] = {}
        action["name"] = self.env._(
            "Audit trail: %(community)s, %(start)s - %(end)s",
            community=self.company_id.name,
            start=self.date_from,
            end=self.date_to,
        )
        return action

    def _xlsx(self):
        self.ensure_one()
        logs = self.env["hoa.audit.log"].search(self._domain(), order="date, id")
        _ = self.env._
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(_("Audit trail")[:31])
        bold = book.add_format({"bold": True})
        stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        sheet.write(
            0,
            0,
            _(
                "Audit trail: %(community)s, %(start)s - %(end)s",
                community=self.company_id.name,
                start=self.date_from,
                end=self.date_to,
            ),
            bold,
        )
        headers = [
            _("Date (UTC)"),
            _("Changed By"),
            _("Document Type"),
            _("Record"),
            _("Operation"),
            _("Field"),
            _("Old Value"),
            _("New Value"),
        ]
        for column, header in enumerate(headers):
            sheet.write(2, column, header, bold)
        operations = dict(
            self.env["hoa.audit.log"]
            ._fields["operation"]
            ._description_selection(self.env)
        )
        for row, log in enumerate(logs, start=3):
            sheet.write_datetime(row, 0, log.date, stamp)
            sheet.write(row, 1, log.user_id.name or "")
            sheet.write(row, 2, log.model_name or log.model)
            sheet.write(row, 3, log.record_name or "")
            sheet.write(row, 4, operations.get(log.operation, log.operation))
            sheet.write(row, 5, log.field_label or "")
            sheet.write(row, 6, log.old_value or "")
            sheet.write(row, 7, log.new_value or "")
        sheet.set_column(0, 0, 20)
        sheet.set_column(1, 5, 22)
        sheet.set_column(6, 7, 30)
        sheet.freeze_panes(3, 0)
        book.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        period = f"{self.date_from}_{self.date_to}"
        self.write(
            {
                "file": base64.b64encode(self._xlsx()),
                "file_name": f"audit_{self.company_id.id}_{period}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/hoa.audit.report/{self.id}/file/{self.file_name}"
            "?download=true",
            "target": "self",
        }

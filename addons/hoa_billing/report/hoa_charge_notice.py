from odoo import api, fields, models


class ReportHoaChargeNotice(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_charge_notice"
    _description = "Notice of Charges Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        units = self.env["hoa.unit"].browse(docids)
        month = (data or {}).get("month") or self.env.context.get("hoa_notice_month")
        month = fields.Date.to_date(month) if month else fields.Date.context_today(self)
        return {
            "doc_ids": docids,
            "doc_model": "hoa.unit",
            "docs": units,
            "notices": units._hoa_charge_notice_data(month.replace(day=1)),
        }

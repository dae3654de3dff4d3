from odoo import api, fields, models


class ReportHoaPaymentForm(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_payment_form"
    _description = "Payment Form Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        units = self.env["hoa.unit"].browse(docids)
        period_date = fields.Date.to_date(
            data.get("period_date")
        ) or fields.Date.context_today(self).replace(day=1)
        forms = units._hoa_payment_form_data(period_date)
        if data.get("only_due"):
            forms = [
                form
                for form in forms
                if not form["currency"].is_zero(form["amount_due"])
            ]
        groups = {}
        for form in forms:
            groups.setdefault(form["company"], []).append(form)
        return {
            "doc_ids": docids,
            "doc_model": "hoa.unit",
            "docs": units,
            "forms": forms,
            "groups": [
                {"company": company, "forms": company_forms}
                for company, company_forms in groups.items()
            ],
        }


class ReportHoaUnitStatement(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_unit_statement"
    _description = "Statement of Account Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        units = self.env["hoa.unit"].browse(docids)
        today = fields.Date.context_today(self)
        date_from = fields.Date.to_date(data.get("date_from")) or today.replace(
            month=1, day=1
        )
        date_to = fields.Date.to_date(data.get("date_to")) or today
        return {
            "doc_ids": docids,
            "doc_model": "hoa.unit",
            "docs": units,
            "statements": [
                unit._hoa_statement_data(date_from, date_to) for unit in units
            ],
        }

from odoo import api, models

from ..models.hoa_payment_code import amount_in_words


class ReportHoaCashReceipt(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_cash_receipt"
    _description = "Cash Receipt Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        lines = self.env["account.bank.statement.line"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "account.bank.statement.line",
            "docs": lines,
            "words": {
                line.id: amount_in_words(
                    line.amount,
                    line.currency_id.name,
                    line.partner_id.lang or self.env.lang,
                )
                for line in lines
            },
        }

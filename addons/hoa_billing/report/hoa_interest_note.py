from odoo import _, api, models
from odoo.exceptions import UserError

from ..models.hoa_unit import format_account


class ReportHoaInterestNote(models.AbstractModel):
    _name = "report.hoa_billing.report_hoa_interest_note"
    _description = "Interest Note Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        notes = self.env["account.move"].browse(docids)
        others = notes.filtered(lambda move: not move.hoa_is_interest_note)
        if others:
            raise UserError(
                _(
                    "Only interest notes can be printed as interest notes, not "
                    "%(documents)s.",
                    documents=", ".join(others.mapped("display_name")),
                )
            )
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": notes,
            "accounts": {
                note.id: format_account(note.hoa_unit_id.virtual_account)
                for note in notes
            },
        }

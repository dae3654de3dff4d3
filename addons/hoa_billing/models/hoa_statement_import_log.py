from odoo import api, fields, models


class HoaStatementImportLog(models.Model):
    """One file a watched folder handed to the bank statement import."""

    _name = "hoa.statement.import.log"
    _description = "Bank Statement Import Log"
    _order = "date desc, id desc"
    _rec_name = "file_name"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    file_name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    folder_id = fields.Many2one(
        "hoa.statement.folder",
        string="Watched Folder",
        check_company=True,
        ondelete="set null",
        readonly=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        check_company=True,
        readonly=True,
    )
    state = fields.Selection(
        [("done", "Imported"), ("failed", "Refused")],
        required=True,
        readonly=True,
    )
    message = fields.Text(readonly=True)
    statement_ids = fields.Many2many(
        "account.bank.statement", string="Statements", readonly=True
    )
    statement_id = fields.Many2one(
        "account.bank.statement",
        string="First Statement",
        compute="_compute_statement_id",
        store=True,
    )
    line_count = fields.Integer(string="Lines", readonly=True)

    @api.depends("statement_ids")
    def _compute_statement_id(self):
        for log in self:
            log.statement_id = log.statement_ids[:1]

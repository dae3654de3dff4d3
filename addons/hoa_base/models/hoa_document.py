from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaDocument(models.Model):
    _name = "hoa.document"
    _description = "Community Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    building_id = fields.Many2one("hoa.building", check_company=True)
    category = fields.Selection(
        [
            ("statute", "Statute and rules"),
            ("contract", "Contract"),
            ("insurance", "Insurance policy"),
            ("protocol", "Protocol"),
            ("resolution", "Resolution"),
            ("plan", "Economic plan"),
            ("report", "Report"),
            ("technical", "Technical documentation"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    date_valid_until = fields.Date(string="Valid Until")
    is_expired = fields.Boolean(
        compute="_compute_is_expired", search="_search_is_expired"
    )
    visibility = fields.Selection(
        [("office", "Office only"), ("board", "Board"), ("owners", "All owners")],
        required=True,
        default="office",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Counterparty",
        help="The other party of a contract or policy.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "hoa_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Files",
    )
    description = fields.Html()

    @api.depends("date_valid_until")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.is_expired = bool(
                document.date_valid_until and document.date_valid_until < today
            )

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(_("Unsupported search on expiry."))
        today = fields.Date.context_today(self)
        expired = [("date_valid_until", "<", today)]
        if (operator == "=") == bool(value):
            return expired
        return [
            "|",
            ("date_valid_until", "=", False),
            ("date_valid_until", ">=", today),
        ]

    @api.constrains("date", "date_valid_until")
    def _check_dates(self):
        for document in self:
            if document.date_valid_until and document.date_valid_until < document.date:
                raise ValidationError(
                    _(
                        "Document %(name)s cannot expire before its date.",
                        name=document.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._attach_files()
        return documents

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_files()
        return result

    def _attach_files(self):
        """Files uploaded on the form belong to the document (for access checks)."""
        for document in self:
            document.attachment_ids.filtered(lambda a: not a.res_id).sudo().write(
                {"res_model": self._name, "res_id": document.id}
            )

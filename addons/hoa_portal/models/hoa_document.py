from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaDocument(models.Model):
    _inherit = "hoa.document"

    visibility = fields.Selection(
        selection_add=[("public", "Public (community's public page)")],
        ondelete={"public": "set default"},
    )
    hoa_date_notified = fields.Datetime(
        string="Owners E-mailed On", readonly=True, copy=False
    )
    hoa_receipt_ids = fields.One2many(
        "hoa.read.receipt", "document_id", string="Read Receipts"
    )
    hoa_receipt_count = fields.Integer(
        string="Opened By", compute="_compute_hoa_receipt_stats"
    )
    hoa_unread_partner_ids = fields.Many2many(
        "res.partner",
        string="Not Opened By",
        compute="_compute_hoa_receipt_stats",
        help="The owners who have not opened any file of the document on the portal.",
    )
    hoa_unread_count = fields.Integer(
        string="Not Opened", compute="_compute_hoa_receipt_stats"
    )

    @api.depends("hoa_receipt_ids.partner_id", "visibility", "company_id")
    def _compute_hoa_receipt_stats(self):
        for document in self:
            receipts = document.sudo().hoa_receipt_ids
            document.hoa_receipt_count = len(receipts)
            unread = self.env["res.partner"]
            if document.id and document.visibility in ("owners", "public"):
                unread = document._hoa_owner_partners()._hoa_not_opened(receipts)
            document.hoa_unread_partner_ids = unread
            document.hoa_unread_count = len(unread)

    def _hoa_owner_partners(self):
        """The owners, co-owners and proxies of the document's community today."""
        self.ensure_one()
        units = (
            self.env["hoa.unit"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
        )
        return units._get_ownerships(
            fields.Date.context_today(self), roles=("owner", "co_owner", "proxy")
        ).partner_id

    def action_hoa_notify_owners(self):
        """E-mail the owners (who accept it) that a document is on the portal."""
        template = self.env.ref("hoa_portal.hoa_document_mail_template")
        for document in self.filtered(lambda d: d.visibility in ("owners", "public")):
            partners = document._hoa_owner_partners().filtered(
                lambda p: p._hoa_wants_mail("documents")
            )
            partners._hoa_send_in_their_language(template, document)
            document.hoa_date_notified = fields.Datetime.now()
            document.message_post(
                body=_("Owners e-mailed: %(count)s people.", count=len(partners)),
                subtype_xmlid="mail.mt_note",
            )

    def action_hoa_view_receipts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Read Receipts"),
            "res_model": "hoa.read.receipt",
            "view_mode": "list",
            "domain": [("document_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_hoa_resend_unread(self):
        """E-mail the owners who have not opened the document, whatever their
        e-mail settings: the office asks for it."""
        template = self.env.ref("hoa_portal.hoa_document_mail_template")
        for document in self:
            if document.visibility not in ("owners", "public"):
                raise UserError(
                    _(
                        "Document %(name)s is not shown to the owners on the portal.",
                        name=document.name,
                    )
                )
            self.env["hoa.read.receipt"]._hoa_resend(
                document, template, document.hoa_unread_partner_ids
            )

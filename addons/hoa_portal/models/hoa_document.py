from odoo import _, fields, models


class HoaDocument(models.Model):
    _inherit = "hoa.document"

    visibility = fields.Selection(
        selection_add=[("public", "Public (community's public page)")],
        ondelete={"public": "set default"},
    )
    hoa_date_notified = fields.Datetime(
        string="Owners E-mailed On", readonly=True, copy=False
    )

    def action_hoa_notify_owners(self):
        """E-mail the owners (who accept it) that a document is on the portal."""
        template = self.env.ref("hoa_portal.hoa_document_mail_template")
        today = fields.Date.context_today(self)
        for document in self.filtered(lambda d: d.visibility in ("owners", "public")):
            units = (
                self.env["hoa.unit"]
                .sudo()
                .search([("company_id", "=", document.company_id.id)])
            )
            partners = units._get_ownerships(
                today, roles=("owner", "co_owner", "proxy")
            ).partner_id.filtered(lambda p: p._hoa_wants_mail("documents"))
            partners._hoa_send_in_their_language(template, document)
            document.hoa_date_notified = fields.Datetime.now()
            document.message_post(
                body=_("Owners e-mailed: %(count)s people.", count=len(partners)),
                subtype_xmlid="mail.mt_note",
            )

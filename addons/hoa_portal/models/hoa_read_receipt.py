"""Who opened an announcement or a document on the portal: one receipt per person
and record, written the first time he opens it (later openings count up)."""

import psycopg2

from odoo import _, api, fields, models


class HoaReadReceipt(models.Model):
    _name = "hoa.read.receipt"
    _description = "Read Receipt"
    _order = "date_first desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="cascade"
    )
    announcement_id = fields.Many2one(
        "hoa.announcement", index="btree_not_null", ondelete="cascade"
    )
    document_id = fields.Many2one(
        "hoa.document", index="btree_not_null", ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        compute="_compute_company_id",
        store=True,
        index=True,
    )
    date_first = fields.Datetime(
        string="First Opened", required=True, default=fields.Datetime.now
    )
    date_last = fields.Datetime(
        string="Last Opened", required=True, default=fields.Datetime.now
    )
    open_count = fields.Integer(string="Openings", default=1)

    _sql_constraints = [
        (
            "announcement_partner_uniq",
            "unique(announcement_id, partner_id)",
            "A person has one read receipt per announcement.",
        ),
        (
            "document_partner_uniq",
            "unique(document_id, partner_id)",
            "A person has one read receipt per document.",
        ),
        (
            "one_record",
            "CHECK(num_nonnulls(announcement_id, document_id) = 1)",
            "A read receipt is for one announcement or one document.",
        ),
    ]

    @api.depends("announcement_id.company_id", "document_id.company_id")
    def _compute_company_id(self):
        for receipt in self:
            receipt.company_id = (
                receipt.announcement_id.company_id or receipt.document_id.company_id
            )

    @api.model
    def _hoa_record_open(self, record, partner):
        """``partner`` opened ``record`` (an announcement or a document, already
        checked readable by him): the first time a receipt, later a count."""
        field = {
            "hoa.announcement": "announcement_id",
            "hoa.document": "document_id",
        }[record._name]
        Receipt = self.sudo()
        receipt = Receipt.search(
            [(field, "=", record.id), ("partner_id", "=", partner.id)], limit=1
        )
        if receipt:
            receipt.write(
                {
                    "date_last": fields.Datetime.now(),
                    "open_count": receipt.open_count + 1,
                }
            )
            return receipt
        try:
            with self.env.cr.savepoint():
                return Receipt.create({field: record.id, "partner_id": partner.id})
        except psycopg2.errors.UniqueViolation:
            # the same person opened it twice at once: the other request wrote it
            return Receipt.search(
                [(field, "=", record.id), ("partner_id", "=", partner.id)], limit=1
            )

    @api.model
    def _hoa_resend(self, record, template, partners):
        """E-mail ``record`` again to ``partners`` (those who have not opened it),
        each in his language; who has no e-mail address is named in the chatter
        so that the office delivers the notice on paper."""
        with_email = partners.filtered("email")
        without_email = partners - with_email
        with_email._hoa_send_in_their_language(template, record)
        body = _(
            "Re-sent to %(count)s people who have not opened it.",
            count=len(with_email),
        )
        if without_email:
            body += " " + _(
                "No e-mail address, deliver it otherwise: %(names)s.",
                names=", ".join(without_email.mapped("name")),
            )
        record.message_post(body=body, subtype_xmlid="mail.mt_note")
        return with_email

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_p2 import HoaPortalP2Case


@tagged("post_install", "-at_install")
class TestReadReceipts(HoaPortalP2Case, HttpCase):
    """The owners of community 1 are Anna (flat 1) and Jan (flat 2); Piotr chairs
    the board without owning a flat; Ewa owns B1 in community 2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.notice = cls.env["hoa.announcement"].create(
            {
                "name": "Voting results: roof repair adopted",
                "company_id": cls.community.id,
                "audience": "owners",
                "body": "<p>Resolution 3/2026 adopted.</p>",
                "date_from": "2020-01-01",
                "is_published": True,
                "is_legal_notice": True,
            }
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {"name": "protocol.pdf", "raw": b"%PDF-1.4 protocol"}
        )
        cls.document = cls.env["hoa.document"].create(
            {
                "name": "Voting protocol",
                "company_id": cls.community.id,
                "visibility": "owners",
                "attachment_ids": [Command.set(cls.attachment.ids)],
            }
        )

    def _sent_to(self, record, since_id):
        """The partners the mails about ``record`` created after ``since_id`` go to."""
        mails = self.env["mail.mail"].search(
            [
                ("id", ">", since_id),
                ("model", "=", record._name),
                ("res_id", "=", record.id),
            ]
        )
        return mails.recipient_ids

    def _last_mail_id(self):
        return self.env["mail.mail"].search([], order="id desc", limit=1).id or 0

    def test_announcement_receipt_once_per_person(self):
        self.assertEqual(self.notice.unread_partner_ids, self.anna | self.jan)
        self.authenticate("anna", "anna")
        for _i in range(2):
            response = self.url_open(f"/my/announcements/{self.notice.id}")
            self.assertEqual(response.status_code, 200)
            self.assertIn("Resolution 3/2026 adopted.", response.text)
        receipts = self.notice.receipt_ids
        self.assertEqual(receipts.partner_id, self.anna)
        self.assertEqual(receipts.open_count, 2)
        self.assertEqual(self.notice.receipt_count, 1)
        self.assertEqual(self.notice.unread_partner_ids, self.jan)
        self.assertEqual(self.notice.unread_count, 1)
        # the list of announcements does not count as opening one
        self.authenticate("jan", "jan")
        self.assertIn("Voting results", self.url_open("/my/announcements").text)
        self.assertEqual(self.notice.unread_partner_ids, self.jan)
        # Ewa cannot open it (another community): no receipt
        self.authenticate("ewa", "ewa")
        self.url_open(f"/my/announcements/{self.notice.id}")
        self.assertEqual(self.notice.receipt_count, 1)

    def test_resend_announcement_only_to_unread(self):
        self.authenticate("anna", "anna")
        self.url_open(f"/my/announcements/{self.notice.id}")
        since = self._last_mail_id()
        # Jan declined announcement e-mails: a notice that must reach every owner
        # is re-sent to him all the same
        self.jan.hoa_notify_announcements = False
        self.notice.action_resend_unread()
        self.assertEqual(self._sent_to(self.notice, since), self.jan)
        self.assertIn(
            "Re-sent to 1 people", self.notice.message_ids[0].body.replace("\xa0", " ")
        )
        # once Jan read it, nobody is left
        self.authenticate("jan", "jan")
        self.url_open(f"/my/announcements/{self.notice.id}")
        self.assertFalse(self.notice.unread_partner_ids)

    def test_resend_names_those_without_email(self):
        self.jan.email = False
        since = self._last_mail_id()
        self.notice.action_resend_unread()
        self.assertEqual(self._sent_to(self.notice, since), self.anna)
        self.assertIn("Jan Nowak", self.notice.message_ids[0].body)

    def test_board_audience(self):
        board_notice = self.notice.copy({"audience": "board", "is_published": True})
        self.assertEqual(board_notice.unread_partner_ids, self.piotr)

    def test_document_receipt_and_resend(self):
        self.assertEqual(self.document.hoa_unread_partner_ids, self.anna | self.jan)
        self.authenticate("jan", "jan")
        url = f"/my/documents/{self.document.id}/files/{self.attachment.id}"
        for _i in range(3):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
        receipt = self.document.hoa_receipt_ids
        self.assertEqual(receipt.partner_id, self.jan)
        self.assertEqual(receipt.open_count, 3)
        self.assertEqual(self.document.hoa_unread_partner_ids, self.anna)
        # another community's owner gets a 404 and leaves no receipt
        self.authenticate("ewa", "ewa")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.document.hoa_receipt_count, 1)
        since = self._last_mail_id()
        self.document.action_hoa_resend_unread()
        self.assertEqual(self._sent_to(self.document, since), self.anna)

    def test_resident_sees_only_own_receipts(self):
        self.authenticate("anna", "anna")
        self.url_open(f"/my/announcements/{self.notice.id}")
        self.authenticate("jan", "jan")
        self.url_open(f"/my/announcements/{self.notice.id}")
        Receipt = self.env["hoa.read.receipt"]
        self.assertEqual(
            Receipt.with_user(self.jan_user).search([]).partner_id, self.jan
        )
        self.assertEqual(
            Receipt.search_count([("announcement_id", "=", self.notice.id)]), 2
        )

import base64

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common_p2 import HoaPortalP2Case


@tagged("post_install", "-at_install")
class TestPortalP2Access(HoaPortalP2Case, HttpCase):
    """Every route of part 2 and every record id it takes: the owner gets it,
    another resident does not, an anonymous visitor is sent to log in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna_ticket = cls._ticket(cls.unit, cls.anna, "Anna's leaking radiator")
        cls.announcement = cls.env["hoa.announcement"].create(
            {
                "name": "Community one meeting",
                "company_id": cls.community.id,
                "audience": "residents",
                "body": "<p>Meeting on Friday.</p>",
                "date_from": "2020-01-01",
                "is_published": True,
            }
        )
        cls.announcement_b = cls.env["hoa.announcement"].create(
            {
                "name": "Community two roof repair",
                "company_id": cls.community_b.id,
                "audience": "residents",
                "body": "<p>Roof repair.</p>",
                "date_from": "2020-01-01",
                "is_published": True,
            }
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "statute.pdf",
                "raw": b"%PDF-1.4 statute",
                "mimetype": "application/pdf",
            }
        )
        cls.document = cls.env["hoa.document"].create(
            {
                "name": "Community one statute",
                "company_id": cls.community.id,
                "visibility": "owners",
                "attachment_ids": [Command.set(cls.attachment.ids)],
            }
        )
        cls.office_document = cls.env["hoa.document"].create(
            {
                "name": "Office contract",
                "company_id": cls.community.id,
                "visibility": "office",
                "attachment_ids": [
                    Command.create({"name": "contract.pdf", "raw": b"%PDF-1.4 c"})
                ],
            }
        )
        cls.anna_request = cls.env["hoa.change.request"].create(
            {"unit_id": cls.unit.id, "partner_id": cls.anna.id, "requested_value": 3}
        )

    def _routes(self):
        doc_file = f"/my/documents/{self.document.id}/files/{self.attachment.id}"
        return [
            "/my/tickets",
            "/my/tickets/new",
            f"/my/tickets/{self.anna_ticket.id}",
            "/my/announcements",
            f"/my/announcements/{self.announcement.id}",
            "/my/announcements/new",
            "/my/documents",
            doc_file,
            "/my/contact",
            "/my/requests",
            "/my/notifications",
        ]

    def test_anonymous_redirected_to_login(self):
        for route in self._routes():
            response = self.url_open(route)
            self.assertIn("/web/login", response.url, route)
        tickets = self.env["hoa.ticket"].search_count([])
        requests = self.env["hoa.change.request"].search_count([])
        for route in ("/my/tickets/new", "/my/requests/occupants", "/my/contact"):
            self.url_open(
                route,
                data={"unit_id": self.unit.id, "name": "Anonymous", "kind": "fault"},
            )
        self.assertEqual(self.env["hoa.ticket"].search_count([]), tickets)
        self.assertEqual(self.env["hoa.change.request"].search_count([]), requests)

    def test_owner_sees_his_records(self):
        self.authenticate("anna", "anna")
        for route in self._routes():
            if route == "/my/announcements/new":
                continue
            response = self.url_open(route)
            self.assertEqual(response.status_code, 200, route)
            self.assertNotIn("/web/login", response.url, route)
        page = self.url_open(f"/my/tickets/{self.anna_ticket.id}")
        self.assertIn("Anna&#39;s leaking radiator", page.text)
        self.assertIn("Community one meeting", self.url_open("/my/announcements").text)
        self.assertIn("Community one statute", self.url_open("/my/documents").text)
        download = self.url_open(
            f"/my/documents/{self.document.id}/files/{self.attachment.id}"
        )
        self.assertEqual(download.content, b"%PDF-1.4 statute")

    def test_other_resident_same_community(self):
        self.authenticate("jan", "jan")
        response = self.url_open(f"/my/tickets/{self.anna_ticket.id}")
        self.assertNotIn("leaking radiator", response.text)
        self.assertFalse(response.url.endswith(f"/my/tickets/{self.anna_ticket.id}"))
        self.assertNotIn(
            "leaking radiator", self.url_open("/my/tickets?filterby=all").text
        )
        requests_page = self.url_open("/my/requests")
        self.assertNotIn(self.unit.display_name + "</td>", requests_page.text)
        self.assertNotIn("o_hoa_change_request", requests_page.text)
        # a non-board resident cannot publish
        response = self.url_open("/my/announcements/new")
        self.assertTrue(response.url.endswith("/my/announcements"))

    def test_other_community_resident(self):
        self.authenticate("ewa", "ewa")
        response = self.url_open(f"/my/tickets/{self.anna_ticket.id}")
        self.assertNotIn("leaking radiator", response.text)
        response = self.url_open(f"/my/announcements/{self.announcement.id}")
        self.assertTrue(response.url.endswith("/my/announcements"))
        self.assertNotIn("Community one meeting", response.text)
        listing = self.url_open("/my/announcements").text
        self.assertIn("Community two roof repair", listing)
        self.assertNotIn("Community one meeting", listing)
        self.assertNotIn("Community one statute", self.url_open("/my/documents").text)
        response = self.url_open(
            f"/my/documents/{self.document.id}/files/{self.attachment.id}"
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"statute", response.content)

    def test_office_document_and_foreign_attachment(self):
        self.authenticate("anna", "anna")
        self.assertNotIn("Office contract", self.url_open("/my/documents").text)
        office_file = self.office_document.attachment_ids
        response = self.url_open(
            f"/my/documents/{self.office_document.id}/files/{office_file.id}"
        )
        self.assertEqual(response.status_code, 404)
        # an attachment of another document through an allowed document
        response = self.url_open(
            f"/my/documents/{self.document.id}/files/{office_file.id}"
        )
        self.assertEqual(response.status_code, 404)

    def test_forged_unit_ids_are_refused(self):
        self.authenticate("jan", "jan")
        token = self._csrf("/my/tickets/new")
        response = self.url_open(
            "/my/tickets/new",
            data={
                "csrf_token": token,
                "unit_id": self.unit.id,
                "kind": "fault",
                "name": "Forged ticket",
            },
        )
        self.assertIn("Choose one of your units.", response.text)
        self.assertFalse(
            self.env["hoa.ticket"].search([("name", "=", "Forged ticket")])
        )
        token = self._csrf("/my/requests")
        response = self.url_open(
            "/my/requests/occupants",
            data={"csrf_token": token, "unit_id": self.unit.id, "requested_value": "7"},
        )
        self.assertIn("Choose one of the units you own.", response.text)
        self.assertFalse(
            self.env["hoa.change.request"].search([("requested_value", "=", 7)])
        )
        token = self._csrf("/my/contact")
        response = self.url_open(
            "/my/announcements/new",
            data={
                "csrf_token": token,
                "company_id": self.community.id,
                "audience": "owners",
                "name": "Forged announcement",
                "body": "Not from the board at all.",
            },
        )
        self.assertFalse(
            self.env["hoa.announcement"].search([("name", "=", "Forged announcement")])
        )

    def test_ticket_form_validation_and_photos(self):
        self.authenticate("anna", "anna")
        token = self._csrf("/my/tickets/new")
        response = self.url_open(
            "/my/tickets/new",
            data={
                "csrf_token": token,
                "unit_id": self.unit.id,
                "kind": "fault",
                "name": "x",
            },
        )
        self.assertIn("Write a short title (at least 3 characters).", response.text)
        response = self.url_open(
            "/my/tickets/new",
            data={
                "csrf_token": token,
                "unit_id": self.unit.id,
                "kind": "fault",
                "name": "Broken window",
            },
            files={"photos": ("virus.exe", b"MZ\x90\x00 not a photo", "image/png")},
        )
        self.assertIn("is not a photo", response.text)
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
        )
        response = self.url_open(
            "/my/tickets/new",
            data={
                "csrf_token": token,
                "unit_id": self.unit.id,
                "kind": "fault",
                "name": "Broken window",
                "description": "The kitchen window does not close.",
            },
            files={"photos": ("window.png", png, "image/png")},
        )
        ticket = self.env["hoa.ticket"].search([("name", "=", "Broken window")])
        self.assertEqual(ticket.reporter_partner_id, self.anna)
        self.assertEqual(ticket.company_id, self.community)
        self.assertEqual(ticket.building_id, self.building)
        self.assertIn(self.anna, ticket.message_partner_ids)
        self.assertTrue(response.url.endswith(f"/my/tickets/{ticket.id}?created=1"))
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", "hoa.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(photo.mimetype, "image/png")

    def test_board_member_publishes_for_owners(self):
        self.authenticate("piotr", "piotr")
        token = self._csrf("/my/announcements/new")
        response = self.url_open(
            "/my/announcements/new",
            data={
                "csrf_token": token,
                "company_id": self.community.id,
                "audience": "owners",
                "name": "Annual meeting",
                "body": "The annual meeting is on 20 March at 18:00.",
                "send_email": "1",
                "building_ids": self.building_b.id,
            },
        )
        self.assertIn("Choose buildings of the chosen community.", response.text)
        response = self.url_open(
            "/my/announcements/new",
            data={
                "csrf_token": token,
                "company_id": self.community.id,
                "audience": "owners",
                "name": "Annual meeting",
                "body": "The annual meeting is on 20 March at 18:00.",
                "send_email": "1",
            },
        )
        announcement = self.env["hoa.announcement"].search(
            [("name", "=", "Annual meeting")]
        )
        self.assertTrue(announcement.is_published)
        self.assertEqual(announcement.author_id, self.piotr)
        self.assertTrue(announcement.date_sent)
        mails = self.env["mail.mail"].search(
            [("model", "=", "hoa.announcement"), ("res_id", "=", announcement.id)]
        )
        self.assertEqual(mails.recipient_ids, self.anna | self.jan)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        # the other community's owner sees nothing of it
        self.authenticate("ewa", "ewa")
        self.assertNotIn("Annual meeting", self.url_open("/my/announcements").text)

    def test_contact_and_notification_settings(self):
        self.authenticate("anna", "anna")
        token = self._csrf("/my/contact")
        response = self.url_open(
            "/my/contact",
            data={"csrf_token": token, "email": "not-an-email", "phone": "12"},
        )
        self.assertIn("Enter a valid e-mail address", response.text)
        self.assertIn("Enter a phone number", response.text)
        self.assertEqual(self.anna.email, "anna@example.com")
        self.url_open(
            "/my/contact",
            data={
                "csrf_token": token,
                "email": "anna.new@example.com",
                "phone": "+48 600 100 200",
            },
        )
        self.assertEqual(self.anna.email, "anna.new@example.com")
        self.assertEqual(self.anna.phone, "+48 600 100 200")
        self.url_open(
            "/my/notifications",
            data={"csrf_token": token, "hoa_notify_charges": "1"},
        )
        self.assertTrue(self.anna.hoa_notify_charges)
        self.assertFalse(self.anna.hoa_notify_documents)
        self.assertFalse(self.anna._hoa_wants_mail("announcements"))
        self.assertTrue(self.anna._hoa_wants_mail("charges"))
        # Jan's settings are untouched
        self.assertTrue(self.jan.hoa_notify_documents)

    def test_occupants_request_from_portal(self):
        self.anna_request.unlink()
        self.authenticate("anna", "anna")
        token = self._csrf("/my/requests")
        response = self.url_open(
            "/my/requests/occupants",
            data={
                "csrf_token": token,
                "unit_id": self.unit.id,
                "requested_value": "-1",
            },
        )
        self.assertIn("Enter the number of people", response.text)
        self.url_open(
            "/my/requests/occupants",
            data={"csrf_token": token, "unit_id": self.unit.id, "requested_value": "4"},
        )
        request = self.env["hoa.change.request"].search(
            [("unit_id", "=", self.unit.id)]
        )
        self.assertEqual(request.requested_value, 4)
        self.assertEqual(request.partner_id, self.anna)
        today = fields.Date.today()
        self.assertEqual(request.date_effective.day, 1)
        self.assertGreater(request.date_effective, today)
        response = self.url_open(
            "/my/requests/occupants",
            data={"csrf_token": token, "unit_id": self.unit.id, "requested_value": "5"},
        )
        self.assertIn("already waiting for approval", response.text)

    def test_board_member_follows_the_community_tickets(self):
        self.authenticate("piotr", "piotr")
        listing = self.url_open("/my/tickets?filterby=all").text
        self.assertIn("leaking radiator", listing)
        self.assertIn("Anna Nowak", listing)
        self.assertNotIn(
            "leaking radiator", self.url_open("/my/tickets?filterby=mine").text
        )
        page = self.url_open(f"/my/tickets/{self.anna_ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("leaking radiator", page.text)
        # but not those of another community
        other = self._ticket(self.unit_b, self.ewa, "Ewa's wet cellar")
        self.assertNotIn("wet cellar", self.url_open("/my/tickets?filterby=all").text)
        response = self.url_open(f"/my/tickets/{other.id}")
        self.assertNotIn("wet cellar", response.text)

"""The public pages of the demo communities: anyone sees the public documents and
nothing else; a document that is not public is unreachable by URL, anonymously or
logged in, whatever ids are guessed; an unpublished community is 404."""

import re

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPublicPage(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.krakow = cls.env.ref("hoa_base.hoa_company_krakow")
        cls.kyiv = cls.env.ref("hoa_base.hoa_company_kyiv")
        Document = cls.env["hoa.document"]
        cls.public_docs = Document.search(
            [("company_id", "=", cls.krakow.id), ("visibility", "=", "public")]
        )
        cls.board_doc = cls.env.ref("hoa_portal.hoa_document_krakow_board_minutes")
        cls.owners_doc = cls.env.ref("hoa_base.hoa_document_krakow_statute")
        cls.office_doc = cls.env.ref("hoa_base.hoa_document_krakow_contract")
        # every document that is not public gets a file, to be guessed at
        for document in Document.search([("visibility", "!=", "public")]):
            if not document.attachment_ids:
                document.attachment_ids = [
                    Command.create(
                        {
                            "name": f"secret-{document.id}.txt",
                            "raw": b"not for the public",
                            "res_model": "hoa.document",
                            "res_id": document.id,
                        }
                    )
                ]
        cls.hidden_docs = Document.search([("visibility", "!=", "public")])
        cls.page = f"/community/{cls.krakow.hoa_public_slug}"

    def _download(self, slug, document_id, attachment_id):
        return self.url_open(
            f"/community/{slug}/documents/{document_id}/files/{attachment_id}"
        )

    def test_demo_page_shows_public_documents_only(self):
        self.assertTrue(self.krakow.hoa_public_published)
        self.assertGreaterEqual(len(self.public_docs), 3)
        response = self.url_open(self.page)
        self.assertEqual(response.status_code, 200)
        html = response.text
        for document in self.public_docs:
            self.assertIn(document.name, html)
        for document in self.board_doc | self.owners_doc | self.office_doc:
            self.assertNotIn(document.name, html)
        for attachment in self.hidden_docs.attachment_ids:
            self.assertNotIn(attachment.name, html)
        # title and description for search engines, mobile viewport
        self.assertIn(f"<title>{self.krakow.name}</title>", html)
        self.assertRegex(
            html,
            r'<meta name="description" content="[^"]*Lea 12-14[^"]*"',
        )
        self.assertIn('name="viewport"', html)
        self.assertRegex(html, r'<html[^>]* lang="[a-z]{2}-[A-Z]{2}"')
        # the board in office, office hours, emergency numbers (callable)
        chair = self.env.ref("hoa_base.hoa_board_krakow_chair").partner_id
        former = self.env.ref("hoa_base.hoa_board_krakow_former").partner_id
        self.assertIn(chair.name, html)
        self.assertNotIn(former.name, html)
        self.assertIn("16:00-18:00", html)
        self.assertIn('href="tel:992"', html)
        self.assertIn('href="tel:+48600100200"', html)
        # the public announcement, not the others
        self.assertIn("Przegląd instalacji gazowej", html)
        for announcement in self.env["hoa.announcement"].search(
            [("company_id", "=", self.krakow.id), ("is_public", "=", False)]
        ):
            self.assertNotIn(f">{announcement.name}<", html)

    def test_public_file_downloads(self):
        document = self.env.ref("hoa_portal.hoa_document_krakow_public_report")
        response = self._download(
            self.krakow.hoa_public_slug, document.id, document.attachment_ids.id
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sprawozdanie roczne", response.content.decode())
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        # linked from the page
        self.assertIn(
            f"/documents/{document.id}/files/{document.attachment_ids.id}",
            self.url_open(self.page).text,
        )

    def _assert_hidden_unreachable(self, anonymous=True):
        slugs = [self.krakow.hoa_public_slug, self.kyiv.hoa_public_slug]
        public = self.public_docs[0]
        for document in self.hidden_docs:
            for attachment in document.attachment_ids:
                for slug in slugs:
                    # the right ids, another community's page, a public document's
                    for document_id in (document.id, public.id):
                        with self.subTest(
                            slug=slug, document=document_id, attachment=attachment.id
                        ):
                            response = self._download(slug, document_id, attachment.id)
                            self.assertEqual(response.status_code, 404)
                            self.assertNotIn(b"not for the public", response.content)
                if anonymous:
                    # Odoo's own content route does not serve it either
                    response = self.url_open(f"/web/content/{attachment.id}")
                    self.assertNotIn(b"not for the public", response.content)
        # ids guessed around the real ones
        top = max(self.hidden_docs.attachment_ids.ids + self.public_docs.ids)
        legit = {
            (document.id, attachment.id)
            for document in self.public_docs
            for attachment in document.attachment_ids
        }
        for guess in range(max(top - 40, 1), top + 5):
            if (guess, guess) in legit:
                continue
            response = self._download(self.krakow.hoa_public_slug, guess, guess)
            self.assertEqual(response.status_code, 404, guess)

    def test_hidden_documents_unreachable_anonymously(self):
        self._assert_hidden_unreachable()

    def test_hidden_documents_unreachable_logged_in(self):
        """Logged in, even as the administrator who may read every document, the
        public route serves public documents only."""
        self.authenticate("admin", "admin")
        self._assert_hidden_unreachable(anonymous=False)

    def test_unpublished_community_is_404(self):
        slug = self.kyiv.hoa_public_slug
        document = self.env.ref("hoa_portal.hoa_document_kyiv_public_statute")
        self.assertEqual(self.url_open(f"/community/{slug}").status_code, 200)
        self.kyiv.hoa_public_published = False
        self.assertEqual(self.url_open(f"/community/{slug}").status_code, 404)
        response = self._download(slug, document.id, document.attachment_ids.id)
        self.assertEqual(response.status_code, 404)
        landing = self.url_open("/communities")
        self.assertEqual(landing.status_code, 200)
        self.assertNotIn(self.kyiv.name, landing.text)
        self.assertIn(self.krakow.name, landing.text)
        for bad in ("no-such-community", "WM-LEA", "..%2Fadmin", "a" * 300):
            self.assertEqual(self.url_open(f"/community/{bad}").status_code, 404, bad)

    def test_landing_lists_published_communities(self):
        response = self.url_open("/communities")
        self.assertEqual(response.status_code, 200)
        links = set(re.findall(r'href="(/community/[a-z0-9-]+)"', response.text))
        self.assertEqual(
            links,
            {
                f"/community/{company.hoa_public_slug}"
                for company in self.env["res.company"].search(
                    [("hoa_public_published", "=", True)]
                )
            },
        )
        self.assertIn(self.page, links)

    def test_public_address_checked(self):
        with self.assertRaises(ValidationError):
            self.krakow.hoa_public_slug = "Lea 12/14"
        with self.assertRaises(ValidationError):
            self.krakow.hoa_public_slug = "-lea"
        other = self.env["res.company"].create(
            {"name": "Wspólnota Mieszkaniowa Słoneczna 5", "is_hoa_community": True}
        )
        self.assertFalse(other.hoa_public_slug)
        other.hoa_public_published = True
        self.assertEqual(other.hoa_public_slug, "wspolnota-mieszkaniowa-sloneczna-5")
        self.assertEqual(
            self.url_open(f"/community/{other.hoa_public_slug}").status_code, 200
        )

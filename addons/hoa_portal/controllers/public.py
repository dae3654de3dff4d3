"""The public pages of the communities: no login, what an office must disclose.

/communities lists the published communities of the office; /community/<slug> shows
one: contact, office hours, board, public documents and announcements, emergency
numbers. Only published communities exist here: any other address, an unpublished
community, a document that is not public or a file of another document answers 404,
whoever asks.

The records are read with sudo because anonymous visitors have no access to them;
every search is bound to what is public by its domain (published community,
visibility public, announcement marked public and current), never widened by a
request parameter."""

import re

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

from ..models.res_company import SLUG_PATTERN

PHONE_IN_LINE = re.compile(r"\+?\d[\d\s-]{1,20}\d|\b\d{3}\b")


class HoaPublicPage(http.Controller):
    # ------------------------------------------------------------------ helpers
    def _hoa_public_communities(self):
        return (
            request.env["res.company"]
            .sudo()
            .search(
                [("is_hoa_community", "=", True), ("hoa_public_published", "=", True)],
                order="name",
            )
        )

    def _hoa_public_community(self, slug):
        """The published community of ``slug``, else 404."""
        if not slug or not SLUG_PATTERN.match(slug):
            raise NotFound()
        community_sudo = (
            request.env["res.company"]
            .sudo()
            .search(
                [
                    ("hoa_public_slug", "=", slug),
                    ("is_hoa_community", "=", True),
                    ("hoa_public_published", "=", True),
                ],
                limit=1,
            )
        )
        if not community_sudo:
            raise NotFound()
        return community_sudo

    def _hoa_public_documents(self, community_sudo):
        return (
            request.env["hoa.document"]
            .sudo()
            .search(
                [
                    ("company_id", "=", community_sudo.id),
                    ("visibility", "=", "public"),
                ],
                order="category, date desc, id desc",
            )
        )

    def _hoa_public_announcements(self, community_sudo):
        today = fields.Date.context_today(request.env.user)
        return (
            request.env["hoa.announcement"]
            .sudo()
            .search(
                [
                    ("company_id", "=", community_sudo.id),
                    ("is_public", "=", True),
                    ("is_published", "=", True),
                    ("date_from", "<=", today),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", today),
                ],
                limit=10,
            )
        )

    @staticmethod
    def _hoa_lines(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def _hoa_emergency_lines(self, text):
        """[(line, tel: number or False)] of the emergency numbers."""
        result = []
        for line in self._hoa_lines(text):
            found = PHONE_IN_LINE.findall(line)
            number = re.sub(r"[^\d+]", "", found[-1]) if found else ""
            result.append((line, number or False))
        return result

    # ------------------------------------------------------------------ routes
    @http.route(
        "/communities", type="http", auth="public", website=True, methods=["GET"]
    )
    def hoa_public_communities(self, **kw):
        communities_sudo = self._hoa_public_communities()
        office = request.env.company.sudo()
        return request.render(
            "hoa_portal.hoa_public_communities",
            {
                "communities": communities_sudo,
                "office": office,
                "title": request.env._(
                    "%(office)s - housing communities", office=office.name
                ),
                "meta_description": request.env._(
                    "The housing communities managed by %(office)s: contact, office "
                    "hours, board, documents and announcements.",
                    office=office.name,
                ),
            },
        )

    @http.route(
        "/community/<string:slug>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def hoa_public_community(self, slug, **kw):
        community_sudo = self._hoa_public_community(slug)
        board = community_sudo.hoa_board_member_ids.filtered("is_active").sorted(
            lambda m: (
                ["chair", "deputy", "treasurer", "secretary", "member"].index(m.role),
                m.partner_id.name or "",
            )
        )
        description = community_sudo.hoa_public_description or request.env._(
            "%(community)s: contact, office hours, board, documents and "
            "announcements of the housing community.",
            community=community_sudo.name,
        )
        return request.render(
            "hoa_portal.hoa_public_community",
            {
                "community": community_sudo,
                "board": board,
                "documents": self._hoa_public_documents(community_sudo),
                "announcements": self._hoa_public_announcements(community_sudo),
                "office_hours": self._hoa_lines(community_sudo.hoa_public_office_hours),
                "contact": self._hoa_lines(community_sudo.hoa_public_contact),
                "emergency": self._hoa_emergency_lines(
                    community_sudo.hoa_public_emergency
                ),
                "title": community_sudo.name,
                "meta_description": description,
            },
        )

    @http.route(
        "/community/<string:slug>/documents/<int:document_id>/files/"
        "<int:attachment_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def hoa_public_document_download(self, slug, document_id, attachment_id, **kw):
        community_sudo = self._hoa_public_community(slug)
        document_sudo = self._hoa_public_documents(community_sudo).filtered(
            lambda d: d.id == document_id
        )
        attachment_sudo = document_sudo.attachment_ids.filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment_sudo:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )

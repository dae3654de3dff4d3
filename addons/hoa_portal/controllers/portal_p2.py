import logging

from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

_logger = logging.getLogger(__name__)

PHOTO_MAX_COUNT = 5
PHOTO_MAX_SIZE = 10 * 1024 * 1024
PHOTO_MIMETYPES = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
)
OWNER_ROLES = ("owner", "co_owner", "proxy")


class HoaPortalP2(CustomerPortal):
    """Residents' tickets, announcements, documents, requests and e-mail settings."""

    # ------------------------------------------------------------ helpers
    def _hoa_p2_units(self, roles=None):
        """The units of the logged-in person (record rules apply as well)."""
        partner = request.env.user.partner_id
        return request.env["hoa.unit"].search(
            partner._hoa_portal_unit_domain(roles=roles), order="company_id, name_sort"
        )

    def _hoa_p2_board_communities(self):
        """Communities where the logged-in person is a board member today."""
        members = (
            request.env["hoa.board.member"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("is_active", "=", True),
                ]
            )
        )
        return members.company_id

    def _hoa_p2_announcement_domain(self):
        today = fields.Date.context_today(request.env.user)
        return [
            ("is_published", "=", True),
            ("date_from", "<=", today),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", today),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        if "hoa_ticket_count" in counters:
            values["hoa_ticket_count"] = (
                env["hoa.ticket"].search_count([("is_closed", "=", False)])
                if env["hoa.ticket"].has_access("read")
                else 0
            )
        if "hoa_announcement_count" in counters:
            values["hoa_announcement_count"] = (
                env["hoa.announcement"].search_count(self._hoa_p2_announcement_domain())
                if env["hoa.announcement"].has_access("read")
                else 0
            )
        if "hoa_document_count" in counters:
            values["hoa_document_count"] = (
                env["hoa.document"].search_count([])
                if env["hoa.document"].has_access("read")
                else 0
            )
        if "hoa_request_count" in counters:
            values["hoa_request_count"] = (
                env["hoa.change.request"].search_count([])
                if env["hoa.change.request"].has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------ tickets
    def _hoa_ticket_filters(self, is_board=False):
        filters = {
            "open": {"label": _("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": _("Closed"), "domain": [("is_closed", "=", True)]},
            "all": {"label": _("All"), "domain": []},
        }
        if is_board:
            # board members also see the tickets of their whole community
            partner = request.env.user.partner_id
            filters["mine"] = {
                "label": _("Reported by me"),
                "domain": [("reporter_partner_id", "in", partner.ids)],
            }
        return filters

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hoa_tickets(self, page=1, filterby="open", **kw):
        Ticket = request.env["hoa.ticket"]
        is_board = bool(self._hoa_p2_board_communities())
        filters = self._hoa_ticket_filters(is_board)
        if filterby not in filters:
            filterby = "open"
        domain = filters[filterby]["domain"]
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/tickets",
            url_args={"filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        tickets = Ticket.search(
            domain,
            order="is_closed, date_reported desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_tickets_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "page_name": "hoa_ticket",
                "pager": pager,
                "default_url": "/my/tickets",
                "searchbar_filters": filters,
                "filterby": filterby,
                "can_report": bool(self._hoa_p2_units()),
                "is_board": is_board,
            }
        )
        return request.render("hoa_portal.portal_my_hoa_tickets", values)

    def _hoa_ticket_form_values(self, errors=None, data=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_ticket_new",
                "units": self._hoa_p2_units(),
                "kinds": request.env["hoa.ticket"]
                ._fields["kind"]
                ._description_selection(request.env),
                "errors": errors or {},
                "data": data or {},
                "photo_max_count": PHOTO_MAX_COUNT,
            }
        )
        return values

    @http.route(
        "/my/tickets/new", type="http", auth="user", website=True, methods=["GET"]
    )
    def portal_hoa_ticket_new(self, **kw):
        return request.render(
            "hoa_portal.portal_hoa_ticket_new",
            self._hoa_ticket_form_values(data={"unit_id": kw.get("unit_id")}),
        )

    def _hoa_ticket_read_photos(self, errors):
        photos = []
        files = [f for f in request.httprequest.files.getlist("photos") if f.filename]
        if len(files) > PHOTO_MAX_COUNT:
            errors["photos"] = _(
                "Attach at most %(count)s photos.", count=PHOTO_MAX_COUNT
            )
            return photos
        for upload in files:
            content = upload.read(PHOTO_MAX_SIZE + 1)
            if len(content) > PHOTO_MAX_SIZE:
                errors["photos"] = _(
                    "The file %(name)s is larger than 10 MB.", name=upload.filename
                )
                continue
            mimetype = guess_mimetype(content)
            if mimetype not in PHOTO_MIMETYPES:
                errors["photos"] = _(
                    "The file %(name)s is not a photo (JPEG, PNG, GIF, WebP) or a PDF.",
                    name=upload.filename,
                )
                continue
            photos.append((upload.filename, content, mimetype))
        return photos

    @http.route(
        "/my/tickets/new", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_hoa_ticket_create(self, **post):
        errors = {}
        units = self._hoa_p2_units()
        unit = units.filtered(lambda u: str(u.id) == (post.get("unit_id") or ""))
        if not unit:
            errors["unit_id"] = _("Choose one of your units.")
        kind = post.get("kind")
        if kind not in dict(request.env["hoa.ticket"]._fields["kind"].selection):
            errors["kind"] = _("Choose what kind of issue it is.")
        title = (post.get("name") or "").strip()
        if len(title) < 3:
            errors["name"] = _("Write a short title (at least 3 characters).")
        elif len(title) > 120:
            errors["name"] = _("The title is too long (at most 120 characters).")
        description = (post.get("description") or "").strip()
        if len(description) > 5000:
            errors["description"] = _(
                "The description is too long (at most 5000 characters)."
            )
        photos = self._hoa_ticket_read_photos(errors)
        if errors:
            return request.render(
                "hoa_portal.portal_hoa_ticket_new",
                self._hoa_ticket_form_values(errors=errors, data=post),
            )
        partner = request.env.user.partner_id
        # the unit was checked to be the user's own just above
        ticket_sudo = (
            request.env["hoa.ticket"]
            .sudo()
            .create(
                {
                    "name": title,
                    "kind": kind,
                    "description": plaintext2html(description)
                    if description
                    else False,
                    "unit_id": unit.id,
                    "company_id": unit.company_id.id,
                    "reporter_partner_id": partner.id,
                }
            )
        )
        if photos:
            attachments = (
                request.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "raw": content,
                            "mimetype": mimetype,
                            "res_model": "hoa.ticket",
                            "res_id": ticket_sudo.id,
                        }
                        for name, content, mimetype in photos
                    ]
                )
            )
            ticket_sudo.with_context(mail_notify_force_send=False).message_post(
                body=_("Photos of the issue."),
                author_id=partner.id,
                attachment_ids=attachments.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return request.redirect(f"/my/tickets/{ticket_sudo.id}?created=1")

    @http.route("/my/tickets/<int:ticket_id>", type="http", auth="public", website=True)
    def portal_my_hoa_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "hoa.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        photos = ticket_sudo.env["ir.attachment"].search(
            [
                ("res_model", "=", "hoa.ticket"),
                ("res_id", "=", ticket_sudo.id),
                ("mimetype", "=like", "image/%"),
            ]
        )
        photos.generate_access_token()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "ticket": ticket_sudo,
                "photos": photos,
                "page_name": "hoa_ticket",
                "created": kw.get("created"),
                "stages": request.env["hoa.ticket.stage"].sudo().search([]),
            }
        )
        values = self._get_page_view_values(
            ticket_sudo, access_token, values, "my_tickets_history", False
        )
        return request.render("hoa_portal.portal_my_hoa_ticket", values)

    # ------------------------------------------------------------ announcements
    @http.route(
        ["/my/announcements", "/my/announcements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hoa_announcements(self, page=1, **kw):
        Announcement = request.env["hoa.announcement"]
        domain = self._hoa_p2_announcement_domain()
        count = Announcement.search_count(domain)
        pager = portal_pager(
            url="/my/announcements",
            total=count,
            page=page,
            step=self._items_per_page,
        )
        announcements = Announcement.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "announcements": announcements,
                "page_name": "hoa_announcement",
                "pager": pager,
                "default_url": "/my/announcements",
                "board_communities": self._hoa_p2_board_communities(),
            }
        )
        return request.render("hoa_portal.portal_my_hoa_announcements", values)

    @http.route(
        "/my/announcements/<int:announcement_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hoa_announcement(self, announcement_id, **kw):
        announcement = request.env["hoa.announcement"].search(
            expression.AND(
                [self._hoa_p2_announcement_domain(), [("id", "=", announcement_id)]]
            )
        )
        if not announcement:
            return request.redirect("/my/announcements")
        request.env["hoa.read.receipt"]._hoa_record_open(
            announcement, request.env.user.partner_id
        )
        values = self._prepare_portal_layout_values()
        values.update({"announcement": announcement, "page_name": "hoa_announcement"})
        return request.render("hoa_portal.portal_my_hoa_announcement", values)

    def _hoa_announcement_form_values(self, communities, errors=None, data=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_announcement_new",
                "communities": communities,
                "buildings": request.env["hoa.building"]
                .sudo()
                .search([("company_id", "in", communities.ids)]),
                "errors": errors or {},
                "data": data or {},
            }
        )
        return values

    @http.route(
        "/my/announcements/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_hoa_announcement_new(self, **post):
        communities = self._hoa_p2_board_communities()
        if not communities:
            return request.redirect("/my/announcements")
        if request.httprequest.method != "POST":
            return request.render(
                "hoa_portal.portal_hoa_announcement_new",
                self._hoa_announcement_form_values(
                    communities, data={"audience": "owners"}
                ),
            )
        errors = {}
        community = communities.filtered(
            lambda c: str(c.id) == (post.get("company_id") or "")
        )
        if not community:
            errors["company_id"] = _("Choose a community whose board you sit on.")
        audience = post.get("audience")
        if audience not in ("owners", "residents", "board"):
            errors["audience"] = _("Choose who the announcement is for.")
        title = (post.get("name") or "").strip()
        if not 3 <= len(title) <= 120:
            errors["name"] = _("Write a title of 3 to 120 characters.")
        body = (post.get("body") or "").strip()
        if len(body) < 10:
            errors["body"] = _("Write the announcement (at least 10 characters).")
        elif len(body) > 10000:
            errors["body"] = _(
                "The announcement is too long (at most 10000 characters)."
            )
        date_to = False
        if post.get("date_to"):
            try:
                date_to = fields.Date.to_date(post["date_to"])
            except ValueError:
                date_to = None
            if not date_to or date_to < fields.Date.context_today(request.env.user):
                errors["date_to"] = _("The end date must be today or later.")
        building_ids = []
        for value in request.httprequest.form.getlist("building_ids"):
            building = (
                request.env["hoa.building"]
                .sudo()
                .search([("id", "=", int(value) if value.isdigit() else 0)])
            )
            if not building or building.company_id != community:
                errors["building_ids"] = _("Choose buildings of the chosen community.")
                break
            building_ids.append(building.id)
        if errors:
            return request.render(
                "hoa_portal.portal_hoa_announcement_new",
                self._hoa_announcement_form_values(communities, errors, post),
            )
        # board membership of the community was checked above
        announcement_sudo = (
            request.env["hoa.announcement"]
            .sudo()
            .create(
                {
                    "name": title,
                    "body": plaintext2html(body),
                    "company_id": community.id,
                    "building_ids": [fields.Command.set(building_ids)],
                    "audience": audience,
                    "date_to": date_to,
                    "send_email": bool(post.get("send_email")),
                    "author_id": request.env.user.partner_id.id,
                }
            )
        )
        announcement_sudo.action_publish()
        return request.redirect("/my/announcements?published=1")

    # ------------------------------------------------------------ documents
    @http.route(
        ["/my/documents", "/my/documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hoa_documents(self, page=1, **kw):
        Document = request.env["hoa.document"]
        count = Document.search_count([])
        pager = portal_pager(
            url="/my/documents", total=count, page=page, step=self._items_per_page
        )
        documents = Document.search(
            [], limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "documents": documents,
                "page_name": "hoa_document",
                "pager": pager,
                "default_url": "/my/documents",
            }
        )
        return request.render("hoa_portal.portal_my_hoa_documents", values)

    @http.route(
        "/my/documents/<int:document_id>/files/<int:attachment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_hoa_document_download(self, document_id, attachment_id, **kw):
        try:
            document_sudo = self._document_check_access("hoa.document", document_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        attachment_sudo = document_sudo.attachment_ids.filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment_sudo:
            raise NotFound()
        request.env["hoa.read.receipt"]._hoa_record_open(
            document_sudo, request.env.user.partner_id
        )
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )

    # ------------------------------------------------------------ contact data
    @http.route(
        "/my/contact", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_hoa_contact(self, **post):
        partner = request.env.user.partner_id
        errors = {}
        saved = False
        data = {
            "email": partner.email,
            "phone": partner.phone,
            "mobile": partner.mobile,
        }
        if request.httprequest.method == "POST":
            data = {
                key: (post.get(key) or "").strip()
                for key in ("email", "phone", "mobile")
            }
            if not data["email"] or not email_normalize(data["email"]):
                errors["email"] = _(
                    "Enter a valid e-mail address, e.g. anna.nowak@example.com."
                )
            for key in ("phone", "mobile"):
                value = data[key]
                if value and (
                    len(value) > 32
                    or not all(c.isdigit() or c in "+-() ./" for c in value)
                    or sum(c.isdigit() for c in value) < 6
                ):
                    errors[key] = _(
                        "Enter a phone number with digits only, e.g. +48 600 100 200."
                    )
            if not errors:
                # a person may always update his own contact data
                partner.sudo().write(
                    {
                        "email": data["email"],
                        "phone": data["phone"] or False,
                        "mobile": data["mobile"] or False,
                    }
                )
                saved = True
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_contact",
                "errors": errors,
                "data": data,
                "saved": saved,
                "partner": partner,
            }
        )
        return request.render("hoa_portal.portal_hoa_contact", values)

    # ------------------------------------------------------------ requests
    def _hoa_p2_quantity_charges(self, units):
        """The charges by declared quantity of the person's own units (today)."""
        today = fields.Date.context_today(request.env.user)
        # the units are the user's own, checked by the caller's search
        return (
            request.env["hoa.unit.charge"]
            .sudo()
            .search(
                [
                    ("unit_id", "in", units.ids),
                    ("charge_type_id.basis", "=", "quantity"),
                    ("date_from", "<=", today),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", today),
                ]
            )
        )

    def _hoa_requests_values(self, errors=None, data=None, saved=False):
        units = self._hoa_p2_units(roles=OWNER_ROLES)
        today = fields.Date.context_today(request.env.user)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_request",
                "units": units,
                "current_counts": {
                    unit.id: unit._get_occupant_count(today) for unit in units
                },
                "change_requests": request.env["hoa.change.request"].search([]),
                "quantity_charges": self._hoa_p2_quantity_charges(units),
                "date_effective": today + relativedelta(months=1, day=1),
                "errors": errors or {},
                "data": data or {},
                "saved": saved,
            }
        )
        return values

    @http.route("/my/requests", type="http", auth="user", website=True)
    def portal_my_hoa_requests(self, **kw):
        return request.render(
            "hoa_portal.portal_my_hoa_requests",
            self._hoa_requests_values(saved=kw.get("saved")),
        )

    @http.route(
        "/my/requests/occupants",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_hoa_request_occupants(self, **post):
        errors = {}
        units = self._hoa_p2_units(roles=OWNER_ROLES)
        unit = units.filtered(lambda u: str(u.id) == (post.get("unit_id") or ""))
        if not unit:
            errors["unit_id"] = _("Choose one of the units you own.")
        value = (post.get("requested_value") or "").strip()
        if not value.isdigit() or not 0 <= int(value) <= 50:
            errors["requested_value"] = _(
                "Enter the number of people living in the unit (0 to 50)."
            )
        note = (post.get("note") or "").strip()[:1000]
        Request = request.env["hoa.change.request"].sudo()
        if unit and Request.search_count(
            [("unit_id", "=", unit.id), ("state", "=", "to_approve")]
        ):
            errors["unit_id"] = _(
                "A request for this unit is already waiting for approval."
            )
        if errors:
            return request.render(
                "hoa_portal.portal_my_hoa_requests",
                self._hoa_requests_values(errors=errors, data=post),
            )
        try:
            # the unit was checked to be the user's own just above
            Request.create(
                {
                    "unit_id": unit.id,
                    "kind": "occupants",
                    "requested_value": int(value),
                    "note": note or False,
                    "partner_id": request.env.user.partner_id.id,
                }
            )
        except ValidationError as error:
            errors["requested_value"] = str(error)
            return request.render(
                "hoa_portal.portal_my_hoa_requests",
                self._hoa_requests_values(errors=errors, data=post),
            )
        return request.redirect("/my/requests?saved=1")

    @http.route(
        "/my/requests/quantity",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_hoa_request_quantity(self, **post):
        errors = {}
        units = self._hoa_p2_units(roles=OWNER_ROLES)
        charges = self._hoa_p2_quantity_charges(units)
        charge = charges.filtered(
            lambda c: str(c.id) == (post.get("unit_charge_id") or "")
        )
        if not charge:
            errors["unit_charge_id"] = _("Choose one of the charges of your units.")
        value = (post.get("requested_quantity") or "").strip().replace(",", ".")
        try:
            quantity = float(value)
        except ValueError:
            quantity = -1.0
        if not 0 <= quantity <= 100000:
            errors["requested_quantity"] = _(
                "Enter the new quantity as a number, e.g. 3 or 2.5."
            )
        Request = request.env["hoa.change.request"].sudo()
        if charge and Request.search_count(
            [
                ("unit_id", "=", charge.unit_id.id),
                ("charge_type_id", "=", charge.charge_type_id.id),
                ("state", "=", "to_approve"),
            ]
        ):
            errors["unit_charge_id"] = _(
                "A request for this charge is already waiting for approval."
            )
        if errors:
            return request.render(
                "hoa_portal.portal_my_hoa_requests",
                self._hoa_requests_values(errors=errors, data=post),
            )
        # the charge belongs to one of the user's own units, checked just above
        Request.create(
            {
                "unit_id": charge.unit_id.id,
                "kind": "quantity",
                "charge_type_id": charge.charge_type_id.id,
                "requested_quantity": quantity,
                "note": (post.get("note") or "").strip()[:1000] or False,
                "partner_id": request.env.user.partner_id.id,
            }
        )
        return request.redirect("/my/requests?saved=1")

    # ------------------------------------------------------------ notifications
    @http.route(
        "/my/notifications",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_hoa_notifications(self, **post):
        partner = request.env.user.partner_id
        settings = [
            (
                "hoa_notify_charges",
                _("New charges"),
                _("An e-mail when the monthly charges or a settlement are issued."),
            ),
            (
                "hoa_notify_documents",
                _("New documents"),
                _("An e-mail when the community shares a document with the owners."),
            ),
            (
                "hoa_notify_reminders",
                _("Reminders"),
                _("Reminders of unpaid charges and of meter readings to enter."),
            ),
            (
                "hoa_notify_announcements",
                _("Announcements"),
                _("The announcements of the office and the board."),
            ),
        ]
        names = [setting[0] for setting in settings]
        saved = False
        if request.httprequest.method == "POST":
            # a person may always choose which e-mails he receives
            partner.sudo().write({name: bool(post.get(name)) for name in names})
            saved = True
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_notifications",
                "partner": partner,
                "settings": settings,
                "saved": saved,
            }
        )
        return request.render("hoa_portal.portal_hoa_notifications", values)

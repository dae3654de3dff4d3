"""Resolutions in the portal: reading, electronic voting with a confirmation step,
receipts with a verification code, the board's approval and live turnout.

A resolution is reached only through the record rules (``_hoa_resolution_check``);
votes are cast by ``hoa.vote._hoa_cast`` for the logged-in person, which checks that
he owns the unit (or holds a power of attorney) under a row lock."""

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

CHOICES = ("yes", "no", "abstain")


class HoaVotingPortal(CustomerPortal):
    # ------------------------------------------------------------ helpers
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hoa_resolution_count" in counters:
            Resolution = request.env["hoa.resolution"]
            values["hoa_resolution_count"] = (
                Resolution.search_count(self._hoa_resolution_domain())
                if Resolution.has_access("read")
                else 0
            )
        return values

    def _hoa_resolution_domain(self):
        return [("state", "in", ["approval", "approved", "open", "closed"])]

    def _hoa_resolution_check(self, resolution_id):
        """The resolution if the record rules let the user read it, else 404."""
        try:
            resolution = request.env["hoa.resolution"].search(
                [("id", "=", resolution_id)] + self._hoa_resolution_domain()
            )
            resolution.check_access("read")
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not resolution:
            raise NotFound()
        return resolution

    def _hoa_partner(self):
        return request.env.user.partner_id

    def _hoa_is_board(self, resolution):
        return self._hoa_partner() in resolution.sudo()._hoa_board_partners()

    def _hoa_my_lines(self, resolution):
        """The units the logged-in person may vote for, as owner or proxy."""
        partner = self._hoa_partner()
        partners = partner | partner.commercial_partner_id
        resolution_sudo = resolution.sudo()
        lines = resolution_sudo.unit_line_ids
        mine = lines.filtered(lambda ln: ln.owner_partner_ids & partners)
        proxies = (
            request.env["hoa.vote.proxy"]
            .sudo()
            .search([("proxy_partner_id", "in", partners.ids)])
        )
        proxied = lines.filtered(lambda ln: ln.unit_id in proxies.unit_id)
        return (mine | proxied).sorted(lambda ln: ln.unit_id.display_name)

    def _hoa_detail_values(self, resolution, error=None, voted=None):
        resolution_sudo = resolution.sudo()
        lines = self._hoa_my_lines(resolution)
        votes = (
            request.env["hoa.vote"]
            .sudo()
            .search(
                [
                    ("resolution_id", "=", resolution.id),
                    ("unit_id", "in", lines.unit_id.ids),
                ]
            )
        )
        rows = []
        for line in lines:
            vote = votes.filtered(lambda v, u=line.unit_id: v.unit_id == u)
            rows.append(
                {
                    "line": line,
                    "vote": vote,
                    "can_vote": resolution_sudo._hoa_is_open_now()
                    and resolution.collection_mode in ("electronic", "mixed")
                    and (
                        not vote
                        or (
                            resolution.allow_change
                            and vote.voter_partner_id == self._hoa_partner()
                        )
                    ),
                }
            )
        is_board = self._hoa_is_board(resolution)
        values = {
            "page_name": "hoa_resolution",
            "resolution": resolution,
            "resolution_sudo": resolution_sudo,
            "rows": rows,
            "error": error,
            "voted": voted or request.env["hoa.vote"],
            "is_board": is_board,
            "can_approve": is_board
            and resolution.state == "approval"
            and self._hoa_partner() not in resolution_sudo.approval_ids.partner_id,
            "tally": resolution_sudo._hoa_tally()
            if resolution.state in ("open", "closed")
            and (is_board or resolution.state == "closed")
            else None,
        }
        return values

    # ------------------------------------------------------------ routes
    @http.route("/my/resolutions", type="http", auth="user", website=True)
    def portal_my_hoa_resolutions(self, **kw):
        resolutions = request.env["hoa.resolution"].search(
            self._hoa_resolution_domain(), order="state desc, date_close desc, id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "hoa_resolutions", "resolutions": resolutions})
        return request.render("hoa_voting.portal_my_hoa_resolutions", values)

    @http.route(
        "/my/resolutions/<int:resolution_id>", type="http", auth="user", website=True
    )
    def portal_my_hoa_resolution(self, resolution_id, voted=None, **kw):
        resolution = self._hoa_resolution_check(resolution_id)
        vote_ids = [int(v) for v in (voted or "").split(",") if v.isdigit()]
        voted_votes = request.env["hoa.vote"].search([("id", "in", vote_ids)])
        values = self._prepare_portal_layout_values()
        values.update(self._hoa_detail_values(resolution, voted=voted_votes))
        return request.render("hoa_voting.portal_my_hoa_resolution", values)

    def _hoa_read_choices(self, resolution, post):
        lines = self._hoa_my_lines(resolution)
        choices = []
        for line in lines:
            choice = post.get(f"choice_{line.id}")
            if choice in CHOICES:
                choices.append((line, choice))
        return choices

    @http.route(
        "/my/resolutions/<int:resolution_id>/confirm",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_hoa_resolution_confirm(self, resolution_id, **post):
        resolution = self._hoa_resolution_check(resolution_id)
        choices = self._hoa_read_choices(resolution, post)
        values = self._prepare_portal_layout_values()
        if not choices:
            values.update(
                self._hoa_detail_values(
                    resolution, error=_("Choose for, against or abstain for a unit.")
                )
            )
            return request.render("hoa_voting.portal_my_hoa_resolution", values)
        labels = dict(
            request.env["hoa.vote"]
            ._fields["choice"]
            ._description_selection(request.env)
        )
        values.update(
            {
                "page_name": "hoa_resolution",
                "resolution": resolution,
                "choices": [(line, choice, labels[choice]) for line, choice in choices],
            }
        )
        return request.render("hoa_voting.portal_hoa_resolution_confirm", values)

    @http.route(
        "/my/resolutions/<int:resolution_id>/vote",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_hoa_resolution_vote(self, resolution_id, **post):
        resolution = self._hoa_resolution_check(resolution_id)
        choices = self._hoa_read_choices(resolution, post)
        votes = request.env["hoa.vote"]
        try:
            for line, choice in choices:
                votes |= request.env["hoa.vote"]._hoa_cast(
                    resolution,
                    line.unit_id,
                    choice,
                    self._hoa_partner(),
                    channel="portal",
                    ip_address=request.httprequest.remote_addr,
                )
        except UserError as error:
            request.env.cr.rollback()
            values = self._prepare_portal_layout_values()
            values.update(self._hoa_detail_values(resolution, error=str(error)))
            return request.render("hoa_voting.portal_my_hoa_resolution", values)
        votes._hoa_send_receipt()
        return request.redirect(
            f"/my/resolutions/{resolution.id}?voted={','.join(map(str, votes.ids))}"
        )

    @http.route(
        "/my/resolutions/<int:resolution_id>/approve",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_hoa_resolution_approve(self, resolution_id, **post):
        resolution = self._hoa_resolution_check(resolution_id)
        if not self._hoa_is_board(resolution):
            raise NotFound()
        try:
            resolution.sudo()._hoa_approve_by_partner(self._hoa_partner())
        except UserError as error:
            values = self._prepare_portal_layout_values()
            values.update(self._hoa_detail_values(resolution, error=str(error)))
            return request.render("hoa_voting.portal_my_hoa_resolution", values)
        return request.redirect(f"/my/resolutions/{resolution.id}")

    @http.route(
        "/my/resolutions/<int:resolution_id>/document/<int:attachment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_hoa_resolution_document(self, resolution_id, attachment_id, **kw):
        resolution = self._hoa_resolution_check(resolution_id)
        attachment_sudo = resolution.sudo().attachment_ids.filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment_sudo:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )

    @http.route(
        "/my/resolutions/<int:resolution_id>/protocol",
        type="http",
        auth="user",
        website=True,
    )
    def portal_hoa_resolution_protocol(self, resolution_id, **kw):
        resolution = self._hoa_resolution_check(resolution_id)
        if resolution.state != "closed":
            raise NotFound()
        return self._hoa_pdf(
            "hoa_voting.action_report_hoa_resolution_protocol",
            resolution,
            "protocol-{}.pdf".format(resolution.name.replace("/", "-")),
        )

    @http.route(
        "/my/votes/<int:vote_id>/receipt", type="http", auth="user", website=True
    )
    def portal_hoa_vote_receipt(self, vote_id, **kw):
        try:
            vote = (
                request.env["hoa.vote"]
                .with_context(active_test=False)
                .search([("id", "=", vote_id)])
            )
            vote.check_access("read")
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not vote:
            raise NotFound()
        return self._hoa_pdf(
            "hoa_voting.action_report_hoa_vote_receipt",
            vote,
            f"vote-receipt-{vote.verification_code}.pdf",
        )

    def _hoa_pdf(self, report_ref, record, filename):
        pdf, __ = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(report_ref, record.ids)
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )

    @http.route("/my/resolutions/check", type="http", auth="user", website=True)
    def portal_hoa_vote_check(self, code=None, **kw):
        """Anyone logged in may check a receipt's code; it shows the vote it proves."""
        vote_sudo = request.env["hoa.vote"]
        normalized = vote_sudo._hoa_normalize_code(code)
        if len(normalized) == 24:
            vote_sudo = (
                vote_sudo.sudo()
                .with_context(active_test=False)
                .search([("verification_code", "=", normalized)], limit=1)
            )
        chain_ok = None
        if vote_sudo:
            chain_ok = not vote_sudo.resolution_id._hoa_verify_chain()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_vote_check",
                "code": code,
                "vote_sudo": vote_sudo,
                "chain_ok": chain_ok,
            }
        )
        return request.render("hoa_voting.portal_hoa_vote_check", values)

"""Automatic payment on the portal: a resident pays his units' new charges with a
saved payment method (Odoo's tokenisation), on issue or on a day of the month, up
to a monthly limit.

Only his own units (as owner, co-owner or proxy) and his own saved payment methods
are offered and accepted; mandates are written with sudo once checked here."""

import math

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

OWNER_ROLES = ("owner", "co_owner", "proxy")
LIMIT_MAX = 10**7


class HoaPortalAutopay(CustomerPortal):
    # ------------------------------------------------------------ helpers
    def _hoa_autopay_partners(self):
        partner = request.env.user.partner_id
        return partner | partner.commercial_partner_id

    def _hoa_autopay_units(self):
        """The units the logged-in person may pay automatically: those he owns."""
        partner = request.env.user.partner_id
        return request.env["hoa.unit"].search(
            partner._hoa_portal_unit_domain(roles=OWNER_ROLES),
            order="company_id, name_sort",
        )

    def _hoa_autopay_tokens(self):
        """The person's saved payment methods of providers that can pay by token."""
        return (
            request.env["payment.token"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self._hoa_autopay_partners().ids),
                    ("provider_id.allow_tokenization", "=", True),
                    ("provider_id.state", "in", ("enabled", "test")),
                ]
            )
        )

    def _hoa_autopay_check_access(self, mandate_id):
        """The person's own active mandate ``mandate_id``, else 404."""
        mandate = request.env["hoa.autopay.mandate"].search(
            [
                ("id", "=", mandate_id),
                ("partner_id", "in", self._hoa_autopay_partners().ids),
            ]
        )
        if not mandate:
            raise NotFound()
        return mandate

    def _hoa_autopay_form_values(self, mandate=None, errors=None, data=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_autopay_form",
                "mandate": mandate,
                "units": self._hoa_autopay_units(),
                "tokens": self._hoa_autopay_tokens(),
                "errors": errors or {},
                "data": data or {},
            }
        )
        return values

    @staticmethod
    def _hoa_autopay_data(mandate):
        return {
            "unit_ids": [str(unit_id) for unit_id in mandate.unit_ids.ids],
            "token_id": str(mandate.token_id.id),
            "mode": mandate.mode,
            "pay_day": str(mandate.pay_day),
            "monthly_limit": f"{mandate.monthly_limit:.2f}"
            if mandate.monthly_limit
            else "",
        }

    def _hoa_autopay_parse(self, post):
        """(values, errors) of the mandate form; nothing is trusted from the browser
        but what is checked against the person's own units and payment methods."""
        errors = {}
        units = self._hoa_autopay_units()
        unit_ids = request.httprequest.form.getlist("unit_ids")
        chosen = units.filtered(lambda u: str(u.id) in unit_ids)
        if not chosen or len(chosen) != len(set(unit_ids)):
            errors["unit_ids"] = _("Choose one or more of your own units.")
        elif len(chosen.company_id) > 1:
            errors["unit_ids"] = _("Choose units of one community.")
        token = self._hoa_autopay_tokens().filtered(
            lambda t: str(t.id) == (post.get("token_id") or "")
        )
        if not token:
            errors["token_id"] = _("Choose one of your saved payment methods.")
        elif chosen and token.provider_id.company_id != chosen.company_id[:1]:
            errors["token_id"] = _(
                "This payment method cannot pay the charges of %(community)s.",
                community=chosen.company_id[:1].name,
            )
        mode = post.get("mode")
        if mode not in ("issue", "day"):
            errors["mode"] = _("Choose when the charges are paid.")
        pay_day = 10
        if mode == "day":
            value = (post.get("pay_day") or "").strip()
            pay_day = int(value) if value.isdigit() and len(value) <= 2 else 0
            if not 1 <= pay_day <= 28:
                errors["pay_day"] = _("Choose a day of the month between 1 and 28.")
        limit = 0.0
        value = (post.get("monthly_limit") or "").strip().replace(" ", "")
        if value:
            try:
                limit = float(value.replace(",", "."))
            except ValueError:
                limit = -1.0
            if not math.isfinite(limit) or not 0 <= limit <= LIMIT_MAX:
                errors["monthly_limit"] = _(
                    "Write the monthly limit as an amount between 0 and "
                    "%(max)s, or leave it empty for no limit.",
                    max=LIMIT_MAX,
                )
        values = {
            "unit_ids": [fields.Command.set(chosen.ids)],
            "token_id": token.id,
            "company_id": chosen.company_id[:1].id,
            "mode": mode,
            "pay_day": pay_day,
            "monthly_limit": limit,
        }
        return values, errors

    def _hoa_autopay_save(self, mandate, post):
        values, errors = self._hoa_autopay_parse(post)
        if not errors:
            try:
                with request.env.cr.savepoint():
                    # own units and own payment method checked above
                    if mandate:
                        mandate.sudo().write(values)
                    else:
                        values["partner_id"] = request.env.user.partner_id.id
                        request.env["hoa.autopay.mandate"].sudo().create(values)
            except ValidationError as error:
                errors["form"] = error.args[0]
        if errors:
            data = dict(post, unit_ids=request.httprequest.form.getlist("unit_ids"))
            return request.render(
                "hoa_portal.portal_hoa_autopay_form",
                self._hoa_autopay_form_values(mandate, errors, data),
            )
        return request.redirect("/my/autopay?saved=1")

    # ------------------------------------------------------------ routes
    @http.route("/my/autopay", type="http", auth="user", website=True)
    def portal_my_hoa_autopay(self, **kw):
        mandates = request.env["hoa.autopay.mandate"].search(
            [("partner_id", "in", self._hoa_autopay_partners().ids)]
        )
        attempts = request.env["hoa.autopay.attempt"].search(
            [("mandate_id", "in", mandates.ids)], limit=24
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_autopay",
                "mandates": mandates,
                "attempts": attempts,
                "saved": kw.get("saved"),
                "cancelled": kw.get("cancelled"),
            }
        )
        return request.render("hoa_portal.portal_my_hoa_autopay", values)

    @http.route(
        "/my/autopay/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_hoa_autopay_new(self, **post):
        if request.httprequest.method != "POST":
            return request.render(
                "hoa_portal.portal_hoa_autopay_form",
                self._hoa_autopay_form_values(data={"mode": "issue", "pay_day": "10"}),
            )
        return self._hoa_autopay_save(None, post)

    @http.route(
        "/my/autopay/<int:mandate_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_hoa_autopay_edit(self, mandate_id, **post):
        mandate = self._hoa_autopay_check_access(mandate_id)
        if request.httprequest.method != "POST":
            return request.render(
                "hoa_portal.portal_hoa_autopay_form",
                self._hoa_autopay_form_values(
                    mandate, data=self._hoa_autopay_data(mandate)
                ),
            )
        return self._hoa_autopay_save(mandate, post)

    @http.route(
        "/my/autopay/<int:mandate_id>/cancel",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_hoa_autopay_cancel(self, mandate_id, **post):
        mandate = self._hoa_autopay_check_access(mandate_id)
        # his own mandate, checked above
        mandate.sudo().action_cancel()
        return request.redirect("/my/autopay?cancelled=1")

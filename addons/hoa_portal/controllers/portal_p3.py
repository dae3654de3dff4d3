"""Residents' portal, part 3: meter readings and the board area."""

import base64
import math
from datetime import date as Date

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# a phone photo is a few MB; the reading keeps it resized (1920 px)
MAX_PHOTO_SIZE = 15 * 1024 * 1024
CHART_READINGS = 12
CLOSED_TICKET_STATES = ("done", "closed", "cancel", "cancelled", "rejected")


class _RejectedReading(UserError):
    """The office's validation refused the reading: nothing is kept."""


class HoaPortalP3(CustomerPortal):
    # Home page counters --------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hoa_meter_count" in counters:
            values["hoa_meter_count"] = len(self._hoa_portal_meters())
        if "hoa_board_count" in counters:
            values["hoa_board_count"] = len(request.env.user._hoa_board_communities())
        return values

    # Meter readings ------------------------------------------------------------
    def _hoa_portal_meters(self):
        """The meters of the user's units, read as the user (record rules)."""
        return request.env["hoa.meter"].search(
            [("placement", "=", "unit"), ("removal_date", "=", False)],
            order="unit_id, medium, name",
        )

    def _hoa_meter_check(self, meter_id):
        """The meter if it is one of the user's units' meters, else 404."""
        try:
            meter_sudo = self._document_check_access("hoa.meter", meter_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if meter_sudo.placement != "unit" or meter_sudo.removal_date:
            raise NotFound()
        return meter_sudo

    @staticmethod
    def _hoa_consumption_chart(readings):
        """Bars of an inline SVG: the consumption of the latest readings, oldest
        first (the initial reading has none)."""
        points = [r for r in readings.sorted(lambda r: (r.date, r.id)) if r.days]
        points = points[-CHART_READINGS:]
        if not points:
            return False
        width, height, gap = 320, 120, 4
        top = max(max(r.consumption for r in points), 0.001)
        bar = (width - gap * (len(points) - 1)) / len(points)
        bars = []
        for index, reading in enumerate(points):
            bar_height = max(reading.consumption / top * (height - 20), 1)
            bars.append(
                {
                    "x": round(index * (bar + gap), 1),
                    "y": round(height - bar_height, 1),
                    "width": round(bar, 1),
                    "height": round(bar_height, 1),
                    "reading": reading,
                }
            )
        return {"width": width, "height": height, "bars": bars, "top": top}

    def _hoa_meter_card(self, meter):
        readings = request.env["hoa.meter.reading"].search(
            [("meter_id", "=", meter.id), ("state", "=", "accepted")],
            order="date desc, id desc",
            limit=CHART_READINGS + 1,
        )
        # the meter is the user's (read through the record rules, or checked by
        # _hoa_meter_check): its building's window is read without them
        meter_sudo = meter.sudo()
        building_sudo = meter_sudo.building_id
        return {
            "meter": meter,
            "readings": readings,
            "last": readings[:1],
            "chart": self._hoa_consumption_chart(readings),
            "closed": meter_sudo._portal_entry_refusal(),
            "window": building_sudo.has_reading_window
            and building_sudo._reading_window_text(),
        }

    @http.route("/my/readings", type="http", auth="user", website=True)
    def portal_my_hoa_readings(self, saved=None, **kw):
        meters = self._hoa_portal_meters()
        saved_reading = request.env["hoa.meter.reading"]
        if saved and str(saved).isdigit():
            saved_reading = saved_reading.search([("id", "=", int(saved))])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_readings",
                "cards": [self._hoa_meter_card(meter) for meter in meters],
                "saved_reading": saved_reading,
            }
        )
        return request.render("hoa_portal.portal_my_hoa_readings", values)

    @http.route(
        "/my/readings/<int:meter_id>/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_hoa_reading_new(self, meter_id, **post):
        meter_sudo = self._hoa_meter_check(meter_id)
        today = fields.Date.context_today(meter_sudo)
        form = {
            "date": post.get("date") or fields.Date.to_string(today),
            "value": post.get("value") or "",
            "note": post.get("note") or "",
        }
        error = False
        if request.httprequest.method == "POST":
            reading, error = self._hoa_reading_save(meter_sudo, form)
            if reading:
                return request.redirect(f"/my/readings?saved={reading.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_reading_new",
                "meter": meter_sudo,
                "card": self._hoa_meter_card(meter_sudo.with_env(request.env)),
                "form": form,
                "error": error,
                "closed": meter_sudo._portal_entry_refusal(),
                "today": today,
            }
        )
        return request.render("hoa_portal.portal_my_hoa_reading_new", values)

    def _hoa_reading_save(self, meter_sudo, form):
        """(reading, False) when the office's validation accepts it, else
        (None, reason): a rejected reading is rolled back, not kept."""
        try:
            value = float(form["value"].replace(",", ".").replace(" ", ""))
            # "nan", "inf", "1e308": no meter shows them (readings have 16 digits)
            if not math.isfinite(value) or abs(value) >= 1e13:
                raise ValueError(value)
        except ValueError:
            return None, _("Enter the number shown on the meter, e.g. 123.456.")
        try:
            date = Date.fromisoformat(form["date"])
        except ValueError:
            return None, _("Enter the date of the reading.")
        vals = {
            "meter_id": meter_sudo.id,
            "date": date,
            "value": value,
            "source": "portal",
            "note": form["note"][:200] or False,
        }
        photo = request.httprequest.files.get("photo")
        if photo and photo.filename:
            data = photo.read(MAX_PHOTO_SIZE + 1)
            if len(data) > MAX_PHOTO_SIZE:
                return None, _("The photo is too large (15 MB at most).")
            if data:
                vals["photo"] = base64.b64encode(data)
        # the ownership of the meter is checked: the reading is created as the
        # office would, through hoa_meters' validation (create), in a savepoint
        try:
            with request.env.cr.savepoint():
                reading = request.env["hoa.meter.reading"].sudo().create(vals)
                if reading.state != "accepted":
                    raise _RejectedReading(reading.rejection_reason)
        except UserError as error:
            return None, error.args[0]
        return reading, False

    # Board area ----------------------------------------------------------------
    @http.route(
        ["/my/board", "/my/board/<int:community_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hoa_board(self, community_id=None, **kw):
        communities = request.env.user._hoa_board_communities()
        if community_id:
            community = communities.filtered(lambda c: c.id == community_id)
        else:
            community = communities[:1]
        if not community:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_board",
                "communities": communities,
                "community": community,
                **self._hoa_board_data(community),
            }
        )
        return request.render("hoa_portal.portal_my_hoa_board", values)

    def _hoa_board_data(self, community):
        """The community's finances, read as superuser: only called after the
        board membership check, and every search is restricted to the community."""
        env = request.env
        today = fields.Date.context_today(community)
        debtors = (
            env["hoa.debtor"]
            .sudo()
            .search([("company_id", "=", community.id)], order="amount desc, id")
        )
        journals = (
            env["account.journal"]
            .sudo()
            .search(
                [("company_id", "=", community.id), ("type", "in", ("bank", "cash"))],
                order="type, sequence, id",
            )
        )
        balances = []
        for journal in journals.filtered("default_account_id"):
            groups = (
                env["account.move.line"]
                .sudo()
                ._read_group(
                    [
                        ("company_id", "=", community.id),
                        ("account_id", "=", journal.default_account_id.id),
                        ("parent_state", "=", "posted"),
                    ],
                    [],
                    ["balance:sum"],
                )
            )
            balances.append({"journal": journal, "balance": groups[0][0] or 0.0})
        plan = (
            env["hoa.economic.plan"]
            .sudo()
            .search(
                [
                    ("company_id", "=", community.id),
                    ("state", "=", "adopted"),
                    ("year", "=", today.year),
                ],
                limit=1,
            )
        )
        plan_lines = env["hoa.economic.plan.actual.line"]
        if plan:
            actual = (
                env["hoa.economic.plan.actual"]
                .sudo()
                .create({"plan_id": plan.id, "date": today})
            )
            actual._compute_lines()
            plan_lines = actual.line_ids
        ticket_count = None
        if "hoa.ticket" in env:
            Ticket = env["hoa.ticket"].sudo()
            domain = [("company_id", "=", community.id)]
            if "is_closed" in Ticket._fields:
                domain.append(("is_closed", "=", False))
            elif "state" in Ticket._fields:
                domain.append(("state", "not in", CLOSED_TICKET_STATES))
            elif "stage_id" in Ticket._fields and "fold" in Ticket.stage_id._fields:
                domain.append(("stage_id.fold", "=", False))
            ticket_count = Ticket.search_count(domain)
        return {
            "currency": community.currency_id,
            "debtors": debtors,
            "debt_total": sum(debtors.mapped("amount")),
            "balances": balances,
            "balance_total": sum(b["balance"] for b in balances),
            "plan": plan,
            "plan_lines": plan_lines,
            "ticket_count": ticket_count,
            "today": today,
        }

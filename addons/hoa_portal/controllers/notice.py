"""The resident's choice of channel (e-mail, SMS, messenger) per kind of notice, on
the portal's notification settings page (/my/notifications)."""

from odoo import http
from odoo.http import request

from ..models.res_partner import (
    CHAT_ID_PATTERN,
    HOA_NOTICE_KINDS,
    PHONE_PATTERN,
)

CHANNELS = ("email", "sms", "messenger")


class HoaNoticeSettings(http.Controller):
    @http.route(
        "/my/notifications/channels",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_hoa_notice_channels(self, **post):
        partner = request.env.user.partner_id
        vals = {}
        for kind in HOA_NOTICE_KINDS:
            channel = post.get(f"hoa_channel_{kind}") or "email"
            if channel not in CHANNELS:
                return request.redirect("/my/notifications?channel_error=channel")
            vals[f"hoa_channel_{kind}"] = channel
        phone = "".join((post.get("hoa_notice_phone") or "").split()).replace("-", "")
        chat_id = (post.get("hoa_notice_chat_id") or "").strip()
        if phone and not PHONE_PATTERN.match(phone):
            return request.redirect("/my/notifications?channel_error=phone")
        if chat_id and not CHAT_ID_PATTERN.match(chat_id):
            return request.redirect("/my/notifications?channel_error=chat_id")
        chosen = set(vals.values())
        if "sms" in chosen and not phone:
            return request.redirect("/my/notifications?channel_error=no_phone")
        if "messenger" in chosen and not chat_id:
            return request.redirect("/my/notifications?channel_error=no_chat_id")
        vals.update(
            hoa_notice_phone=phone or False, hoa_notice_chat_id=chat_id or False
        )
        # a person may always choose how he is notified
        partner.sudo().write(vals)
        return request.redirect("/my/notifications?channels_saved=1")

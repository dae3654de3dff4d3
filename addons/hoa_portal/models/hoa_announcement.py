from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class HoaAnnouncement(models.Model):
    _name = "hoa.announcement"
    _description = "Community Announcement"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    building_ids = fields.Many2many(
        "hoa.building",
        string="Buildings",
        check_company=True,
        help="Leave empty to address the whole community.",
    )
    audience = fields.Selection(
        [
            ("owners", "Owners"),
            ("residents", "All residents"),
            ("board", "Board"),
        ],
        required=True,
        default="residents",
        tracking=True,
        help="Owners: owners, co-owners and their proxies. All residents: "
        "tenants too. Board: the community's current board members.",
    )
    body = fields.Html(required=True, sanitize_style=True)
    date_from = fields.Date(
        string="Published From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_to = fields.Date(string="Published Until", tracking=True)
    is_published = fields.Boolean(string="Published", tracking=True, copy=False)
    is_public = fields.Boolean(
        string="On the Public Page",
        help="Shown to anyone on the community's public page while it is " "published.",
    )
    send_email = fields.Boolean(
        string="E-mail on Publishing",
        help="E-mail the announcement to its audience when it is published "
        "(to those who accept announcements by e-mail).",
    )
    date_sent = fields.Datetime(string="E-mailed On", readonly=True, copy=False)
    author_id = fields.Many2one(
        "res.partner",
        required=True,
        default=lambda self: self.env.user.partner_id,
    )
    is_current = fields.Boolean(
        compute="_compute_is_current",
        help="Published and within its publishing window today.",
    )
    is_legal_notice = fields.Boolean(
        string="Must Reach Every Owner",
        help="A notice the law requires to reach every owner (e.g. voting "
        "results): check who has not opened it and re-send it to them.",
    )
    receipt_ids = fields.One2many(
        "hoa.read.receipt", "announcement_id", string="Read Receipts"
    )
    receipt_count = fields.Integer(string="Opened By", compute="_compute_receipt_stats")
    unread_partner_ids = fields.Many2many(
        "res.partner",
        string="Not Opened By",
        compute="_compute_receipt_stats",
        help="The people of the audience who have not opened it on the portal.",
    )
    unread_count = fields.Integer(string="Not Opened", compute="_compute_receipt_stats")

    @api.depends("is_published", "date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for announcement in self:
            announcement.is_current = (
                announcement.is_published
                and announcement.date_from <= today
                and (not announcement.date_to or today <= announcement.date_to)
            )

    @api.depends("receipt_ids.partner_id", "audience", "building_ids", "company_id")
    def _compute_receipt_stats(self):
        for announcement in self:
            receipts = announcement.sudo().receipt_ids
            announcement.receipt_count = len(receipts)
            unread = (
                announcement._audience_partners()._hoa_not_opened(receipts)
                if announcement.id
                else self.env["res.partner"]
            )
            announcement.unread_partner_ids = unread
            announcement.unread_count = len(unread)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for announcement in self:
            if announcement.date_to and announcement.date_to < announcement.date_from:
                raise ValidationError(
                    _(
                        "Announcement %(name)s cannot end before it is published.",
                        name=announcement.name,
                    )
                )

    def action_publish(self):
        self.write({"is_published": True})
        self.filtered(lambda a: a.send_email and not a.date_sent)._send_to_audience()

    def action_unpublish(self):
        self.write({"is_published": False})

    def _audience_partners(self):
        """The people this announcement is for (today)."""
        self.ensure_one()
        if self.audience == "board":
            members = self.company_id.sudo().hoa_board_member_ids.filtered("is_active")
            return members.partner_id
        units = (
            self.env["hoa.unit"]
            .sudo()
            .search(
                [("company_id", "=", self.company_id.id)]
                + (
                    [("building_id", "in", self.building_ids.ids)]
                    if self.building_ids
                    else []
                )
            )
        )
        roles = ("owner", "co_owner", "proxy") if self.audience == "owners" else None
        today = fields.Date.context_today(self)
        return units._get_ownerships(today, roles=roles).partner_id

    def _send_to_audience(self):
        """E-mail through the mail queue, each person in his own language."""
        template = self.env.ref("hoa_portal.hoa_announcement_mail_template")
        for announcement in self:
            if not announcement.is_published:
                raise UserError(_("Publish the announcement before e-mailing it."))
            partners = announcement._audience_partners().filtered(
                lambda p: p._hoa_wants_mail("announcements")
            )
            partners._hoa_send_in_their_language(template, announcement)
            announcement.date_sent = fields.Datetime.now()
            announcement.message_post(
                body=_(
                    "E-mailed to %(count)s people of the audience.",
                    count=len(partners),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_receipts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Read Receipts"),
            "res_model": "hoa.read.receipt",
            "view_mode": "list",
            "domain": [("announcement_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_resend_unread(self):
        """E-mail the announcement again to those of its audience who have not
        opened it, whatever their e-mail settings: the office asks for it."""
        template = self.env.ref("hoa_portal.hoa_announcement_mail_template")
        for announcement in self:
            if not announcement.is_current:
                raise UserError(
                    _(
                        "Announcement %(name)s is not on the portal now: publish it "
                        "before re-sending it.",
                        name=announcement.name,
                    )
                )
            self.env["hoa.read.receipt"]._hoa_resend(
                announcement, template, announcement.unread_partner_ids
            )

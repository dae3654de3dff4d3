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

    @api.depends("is_published", "date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for announcement in self:
            announcement.is_current = (
                announcement.is_published
                and announcement.date_from <= today
                and (not announcement.date_to or today <= announcement.date_to)
            )

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

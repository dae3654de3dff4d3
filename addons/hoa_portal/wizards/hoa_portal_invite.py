from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import email_normalize

OWNER_ROLES = ("owner", "co_owner")
STATUSES = [
    ("to_invite", "To invite"),
    ("invited", "Invited"),
    ("has_access", "Already has access"),
    ("no_email", "No e-mail"),
    ("invalid_email", "Invalid e-mail"),
    ("duplicate_email", "E-mail used by someone else"),
    ("failed", "Failed"),
]


class HoaPortalInvite(models.TransientModel):
    """Invites the current owners (and optionally the other residents on record)
    of a community, of units or chosen people to the portal, with Odoo's own
    portal invitation mail in each person's language."""

    _name = "hoa.portal.invite"
    _description = "Portal Invitations"

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        domain=[("is_hoa_community", "=", True)],
        help="Invite the residents of the whole community.",
    )
    unit_ids = fields.Many2many("hoa.unit", string="Units")
    partner_ids = fields.Many2many("res.partner", string="People")
    include_others = fields.Boolean(
        string="Include Tenants and Proxies",
        help="Besides the owners, invite the tenants, payers and authorised proxies "
        "of the units.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True
    )
    line_ids = fields.One2many(
        "hoa.portal.invite.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    invite_count = fields.Integer(compute="_compute_counts")
    skip_count = fields.Integer(compute="_compute_counts")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "res.company" and ids:
            values["company_id"] = ids[0]
        elif model == "hoa.unit" and ids:
            values["unit_ids"] = [Command.set(ids)]
        elif model == "res.partner" and ids:
            values["partner_ids"] = [Command.set(ids)]
        elif (
            self.env.context.get("hoa_invite_current_community")
            and self.env.company.is_hoa_community
        ):
            values["company_id"] = self.env.company.id
        return values

    @api.depends("company_id", "unit_ids", "partner_ids", "include_others")
    def _compute_line_ids(self):
        for wizard in self:
            if wizard.state == "done":
                continue
            wizard.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in wizard._hoa_invitation_rows()
            ]

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for wizard in self:
            wizard.invite_count = len(
                wizard.line_ids.filtered(lambda line: line.status == "to_invite")
            )
            wizard.skip_count = len(wizard.line_ids) - wizard.invite_count

    def _hoa_ownerships(self):
        self.ensure_one()
        scope = []
        if self.company_id:
            scope.append([("company_id", "=", self.company_id.id)])
        if self.unit_ids:
            scope.append([("unit_id", "in", self.unit_ids.ids)])
        if self.partner_ids:
            scope.append([("partner_id", "in", self.partner_ids.ids)])
        if not scope:
            return self.env["hoa.unit.ownership"]
        domain = [("is_current", "=", True)]
        if not self.include_others:
            domain.append(("role", "in", OWNER_ROLES))
        return self.env["hoa.unit.ownership"].search(
            expression.AND([domain, expression.OR(scope)]),
            order="company_id, unit_id, id",
        )

    def _hoa_invitation_rows(self):
        """One row per person: who is invited and why the others are skipped."""
        self.ensure_one()
        ownerships = self._hoa_ownerships()
        partners = ownerships.partner_id.sorted(lambda p: (p.name or "", p.id))
        emails = {email_normalize(p.email) for p in partners if p.email}
        emails.discard(False)
        taken = set(
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("login", "in", list(emails))])
            .mapped("login")
        )
        planned = set()
        rows = []
        for partner in partners:
            units = ownerships.filtered(lambda o, p=partner: o.partner_id == p).unit_id
            email = email_normalize(partner.email) if partner.email else False
            if partner.with_context(active_test=False).user_ids:
                status = "has_access"
            elif not partner.email:
                status = "no_email"
            elif not email:
                status = "invalid_email"
            elif email in taken or email in planned:
                status = "duplicate_email"
            else:
                status = "to_invite"
                planned.add(email)
            rows.append(
                {
                    "partner_id": partner.id,
                    "email": partner.email or False,
                    "unit_names": ", ".join(units.mapped("display_name")),
                    "status": status,
                }
            )
        return rows

    def action_invite(self):
        self.ensure_one()
        if not self.env.user.has_group("hoa_base.group_hoa_manager"):
            raise UserError(_("Only the office can invite residents to the portal."))
        lines = self.line_ids.filtered(lambda line: line.status == "to_invite")
        if not lines:
            raise UserError(_("Nobody to invite: everyone listed is skipped."))
        portal_wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(lines.partner_id.ids)]})
        )
        wizard_users = {wu.partner_id.id: wu for wu in portal_wizard.user_ids}
        for line in lines:
            line._hoa_invite(wizard_users[line.partner_id.id])
        self.state = "done"
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Portal Invitations"),
        }


class HoaPortalInviteLine(models.TransientModel):
    _name = "hoa.portal.invite.line"
    _description = "Portal Invitation"
    _order = "id"

    wizard_id = fields.Many2one(
        "hoa.portal.invite", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Person", readonly=True)
    email = fields.Char(string="E-mail", readonly=True)
    unit_names = fields.Char(string="Units", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    user_id = fields.Many2one("res.users", string="Portal User", readonly=True)
    message = fields.Char(readonly=True)

    def _hoa_invite(self, wizard_user):
        """Grant the portal through Odoo's portal wizard (user, signup token,
        invitation mail in the person's language), then give the new user what
        hoa_base gives its residents: the communities of his units and, for a board
        member, the board's group."""
        self.ensure_one()
        partner = self.partner_id
        ownerships = (
            self.env["hoa.unit.ownership"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("is_current", "=", True)])
        )
        community = ownerships[:1].company_id or self.wizard_id.company_id
        try:
            with self.env.cr.savepoint():
                wizard_user.with_company(community).action_grant_access()
        except UserError as error:
            self.write({"status": "failed", "message": str(error)})
            return
        user = partner.with_context(active_test=False).user_ids[:1]
        ownerships._grant_portal_community()
        self.env["hoa.board.member"].sudo().search(
            [("partner_id", "=", partner.id), ("is_active", "=", True)]
        )._grant_board_access()
        self.write({"status": "invited", "user_id": user.id})

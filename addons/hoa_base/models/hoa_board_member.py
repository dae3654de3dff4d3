from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaBoardMember(models.Model):
    _name = "hoa.board.member"
    _description = "Board Member"
    _order = "company_id, date_from desc, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True
    )
    role = fields.Selection(
        [
            ("chair", "Chair"),
            ("deputy", "Deputy chair"),
            ("treasurer", "Treasurer"),
            ("secretary", "Secretary"),
            ("member", "Member"),
        ],
        required=True,
        default="member",
    )
    date_from = fields.Date(string="Term From", required=True)
    date_to = fields.Date(string="Term Until")
    is_active = fields.Boolean(
        compute="_compute_is_active",
        store=True,
        help="The term of office includes today. Refreshed every night.",
    )
    resolution_ref = fields.Char(
        string="Appointed By",
        help="The resolution or meeting that appointed the member.",
    )

    @api.depends("date_from", "date_to")
    def _compute_is_active(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.is_active = member.date_from <= today and (
                not member.date_to or today <= member.date_to
            )

    @api.constrains("date_from", "date_to")
    def _check_term(self):
        for member in self:
            if member.date_to and member.date_to < member.date_from:
                raise ValidationError(
                    _(
                        "The term of office of %(partner)s cannot end before it "
                        "starts.",
                        partner=member.partner_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members._grant_board_access()
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"partner_id", "company_id"} & set(vals):
            self._grant_board_access()
        return result

    def _grant_board_access(self):
        board_group = self.env.ref("hoa_base.group_hoa_board")
        for member in self:
            users = member.partner_id.user_ids
            if users:
                users.sudo().write(
                    {
                        "company_ids": [fields.Command.link(member.company_id.id)],
                        "groups_id": [fields.Command.link(board_group.id)],
                    }
                )

    @api.model
    def _cron_refresh_active(self):
        self.search([])._compute_is_active()

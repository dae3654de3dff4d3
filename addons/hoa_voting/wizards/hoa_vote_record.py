from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaVoteRecord(models.TransientModel):
    """The office records a vote cast on a paper card or at a meeting."""

    _name = "hoa.vote.record"
    _description = "Record a Paper or Meeting Vote"

    resolution_id = fields.Many2one("hoa.resolution", required=True)
    unit_line_id = fields.Many2one(
        "hoa.resolution.unit",
        string="Unit",
        required=True,
        domain="[('resolution_id', '=', resolution_id)]",
    )
    voter_partner_id = fields.Many2one(
        "res.partner",
        string="Signed by",
        required=True,
        help="The owner or the proxy who signed the card.",
    )
    choice = fields.Selection(
        [("yes", "For"), ("no", "Against"), ("abstain", "Abstain")], required=True
    )
    channel = fields.Selection(
        [("paper", "Paper card"), ("meeting", "Meeting")],
        required=True,
        default="paper",
    )
    scan = fields.Binary(string="Scanned Card", attachment=False)
    scan_name = fields.Char()

    @api.onchange("unit_line_id")
    def _onchange_unit_line_id(self):
        line = self.unit_line_id
        if line:
            self.voter_partner_id = line.representative_id or line.owner_partner_id

    def action_record(self):
        self.ensure_one()
        if not self.env.user.has_group("hoa_base.group_hoa_manager"):
            raise UserError(_("Only the office records paper and meeting votes."))
        self.resolution_id.check_access("write")
        scan = self.env["ir.attachment"]
        if self.scan:
            scan = scan.create(
                {
                    "name": self.scan_name or _("Voting card"),
                    "datas": self.scan,
                    "res_model": "hoa.resolution",
                    "res_id": self.resolution_id.id,
                }
            )
        vote = self.env["hoa.vote"]._hoa_cast(
            self.resolution_id,
            self.unit_line_id.unit_id,
            self.choice,
            self.voter_partner_id,
            channel=self.channel,
            scan=scan,
        )
        self.resolution_id.message_post(
            body=_(
                "%(channel)s vote of unit %(unit)s recorded.",
                channel=dict(self._fields["channel"]._description_selection(self.env))[
                    self.channel
                ],
                unit=vote.unit_id.display_name,
            )
        )
        return {"type": "ir.actions.act_window_close"}

"""Votes on resolutions, chained by hashes.

Each vote's hash is sha256(previous hash + canonical data of the vote): an edit of a
stored vote in SQL, a deleted or inserted vote, all break the chain, and
``hoa.resolution._hoa_verify_chain`` names the first broken link. A changed vote is a
new vote in the chain; the replaced one stays, inactive, as the history.
"""

import hashlib
import json
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import hmac

from odoo.addons.hoa_base.models.hoa_fraction import format_fraction

CHANNELS_BY_MODE = {
    "meeting": ("meeting",),
    "individual": ("paper",),
    "electronic": ("portal",),
    "mixed": ("portal", "paper", "meeting"),
}
# fields a vote is hashed with; nothing else of a vote may change after it is cast
HASHED_FIELDS = (
    "resolution_id",
    "sequence",
    "unit_id",
    "owner_partner_id",
    "voter_partner_id",
    "proxy_id",
    "user_id",
    "choice",
    "share_numerator",
    "share_denominator",
    "channel",
    "ip_address",
    "cast_date",
    "replaces_vote_id",
    "scan_attachment_id",
    "prev_hash",
)


class HoaVote(models.Model):
    _name = "hoa.vote"
    _description = "Vote on a Resolution"
    _order = "resolution_id, sequence"
    _rec_name = "unit_id"

    resolution_id = fields.Many2one(
        "hoa.resolution", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one(
        related="resolution_id.company_id", store=True, index=True, string="Community"
    )
    sequence = fields.Integer(string="No.", required=True, readonly=True)
    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="restrict", readonly=True
    )
    owner_partner_id = fields.Many2one(
        "res.partner", string="Owner", required=True, index=True, readonly=True
    )
    voter_partner_id = fields.Many2one(
        "res.partner", string="Voted by", required=True, index=True, readonly=True
    )
    proxy_id = fields.Many2one(
        "hoa.vote.proxy", string="Power of Attorney", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    choice = fields.Selection(
        [("yes", "For"), ("no", "Against"), ("abstain", "Abstain")],
        required=True,
        readonly=True,
    )
    share_numerator = fields.Integer(readonly=True)
    share_denominator = fields.Integer(readonly=True)
    share = fields.Char(compute="_compute_share", string="Weight (Share)")
    channel = fields.Selection(
        [("portal", "Portal"), ("paper", "Paper card"), ("meeting", "Meeting")],
        required=True,
        readonly=True,
    )
    ip_address = fields.Char(string="IP Address", readonly=True)
    cast_date = fields.Datetime(string="Cast On", required=True, readonly=True)
    scan_attachment_id = fields.Many2one(
        "ir.attachment", string="Scanned Card", readonly=True
    )
    replaces_vote_id = fields.Many2one(
        "hoa.vote", string="Changed Vote", readonly=True, index=True
    )
    active = fields.Boolean(
        default=True, readonly=True, help="Off once the vote was changed."
    )
    prev_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True, index=True)
    verification_code = fields.Char(readonly=True, index=True, copy=False)

    def init(self):
        # one current vote per unit and resolution, whatever the concurrency
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS "
                "hoa_vote_resolution_unit_active_uniq "
                "ON hoa_vote (resolution_id, unit_id) WHERE active"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS hoa_vote_resolution_sequence_uniq "
                "ON hoa_vote (resolution_id, sequence)"
            )
        )

    @api.depends("share_numerator", "share_denominator")
    def _compute_share(self):
        for vote in self:
            vote.share = format_fraction(vote.share_numerator, vote.share_denominator)

    @api.depends("unit_id", "resolution_id", "choice")
    def _compute_display_name(self):
        choices = dict(self._fields["choice"]._description_selection(self.env))
        for vote in self:
            vote.display_name = "{} – {}: {}".format(
                vote.resolution_id.name or "",
                vote.unit_id.display_name or "",
                choices.get(vote.choice, ""),
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("hoa_vote_cast"):
            raise UserError(
                _("Votes are cast from the portal or recorded with 'Record a vote'.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - {"active"} or not self.env.context.get("hoa_vote_cast"):
            raise UserError(_("A vote cannot be edited once cast."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("A vote cannot be deleted."))

    # --------------------------------------------------------------- hashing
    def _hoa_canonical(self):
        self.ensure_one()
        data = {}
        for name in HASHED_FIELDS:
            value = self[name]
            if isinstance(value, models.BaseModel):
                value = value.id or None
            elif name == "cast_date":
                value = fields.Datetime.to_string(value)
            elif value is False:
                value = None
            data[name] = value
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def _hoa_compute_hash(self):
        self.ensure_one()
        payload = (self.prev_hash or "") + self._hoa_canonical()
        return hashlib.sha256(payload.encode()).hexdigest()

    def _hoa_code_for(self, vote_hash):
        digest = hmac(self.env(su=True), "hoa_vote_receipt", vote_hash).upper()
        return "-".join(digest[i : i + 4] for i in range(0, 20, 4))

    @api.model
    def _hoa_normalize_code(self, code):
        code = re.sub(r"[^0-9A-Fa-f]", "", code or "").upper()[:20]
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    # --------------------------------------------------------------- casting
    @api.model
    def _hoa_eligibility(self, line, voter, date):
        """The power of attorney the voter uses for the unit (empty if he votes as
        owner); raise UserError if he may not vote for it."""
        resolution = line.resolution_id
        owners = line.representative_id or line.owner_partner_ids
        voters = voter | voter.commercial_partner_id
        if owners & voters:
            return self.env["hoa.vote.proxy"]
        proxies = (
            self.env["hoa.vote.proxy"]
            .sudo()
            .search(
                [
                    ("unit_id", "=", line.unit_id.id),
                    ("proxy_partner_id", "in", voters.ids),
                    ("grantor_id", "in", owners.ids),
                ]
            )
            .filtered(lambda p: p._hoa_is_valid_for(resolution, date))
        )
        if not proxies:
            if line.representative_id and voters & line.owner_partner_ids:
                raise UserError(
                    _(
                        "The co-owners of unit %(unit)s designated %(name)s to vote "
                        "for it.",
                        unit=line.unit_id.display_name,
                        name=line.representative_id.name,
                    )
                )
            raise UserError(
                _(
                    "%(name)s is not an owner of unit %(unit)s and has no power of "
                    "attorney on file for it.",
                    name=voter.name,
                    unit=line.unit_id.display_name,
                )
            )
        return proxies[:1]

    @api.model
    def _hoa_cast(
        self,
        resolution,
        unit,
        choice,
        voter,
        channel="portal",
        ip_address=None,
        scan=None,
    ):
        """Cast (or change) the vote of ``unit``; return the new vote.

        Called as superuser after the caller checked who the voter is (the logged-in
        owner, or the office recording a card); every rule of the voting is checked
        here, under a row lock of the resolution."""
        resolution = resolution.sudo()
        vote_model = self.sudo().with_context(hoa_vote_cast=True)
        if choice not in ("yes", "no", "abstain"):
            raise UserError(_("Choose for, against or abstain."))
        resolution._hoa_lock()
        resolution.invalidate_recordset()
        if not resolution._hoa_is_open_now():
            raise UserError(
                _(
                    "The voting on resolution %(name)s is not open: votes are "
                    "accepted from %(start)s to %(end)s.",
                    name=resolution.name,
                    start=resolution.date_open or "-",
                    end=resolution.date_close or "-",
                )
            )
        if channel not in CHANNELS_BY_MODE[resolution.collection_mode]:
            raise UserError(
                _(
                    "Votes on resolution %(name)s are not collected this way.",
                    name=resolution.name,
                )
            )
        if channel == "paper" and not scan:
            raise UserError(_("Attach the scanned voting card."))
        line = resolution.unit_line_ids.filtered(lambda ln: ln.unit_id == unit)
        if not line:
            raise UserError(
                _(
                    "Unit %(unit)s has no vote on this resolution (it had no owner or "
                    "share on the opening date).",
                    unit=unit.display_name,
                )
            )
        now = fields.Datetime.now()
        proxy = vote_model._hoa_eligibility(
            line, voter, fields.Date.context_today(self, now)
        )
        previous = vote_model.search(
            [("resolution_id", "=", resolution.id), ("unit_id", "=", unit.id)]
        )
        if previous:
            voters = (
                previous.voter_partner_id
                | previous.voter_partner_id.commercial_partner_id
            )
            if not resolution.allow_change:
                raise UserError(
                    _(
                        "Unit %(unit)s has already voted on this resolution.",
                        unit=unit.display_name,
                    )
                )
            if voter not in voters and voter.commercial_partner_id not in voters:
                raise UserError(
                    _(
                        "%(name)s has already voted for unit %(unit)s; only he can "
                        "change the vote.",
                        name=previous.voter_partner_id.name,
                        unit=unit.display_name,
                    )
                )
            if previous.choice == choice:
                raise UserError(
                    _(
                        "The vote of unit %(unit)s is already this one.",
                        unit=unit.display_name,
                    )
                )
            previous.write({"active": False})
            previous.flush_recordset()
        last = vote_model.with_context(active_test=False).search(
            [("resolution_id", "=", resolution.id)], order="sequence desc", limit=1
        )
        vote = vote_model.create(
            {
                "resolution_id": resolution.id,
                "sequence": last.sequence + 1,
                "unit_id": unit.id,
                "owner_partner_id": line.owner_partner_id.id,
                "voter_partner_id": voter.id,
                "proxy_id": proxy.id,
                "user_id": self.env.uid,
                "choice": choice,
                "share_numerator": line.share_numerator,
                "share_denominator": line.share_denominator,
                "channel": channel,
                "ip_address": ip_address,
                "cast_date": now,
                "scan_attachment_id": scan.id if scan else False,
                "replaces_vote_id": previous.id,
                "prev_hash": resolution.vote_chain_head or "",
            }
        )
        vote_hash = vote._hoa_compute_hash()
        super(HoaVote, vote).write(
            {"hash": vote_hash, "verification_code": self._hoa_code_for(vote_hash)}
        )
        resolution.write({"vote_chain_head": vote_hash})
        if scan:
            scan.sudo().write({"res_model": "hoa.vote", "res_id": vote.id})
        vote.flush_recordset()
        return vote

    def _hoa_send_receipt(self):
        template = self.env.ref("hoa_voting.mail_template_hoa_vote_receipt").sudo()
        for vote in self.sudo():
            if vote.voter_partner_id.email:
                template.send_mail(
                    vote.id,
                    email_values={"recipient_ids": [(6, 0, vote.voter_partner_id.ids)]},
                )

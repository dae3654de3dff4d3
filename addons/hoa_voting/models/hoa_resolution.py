"""Resolutions of a community voted by its owners.

The weight of a unit is its share on the opening date, frozen in
``hoa.resolution.unit`` when the resolution opens. Votes form a hash chain per
resolution (see ``hoa.vote``); the tally is an SQL aggregation summed exactly with
``Fraction``.
"""

from datetime import timedelta
from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

from odoo.addons.hoa_base.models.hoa_fraction import as_fraction

CHOICES = ("yes", "no", "abstain")
OWNER_ROLES = ("owner", "co_owner")


def fraction_percent(value):
    """A Fraction as a float percentage, for display only."""
    return float(value * 100)


class HoaResolution(models.Model):
    _name = "hoa.resolution"
    _description = "Resolution"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, number desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
        tracking=True,
    )
    name = fields.Char(
        string="Number", readonly=True, copy=False, default="/", tracking=True
    )
    number = fields.Integer(string="Number in the Year", readonly=True, copy=False)
    year = fields.Integer(readonly=True, copy=False)
    title = fields.Char(required=True, tracking=True)
    body = fields.Html(string="Text of the Resolution", sanitize_style=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "hoa_resolution_attachment_rel",
        "resolution_id",
        "attachment_id",
        string="Documents",
    )
    collection_mode = fields.Selection(
        [
            ("meeting", "At a meeting"),
            ("individual", "Collected individually"),
            ("electronic", "Electronic"),
            ("mixed", "Mixed"),
        ],
        required=True,
        default="mixed",
        tracking=True,
    )
    meeting_id = fields.Many2one("hoa.meeting", index=True, check_company=True)
    date_open = fields.Datetime(string="Voting Opens", tracking=True)
    date_close = fields.Datetime(string="Voting Closes", tracking=True)
    majority_rule = fields.Selection(
        [
            ("shares", "Majority of shares"),
            ("heads", "One owner, one vote"),
            ("qualified", "Qualified majority of shares"),
        ],
        required=True,
        default="shares",
        tracking=True,
        help="Majority of shares: each unit weighs its share. One owner, one vote: "
        "each owner counts once, whatever the number of units. Qualified: the "
        "votes for must reach the threshold in shares.",
    )
    threshold_percent = fields.Float(
        string="Threshold (%)",
        default=50.0,
        digits=(5, 2),
        tracking=True,
        help="A simple majority needs more than 50%; a qualified majority needs at "
        "least the threshold.",
    )
    basis = fields.Selection(
        [("all", "Of all shares (all owners)"), ("cast", "Of the votes cast")],
        required=True,
        default="all",
        tracking=True,
        help="Of all: the votes for are compared with the shares (owners) of the "
        "whole community. Of the votes cast: with the votes for, against and "
        "abstaining.",
    )
    allow_change = fields.Boolean(
        string="Votes May Be Changed",
        default=True,
        help="An owner may change his vote until the voting closes; every change is "
        "kept.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approval", "Awaiting the board"),
            ("approved", "Approved by the board"),
            ("open", "Voting open"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    result = fields.Selection(
        [("adopted", "Adopted"), ("rejected", "Not adopted")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_notified = fields.Datetime(string="Owners Notified", readonly=True, copy=False)
    approval_ids = fields.One2many(
        "hoa.resolution.approval", "resolution_id", string="Board Approvals"
    )
    approved_by_manager_id = fields.Many2one(
        "res.users", readonly=True, copy=False, string="Approved by the Manager"
    )
    unit_line_ids = fields.One2many(
        "hoa.resolution.unit", "resolution_id", string="Units Entitled to Vote"
    )
    vote_ids = fields.One2many(
        "hoa.vote", "resolution_id", string="Votes", domain=[("active", "=", True)]
    )
    vote_chain_head = fields.Char(
        readonly=True, copy=False, help="Hash of the last vote of the chain."
    )
    vote_count = fields.Integer(compute="_compute_tally")
    # The tally: live while open, frozen (stored) at closing.
    tally_yes = fields.Char(string="For (shares)", readonly=True, copy=False)
    tally_no = fields.Char(string="Against (shares)", readonly=True, copy=False)
    tally_abstain = fields.Char(string="Abstaining (shares)", readonly=True, copy=False)
    tally_yes_heads = fields.Integer(string="For (owners)", readonly=True, copy=False)
    tally_no_heads = fields.Integer(
        string="Against (owners)", readonly=True, copy=False
    )
    tally_abstain_heads = fields.Integer(
        string="Abstaining (owners)", readonly=True, copy=False
    )
    tally_yes_percent = fields.Float(
        string="For (% of the basis)", digits=(16, 4), readonly=True, copy=False
    )
    turnout_share_percent = fields.Float(
        string="Turnout (% of shares)", compute="_compute_tally", digits=(16, 2)
    )
    turnout_heads = fields.Char(string="Turnout (owners)", compute="_compute_tally")

    @api.depends("vote_ids", "unit_line_ids", "state")
    def _compute_tally(self):
        for resolution in self:
            if not resolution.id or resolution.state not in ("open", "closed"):
                resolution.vote_count = 0
                resolution.turnout_share_percent = 0.0
                resolution.turnout_heads = ""
                continue
            tally = resolution._hoa_tally()
            resolution.vote_count = tally["vote_count"]
            resolution.turnout_share_percent = fraction_percent(tally["turnout_shares"])
            resolution.turnout_heads = (
                f"{tally['turnout_heads']} / {tally['all_heads']}"
            )

    @api.constrains("date_open", "date_close")
    def _check_dates(self):
        for resolution in self:
            if (
                resolution.date_open
                and resolution.date_close
                and resolution.date_close < resolution.date_open
            ):
                raise ValidationError(
                    _(
                        "The voting of %(name)s must close after it opens.",
                        name=resolution.title,
                    )
                )

    @api.constrains("threshold_percent", "majority_rule")
    def _check_threshold(self):
        for resolution in self:
            if not 0 < resolution.threshold_percent <= 100:
                raise ValidationError(
                    _("The threshold must be between 0 and 100 per cent.")
                )
            if (
                resolution.majority_rule == "qualified"
                and resolution.threshold_percent <= 50
            ):
                raise ValidationError(
                    _("A qualified majority needs a threshold above 50 per cent.")
                )

    @api.depends("name", "title")
    def _compute_display_name(self):
        for resolution in self:
            if resolution.name and resolution.name != "/":
                resolution.display_name = _(
                    "Resolution %(number)s: %(title)s",
                    number=resolution.name,
                    title=resolution.title,
                )
            else:
                resolution.display_name = resolution.title

    def write(self, vals):
        locked = {
            "majority_rule",
            "threshold_percent",
            "basis",
            "body",
            "title",
            "company_id",
        }
        if locked & set(vals) and any(r.state in ("open", "closed") for r in self):
            raise UserError(
                _(
                    "The text and the rules of a resolution cannot change once voting "
                    "has opened."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(r.state not in ("draft", "approval") for r in self):
            raise UserError(_("Only a draft resolution can be deleted."))

    # ---------------------------------------------------------------- actions
    def action_submit(self):
        for resolution in self:
            if resolution.state != "draft":
                raise UserError(_("Only a draft can be submitted to the board."))
            resolution._hoa_assign_number()
            resolution.state = "approval"
            resolution.message_post(body=_("Submitted to the board for approval."))

    def action_approve_manager(self):
        """The community manager approves on the board's behalf."""
        if not self.env.user.has_group("hoa_base.group_hoa_manager"):
            raise UserError(
                _("Only the community manager can approve on the board's behalf.")
            )
        for resolution in self:
            if resolution.state not in ("draft", "approval"):
                raise UserError(_("This resolution is not waiting for approval."))
            resolution._hoa_assign_number()
            resolution.write(
                {"state": "approved", "approved_by_manager_id": self.env.user.id}
            )
            resolution.message_post(body=_("Approved by the manager."))

    def action_back_to_draft(self):
        for resolution in self:
            if resolution.state not in ("approval", "approved"):
                raise UserError(
                    _("Only a resolution not yet opened goes back to draft.")
                )
            resolution.approval_ids.sudo().unlink()
            resolution.write({"state": "draft", "approved_by_manager_id": False})

    def action_open(self):
        for resolution in self:
            if resolution.state != "approved":
                raise UserError(
                    _(
                        "Resolution %(name)s must be approved by the board before "
                        "voting opens.",
                        name=resolution.display_name,
                    )
                )
            now = fields.Datetime.now()
            vals = {"state": "open"}
            if not resolution.date_open or resolution.date_open > now:
                vals["date_open"] = now
            if not resolution.date_close:
                raise UserError(_("Set the closing date and time of the voting first."))
            if resolution.date_close <= now:
                raise UserError(_("The closing date of the voting has already passed."))
            resolution.write(vals)
            resolution._hoa_snapshot_units()
            resolution.message_post(body=_("Voting opened."))
            resolution._hoa_queue_notices()

    def action_close(self):
        for resolution in self:
            if resolution.state != "open":
                raise UserError(_("Only an open voting can be closed."))
            resolution._hoa_lock()
            now = fields.Datetime.now()
            vals = {"state": "closed"}
            if resolution.date_close > now:
                vals["date_close"] = now
            resolution.write(vals)
            resolution._hoa_store_result()
            resolution._hoa_queue_notices()

    def action_notify_owners(self):
        """E-mail the result to every owner entitled to vote, voters or not."""
        template = self.env.ref("hoa_voting.mail_template_hoa_resolution_result")
        for resolution in self:
            if resolution.state != "closed":
                raise UserError(
                    _("The owners are notified once the voting has closed.")
                )
            partners = resolution._hoa_entitled_partners().filtered("email")
            for partner in partners:
                template.with_context(hoa_recipient=partner).send_mail(
                    resolution.id,
                    email_values={"recipient_ids": [(6, 0, partner.ids)]},
                )
            resolution.date_notified = fields.Datetime.now()
            resolution.message_post(
                body=_("Result sent to %(count)s owners.", count=len(partners))
            )

    def action_verify_chain(self):
        self.ensure_one()
        broken = self._hoa_verify_chain()
        if broken:
            message = broken
            kind = "danger"
        else:
            message = _(
                "The chain of %(count)s votes is intact.",
                count=self.env["hoa.vote"]
                .with_context(active_test=False)
                .search_count([("resolution_id", "=", self.id)]),
            )
            kind = "success"
        self.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Verify chain"),
                "message": message,
                "type": kind,
                "sticky": bool(broken),
            },
        }

    def action_view_votes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Votes"),
            "res_model": "hoa.vote",
            "view_mode": "list,form",
            "domain": [("resolution_id", "=", self.id)],
            "context": {"active_test": False, "default_resolution_id": self.id},
        }

    # --------------------------------------------------------------- business
    def _hoa_assign_number(self):
        for resolution in self:
            if resolution.number:
                continue
            year = (resolution.date_open or fields.Datetime.now()).year
            resolution._hoa_lock_company()
            self.flush_model(["number", "year", "company_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM hoa_resolution "
                    "WHERE company_id = %s AND year = %s",
                    resolution.company_id.id,
                    year,
                )
            )
            number = self.env.cr.fetchone()[0]
            resolution.write(
                {"number": number, "year": year, "name": f"{number}/{year}"}
            )

    def _hoa_lock_company(self):
        """Serialise numbering per community (two resolutions never share a number)."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_company WHERE id = %s FOR UPDATE",
                self.company_id.id,
            )
        )

    def _hoa_lock(self):
        """Row lock of the resolution: votes of one resolution are chained one by one.

        Every vote also rewrites ``vote_chain_head``, so a transaction that waited
        for the lock fails to serialise and is retried (or refused) instead of
        forking the chain."""
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT id FROM hoa_resolution WHERE id = %s FOR UPDATE", self.id)
        )

    def _hoa_board_partners(self):
        self.ensure_one()
        return (
            self.company_id.sudo()
            .hoa_board_member_ids.filtered("is_active")
            .mapped("partner_id")
        )

    def _hoa_check_board_approval(self):
        """Approved once a majority of the active board members approved."""
        for resolution in self.filtered(lambda r: r.state == "approval"):
            board = resolution._hoa_board_partners()
            approvers = resolution.approval_ids.mapped("partner_id") & board
            if board and len(approvers) * 2 > len(board):
                resolution.state = "approved"
                resolution.message_post(
                    body=_(
                        "Approved by the board (%(count)s of %(total)s members).",
                        count=len(approvers),
                        total=len(board),
                    )
                )

    def _hoa_approve_by_partner(self, partner):
        """A board member approves the resolution (from the portal or backend)."""
        self.ensure_one()
        if self.state != "approval":
            raise UserError(
                _("This resolution is not waiting for the board's approval.")
            )
        if partner not in self._hoa_board_partners():
            raise UserError(_("Only an active board member can approve a resolution."))
        if partner not in self.approval_ids.partner_id:
            self.env["hoa.resolution.approval"].sudo().create(
                {"resolution_id": self.id, "partner_id": partner.id}
            )
        self._hoa_check_board_approval()

    def _hoa_snapshot_units(self):
        """Freeze the units entitled to vote, their shares and owners at opening."""
        self.ensure_one()
        date = fields.Date.context_today(self, self.date_open)
        self.unit_line_ids.sudo().unlink()
        units = (
            self.env["hoa.unit"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("share_denominator", ">", 0),
                ]
            )
        )
        vals_list = []
        for unit in units:
            owners = unit.ownership_ids.filtered(
                lambda o, d=date: o.role in OWNER_ROLES and o._is_valid_on(d)
            ).sorted(lambda o: (o.date_from, o.id))
            if not owners:
                continue
            representative = owners.filtered("is_voting_representative")[:1]
            vals_list.append(
                {
                    "resolution_id": self.id,
                    "unit_id": unit.id,
                    "share_numerator": unit.share_numerator,
                    "share_denominator": unit.share_denominator,
                    "owner_partner_id": (representative or owners)[0].partner_id.id,
                    "representative_id": representative.partner_id.id,
                    "owner_partner_ids": [(6, 0, owners.partner_id.ids)],
                }
            )
        self.env["hoa.resolution.unit"].sudo().create(vals_list)

    def _hoa_entitled_partners(self):
        self.ensure_one()
        return self.unit_line_ids.sudo().owner_partner_ids

    def _hoa_queue_notices(self):
        """SMS / messenger notice (hoa_portal) of the voting's opening or result to
        the entitled owners who chose one; sent later by the notice cron."""
        self.ensure_one()
        self._hoa_entitled_partners()._hoa_queue_notice(
            "voting", self, self._hoa_notice_text
        )

    def _hoa_notice_text(self, resolution):
        env = resolution.env
        if resolution.state == "open":
            return env._(
                "%(community)s: voting on resolution %(name)s is open until "
                "%(date)s. Vote in the residents' portal.",
                community=resolution.company_id.name,
                name=resolution.display_name,
                date=format_datetime(env, resolution.date_close),
            )
        return env._(
            "%(community)s: voting on resolution %(name)s has closed: %(result)s.",
            community=resolution.company_id.name,
            name=resolution.display_name,
            result=dict(resolution._fields["result"]._description_selection(env))[
                resolution.result
            ],
        )

    def _hoa_is_open_now(self):
        self.ensure_one()
        now = fields.Datetime.now()
        return (
            self.state == "open"
            and self.date_open
            and self.date_close
            and self.date_open <= now < self.date_close
        )

    def _hoa_tally(self):
        """Exact totals of the current votes, in shares and in owners.

        One grouped query per measure (benchmark voting_tally: 10,000 votes); the
        shares are summed per denominator in SQL and exactly in Python."""
        self.ensure_one()
        self.env["hoa.vote"].flush_model()
        self.env["hoa.resolution.unit"].flush_model()
        cr = self.env.cr
        shares = dict.fromkeys(CHOICES, Fraction(0))
        cr.execute(
            SQL(
                """SELECT choice, share_denominator, SUM(share_numerator), COUNT(*)
                     FROM hoa_vote
                    WHERE resolution_id = %s AND active
                 GROUP BY choice, share_denominator""",
                self.id,
            )
        )
        vote_count = 0
        for choice, denominator, numerator, count in cr.fetchall():
            shares[choice] += as_fraction(int(numerator), denominator)
            vote_count += count
        # an owner counts once; an owner who voted several units differently counts
        # with the choice of his last vote
        cr.execute(
            SQL(
                """SELECT choice, COUNT(*) FROM (
                       SELECT DISTINCT ON (owner_partner_id) owner_partner_id, choice
                         FROM hoa_vote
                        WHERE resolution_id = %s AND active
                     ORDER BY owner_partner_id, sequence DESC
                   ) AS owners GROUP BY choice""",
                self.id,
            )
        )
        heads = dict.fromkeys(CHOICES, 0)
        heads.update(dict(cr.fetchall()))
        cr.execute(
            SQL(
                """SELECT share_denominator, SUM(share_numerator),
                          COUNT(DISTINCT owner_partner_id)
                     FROM hoa_resolution_unit
                    WHERE resolution_id = %s
                 GROUP BY share_denominator""",
                self.id,
            )
        )
        all_shares = Fraction(0)
        for denominator, numerator, __ in cr.fetchall():
            all_shares += as_fraction(int(numerator), denominator)
        cr.execute(
            SQL(
                "SELECT COUNT(DISTINCT owner_partner_id) FROM hoa_resolution_unit "
                "WHERE resolution_id = %s",
                self.id,
            )
        )
        all_heads = cr.fetchone()[0]
        cast_shares = sum(shares.values(), Fraction(0))
        cast_heads = sum(heads.values())
        return {
            "shares": shares,
            "heads": heads,
            "vote_count": vote_count,
            "all_shares": all_shares,
            "all_heads": all_heads,
            "cast_shares": cast_shares,
            "cast_heads": cast_heads,
            "turnout_shares": all_shares and cast_shares / all_shares or Fraction(0),
            "turnout_heads": cast_heads,
        }

    def _hoa_outcome(self, tally=None):
        """(adopted, share of the votes for in the basis) by the resolution's rule."""
        self.ensure_one()
        tally = tally or self._hoa_tally()
        if self.majority_rule == "heads":
            yes = Fraction(tally["heads"]["yes"])
            base = Fraction(
                tally["all_heads"] if self.basis == "all" else tally["cast_heads"]
            )
        else:
            yes = tally["shares"]["yes"]
            base = tally["all_shares"] if self.basis == "all" else tally["cast_shares"]
        ratio = yes / base if base else Fraction(0)
        threshold = Fraction(str(self.threshold_percent)) / 100
        if self.majority_rule == "qualified":
            adopted = bool(base) and ratio >= threshold
        else:
            adopted = bool(base) and ratio > threshold
        return adopted, ratio

    def _hoa_store_result(self):
        for resolution in self:
            tally = resolution._hoa_tally()
            adopted, ratio = resolution._hoa_outcome(tally)
            shares, heads = tally["shares"], tally["heads"]
            resolution.write(
                {
                    "result": "adopted" if adopted else "rejected",
                    "tally_yes": str(shares["yes"]),
                    "tally_no": str(shares["no"]),
                    "tally_abstain": str(shares["abstain"]),
                    "tally_yes_heads": heads["yes"],
                    "tally_no_heads": heads["no"],
                    "tally_abstain_heads": heads["abstain"],
                    "tally_yes_percent": fraction_percent(ratio),
                }
            )
            resolution.message_post(
                body=_(
                    "Voting closed: %(result)s. For %(yes)s of the shares "
                    "(%(heads)s owners), against %(no)s, abstaining %(abstain)s.",
                    result=dict(
                        resolution._fields["result"]._description_selection(self.env)
                    )[resolution.result],
                    yes=shares["yes"],
                    heads=heads["yes"],
                    no=shares["no"],
                    abstain=shares["abstain"],
                )
            )

    def _hoa_verify_chain(self):
        """Return a message on the first broken link of the vote chain, or False."""
        self.ensure_one()
        self.env["hoa.vote"].flush_model()
        votes = (
            self.env["hoa.vote"]
            .sudo()
            .with_context(active_test=False)
            .search([("resolution_id", "=", self.id)], order="sequence")
        )
        previous = ""
        latest_by_unit = {}
        for index, vote in enumerate(votes, start=1):
            if vote.sequence != index:
                return _(
                    "Vote no. %(index)s is missing from the chain (found no. %(seq)s).",
                    index=index,
                    seq=vote.sequence,
                )
            if vote.prev_hash != previous:
                return _(
                    "Vote no. %(seq)s (unit %(unit)s) does not follow the previous "
                    "vote: the chain is broken here.",
                    seq=vote.sequence,
                    unit=vote.unit_id.display_name,
                )
            if vote._hoa_compute_hash() != vote.hash:
                return _(
                    "Vote no. %(seq)s (unit %(unit)s) was altered after it was cast.",
                    seq=vote.sequence,
                    unit=vote.unit_id.display_name,
                )
            previous = vote.hash
            latest_by_unit[vote.unit_id.id] = vote
        if (self.vote_chain_head or "") != previous:
            return _("The last vote of the chain is missing or was replaced.")
        for vote in votes:
            if vote.active != (latest_by_unit[vote.unit_id.id] == vote):
                return _(
                    "Vote no. %(seq)s (unit %(unit)s) was switched on or off after "
                    "it was cast.",
                    seq=vote.sequence,
                    unit=vote.unit_id.display_name,
                )
        return False

    @api.model
    def _cron_open_close(self):
        now = fields.Datetime.now()
        for resolution in self.search(
            [
                ("state", "=", "approved"),
                ("date_open", "<=", now),
                ("date_close", ">", now),
            ]
        ):
            resolution.action_open()
        self.search([("state", "=", "open"), ("date_close", "<=", now)]).action_close()

    @api.model
    def _hoa_demo_create(self, company_id):
        """Demo: an adopted, a rejected and an open resolution with votes."""
        company = self.env["res.company"].browse(company_id).exists()
        if not company or self.search_count([("company_id", "=", company.id)]):
            return
        now = fields.Datetime.now()
        specs = [
            (
                "Adoption of the annual financial report for 2025",
                "<p>The owners adopt the financial report of the community for "
                "2025 and discharge the board.</p>",
                0.7,
            ),
            (
                "Loan of 400,000 PLN for the thermal modernisation",
                "<p>The owners authorise the board to take a bank loan for the "
                "insulation of the building.</p>",
                0.3,
            ),
            (
                "Installation of a bicycle shed in the courtyard",
                "<p>The owners agree to build a roofed bicycle shed for 20 "
                "bicycles, paid from the repair fund.</p>",
                None,
            ),
        ]
        Vote = self.env["hoa.vote"]
        for title, body, yes_part in specs:
            resolution = self.create(
                {
                    "company_id": company.id,
                    "title": title,
                    "body": body,
                    "date_close": now + timedelta(days=14),
                }
            )
            resolution.action_approve_manager()
            resolution.action_open()
            lines = resolution.unit_line_ids
            if yes_part is None:
                # the open one: the first third voted, the others still can
                lines = lines[: len(lines) // 3]
            voting = lines[: max(int(len(lines) * 0.9), 1)] if lines else lines
            yes_count = int(len(voting) * (yes_part if yes_part is not None else 0.6))
            for index, line in enumerate(voting):
                if index < yes_count:
                    choice = "yes"
                elif index % 5 == 0:
                    choice = "abstain"
                else:
                    choice = "no"
                Vote._hoa_cast(
                    resolution,
                    line.unit_id,
                    choice,
                    line.representative_id or line.owner_partner_id,
                    channel="portal",
                    ip_address="127.0.0.1",
                )
            if yes_part is not None:
                resolution.action_close()

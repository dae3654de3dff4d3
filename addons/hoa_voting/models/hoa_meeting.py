from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.hoa_base.models.hoa_fraction import as_fraction

OWNER_ROLES = ("owner", "co_owner")


class HoaMeeting(models.Model):
    """A meeting of the owners (the annual meeting or an extraordinary one)."""

    _name = "hoa.meeting"
    _description = "Owners' Meeting"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("annual", "Annual meeting"), ("extraordinary", "Extraordinary meeting")],
        required=True,
        default="annual",
    )
    date = fields.Datetime(required=True, tracking=True)
    location = fields.Char()
    agenda = fields.Html()
    chair_partner_id = fields.Many2one("res.partner", string="Chair of the Meeting")
    secretary_partner_id = fields.Many2one("res.partner", string="Minutes Taken by")
    attendance_ids = fields.One2many(
        "hoa.meeting.attendance", "meeting_id", string="Attendance List"
    )
    resolution_ids = fields.One2many(
        "hoa.resolution", "meeting_id", string="Resolutions"
    )
    attendance_share = fields.Char(
        string="Shares Present", compute="_compute_attendance"
    )
    attendance_share_percent = fields.Float(
        string="Shares Present (%)", compute="_compute_attendance", digits=(16, 2)
    )
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )

    @api.depends(
        "attendance_ids.is_present",
        "attendance_ids.share_numerator",
        "attendance_ids.share_denominator",
    )
    def _compute_attendance(self):
        for meeting in self:
            total = sum(
                (
                    as_fraction(a.share_numerator, a.share_denominator)
                    for a in meeting.attendance_ids.filtered("is_present")
                ),
                Fraction(0),
            )
            meeting.attendance_share = str(total)
            meeting.attendance_share_percent = float(total * 100)

    def action_fill_attendance(self):
        """List every unit with its owners; the office ticks who is present."""
        for meeting in self:
            present = meeting.attendance_ids.unit_id
            units = self.env["hoa.unit"].search(
                [
                    ("company_id", "=", meeting.company_id.id),
                    ("share_denominator", ">", 0),
                    ("id", "not in", present.ids),
                ]
            )
            date = fields.Date.context_today(self, meeting.date)
            vals_list = []
            for unit in units:
                owners = unit.ownership_ids.filtered(
                    lambda o, d=date: o.role in OWNER_ROLES and o._is_valid_on(d)
                )
                if owners:
                    vals_list.append(
                        {
                            "meeting_id": meeting.id,
                            "unit_id": unit.id,
                            "partner_id": owners[0].partner_id.id,
                            "is_present": False,
                        }
                    )
            self.env["hoa.meeting.attendance"].create(vals_list)

    def action_held(self):
        for meeting in self:
            if meeting.state != "planned":
                raise UserError(_("Only a planned meeting can be held."))
            meeting.attendance_ids.filtered(lambda a: not a.is_present).unlink()
            meeting.state = "held"


class HoaMeetingAttendance(models.Model):
    _name = "hoa.meeting.attendance"
    _description = "Attendance at an Owners' Meeting"
    _order = "meeting_id, unit_id"

    meeting_id = fields.Many2one(
        "hoa.meeting", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    unit_id = fields.Many2one("hoa.unit", required=True, ondelete="restrict")
    partner_id = fields.Many2one("res.partner", string="Owner", required=True)
    proxy_id = fields.Many2one(
        "hoa.vote.proxy",
        string="Represented by Proxy",
        domain="[('unit_id', '=', unit_id)]",
    )
    is_present = fields.Boolean(string="Present", default=True)
    share_numerator = fields.Integer(related="unit_id.share_numerator")
    share_denominator = fields.Integer(related="unit_id.share_denominator")
    share = fields.Char(related="unit_id.share")
    signature = fields.Char(string="Signed")

    _sql_constraints = [
        (
            "meeting_unit_uniq",
            "unique(meeting_id, unit_id)",
            "A unit is listed once on the attendance list.",
        )
    ]

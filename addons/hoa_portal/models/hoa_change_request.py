from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class HoaChangeRequest(models.Model):
    _name = "hoa.change.request"
    _description = "Resident's Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    def _default_date_effective(self):
        today = fields.Date.context_today(self)
        return today + relativedelta(months=1, day=1)

    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Community"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id,
    )
    kind = fields.Selection(
        [("occupants", "Number of occupants")],
        required=True,
        default="occupants",
    )
    requested_value = fields.Integer(
        string="Requested Number", required=True, tracking=True
    )
    current_value = fields.Integer(
        string="Number Until Now",
        readonly=True,
        help="The declared number of occupants when the request was made.",
    )
    date_effective = fields.Date(
        string="Effective From",
        required=True,
        default=_default_date_effective,
        help="The first day of the month after the request.",
    )
    note = fields.Text(string="Resident's Note")
    state = fields.Selection(
        [
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        required=True,
        default="to_approve",
        tracking=True,
    )
    approver_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    refuse_reason = fields.Text(string="Reason for Refusal")
    occupancy_id = fields.Many2one(
        "hoa.unit.occupancy", string="Occupancy Record", readonly=True
    )

    @api.depends("unit_id", "kind", "requested_value")
    def _compute_display_name(self):
        for request in self:
            request.display_name = _(
                "%(unit)s: %(count)s occupants",
                unit=request.unit_id.display_name,
                count=request.requested_value,
            )

    @api.constrains("requested_value")
    def _check_requested_value(self):
        for request in self:
            if request.requested_value < 0 or request.requested_value > 50:
                raise ValidationError(
                    _("The number of occupants must be between 0 and 50.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        today = fields.Date.context_today(self)
        for request in requests:
            request.current_value = request.unit_id.sudo()._get_occupant_count(today)
            request.message_subscribe(partner_ids=request.partner_id.ids)
        return requests

    def action_approve(self):
        """The declaration applies from the first day of the effective month."""
        Occupancy = self.env["hoa.unit.occupancy"]
        for request in self:
            if request.state != "to_approve":
                raise UserError(_("Only a request to approve can be approved."))
            date_from = request.date_effective + relativedelta(day=1)
            unit = request.unit_id
            same_day = unit.occupancy_ids.filtered(
                lambda o, d=date_from: o.state == "approved" and o.date_from == d
            )
            if same_day:
                same_day[:1].occupant_count = request.requested_value
                occupancy = same_day[:1]
            else:
                later = unit.occupancy_ids.filtered(
                    lambda o, d=date_from: o.state == "approved" and o.date_from > d
                )
                occupancy = Occupancy.create(
                    {
                        "unit_id": unit.id,
                        "occupant_count": request.requested_value,
                        "date_from": date_from,
                        "date_to": later
                        and min(later.mapped("date_from")) - relativedelta(days=1)
                        or False,
                        "source": "portal",
                        "state": "pending",
                        "declared_by_id": request.partner_id.id,
                    }
                )
                occupancy.action_approve()
            request.write(
                {
                    "state": "approved",
                    "approver_id": self.env.user.id,
                    "date_decided": fields.Datetime.now(),
                    "occupancy_id": occupancy.id,
                }
            )
            request.with_context(mail_notify_force_send=False).message_post(
                body=_(
                    "Your request was approved: %(count)s occupants from " "%(date)s.",
                    count=request.requested_value,
                    date=fields.Date.to_string(date_from),
                ),
                partner_ids=request.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def action_refuse(self):
        for request in self:
            if request.state != "to_approve":
                raise UserError(_("Only a request to approve can be refused."))
            if not (request.refuse_reason or "").strip():
                raise UserError(
                    _("Write the reason for the refusal: it is e-mailed to the owner.")
                )
            request.write(
                {
                    "state": "refused",
                    "approver_id": self.env.user.id,
                    "date_decided": fields.Datetime.now(),
                }
            )
            request.with_context(mail_notify_force_send=False).message_post(
                body=_(
                    "Your request was refused. Reason: %(reason)s",
                    reason=request.refuse_reason,
                ),
                partner_ids=request.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

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
        [
            ("occupants", "Number of occupants"),
            ("quantity", "Declared quantity of a charge"),
        ],
        required=True,
        default="occupants",
    )
    requested_value = fields.Integer(string="Requested Number", tracking=True)
    current_value = fields.Integer(
        string="Number Until Now",
        readonly=True,
        help="The declared number of occupants when the request was made.",
    )
    charge_type_id = fields.Many2one(
        "hoa.charge.type",
        string="Charge",
        check_company=True,
        domain=[("basis", "=", "quantity")],
        help="The charge by declared quantity (e.g. a water advance in m³ a month, "
        "garage places, animals) whose quantity the owner declares.",
    )
    requested_quantity = fields.Float(digits=(16, 4), tracking=True)
    current_quantity = fields.Float(
        string="Quantity Until Now", digits=(16, 4), readonly=True
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

    @api.depends("unit_id", "kind", "requested_value", "requested_quantity")
    def _compute_display_name(self):
        for request in self:
            if request.kind == "quantity":
                request.display_name = _(
                    "%(unit)s: %(charge)s %(quantity)s",
                    unit=request.unit_id.display_name,
                    charge=request.charge_type_id.name,
                    quantity=request.requested_quantity,
                )
            else:
                request.display_name = _(
                    "%(unit)s: %(count)s occupants",
                    unit=request.unit_id.display_name,
                    count=request.requested_value,
                )

    @api.constrains("kind", "requested_value", "requested_quantity", "charge_type_id")
    def _check_requested_value(self):
        for request in self:
            if request.kind == "occupants" and not 0 <= request.requested_value <= 50:
                raise ValidationError(
                    _("The number of occupants must be between 0 and 50.")
                )
            if request.kind == "quantity":
                if not request.charge_type_id:
                    raise ValidationError(
                        _("Choose the charge whose quantity changes.")
                    )
                if not 0 <= request.requested_quantity <= 100000:
                    raise ValidationError(
                        _("The declared quantity must be between 0 and 100000.")
                    )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        today = fields.Date.context_today(self)
        for request in requests:
            request.current_value = request.unit_id.sudo()._get_occupant_count(today)
            if request.kind == "quantity":
                request.current_quantity = (
                    request.sudo()._unit_charge_on(today).quantity
                )
            request.message_subscribe(partner_ids=request.partner_id.ids)
        return requests

    def action_approve(self):
        """The declaration applies from the first day of the effective month."""
        Occupancy = self.env["hoa.unit.occupancy"]
        for request in self:
            if request.state != "to_approve":
                raise UserError(_("Only a request to approve can be approved."))
            if request.kind == "quantity":
                request._approve_quantity()
                continue
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

    def _unit_charge_on(self, date):
        """The unit's assignment of the requested charge valid on ``date``."""
        self.ensure_one()
        return self.env["hoa.unit.charge"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("charge_type_id", "=", self.charge_type_id.id),
                ("date_from", "<=", date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date),
            ],
            limit=1,
        )

    def _approve_quantity(self):
        """The charge continues from the effective month with the new quantity."""
        self.ensure_one()
        if not self.env.user.has_group("hoa_base.group_hoa_accountant"):
            raise UserError(
                _("Only the office accountant can change the quantity of a charge.")
            )
        date_from = self.date_effective + relativedelta(day=1)
        current = self._unit_charge_on(date_from)
        if not current:
            raise UserError(
                _(
                    "Unit %(unit)s has no charge %(charge)s on %(date)s: assign it "
                    "first.",
                    unit=self.unit_id.display_name,
                    charge=self.charge_type_id.name,
                    date=fields.Date.to_string(date_from),
                )
            )
        if current.date_from == date_from:
            current.quantity = self.requested_quantity
        else:
            date_to = current.date_to
            current.date_to = date_from - relativedelta(days=1)
            current.copy(
                {
                    "date_from": date_from,
                    "date_to": date_to,
                    "quantity": self.requested_quantity,
                }
            )
        self.write(
            {
                "state": "approved",
                "approver_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
            }
        )
        self.with_context(mail_notify_force_send=False).message_post(
            body=_(
                "Your request was approved: %(charge)s %(quantity)s from %(date)s.",
                charge=self.charge_type_id.name,
                quantity=self.requested_quantity,
                date=fields.Date.to_string(date_from),
            ),
            partner_ids=self.partner_id.ids,
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

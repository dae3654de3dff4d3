from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaTicket(models.Model):
    _name = "hoa.ticket"
    _description = "Resident Ticket"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    _check_company_auto = True
    # residents answer on the portal: reading the ticket is enough to comment
    _mail_post_access = "read"

    def _default_stage_id(self):
        return self.env["hoa.ticket.stage"].search([], limit=1)

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    building_id = fields.Many2one(
        "hoa.building",
        check_company=True,
        compute="_compute_building_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    unit_id = fields.Many2one("hoa.unit", index=True, check_company=True)
    kind = fields.Selection(
        [("fault", "Fault"), ("request", "Request"), ("other", "Other")],
        required=True,
        default="fault",
        tracking=True,
    )
    description = fields.Html()
    stage_id = fields.Many2one(
        "hoa.ticket.stage",
        required=True,
        index=True,
        tracking=True,
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], default="0", tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        domain=[("share", "=", False)],
        help="The caretaker or office employee who handles the ticket.",
    )
    reporter_partner_id = fields.Many2one(
        "res.partner",
        string="Reported By",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id,
    )
    date_reported = fields.Datetime(
        string="Reported On", required=True, default=fields.Datetime.now
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    color = fields.Integer()
    work_order_ids = fields.One2many(
        "hoa.work.order", "ticket_id", string="Work Orders"
    )
    work_order_count = fields.Integer(compute="_compute_work_order_count")

    @api.depends("unit_id")
    def _compute_company_id(self):
        for ticket in self:
            if ticket.unit_id:
                ticket.company_id = ticket.unit_id.company_id
            elif not ticket.company_id:
                ticket.company_id = self.env.company

    @api.depends("unit_id")
    def _compute_building_id(self):
        for ticket in self:
            if ticket.unit_id:
                ticket.building_id = ticket.unit_id.building_id

    @api.depends("work_order_ids")
    def _compute_work_order_count(self):
        for ticket in self:
            ticket.work_order_count = len(ticket.work_order_ids)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.constrains("unit_id", "building_id")
    def _check_unit_building(self):
        for ticket in self:
            if ticket.unit_id and ticket.unit_id.building_id != ticket.building_id:
                raise ValidationError(
                    _(
                        "Unit %(unit)s is not in building %(building)s.",
                        unit=ticket.unit_id.display_name,
                        building=ticket.building_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        for ticket in tickets:
            ticket.message_subscribe(partner_ids=ticket.reporter_partner_id.ids)
        return tickets

    def write(self, vals):
        moved = self.browse()
        if "stage_id" in vals:
            stage = self.env["hoa.ticket.stage"].browse(vals["stage_id"])
            vals["date_closed"] = fields.Datetime.now() if stage.is_closed else False
            moved = self.filtered(lambda t: t.stage_id != stage)
        result = super().write(vals)
        for ticket in moved:
            # SMS / messenger notice to the reporter who chose one
            ticket.reporter_partner_id._hoa_queue_notice(
                "tickets", ticket, self._hoa_notice_text_stage
            )
        return result

    def _hoa_notice_text_stage(self, ticket):
        return ticket.env._(
            "%(community)s: your ticket %(ticket)s is now: %(stage)s.",
            community=ticket.company_id.name,
            ticket=ticket.name,
            stage=ticket.stage_id.name,
        )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"
        return result

    def _track_template(self, changes):
        res = super()._track_template(changes)
        ticket = self[:1]
        if "stage_id" in changes and ticket.stage_id.mail_template_id:
            res["stage_id"] = (
                ticket.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env.ref("mail.mt_note").id,
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    def _notify_thread(self, message, msg_vals=False, **kwargs):
        # residents' e-mails leave through the mail queue, never inside a request
        return super(
            HoaTicket, self.with_context(mail_notify_force_send=False)
        )._notify_thread(message, msg_vals=msg_vals, **kwargs)

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Ticket %(id)s", id=self.id)

    def action_take(self):
        self.ensure_one()
        in_progress = self.env.ref(
            "hoa_portal.hoa_ticket_stage_progress", raise_if_not_found=False
        )
        vals = {"user_id": self.env.user.id}
        if in_progress and self.stage_id.sequence < in_progress.sequence:
            vals["stage_id"] = in_progress.id
        self.write(vals)

    def action_create_work_order(self):
        """A work order for the repair the ticket asks for, opened in a form."""
        self.ensure_one()
        order = self.env["hoa.work.order"].create(
            {
                "name": self.name,
                "ticket_id": self.id,
                "company_id": self.company_id.id,
                "building_id": self.building_id.id,
                "unit_id": self.unit_id.id,
                "scope": self.description,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoa.work.order",
            "res_id": order.id,
            "view_mode": "form",
            "name": order.display_name,
        }

    def action_view_work_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_portal.hoa_work_order_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        if len(self.work_order_ids) == 1:
            action.update({"view_mode": "form", "res_id": self.work_order_ids.id})
            action["views"] = [(False, "form")]
        return action

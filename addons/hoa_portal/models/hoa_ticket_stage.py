from odoo import fields, models


class HoaTicketStage(models.Model):
    _name = "hoa.ticket.stage"
    _description = "Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban", help="Folded stages are collapsed on the board."
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Tickets in this stage are finished: done or cancelled.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "hoa.ticket")],
        help="E-mailed to the reporter when a ticket reaches this stage.",
    )
    description = fields.Text(translate=True)

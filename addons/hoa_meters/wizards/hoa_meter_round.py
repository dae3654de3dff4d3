from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaMeterRound(models.TransientModel):
    """The caretaker's round: a building's meters in walking order, on a phone."""

    _name = "hoa.meter.round"
    _description = "Caretaker's Meter Round"

    building_id = fields.Many2one("hoa.building", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("hoa.meter.round.line", "round_id", string="Meters")
    done = fields.Boolean(readonly=True)
    accepted_count = fields.Integer(readonly=True)
    rejected_count = fields.Integer(readonly=True)

    @api.onchange("building_id")
    def _onchange_building_id(self):
        meters = self.env["hoa.meter"].search(
            [("building_id", "=", self.building_id.id), ("state", "=", "active")],
            order="walking_order, id",
        )
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({"meter_id": meter.id, "sequence": index})
            for index, meter in enumerate(meters)
        ]

    def action_save(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.value and not line.state)
        if not lines:
            raise UserError(_("Type at least one reading."))
        readings = self.env["hoa.meter.reading"].create(
            [
                {
                    "meter_id": line.meter_id.id,
                    "date": self.date,
                    "value": line.value,
                    "source": "caretaker",
                }
                for line in lines
            ]
        )
        for line, reading in zip(lines, readings, strict=True):
            line.write(
                {
                    "reading_id": reading.id,
                    "state": reading.state,
                    "message": reading.rejection_reason or _("Accepted"),
                }
            )
        self.write(
            {
                "done": True,
                "accepted_count": self.accepted_count
                + len(readings.filtered(lambda r: r.state == "accepted")),
                "rejected_count": self.rejected_count
                + len(readings.filtered(lambda r: r.state == "rejected")),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }


class HoaMeterRoundLine(models.TransientModel):
    _name = "hoa.meter.round.line"
    _description = "Meter on the Round"
    _order = "sequence, id"

    round_id = fields.Many2one("hoa.meter.round", required=True, ondelete="cascade")
    meter_id = fields.Many2one("hoa.meter", required=True, readonly=True)
    sequence = fields.Integer(help="Walking order of the round.")
    unit_id = fields.Many2one(related="meter_id.unit_id")
    medium = fields.Selection(related="meter_id.medium")
    uom = fields.Char(related="meter_id.uom")
    last_value = fields.Float(
        related="meter_id.last_reading_value", string="Last Value"
    )
    last_date = fields.Date(related="meter_id.last_reading_date", string="Last Date")
    value = fields.Float(string="Reading", digits=(16, 3))
    reading_id = fields.Many2one(
        "hoa.meter.reading", string="Saved Reading", readonly=True
    )
    state = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected")], readonly=True
    )
    message = fields.Char(readonly=True)

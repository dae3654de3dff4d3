from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaUnitOccupancy(models.Model):
    _name = "hoa.unit.occupancy"
    _description = "Declared Occupants"
    _inherit = ["mail.thread"]
    _order = "unit_id, date_from desc, id"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Community"
    )
    occupant_count = fields.Integer(string="Occupants", required=True, tracking=True)
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="Until", tracking=True)
    source = fields.Selection(
        [
            ("declaration", "Owner's declaration"),
            ("office", "Office"),
            ("portal", "Portal request"),
        ],
        required=True,
        default="declaration",
    )
    state = fields.Selection(
        [
            ("pending", "Awaiting approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="approved",
        tracking=True,
    )
    declared_by_id = fields.Many2one("res.partner")

    @api.constrains("occupant_count", "date_from", "date_to", "state", "unit_id")
    def _check_occupancy(self):
        for occupancy in self:
            if occupancy.occupant_count < 0:
                raise ValidationError(
                    _(
                        "The number of occupants of unit %(unit)s cannot be negative.",
                        unit=occupancy.unit_id.display_name,
                    )
                )
            if occupancy.date_to and occupancy.date_to < occupancy.date_from:
                raise ValidationError(
                    _(
                        "A declaration for unit %(unit)s cannot end before it starts.",
                        unit=occupancy.unit_id.display_name,
                    )
                )
            if occupancy.state != "approved":
                continue
            overlapping = occupancy.unit_id.occupancy_ids.filtered(
                lambda o, me=occupancy: o != me
                and o.state == "approved"
                and o.date_from <= (me.date_to or o.date_from)
                and me.date_from <= (o.date_to or me.date_from)
            )
            if overlapping:
                raise ValidationError(
                    _(
                        "Unit %(unit)s already has a declaration of occupants valid "
                        "from "
                        "%(date)s: end it before this one starts.",
                        unit=occupancy.unit_id.display_name,
                        date=overlapping[:1].date_from,
                    )
                )

    def _is_valid_on(self, date):
        self.ensure_one()
        return self.date_from <= date and (not self.date_to or date <= self.date_to)

    def action_approve(self):
        for occupancy in self:
            previous = occupancy.unit_id.occupancy_ids.filtered(
                lambda o, me=occupancy: o.state == "approved"
                and not o.date_to
                and o.date_from < me.date_from
            )
            previous.write(
                {"date_to": fields.Date.subtract(occupancy.date_from, days=1)}
            )
        self.write({"state": "approved"})

    def action_reject(self):
        self.write({"state": "rejected"})

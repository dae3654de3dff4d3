from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.hoa_fraction import parse_fraction


class HoaChangeOwner(models.TransientModel):
    _name = "hoa.change.owner"
    _description = "Change of Owner"

    unit_id = fields.Many2one("hoa.unit", required=True)
    date = fields.Date(
        string="Owners From",
        required=True,
        default=fields.Date.context_today,
        help="The first day of the new owners. The previous owners end the day before.",
    )
    line_ids = fields.One2many(
        "hoa.change.owner.line", "wizard_id", string="New Owners"
    )
    current_owner_ids = fields.Many2many(
        "res.partner", compute="_compute_current_owner_ids", string="Owners Until Then"
    )

    @api.depends("unit_id", "date")
    def _compute_current_owner_ids(self):
        for wizard in self:
            wizard.current_owner_ids = (
                wizard.unit_id._get_owners(wizard.date) if wizard.unit_id else False
            )

    def action_apply(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Add at least one new owner."))
        if len(self.line_ids.filtered("is_payer")) != 1:
            raise UserError(_("Mark exactly one of the new owners as the payer."))
        ending = self.unit_id.ownership_ids.filtered(
            lambda o: o._is_valid_on(self.date)
            and (o.role in ("owner", "co_owner") or o.is_payer)
        )
        started_same_day = ending.filtered(lambda o: o.date_from >= self.date)
        if started_same_day:
            raise UserError(
                _(
                    "Ownership of %(partner)s in unit %(unit)s starts on %(date)s: "
                    "correct that record instead of changing the owner on the same "
                    "day.",
                    partner=started_same_day[0].partner_id.name,
                    unit=self.unit_id.display_name,
                    date=started_same_day[0].date_from,
                )
            )
        ending.write({"date_to": fields.Date.subtract(self.date, days=1)})
        new = self.env["hoa.unit.ownership"].create(
            [
                {
                    "unit_id": self.unit_id.id,
                    "partner_id": line.partner_id.id,
                    "role": line.role,
                    "fraction_numerator": line.fraction_numerator,
                    "fraction_denominator": line.fraction_denominator,
                    "is_payer": line.is_payer,
                    "date_from": self.date,
                }
                for line in self.line_ids
            ]
        )
        self.unit_id.message_post(
            body=_(
                "Owners changed on %(date)s: %(old)s → %(new)s",
                date=self.date,
                old=", ".join(ending.partner_id.mapped("name")) or "-",
                new=", ".join(new.partner_id.mapped("name")),
            )
        )
        return {"type": "ir.actions.act_window_close"}


class HoaChangeOwnerLine(models.TransientModel):
    _name = "hoa.change.owner.line"
    _description = "New Owner"

    wizard_id = fields.Many2one("hoa.change.owner", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Person", required=True)
    role = fields.Selection(
        [("owner", "Owner"), ("co_owner", "Co-owner")], required=True, default="owner"
    )
    fraction = fields.Char(string="Part of the Unit", required=True, default="1/1")
    fraction_numerator = fields.Integer(compute="_compute_fraction_parts")
    fraction_denominator = fields.Integer(compute="_compute_fraction_parts")
    is_payer = fields.Boolean(string="Payer")

    @api.depends("fraction")
    def _compute_fraction_parts(self):
        for line in self:
            numerator, denominator = parse_fraction(line.fraction or "1/1")
            line.fraction_numerator = numerator
            line.fraction_denominator = denominator

from fractions import Fraction

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .hoa_fraction import (
    as_fraction,
    format_fraction,
    parse_fraction,
    split_fraction_vals,
)

OWNER_ROLES = ("owner", "co_owner")


class HoaUnitOwnership(models.Model):
    _name = "hoa.unit.ownership"
    _description = "Unit Ownership"
    _inherit = ["mail.thread", "hoa.audit.mixin"]
    _hoa_audit_fields = (
        "partner_id",
        "role",
        "is_payer",
        "fraction_numerator",
        "fraction_denominator",
        "date_from",
        "date_to",
    )
    _order = "unit_id, date_from desc, id"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Community"
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="restrict"
    )
    role = fields.Selection(
        [
            ("owner", "Owner"),
            ("co_owner", "Co-owner"),
            ("tenant", "Tenant"),
            ("payer", "Payer"),
            ("proxy", "Authorised proxy"),
        ],
        required=True,
        default="owner",
        tracking=True,
    )
    is_payer = fields.Boolean(
        string="Pays the Charges",
        tracking=True,
        help="Receives the unit's invoices. Exactly one payer per unit at any date.",
    )
    fraction_numerator = fields.Integer(default=1)
    fraction_denominator = fields.Integer(default=1)
    fraction = fields.Char(
        string="Part of the Unit",
        compute="_compute_fraction",
        inverse="_inverse_fraction",
        help="The owner's part of the unit, e.g. 1/2 for one of two co-owners.",
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="Until", tracking=True)
    is_current = fields.Boolean(
        compute="_compute_is_current",
        store=True,
        help="Valid today. Refreshed every night and on every change.",
    )

    @api.depends("partner_id", "unit_id", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for ownership in self:
            ownership.display_name = "{}: {} ({})".format(
                ownership.unit_id.display_name,
                ownership.partner_id.name,
                roles.get(ownership.role, ""),
            )

    @api.depends("fraction_numerator", "fraction_denominator")
    def _compute_fraction(self):
        for ownership in self:
            ownership.fraction = format_fraction(
                ownership.fraction_numerator, ownership.fraction_denominator
            )

    def _inverse_fraction(self):
        for ownership in self:
            numerator, denominator = parse_fraction(ownership.fraction or "1/1")
            ownership.write(
                {"fraction_numerator": numerator, "fraction_denominator": denominator}
            )

    @api.depends("date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for ownership in self:
            ownership.is_current = ownership._is_valid_on(today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for ownership in self:
            if ownership.date_to and ownership.date_to < ownership.date_from:
                raise ValidationError(
                    _(
                        "The ownership of %(partner)s in unit %(unit)s cannot end "
                        "(%(date_to)s) before it starts (%(date_from)s).",
                        partner=ownership.partner_id.name,
                        unit=ownership.unit_id.display_name,
                        date_to=ownership.date_to,
                        date_from=ownership.date_from,
                    )
                )

    @api.constrains("fraction_numerator", "fraction_denominator")
    def _check_fraction(self):
        for ownership in self:
            numerator = ownership.fraction_numerator
            denominator = ownership.fraction_denominator
            if denominator <= 0 or numerator <= 0 or numerator > denominator:
                raise ValidationError(
                    _(
                        "The part of unit %(unit)s held by %(partner)s must be greater "
                        "than 0 and at most 1 (it is %(fraction)s).",
                        unit=ownership.unit_id.display_name,
                        partner=ownership.partner_id.name,
                        fraction=format_fraction(numerator, denominator),
                    )
                )

    @api.constrains(
        "unit_id",
        "date_from",
        "date_to",
        "is_payer",
        "role",
        "fraction_numerator",
        "fraction_denominator",
    )
    def _check_unit_consistency(self):
        """At most one payer at any date; owners' parts never exceed the whole unit."""
        for unit in self.unit_id:
            records = unit.ownership_ids
            for day in sorted(set(records.mapped("date_from"))):
                valid = records.filtered(lambda o, d=day: o._is_valid_on(d))
                payers = valid.filtered("is_payer")
                if len(payers) > 1:
                    raise ValidationError(
                        _(
                            "Unit %(unit)s would have two payers on %(date)s "
                            "(%(payers)s). A unit has exactly one payer at any date: "
                            "end the previous payer's period first.",
                            unit=unit.display_name,
                            date=day,
                            payers=", ".join(payers.partner_id.mapped("name")),
                        )
                    )
                owners = valid.filtered(lambda o: o.role in OWNER_ROLES)
                total = sum(
                    (
                        as_fraction(o.fraction_numerator, o.fraction_denominator)
                        for o in owners
                    ),
                    Fraction(0),
                )
                if total > 1:
                    raise ValidationError(
                        _(
                            "On %(date)s the owners of unit %(unit)s would hold "
                            "%(total)s "
                            "of it, more than the whole unit.",
                            date=day,
                            unit=unit.display_name,
                            total=str(total),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            split_fraction_vals(
                vals, "fraction", "fraction_numerator", "fraction_denominator"
            )
        records = super().create(vals_list)
        records._grant_portal_community()
        return records

    def write(self, vals):
        split_fraction_vals(
            vals, "fraction", "fraction_numerator", "fraction_denominator"
        )
        result = super().write(vals)
        if "partner_id" in vals or "unit_id" in vals:
            self._grant_portal_community()
        return result

    def _grant_portal_community(self):
        """Portal users see a community's records only in their own companies."""
        for ownership in self:
            users = (
                ownership.partner_id.user_ids | ownership.partner_id.child_ids.user_ids
            ).filtered("share")
            missing = users.filtered(
                lambda u, o=ownership: o.company_id not in u.company_ids
            )
            if missing:
                missing.sudo().write(
                    {"company_ids": [fields.Command.link(ownership.company_id.id)]}
                )

    def _is_valid_on(self, date):
        self.ensure_one()
        return self.date_from <= date and (not self.date_to or date <= self.date_to)

    @api.model
    def _cron_refresh_current(self):
        """Nightly: ownership periods that started or ended change who sees what."""
        today = fields.Date.context_today(self)
        stale = self.search(
            [
                "|",
                "&",
                ("is_current", "=", True),
                "|",
                ("date_from", ">", today),
                ("date_to", "<", today),
                "&",
                ("is_current", "=", False),
                "&",
                ("date_from", "<=", today),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", today),
            ]
        )
        stale._compute_is_current()

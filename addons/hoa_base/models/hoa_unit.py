import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .hoa_fraction import (
    as_fraction,
    format_fraction,
    parse_fraction,
    split_fraction_vals,
)

FINANCIAL_GROUPS = (
    "hoa_base.group_hoa_manager,hoa_base.group_hoa_board,base.group_portal"
)


class HoaUnit(models.Model):
    _name = "hoa.unit"
    _description = "Unit"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoa.audit.mixin"]
    _hoa_audit_fields = (
        "share_numerator",
        "share_denominator",
        "area_usable",
        "area_additional",
    )
    _order = "company_id, building_id, name_sort, id"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, tracking=True)
    name_sort = fields.Char(compute="_compute_name_sort", store=True)
    active = fields.Boolean(default=True)
    building_id = fields.Many2one(
        "hoa.building", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    code = fields.Integer(
        string="Unit Code",
        readonly=True,
        copy=False,
        help="Number of the unit in its community, used in its virtual account number.",
    )
    staircase = fields.Char()
    floor = fields.Integer()
    kind = fields.Selection(
        [
            ("flat", "Flat"),
            ("commercial", "Commercial premises"),
            ("garage", "Garage"),
            ("storage", "Storage room"),
            ("parking", "Parking space"),
        ],
        required=True,
        default="flat",
        tracking=True,
    )
    area_usable = fields.Float(string="Usable Area (m²)", digits=(16, 2), tracking=True)
    area_additional = fields.Float(
        string="Additional Areas (m²)",
        digits=(16, 2),
        help="Cellars, storage rooms and other areas belonging to the unit.",
    )
    area_total = fields.Float(
        string="Total Area (m²)",
        digits=(16, 2),
        compute="_compute_area_total",
        store=True,
    )
    room_count = fields.Integer(string="Rooms")
    share_numerator = fields.Integer(tracking=True)
    share_denominator = fields.Integer(tracking=True)
    share = fields.Char(
        compute="_compute_share",
        inverse="_inverse_share",
        help="Share in the common property, exact: a fraction such as 4523/100000 or a "
        "decimal such as 0.04523.",
    )
    share_percent = fields.Float(
        string="Share (%)", compute="_compute_share", digits=(16, 6)
    )
    land_register = fields.Char(string="Land Register No.")
    is_separately_owned = fields.Boolean(
        string="Separately Owned",
        default=True,
        help="Unchecked while the unit still belongs to the developer.",
    )
    date_start = fields.Date(string="Active From")
    date_end = fields.Date(string="Active Until")
    virtual_account = fields.Char(
        string="Individual Account",
        compute="_compute_virtual_account",
        store=True,
        groups=FINANCIAL_GROUPS,
        help="The unit's own bank account number (IBAN) for its payments.",
    )
    web_access_group = fields.Selection(
        [("member", "Member of the community"), ("other", "Other user")],
        default="member",
        help="Members (owners) see the community's documents and vote; other users "
        "(tenants, payers) see only the unit's own finances.",
    )
    ownership_ids = fields.One2many("hoa.unit.ownership", "unit_id")
    occupancy_ids = fields.One2many("hoa.unit.occupancy", "unit_id", string="Occupants")
    resident_ids = fields.One2many(
        "hoa.unit.resident",
        "unit_id",
        string="Registered Residents",
        groups="hoa_base.group_hoa_manager",
    )
    owner_ids = fields.Many2many(
        "res.partner", compute="_compute_current", string="Owners Today"
    )
    payer_id = fields.Many2one(
        "res.partner", compute="_compute_current", string="Payer Today"
    )
    occupant_count = fields.Integer(
        compute="_compute_current", string="Occupants Today"
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "name_building_uniq",
            "unique(building_id, name)",
            "A unit with this number already exists in the building.",
        ),
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "The unit code must be unique in a community.",
        ),
    ]

    @api.depends("name")
    def _compute_name_sort(self):
        for unit in self:
            unit.name_sort = re.sub(
                r"\d+", lambda m: m.group(0).zfill(8), (unit.name or "").lower()
            )

    @api.depends("name", "building_id.code", "building_id.name")
    def _compute_display_name(self):
        for unit in self:
            building = unit.building_id.code or unit.building_id.name
            unit.display_name = f"{building}/{unit.name}" if building else unit.name

    @api.depends("area_usable", "area_additional")
    def _compute_area_total(self):
        for unit in self:
            unit.area_total = unit.area_usable + unit.area_additional

    @api.depends("share_numerator", "share_denominator")
    def _compute_share(self):
        for unit in self:
            unit.share = format_fraction(unit.share_numerator, unit.share_denominator)
            unit.share_percent = float(
                as_fraction(unit.share_numerator, unit.share_denominator) * 100
            )

    def _inverse_share(self):
        for unit in self:
            if unit.share:
                numerator, denominator = parse_fraction(unit.share)
            else:
                numerator, denominator = 0, 0
            unit.write({"share_numerator": numerator, "share_denominator": denominator})

    @api.depends(
        "code", "company_id.hoa_virtual_account_prefix", "company_id.country_id"
    )
    def _compute_virtual_account(self):
        for unit in self:
            unit.virtual_account = (
                unit.code and unit.company_id._hoa_virtual_account(unit.code) or False
            )

    @api.depends_context("date")
    @api.depends(
        "ownership_ids.partner_id",
        "ownership_ids.date_from",
        "ownership_ids.date_to",
        "ownership_ids.role",
        "ownership_ids.is_payer",
        "occupancy_ids.occupant_count",
        "occupancy_ids.state",
    )
    def _compute_current(self):
        date = self.env.context.get("date") or fields.Date.context_today(self)
        date = fields.Date.to_date(date)
        for unit in self:
            unit.owner_ids = unit._get_owners(date)
            unit.payer_id = unit._get_payer(date)
            unit.occupant_count = unit._get_occupant_count(date)

    @api.constrains("area_usable", "area_additional", "room_count", "floor")
    def _check_areas(self):
        for unit in self:
            if unit.area_usable < 0 or unit.area_additional < 0:
                raise ValidationError(
                    _(
                        "The area of unit %(unit)s cannot be negative.",
                        unit=unit.display_name,
                    )
                )
            if unit.room_count < 0:
                raise ValidationError(
                    _(
                        "The number of rooms of unit %(unit)s cannot be negative.",
                        unit=unit.display_name,
                    )
                )

    @api.constrains("share_numerator", "share_denominator")
    def _check_share(self):
        for unit in self:
            numerator, denominator = unit.share_numerator, unit.share_denominator
            if not numerator and not denominator:
                continue
            if denominator <= 0 or numerator <= 0 or numerator > denominator:
                raise ValidationError(
                    _(
                        "The share of unit %(unit)s must be greater than 0 and at "
                        "most 1 "
                        "(it is %(share)s).",
                        unit=unit.display_name,
                        share=format_fraction(numerator, denominator),
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for unit in self:
            if unit.date_start and unit.date_end and unit.date_end < unit.date_start:
                raise ValidationError(
                    _(
                        "Unit %(unit)s cannot end before it starts.",
                        unit=unit.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            split_fraction_vals(vals, "share", "share_numerator", "share_denominator")
            if vals.get("building_id") and not vals.get("company_id"):
                vals["company_id"] = (
                    self.env["hoa.building"].browse(vals["building_id"]).company_id.id
                )
        units = super().create(vals_list)
        units.filtered(lambda u: not u.code)._assign_code()
        return units

    def write(self, vals):
        split_fraction_vals(vals, "share", "share_numerator", "share_denominator")
        if vals.get("building_id") and "company_id" not in vals:
            vals["company_id"] = (
                self.env["hoa.building"].browse(vals["building_id"]).company_id.id
            )
        return super().write(vals)

    def _assign_code(self):
        """Give each unit the next free code of its community (for its IBAN)."""
        for company in self.company_id:
            last = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [("company_id", "=", company.id), ("code", "!=", False)],
                    order="code desc",
                    limit=1,
                )
            )
            next_code = last.code + 1
            for unit in self.filtered(lambda u, c=company: u.company_id == c):
                unit.code = next_code
                next_code += 1

    # Business methods ---------------------------------------------------------------
    def _is_active_on(self, date):
        self.ensure_one()
        return (not self.date_start or self.date_start <= date) and (
            not self.date_end or date <= self.date_end
        )

    def _get_ownerships(self, date, roles=None):
        """Ownership records of these units valid on ``date`` (of ``roles``)."""
        return self.ownership_ids.filtered(
            lambda o: o._is_valid_on(date) and (not roles or o.role in roles)
        )

    def _get_owners(self, date):
        return self._get_ownerships(date, roles=("owner", "co_owner")).partner_id

    def _get_payer(self, date):
        self.ensure_one()
        return self._get_ownerships(date).filtered("is_payer")[:1].partner_id

    def _get_occupant_count(self, date):
        self.ensure_one()
        occupancy = self.occupancy_ids.filtered(
            lambda o: o.state == "approved" and o._is_valid_on(date)
        )
        return occupancy[:1].occupant_count

    def action_view_owners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_base.hoa_unit_ownership_action"
        )
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import template for units"),
                "template": "/hoa_base/static/xls/hoa_unit_import_template.csv",
            }
        ]

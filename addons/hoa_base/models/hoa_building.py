from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaBuilding(models.Model):
    _name = "hoa.building"
    _description = "Building"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(help="Short code used in unit names and documents, e.g. L12.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country")
    year_built = fields.Integer()
    floor_count = fields.Integer(string="Floors")
    staircase_count = fields.Integer(string="Staircases")
    common_area = fields.Float(string="Common Areas (m²)", digits=(16, 2))
    land_plot_area = fields.Float(string="Land Plot Area (m²)", digits=(16, 2))
    heating_type = fields.Selection(
        [
            ("district", "District heating"),
            ("gas_boiler", "Gas boiler room"),
            ("individual_gas", "Individual gas boilers"),
            ("electric", "Electric"),
            ("heat_pump", "Heat pump"),
            ("other", "Other"),
        ]
    )
    hot_water_source = fields.Selection(
        [
            ("district", "District heating"),
            ("boiler_room", "Building boiler room"),
            ("individual", "Individual heaters in units"),
            ("none", "None"),
        ]
    )
    lift_count = fields.Integer(string="Lifts")
    unit_ids = fields.One2many("hoa.unit", "building_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count", string="Units ")
    caretaker_user_ids = fields.Many2many(
        "res.users",
        "hoa_building_caretaker_rel",
        "building_id",
        "user_id",
        string="Caretakers",
        domain=[("share", "=", False)],
    )
    note = fields.Html()

    def _compute_unit_count(self):
        counts = dict(
            self.env["hoa.unit"]._read_group(
                [("building_id", "in", self.ids)], ["building_id"], ["__count"]
            )
        )
        for building in self:
            building.unit_count = counts.get(building, 0)

    @api.constrains(
        "year_built",
        "floor_count",
        "staircase_count",
        "common_area",
        "land_plot_area",
        "lift_count",
    )
    def _check_non_negative(self):
        for building in self:
            for field_name in (
                "year_built",
                "floor_count",
                "staircase_count",
                "common_area",
                "land_plot_area",
                "lift_count",
            ):
                if building[field_name] < 0:
                    raise ValidationError(
                        _(
                            "%(field)s of building %(building)s cannot be negative.",
                            field=self._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            building=building.name,
                        )
                    )

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_base.hoa_unit_action"
        )
        action["domain"] = [("building_id", "=", self.id)]
        action["context"] = {"default_building_id": self.id}
        return action

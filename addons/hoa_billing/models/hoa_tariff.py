from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaTariff(models.Model):
    """A rate of a charge type valid from a date (the rate history).

    A rate applies to the whole community, to one building or to one unit; the
    most specific rate in force wins. A rate change is a new rate from its date;
    correcting a rate that was already billed takes a correction run over the months
    concerned, which bills only the differences."""

    _name = "hoa.tariff"
    _description = "Charge Rate"
    _inherit = ["mail.thread", "hoa.audit.mixin"]
    _hoa_audit_fields = (
        "charge_type_id",
        "rate",
        "date_from",
        "scope",
        "building_id",
        "unit_id",
    )
    _order = "charge_type_id, date_from desc, id desc"
    _check_company_auto = True
    _rec_name = "charge_type_id"

    charge_type_id = fields.Many2one(
        "hoa.charge.type",
        string="Charge",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="charge_type_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    basis = fields.Selection(related="charge_type_id.basis")
    date_from = fields.Date(
        string="Valid From", required=True, tracking=True, index=True
    )
    building_id = fields.Many2one(
        "hoa.building",
        check_company=True,
        help="Only for the units of this building; empty for the whole community.",
    )
    unit_id = fields.Many2one(
        "hoa.unit",
        check_company=True,
        help="An override for one unit.",
    )
    scope = fields.Selection(
        [("community", "Community"), ("building", "Building"), ("unit", "Unit")],
        compute="_compute_scope",
        store=True,
    )
    rate = fields.Float(
        required=True,
        digits=(16, 4),
        tracking=True,
        help="Amount per unit of the basis (per m², per occupant...); for a "
        "percentage charge, the percentage.",
    )
    note = fields.Char(help="E.g. the resolution that set this rate.")
    economic_plan_id = fields.Many2one(
        "hoa.economic.plan",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The economic plan this rate was created from.",
    )

    _sql_constraints = [
        (
            "scope_date_unique",
            "unique(charge_type_id, date_from, building_id, unit_id)",
            "There is already a rate of this charge from that date for that scope.",
        ),
    ]

    @api.depends("building_id", "unit_id")
    def _compute_scope(self):
        for tariff in self:
            tariff.scope = (
                "unit"
                if tariff.unit_id
                else "building"
                if tariff.building_id
                else "community"
            )

    @api.constrains("rate", "building_id", "unit_id")
    def _check_rate(self):
        for tariff in self:
            if tariff.rate < 0:
                raise ValidationError(
                    _(
                        "The rate of %(charge)s cannot be negative: use a discount "
                        "on the unit's charge instead.",
                        charge=tariff.charge_type_id.name,
                    )
                )
            if tariff.building_id and tariff.unit_id:
                raise ValidationError(
                    _("A rate applies to a building or to a unit, not to both.")
                )

    @api.model
    def _rate_table(self, charge_types):
        """All rates of ``charge_types`` as {charge_type_id: [(date, bld, unit, rate)]}
        sorted by date, read in one query for a billing run."""
        table = {}
        for tariff in self.search_fetch(
            [("charge_type_id", "in", charge_types.ids)],
            ["charge_type_id", "date_from", "building_id", "unit_id", "rate"],
            order="date_from, id",
        ):
            table.setdefault(tariff.charge_type_id.id, []).append(
                (
                    tariff.date_from,
                    tariff.building_id.id,
                    tariff.unit_id.id,
                    tariff.rate,
                )
            )
        return table

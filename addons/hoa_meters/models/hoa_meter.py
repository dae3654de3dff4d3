from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

MEDIA = [
    ("cold_water", "Cold water"),
    ("hot_water", "Hot water"),
    ("heat", "Heat"),
    ("hca", "Heat-cost allocator"),
    ("electricity", "Electricity"),
    ("gas", "Gas"),
]
UOM = {
    "cold_water": "m³",
    "hot_water": "m³",
    "heat": "GJ",
    "hca": "units",
    "electricity": "kWh",
    "gas": "m³",
}
VERIFICATION_NOTICE_DAYS = 60


class HoaMeter(models.Model):
    _name = "hoa.meter"
    _description = "Meter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "building_id, walking_order, id"
    _check_company_auto = True

    name = fields.Char(string="Serial Number", required=True, tracking=True)
    active = fields.Boolean(default=True)
    medium = fields.Selection(MEDIA, required=True, tracking=True)
    uom = fields.Char(string="Unit of Measure", compute="_compute_uom")
    placement = fields.Selection(
        [
            ("unit", "Unit"),
            ("building", "Building main meter"),
            ("common", "Common area"),
        ],
        required=True,
        default="unit",
    )
    unit_id = fields.Many2one("hoa.unit", index=True, check_company=True, tracking=True)
    building_id = fields.Many2one(
        "hoa.building",
        required=True,
        index=True,
        check_company=True,
        compute="_compute_building_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    digits = fields.Integer(
        default=5,
        required=True,
        help="Digits before the decimal point: the counter rolls over to 0 after "
        "99999 for 5 digits.",
    )
    install_date = fields.Date(required=True, default=fields.Date.context_today)
    initial_value = fields.Float(digits=(16, 3))
    removal_date = fields.Date(readonly=True, copy=False)
    final_value = fields.Float(digits=(16, 3), readonly=True, copy=False)
    verification_due_date = fields.Date(
        string="Verification Due", help="Legalisation of the meter expires on this day."
    )
    is_verification_due = fields.Boolean(
        compute="_compute_is_verification_due", search="_search_is_verification_due"
    )
    radio_id = fields.Char(
        string="Radio ID", index=True, help="Remote-read identifier."
    )
    is_remote_read = fields.Boolean(
        compute="_compute_is_remote_read",
        store=True,
        readonly=False,
        string="Read Remotely",
        help="The meter is read remotely (radio, M-Bus): its readings come from "
        "imports and residents cannot enter them in the portal. Ticked when the "
        "meter has a radio ID.",
    )
    state = fields.Selection(
        [("active", "Active"), ("removed", "Removed")],
        default="active",
        required=True,
        tracking=True,
    )
    replaced_meter_id = fields.Many2one(
        "hoa.meter", string="Replaces", readonly=True, copy=False, index=True
    )
    walking_order = fields.Integer(
        help="Order of the caretaker's round in the building."
    )
    reading_ids = fields.One2many("hoa.meter.reading", "meter_id", string="Readings")
    last_reading_date = fields.Date(compute="_compute_last_reading")
    last_reading_value = fields.Float(compute="_compute_last_reading", digits=(16, 3))

    _sql_constraints = [
        (
            "serial_uniq",
            "unique(company_id, medium, name)",
            "A meter with this serial number already exists in the community.",
        ),
        (
            "digits_range",
            "CHECK(digits BETWEEN 1 AND 12)",
            "A meter has 1 to 12 digits.",
        ),
    ]

    @api.depends("medium")
    def _compute_uom(self):
        for meter in self:
            meter.uom = UOM.get(meter.medium, "")

    @api.depends("unit_id")
    def _compute_building_id(self):
        for meter in self:
            if meter.unit_id:
                meter.building_id = meter.unit_id.building_id

    @api.depends("building_id")
    def _compute_company_id(self):
        for meter in self:
            meter.company_id = meter.building_id.company_id or self.env.company

    @api.depends("radio_id")
    def _compute_is_remote_read(self):
        for meter in self:
            meter.is_remote_read = bool(meter.radio_id)

    @api.depends("verification_due_date")
    def _compute_is_verification_due(self):
        limit = fields.Date.context_today(self) + timedelta(
            days=VERIFICATION_NOTICE_DAYS
        )
        for meter in self:
            meter.is_verification_due = bool(
                meter.verification_due_date and meter.verification_due_date <= limit
            )

    def _search_is_verification_due(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on verification."))
        limit = fields.Date.context_today(self) + timedelta(
            days=VERIFICATION_NOTICE_DAYS
        )
        due = [("verification_due_date", "<=", limit)]
        if (operator == "=") == bool(value):
            return due
        return [
            "|",
            ("verification_due_date", "=", False),
            ("verification_due_date", ">", limit),
        ]

    def _compute_last_reading(self):
        rows = self.env["hoa.meter.reading"].search_read(
            [("meter_id", "in", self.ids), ("state", "=", "accepted")],
            ["meter_id", "date", "value"],
            order="date desc, id desc",
        )
        last = {}
        for row in rows:
            last.setdefault(row["meter_id"][0], row)
        for meter in self:
            row = last.get(meter.id)
            meter.last_reading_date = row and row["date"]
            meter.last_reading_value = row["value"] if row else 0.0

    @api.constrains("placement", "unit_id")
    def _check_placement(self):
        for meter in self:
            if meter.placement == "unit" and not meter.unit_id:
                raise ValidationError(
                    _(
                        "Meter %(meter)s is placed in a unit: choose the unit.",
                        meter=meter.name,
                    )
                )
            if meter.placement != "unit" and meter.unit_id:
                raise ValidationError(
                    _(
                        "Meter %(meter)s is a building or common-area meter: it has "
                        "no unit.",
                        meter=meter.name,
                    )
                )

    @api.constrains("initial_value", "digits")
    def _check_initial_value(self):
        for meter in self:
            if meter.initial_value < 0 or meter.initial_value >= 10**meter.digits:
                raise ValidationError(
                    _(
                        "The initial reading of meter %(meter)s must be between 0 and "
                        "%(max)s.",
                        meter=meter.name,
                        max=10**meter.digits - 1,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        meters = super().create(vals_list)
        # the initial reading starts the meter's history
        self.env["hoa.meter.reading"].create(
            [
                {
                    "meter_id": meter.id,
                    "date": meter.install_date,
                    "value": meter.initial_value,
                    "source": "office",
                    "is_initial": True,
                }
                for meter in meters
            ]
        )
        return meters

    def _portal_entry_refusal(self, date=None):
        """Why a resident cannot enter a reading of this meter in the portal today
        (for a reading dated ``date``), or False when he can. The office and
        imports are not limited by this."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.is_remote_read:
            return _(
                "Meter %(meter)s is read remotely: its readings come from the remote "
                "read-out and are not entered in the portal.",
                meter=self.name,
            )
        building = self.building_id
        window = building._reading_window(today)
        if window is None:
            return False
        first, last = window
        if not first <= today <= last:
            return _(
                "Readings of %(building)s are entered %(window)s. The next reading "
                "window is open from %(first)s to %(last)s.",
                building=building.display_name,
                window=building._reading_window_text(),
                first=format_date(self.env, first),
                last=format_date(self.env, last),
            )
        if date and fields.Date.to_date(date) < first:
            return _(
                "The reading window opened on %(first)s: enter the reading the "
                "meter shows now, dated from %(first)s to today.",
                first=format_date(self.env, first),
            )
        return False

    # Consumption -------------------------------------------------------------------
    def _history(self):
        """Accepted readings of one meter, oldest first."""
        self.ensure_one()
        return self.reading_ids.filtered(lambda r: r.state == "accepted").sorted(
            lambda r: (r.date, r.id)
        )

    def _usage_at(self, date):
        """Cumulative consumption of the meter from installation to ``date``.

        Returns (quantity, is_estimate). Between two readings the usage is interpolated
        linearly; after the last one it is extrapolated from the average daily
        consumption of the earlier periods (an estimate)."""
        self.ensure_one()
        history = self._history()
        if not history or date <= history[0].date:
            return 0.0, False
        end = self.removal_date
        if end and date > end:
            date = end
        total = 0.0
        previous = history[0]
        for reading in history[1:]:
            if reading.date <= date:
                total += reading.consumption
                previous = reading
                continue
            span = (reading.date - previous.date).days
            part = (date - previous.date).days / span if span else 0.0
            return total + reading.consumption * part, date != previous.date
        if date == previous.date:
            return total, previous.is_estimate
        return total + self._daily_average(history) * (date - previous.date).days, True

    def _daily_average(self, history=None):
        self.ensure_one()
        history = history or self._history()
        if len(history) < 2:
            return 0.0
        days = (history[-1].date - history[0].date).days
        return sum(history[1:].mapped("consumption")) / days if days else 0.0

    def _consumption(self, date_from, date_to):
        """Consumption of these meters from ``date_from`` to ``date_to``.

        Returns (quantity, is_estimate); meters replaced within the period add up, so
        consumption stays continuous across a replacement."""
        total, estimate = 0.0, False
        for meter in self:
            start, start_estimate = meter._usage_at(date_from)
            end, end_estimate = meter._usage_at(date_to)
            total += end - start
            estimate = estimate or start_estimate or end_estimate
        return total, estimate

    def _value_at(self, date):
        """The counter value the meter would show on ``date`` (with rollover)."""
        self.ensure_one()
        usage, estimate = self._usage_at(date)
        value = (self.initial_value + usage) % (10**self.digits)
        return value, estimate

    def _recompute_consumption(self):
        """Recompute the consumption of every accepted reading (after a rejection)."""
        Reading = self.env["hoa.meter.reading"].with_context(hoa_meter_internal=True)
        for meter in self:
            modulus = 10**meter.digits
            previous = None
            for reading in meter._history():
                consumption, days = 0.0, 0
                if previous is not None:
                    consumption = reading.value - previous.value
                    if consumption < 0:
                        consumption += modulus
                    days = (reading.date - previous.date).days
                if (consumption, days) != (reading.consumption, reading.days):
                    Reading.browse(reading.id).write(
                        {"consumption": consumption, "days": days}
                    )
                previous = reading

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_meters.hoa_meter_reading_action"
        )
        action["domain"] = [("meter_id", "=", self.id)]
        action["context"] = {"default_meter_id": self.id}
        return action

    @api.model
    def _cron_verification_reminders(self):
        """Schedule an activity for the caretaker of meters due for verification."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        meters = self.search(
            [("state", "=", "active"), ("is_verification_due", "=", True)]
        )
        for meter in meters:
            if meter.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ):
                continue
            user = meter.building_id.caretaker_user_ids[:1] or self.env.user
            meter.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=meter.verification_due_date,
                summary=_("Meter verification due"),
                note=_(
                    "The verification of meter %(meter)s expires on %(date)s.",
                    meter=meter.name,
                    date=meter.verification_due_date,
                ),
                user_id=user.id,
            )

import bisect
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_round

# a drop is a rollover only if it implies less than 10% of the counter's range
ROLLOVER_SHARE = 0.1
# set by the system only (initial/final readings, imports, estimates), never by hand
SYSTEM_FIELDS = (
    "state",
    "rejection_reason",
    "consumption",
    "days",
    "is_initial",
    "is_final",
    "is_estimate",
    "import_id",
    "import_line",
)
EDITABLE_FIELDS = {"photo", "note"}


class HoaMeterReading(models.Model):
    _name = "hoa.meter.reading"
    _description = "Meter Reading"
    _inherit = ["hoa.audit.mixin"]
    _hoa_audit_fields = ("meter_id", "date", "value", "state")
    _hoa_audit_create_trace = "import_id"
    _order = "date desc, id desc"
    _check_company_auto = True

    meter_id = fields.Many2one(
        "hoa.meter", required=True, index=True, ondelete="restrict", check_company=True
    )
    unit_id = fields.Many2one(related="meter_id.unit_id", store=True, index=True)
    building_id = fields.Many2one(
        related="meter_id.building_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="meter_id.company_id", store=True, index=True, string="Community"
    )
    medium = fields.Selection(related="meter_id.medium", store=True)
    uom = fields.Char(related="meter_id.uom")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    value = fields.Float(digits=(16, 3), required=True)
    source = fields.Selection(
        [
            ("office", "Office"),
            ("caretaker", "Caretaker"),
            ("portal", "Resident (portal)"),
            ("import", "Remote-read import"),
            ("estimate", "Estimate"),
        ],
        required=True,
        default="office",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Entered By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    state = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected"), ("replaced", "Replaced")],
        readonly=True,
        default="accepted",
        index=True,
    )
    rejection_reason = fields.Char(readonly=True)
    consumption = fields.Float(
        digits=(16, 3),
        readonly=True,
        help="Consumption since the previous accepted reading (rollover included).",
    )
    days = fields.Integer(
        readonly=True, help="Days since the previous accepted reading."
    )
    is_estimate = fields.Boolean(readonly=True)
    is_initial = fields.Boolean(string="Initial Reading", readonly=True)
    is_final = fields.Boolean(string="Final Reading", readonly=True)
    import_id = fields.Many2one("hoa.meter.import", readonly=True, index=True)
    import_line = fields.Integer(readonly=True, help="Line of the imported file.")
    photo = fields.Image(max_width=1920, max_height=1920, attachment=True)
    note = fields.Char()

    @api.depends("meter_id", "date", "value")
    def _compute_display_name(self):
        for reading in self:
            reading.display_name = (
                f"{reading.meter_id.name} {reading.date}: {reading.value:g}"
            )

    # CRUD ---------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        privileged = self.env.su or self.env.user.has_group(
            "hoa_base.group_hoa_manager"
        )
        for vals in vals_list:
            for name in ("state", "rejection_reason", "consumption", "days"):
                vals.pop(name, None)
            if not privileged:
                for name in SYSTEM_FIELDS:
                    vals.pop(name, None)
                if vals.get("source") in ("estimate", "import"):
                    vals["source"] = "office"
            if vals.get("source") == "estimate":
                vals["is_estimate"] = True
        self._check_portal_entry(vals_list)
        checker = _ReadingChecker(self.env, vals_list)
        checker.check()
        readings = super().create(vals_list)
        checker.apply_side_effects()
        return readings

    def _check_portal_entry(self, vals_list):
        """A resident enters readings only in the building's reading window and not
        for meters read remotely; the whole batch is refused, nothing is kept.

        A resident is a portal (share) user: the portal creates his reading as
        him, in sudo. The office may always enter a reading, also one a resident
        phoned in (source portal), and imports are never limited."""
        if not self.env.user.share:
            return
        portal = [vals for vals in vals_list if vals.get("source") == "portal"]
        meters = self.env["hoa.meter"].browse({vals["meter_id"] for vals in portal})
        for vals in portal:
            meter = meters.browse(vals["meter_id"])
            reason = meter._portal_entry_refusal(vals.get("date"))
            if reason:
                raise UserError(reason)

    def write(self, vals):
        if set(vals) - EDITABLE_FIELDS and not self.env.context.get(
            "hoa_meter_internal"
        ):
            raise UserError(
                _(
                    "A reading is never changed: it is kept as it was entered. Enter "
                    "a new "
                    "reading instead; the office can reject a wrong one."
                )
            )
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get("hoa_meter_internal"):
            raise UserError(
                _(
                    "Readings are an archive and are never deleted; reject a wrong "
                    "one instead."
                )
            )
        return super().unlink()

    def action_reject(self):
        """The office rejects a reading; the next one's consumption follows."""
        if not self.env.user.has_group("hoa_base.group_hoa_manager"):
            raise AccessError(_("Only the office can reject a reading."))
        reason = self.env.context.get("reject_reason") or _("Rejected by the office")
        internal = self.with_context(hoa_meter_internal=True)
        for reading in internal.filtered(
            lambda r: r.state == "accepted" and not r.is_initial
        ):
            reading.write({"state": "rejected", "rejection_reason": reason})
            reading.meter_id._recompute_consumption()
        return True


class _ReadingChecker:
    """Validates a batch of new readings against each meter's accepted history.

    One query for the history of all meters in the batch (not one per reading): this is
    what keeps benchmarks/meter_import.py under its target."""

    def __init__(self, env, vals_list):
        self.env = env
        self.vals_list = vals_list
        self.to_replace = set()  # estimates superseded by a real reading
        self.followers = {}  # reading id -> (consumption, days) after an insertion
        self.today = fields.Date.context_today(env["hoa.meter.reading"])

    def _load(self):
        meter_ids = sorted({vals["meter_id"] for vals in self.vals_list})
        self.meters = {m.id: m for m in self.env["hoa.meter"].browse(meter_ids)}
        dates = [fields.Date.to_date(vals["date"]) for vals in self.vals_list]
        self.env["hoa.meter.reading"].flush_model()
        # Raw SQL (parameterised) for the history window: the last real reading before
        # the batch and everything after it, for all meters at once. Serves
        # benchmarks/meter_import.py (20,000 meters per import).
        self.env.cr.execute(
            """
            WITH last_real AS (
                SELECT DISTINCT ON (meter_id) meter_id, date
                  FROM hoa_meter_reading
                 WHERE meter_id IN %s AND state = 'accepted' AND NOT is_estimate
                   AND date < %s
              ORDER BY meter_id, date DESC, id DESC
            )
            SELECT r.id, r.meter_id, r.date, r.value, r.is_estimate
              FROM hoa_meter_reading r
         LEFT JOIN last_real l ON l.meter_id = r.meter_id
             WHERE r.meter_id IN %s AND r.state = 'accepted'
               AND r.date >= COALESCE(l.date, r.date)
          ORDER BY r.meter_id, r.date, r.id
            """,
            (tuple(meter_ids), min(dates), tuple(meter_ids)),
        )
        self.history = defaultdict(list)
        for rid, meter_id, date, value, is_estimate in self.env.cr.fetchall():
            self.history[meter_id].append([date, value, is_estimate, rid])
        norms = self.env["hoa.meter.norm"].search(
            [
                (
                    "company_id",
                    "in",
                    list({m.company_id.id for m in self.meters.values()}),
                )
            ]
        )
        self.norms = {(n.company_id.id, n.medium): n for n in norms}

    def check(self):
        if not self.vals_list:
            return
        self._load()
        order = sorted(
            range(len(self.vals_list)),
            key=lambda i: (
                self.vals_list[i]["meter_id"],
                str(self.vals_list[i]["date"]),
            ),
        )
        for index in order:
            vals = self.vals_list[index]
            meter = self.meters[vals["meter_id"]]
            reason = self._check_one(meter, vals)
            if reason:
                vals.update(state="rejected", rejection_reason=reason, consumption=0.0)

    def _check_one(self, meter, vals):
        date = fields.Date.to_date(vals["date"])
        value = float(vals.get("value") or 0.0)
        history = self.history[meter.id]
        modulus = 10**meter.digits
        if date > self.today:
            return _("The date %(date)s is in the future.", date=date)
        if date < meter.install_date:
            return _(
                "Meter %(meter)s was installed on %(date)s, after this reading.",
                meter=meter.name,
                date=meter.install_date,
            )
        if (
            meter.removal_date
            and date > meter.removal_date
            and not vals.get("is_final")
        ):
            return _(
                "Meter %(meter)s was removed on %(date)s: no active meter on that "
                "date.",
                meter=meter.name,
                date=meter.removal_date,
            )
        if value < 0 or value >= modulus:
            return _(
                "The value %(value)s has more digits than meter %(meter)s has "
                "(%(digits)s).",
                value=value,
                meter=meter.name,
                digits=meter.digits,
            )
        real = [h for h in history if not h[2]]
        same_day = [h for h in real if h[0] == date]
        if same_day:
            if round(same_day[0][1], 3) == round(value, 3):
                return _(
                    "Duplicate: meter %(meter)s already has the reading %(value)s on "
                    "%(date)s.",
                    meter=meter.name,
                    value=value,
                    date=date,
                )
            return _(
                "Meter %(meter)s already has a reading on %(date)s (%(value)s).",
                meter=meter.name,
                date=date,
                value=same_day[0][1],
            )
        if vals.get("is_initial") or not real:
            self._accept(meter, vals, date, value, None, None)
            return None
        dates = [h[0] for h in real]
        position = bisect.bisect_left(dates, date)
        previous = real[position - 1] if position else None
        following = real[position] if position < len(real) else None
        if previous is None:
            return _(
                "The reading is older than the first reading of meter %(meter)s.",
                meter=meter.name,
            )
        consumption = value - previous[1]
        if consumption < 0:
            rolled = modulus - previous[1] + value
            if rolled <= modulus * ROLLOVER_SHARE:
                consumption = rolled
            else:
                return _(
                    "Reading %(value)s is lower than the previous one (%(previous)s on "
                    "%(date)s).",
                    value=value,
                    previous=previous[1],
                    date=previous[0],
                )
        days = (date - previous[0]).days
        reason = self._check_norm(meter, vals, date, consumption, days)
        if reason:
            return reason
        if following is not None:
            after = following[1] - value
            if after < 0:
                rolled = modulus - value + following[1]
                if rolled > modulus * ROLLOVER_SHARE:
                    return _(
                        "Reading %(value)s is higher than the following one (%(next)s "
                        "on "
                        "%(date)s).",
                        value=value,
                        next=following[1],
                        date=following[0],
                    )
                after = rolled
            if following[3]:
                self.followers[following[3]] = (after, (following[0] - date).days)
        vals["consumption"] = float_round(consumption, precision_digits=3)
        vals["days"] = days
        self._accept(meter, vals, date, value, previous, following)
        return None

    def _check_norm(self, meter, vals, date, consumption, days):
        norm = self.norms.get((meter.company_id.id, meter.medium))
        if (
            not norm
            or not days
            or meter.placement != "unit"
            or vals.get("is_final")
            or vals.get("is_estimate")
        ):
            return None
        limit = norm.max_per_day
        if norm.per_occupant:
            limit *= max(meter.unit_id._get_occupant_count(date), 1)
        per_day = consumption / days
        if float_compare(per_day, limit, precision_digits=6) > 0:
            return _(
                "Consumption of %(per_day)s %(uom)s per day since %(since)s is above "
                "the "
                "norm of %(limit)s %(uom)s per day.",
                per_day=round(per_day, 3),
                uom=meter.uom,
                since=fields.Date.subtract(date, days=days),
                limit=round(limit, 3),
            )
        return None

    def _accept(self, meter, vals, date, value, previous, following):
        vals["state"] = "accepted"
        history = self.history[meter.id]
        if not vals.get("is_estimate"):
            since = previous[0] if previous else None
            for item in history:
                if item[2] and (since is None or item[0] > since) and item[3]:
                    self.to_replace.add(item[3])
            history[:] = [
                h for h in history if not (h[2] and (since is None or h[0] > since))
            ]
        bisect.insort(history, [date, value, bool(vals.get("is_estimate")), None])

    def apply_side_effects(self):
        Reading = self.env["hoa.meter.reading"].with_context(hoa_meter_internal=True)
        if self.to_replace:
            Reading.browse(sorted(self.to_replace)).write({"state": "replaced"})
        for reading_id, (consumption, days) in self.followers.items():
            Reading.browse(reading_id).write(
                {
                    "consumption": float_round(consumption, precision_digits=3),
                    "days": days,
                }
            )

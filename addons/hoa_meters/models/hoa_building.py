import calendar
from datetime import date as Date
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


def _day_in_month(year, month, day):
    """``day`` of the month, or the month's last day when it is shorter (31 → 30)."""
    return Date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(year, month, months):
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


class HoaBuilding(models.Model):
    _inherit = "hoa.building"

    meter_ids = fields.One2many("hoa.meter", "building_id", string="Meters")
    reading_window_start_day = fields.Integer(
        string="Readings From Day",
        help="First day of the month on which residents may enter their readings in "
        "the portal (e.g. 20). Empty (0): residents may enter readings on any day.",
    )
    reading_window_end_day = fields.Integer(
        string="Readings Until Day",
        help="Last day of the month on which residents may enter their readings "
        "(e.g. 25; 31 is the last day of every month). A day before the first day "
        "makes the window run into the next month (28 to 3).",
    )
    reading_reminder_date = fields.Date(
        string="Last Reading Reminder",
        readonly=True,
        copy=False,
        help="Day on which residents were last reminded to enter their readings.",
    )
    has_reading_window = fields.Boolean(compute="_compute_has_reading_window")

    @api.depends("reading_window_start_day", "reading_window_end_day")
    def _compute_has_reading_window(self):
        for building in self:
            building.has_reading_window = bool(
                building.reading_window_start_day and building.reading_window_end_day
            )

    @api.constrains("reading_window_start_day", "reading_window_end_day")
    def _check_reading_window(self):
        for building in self:
            start = building.reading_window_start_day
            end = building.reading_window_end_day
            if not start and not end:
                continue
            if not (1 <= start <= 31 and 1 <= end <= 31):
                raise ValidationError(
                    _(
                        "The reading window of %(building)s runs from one day of the "
                        "month to another, each between 1 and 31 (not %(start)s to "
                        "%(end)s); leave both empty for no window.",
                        building=building.display_name,
                        start=start,
                        end=end,
                    )
                )

    # Reading window -----------------------------------------------------------------
    def _reading_window(self, day):
        """(first day, last day) of the reading window that contains ``day``, or of
        the next one when ``day`` is outside every window; None without a window."""
        self.ensure_one()
        if not self.has_reading_window:
            return None
        start_day = self.reading_window_start_day
        end_day = self.reading_window_end_day
        for months in (-1, 0, 1):
            year, month = _add_months(day.year, day.month, months)
            first = _day_in_month(year, month, start_day)
            if start_day <= end_day:
                last = _day_in_month(year, month, end_day)
            else:
                last = _day_in_month(*_add_months(year, month, 1), end_day)
            if last >= day:
                return first, last
        raise AssertionError("a window ends within two months")  # pragma: no cover

    def _is_reading_window_open(self, day):
        """Whether residents may enter readings on ``day``."""
        self.ensure_one()
        window = self._reading_window(day)
        return window is None or window[0] <= day <= window[1]

    def _reading_window_text(self):
        """The window in words, for the portal and the reminders."""
        self.ensure_one()
        if not self.has_reading_window:
            return _("any day")
        return _(
            "from the %(start)s. to the %(end)s. day of the month",
            start=self.reading_window_start_day,
            end=self.reading_window_end_day,
        )

    # Reminders ----------------------------------------------------------------------
    def _meters_to_read(self, since):
        """Meters of the units of these buildings that residents read (not remotely)
        and that have no accepted reading dated ``since`` or later."""
        meters = self.env["hoa.meter"].search(
            [
                ("building_id", "in", self.ids),
                ("placement", "=", "unit"),
                ("state", "=", "active"),
                ("is_remote_read", "=", False),
                ("install_date", "<=", fields.Date.context_today(self)),
            ]
        )
        read = self.env["hoa.meter.reading"].search(
            [
                ("meter_id", "in", meters.ids),
                ("state", "=", "accepted"),
                ("date", ">=", since),
            ]
        )
        return meters - read.meter_id

    @api.model
    def _cron_reading_reminders(self):
        """On the first day of a building's reading window and on the day before its
        last day, e-mail the people of each unit that has a meter without a reading
        in the window; meters read remotely need no reading."""
        today = fields.Date.context_today(self)
        buildings = self.search(
            [
                ("reading_window_start_day", ">", 0),
                ("reading_window_end_day", ">", 0),
                "|",
                ("reading_reminder_date", "=", False),
                ("reading_reminder_date", "<", today),
            ]
        )
        opening = self.env.ref("hoa_meters.mail_template_hoa_reading_window_open")
        closing = self.env.ref("hoa_meters.mail_template_hoa_reading_window_closing")
        for building in buildings:
            first, last = building._reading_window(today)
            if today == first:
                template = opening
            elif today == last - timedelta(days=1):
                template = closing
            else:
                continue
            building._send_reading_reminders(template, first, last)
            building.reading_reminder_date = today

    def _send_reading_reminders(self, template, first, last):
        """Queue ``template`` for each unit of the building with a meter to read, to
        the unit's current owners and tenants; one mail per unit and language."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        meters = self._meters_to_read(first)
        mails = self.env["mail.mail"]
        for unit in meters.unit_id:
            partners = unit.ownership_ids.filtered(
                lambda o: o._is_valid_on(today)
            ).partner_id.filtered(lambda p: p._hoa_wants_reading_reminder())
            by_lang = {}
            for partner in partners:
                by_lang.setdefault(partner.lang or "en_US", []).append(partner.id)
            unit_meters = meters.filtered(lambda m, unit=unit: m.unit_id == unit)
            for lang, partner_ids in by_lang.items():
                mail_id = template.with_context(
                    lang=lang,
                    hoa_meter_ids=unit_meters.ids,
                    hoa_window_from=format_date(
                        self.env(context={"lang": lang}), first
                    ),
                    hoa_window_to=format_date(self.env(context={"lang": lang}), last),
                ).send_mail(
                    unit.id,
                    force_send=False,
                    email_values={
                        "recipient_ids": [fields.Command.set(partner_ids)],
                        "email_to": False,
                    },
                    email_layout_xmlid="mail.mail_notification_light",
                )
                mails |= mails.browse(mail_id)
        return mails

    def _meter_losses(self, medium, date_from, date_to):
        """Main meter versus the sum of the unit meters of the building for a period.

        Returns a dict with ``main``, ``units``, ``losses`` (main - units) and
        ``is_estimate``; billing distributes the losses by a chosen key."""
        self.ensure_one()
        meters = self.with_context(active_test=False).meter_ids.filtered(
            lambda m: m.medium == medium
        )
        main, main_estimate = meters.filtered(
            lambda m: m.placement == "building"
        )._consumption(date_from, date_to)
        units, units_estimate = meters.filtered(
            lambda m: m.placement == "unit"
        )._consumption(date_from, date_to)
        return {
            "main": round(main, 3),
            "units": round(units, 3),
            "losses": round(main - units, 3),
            "is_estimate": main_estimate or units_estimate,
        }

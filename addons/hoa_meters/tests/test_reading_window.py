from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HoaMetersCase


@tagged("post_install", "-at_install")
class TestReadingWindow(HoaMetersCase):
    """ul. Testowa 1 takes readings from the 20th to the 25th of each month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test database is Polish and Ukrainian: English dates for the assertions
        cls.env["res.lang"]._activate_lang("en_US")
        cls.building.write(
            {"reading_window_start_day": 20, "reading_window_end_day": 25}
        )
        cls.resident = cls.env["res.users"].create(
            {
                "name": "Anna Portal",
                "login": "window_anna",
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )

    def _portal_read(self, meter, day, value):
        """As the portal does: as the resident, in sudo."""
        return (
            self.env["hoa.meter.reading"]
            .with_user(self.resident)
            .sudo()
            .create(
                {"meter_id": meter.id, "date": day, "value": value, "source": "portal"}
            )
        )

    def _stored(self, meter):
        return meter.reading_ids.filtered(lambda r: not r.is_initial)

    def test_window_days(self):
        window = self.building._reading_window
        self.assertEqual(
            window(date(2026, 3, 10)), (date(2026, 3, 20), date(2026, 3, 25))
        )
        self.assertEqual(
            window(date(2026, 3, 25)), (date(2026, 3, 20), date(2026, 3, 25))
        )
        # after the window: the next month's
        self.assertEqual(
            window(date(2026, 3, 26)), (date(2026, 4, 20), date(2026, 4, 25))
        )
        # a window running into the next month; 31 is the last day of February
        self.building.write(
            {"reading_window_start_day": 28, "reading_window_end_day": 3}
        )
        self.assertEqual(
            window(date(2026, 3, 2)), (date(2026, 2, 28), date(2026, 3, 3))
        )
        self.assertEqual(
            window(date(2026, 3, 4)), (date(2026, 3, 28), date(2026, 4, 3))
        )
        self.assertTrue(self.building._is_reading_window_open(date(2026, 12, 31)))
        self.assertFalse(self.building._is_reading_window_open(date(2026, 12, 27)))
        self.building.write(
            {"reading_window_start_day": 25, "reading_window_end_day": 31}
        )
        self.assertEqual(
            window(date(2026, 2, 26)), (date(2026, 2, 25), date(2026, 2, 28))
        )
        # no window: any day
        self.building.write(
            {"reading_window_start_day": 0, "reading_window_end_day": 0}
        )
        self.assertIsNone(window(date(2026, 3, 10)))
        self.assertTrue(self.building._is_reading_window_open(date(2026, 3, 10)))

    def test_bad_window_refused(self):
        for start, end in ((0, 25), (20, 32), (-1, 5)):
            with self.assertRaises(ValidationError):
                self.building.write(
                    {"reading_window_start_day": start, "reading_window_end_day": end}
                )

    @freeze_time("2026-03-10")
    def test_portal_reading_outside_window_refused(self):
        with self.assertRefused(
            r"Readings of ul\. Testowa 1 are entered from the 20\. to the 25\. day "
            r"of the month\. The next reading window is open from 03/20/2026 to "
            r"03/25/2026\."
        ):
            self._portal_read(self.meter, "2026-03-10", 110)
        self.assertFalse(self._stored(self.meter))
        # the office (also for a reading a resident phoned in) and imports are not
        # limited by the window
        phoned = self._read(self.meter, "2026-03-09", 109.5, source="portal")
        self.assertEqual(phoned.state, "accepted")
        office = self._read(self.meter, "2026-03-10", 110)
        self.assertEqual(office.state, "accepted")
        imported = self._read(self.meter, "2026-03-10", 110, source="import")
        self.assertEqual(imported.state, "rejected")  # duplicate, but stored
        self.assertEqual(len(self._stored(self.meter)), 3)

    @freeze_time("2026-03-22")
    def test_portal_reading_inside_window_accepted(self):
        reading = self._portal_read(self.meter, "2026-03-22", 110)
        self.assertEqual(reading.state, "accepted")
        self.assertEqual(reading.source, "portal")
        self.assertAlmostEqual(reading.consumption, 10.0)
        # a reading dated before the window opened is not this window's reading
        with self.assertRefused(r"The reading window opened on 03/20/2026"):
            self._portal_read(self.meter, "2026-03-19", 105)
        self.assertEqual(self._stored(self.meter), reading)

    @freeze_time("2026-03-26")
    def test_window_closed_the_day_after(self):
        with self.assertRefused(r"next reading window is open from 04/20/2026"):
            self._portal_read(self.meter, "2026-03-26", 110)
        self.assertFalse(self._stored(self.meter))

    @freeze_time("2026-03-22")
    def test_remote_meter_locked_for_residents(self):
        remote = self._meter("HW-9", unit=self.unit, medium="hot_water", radio_id="R9")
        self.assertTrue(remote.is_remote_read)
        with self.assertRefused(r"Meter HW-9 is read remotely"):
            self._portal_read(remote, "2026-03-22", 5)
        self.assertFalse(self._stored(remote))
        # the office ticks it for a meter without a radio ID
        self.meter.is_remote_read = True
        with self.assertRefused(r"Meter CW-1 is read remotely"):
            self._portal_read(self.meter, "2026-03-22", 110)
        self.assertEqual(self._read(self.meter, "2026-03-22", 110).state, "accepted")
        self.assertFalse(self.meter._portal_entry_refusal() is False)
        self.meter.is_remote_read = False
        self.assertFalse(self.meter._portal_entry_refusal())


@tagged("post_install", "-at_install")
class TestReadingReminders(HoaMetersCase):
    """Window 20-25: reminders on the 20th and the 24th.

    Flat 1 (Anna): CW-1 read in the window, HW-1 not → reminded of HW-1 only.
    Flat 2 (Jan): CW-2 not read → reminded. Flat 3 (Ewa): only a remote meter →
    nothing to enter. Flat 4 (Piotr, no e-mail; Olga, tenant): CW-4 not read →
    Olga only. Flat 5: read in the window → nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test database is Polish and Ukrainian: English dates for the assertions
        cls.env["res.lang"]._activate_lang("en_US")
        cls.building.write(
            {"reading_window_start_day": 20, "reading_window_end_day": 25}
        )
        Unit = cls.env["hoa.unit"]
        cls.unit_3, cls.unit_4, cls.unit_5 = Unit.create(
            [
                {"name": name, "building_id": cls.building.id, "area_usable": 40.0}
                for name in ("3", "4", "5")
            ]
        )
        Partner = cls.env["res.partner"]
        cls.piotr = Partner.create({"name": "Piotr Bez Maila"})
        cls.olga = Partner.create(
            {"name": "Olga Shevchenko", "email": "olga@example.com"}
        )
        cls.marek = Partner.create(
            {"name": "Marek Zieliński", "email": "m@example.com"}
        )
        (cls.anna | cls.jan | cls.ewa | cls.piotr | cls.olga | cls.marek).lang = "en_US"
        ownerships = [
            (cls.unit, cls.anna, "owner"),
            (cls.unit_2, cls.jan, "owner"),
            (cls.unit_3, cls.ewa, "owner"),
            (cls.unit_4, cls.piotr, "owner"),
            (cls.unit_4, cls.olga, "tenant"),
            (cls.unit_5, cls.marek, "owner"),
        ]
        cls.env["hoa.unit.ownership"].create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": partner.id,
                    "role": role,
                    "date_from": "2025-01-01",
                    "fraction_numerator": 1,
                    "fraction_denominator": 1,
                }
                for unit, partner, role in ownerships
            ]
        )
        cls.hw_1 = cls._meter("HW-1", unit=cls.unit, medium="hot_water")
        cls.cw_2 = cls._meter("CW-2", unit=cls.unit_2)
        cls.remote_3 = cls._meter("CW-3", unit=cls.unit_3, radio_id="RADIO-3")
        cls.cw_4 = cls._meter("CW-4", unit=cls.unit_4)
        cls.cw_5 = cls._meter("CW-5", unit=cls.unit_5)
        # read before the window: does not count for this window
        cls.env["hoa.meter.reading"].create(
            {"meter_id": cls.cw_2.id, "date": "2026-03-05", "value": 3}
        )

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "hoa.unit"), ("res_id", "in", self.building.unit_ids.ids)]
        )

    def test_reminders_only_to_those_who_have_not_read(self):
        with freeze_time("2026-03-19"):
            self.env["hoa.building"]._cron_reading_reminders()
            self.assertFalse(self._mails(), "no reminder before the window")
        with freeze_time("2026-03-20"):
            self._read(self.meter, "2026-03-20", 110, source="portal")
            self._read(self.cw_5, "2026-03-20", 4)  # entered by the office
            self.env["hoa.building"]._cron_reading_reminders()
            mails = self._mails()
            by_unit = {mail.res_id: mail for mail in mails}
            self.assertEqual(
                sorted(by_unit), sorted((self.unit | self.unit_2 | self.unit_4).ids)
            )
            self.assertEqual(by_unit[self.unit.id].recipient_ids, self.anna)
            self.assertEqual(by_unit[self.unit_2.id].recipient_ids, self.jan)
            self.assertEqual(by_unit[self.unit_4.id].recipient_ids, self.olga)
            self.assertIn("HW-1", by_unit[self.unit.id].body_html)
            self.assertNotIn("CW-1", by_unit[self.unit.id].body_html)
            self.assertIn("CW-2", by_unit[self.unit_2.id].body_html)
            self.assertIn("03/25/2026", by_unit[self.unit_2.id].subject)
            self.assertEqual(set(mails.mapped("state")), {"outgoing"})
            self.assertEqual(self.building.reading_reminder_date, date(2026, 3, 20))
            # the cron runs again the same day: nothing more
            self.env["hoa.building"]._cron_reading_reminders()
            self.assertEqual(self._mails(), mails)
        with freeze_time("2026-03-22"):
            self.env["hoa.building"]._cron_reading_reminders()
            self.assertEqual(self._mails(), mails, "no reminder mid-window")
        with freeze_time("2026-03-23"):
            self._read(self.hw_1, "2026-03-23", 2, source="portal")
        with freeze_time("2026-03-24"):
            self.env["hoa.building"]._cron_reading_reminders()
            closing = self._mails() - mails
            self.assertEqual(
                sorted(closing.mapped("res_id")),
                sorted((self.unit_2 | self.unit_4).ids),
            )
            self.assertIn("closes on", closing[0].body_html)
        with freeze_time("2026-03-25"):
            self.env["hoa.building"]._cron_reading_reminders()
            self.assertEqual(len(self._mails()), 5, "nothing on the last day")

    def test_reminder_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.jan.lang = "pl_PL"
        with freeze_time("2026-03-20"):
            self.env["hoa.building"]._cron_reading_reminders()
        mail = self._mails().filtered(lambda m: m.res_id == self.unit_2.id)
        self.assertEqual(mail.recipient_ids, self.jan)
        self.assertIn("25.03.2026", mail.subject)

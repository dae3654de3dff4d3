from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HoaMetersCase


@freeze_time("2026-11-23")
@tagged("post_install", "-at_install")
class TestReadingValidation(HoaMetersCase):
    def assertRejected(self, reading, fragment):
        self.assertEqual(reading.state, "rejected")
        self.assertIn(fragment, reading.rejection_reason)
        self.assertEqual(reading.consumption, 0)

    def test_initial_reading_starts_history(self):
        initial = self.meter.reading_ids
        self.assertEqual(len(initial), 1)
        self.assertTrue(initial.is_initial)
        self.assertEqual(initial.value, 100)
        self.assertEqual(str(initial.date), "2026-01-01")

    def test_accepted_reading_and_consumption(self):
        reading = self._read(self.meter, "2026-02-01", 115.5)
        self.assertEqual(reading.state, "accepted")
        self.assertAlmostEqual(reading.consumption, 15.5)
        self.assertEqual(reading.days, 31)

    def test_lower_than_previous_rejected_but_kept(self):
        self._read(self.meter, "2026-02-01", 115)
        reading = self._read(self.meter, "2026-03-01", 110)
        self.assertRejected(reading, "lower than the previous one (115.0")
        self.assertTrue(reading.exists())
        self.assertEqual(self.meter.last_reading_value, 115)

    def test_norm_per_occupant(self):
        # flat 1: 2 occupants x 0.35 = 0.7 m³/day; 31 days -> at most 21.7 m³
        ok = self._read(self.meter, "2026-02-01", 121.7)
        self.assertEqual(ok.state, "accepted")
        too_much = self._read(
            self.meter, "2026-03-01", 121.7 + 20
        )  # 28 days: 0.714/day
        self.assertRejected(too_much, "above the norm of 0.7")
        # flat 2 has no declared occupant: the norm counts one person (0.35/day)
        meter_2 = self._meter("CW-2", unit=self.unit_2, initial_value=0)
        rejected = self._read(meter_2, "2026-02-01", 11.0)  # 0.355/day
        self.assertRejected(rejected, "above the norm of 0.35")
        accepted = self._read(meter_2, "2026-02-01", 10.8)  # 0.348/day
        self.assertEqual(accepted.state, "accepted")

    def test_norm_not_per_occupant(self):
        heat = self._meter("H-1", unit=self.unit, medium="heat", initial_value=0)
        self.assertEqual(self._read(heat, "2026-01-11", 5.0).state, "accepted")
        self.assertRejected(
            self._read(heat, "2026-01-21", 10.1), "above the norm of 0.5"
        )

    def test_no_active_meter_at_that_date(self):
        before = self._read(self.meter, "2025-12-31", 100)
        self.assertRejected(before, "was installed on 2026-01-01")
        self.meter.write({"state": "removed", "removal_date": "2026-06-30"})
        after = self._read(self.meter, "2026-07-15", 120)
        self.assertRejected(after, "was removed on 2026-06-30")

    def test_future_date_rejected(self):
        self.assertRejected(self._read(self.meter, "2026-11-24", 101), "in the future")

    def test_too_many_digits_rejected(self):
        self.assertRejected(self._read(self.meter, "2026-02-01", 100000), "more digits")
        self.assertRejected(self._read(self.meter, "2026-02-01", -1), "more digits")

    def test_duplicates_rejected(self):
        self._read(self.meter, "2026-02-01", 110)
        self.assertRejected(self._read(self.meter, "2026-02-01", 110), "Duplicate")
        self.assertRejected(
            self._read(self.meter, "2026-02-01", 111),
            "already has a reading on 2026-02-01",
        )
        # in one batch too
        batch = self.env["hoa.meter.reading"].create(
            [
                {"meter_id": self.meter.id, "date": "2026-03-01", "value": 120},
                {"meter_id": self.meter.id, "date": "2026-03-01", "value": 120},
            ]
        )
        self.assertEqual(batch.mapped("state"), ["accepted", "rejected"])

    def test_rollover(self):
        meter = self._meter("E-1", medium="electricity", digits=4, initial_value=9990)
        reading = self._read(meter, "2026-01-20", 5)
        self.assertEqual(reading.state, "accepted")
        self.assertAlmostEqual(reading.consumption, 15)  # 10000 - 9990 + 5
        value, estimate = meter._value_at(reading.date)
        self.assertAlmostEqual(value, 5)
        self.assertFalse(estimate)
        # a drop that would mean 9,998 units (more than 10% of the range) is no rollover
        self.assertRejected(
            self._read(meter, "2026-02-20", 3), "lower than the previous"
        )
        self.assertRejected(
            self._read(
                self._meter("E-2", medium="electricity", digits=4, initial_value=5000),
                "2026-01-20",
                10,
            ),
            "lower than the previous",
        )

    def test_reading_inserted_between_two(self):
        self._read(self.meter, "2026-01-31", 110)
        later = self._read(self.meter, "2026-03-31", 130)
        self.assertAlmostEqual(later.consumption, 20)
        middle = self._read(self.meter, "2026-02-28", 121)
        self.assertEqual(middle.state, "accepted")
        self.assertAlmostEqual(middle.consumption, 11)
        self.assertAlmostEqual(later.consumption, 9)
        self.assertEqual(later.days, 31)
        too_high = self._read(self.meter, "2026-03-15", 131)
        self.assertRejected(too_high, "higher than the following one")

    def test_readings_are_never_changed_or_deleted(self):
        reading = self._read(self.meter, "2026-02-01", 110)
        with self.assertRaises(UserError):
            reading.write({"value": 111})
        with self.assertRaises(UserError):
            reading.unlink()
        self.assertEqual(reading.value, 110)

    def test_office_rejects_a_reading(self):
        first = self._read(self.meter, "2026-01-31", 110)
        second = self._read(self.meter, "2026-02-28", 118)
        first.action_reject()
        self.assertEqual(first.state, "rejected")
        self.assertAlmostEqual(second.consumption, 18)
        self.assertEqual(second.days, 58)

    def test_caretaker_round(self):
        self.meter.walking_order = 5
        meter_2 = self._meter(
            "CW-2", unit=self.unit_2, initial_value=0, walking_order=1
        )
        round_ = self.env["hoa.meter.round"].create(
            {"building_id": self.building.id, "date": "2026-02-01"}
        )
        round_._onchange_building_id()
        self.assertEqual(round_.line_ids.meter_id, meter_2 | self.meter)
        round_.invalidate_recordset()
        # the round lists the meters in walking order
        lines = [(line.meter_id.name, line.sequence) for line in round_.line_ids]
        self.assertEqual(lines, [("CW-2", 0), ("CW-1", 1)])
        round_.line_ids.filtered(lambda line: line.meter_id == self.meter).value = 90
        round_.line_ids.filtered(lambda line: line.meter_id == meter_2).value = 5
        round_.action_save()
        self.assertEqual(round_.accepted_count, 1)
        self.assertEqual(round_.rejected_count, 1)
        bad = round_.line_ids.filtered(lambda line: line.meter_id == self.meter)
        self.assertEqual(bad.state, "rejected")
        self.assertIn("lower", bad.message)
        saved = meter_2.reading_ids.filtered(lambda r: r.source == "caretaker")
        self.assertEqual((saved.value, saved.state), (5, "accepted"))

    def test_caretaker_cannot_override_the_validation(self):
        caretaker = self.env.ref("hoa_base.hoa_user_caretaker")
        self.building.caretaker_user_ids = caretaker
        caretaker.company_ids |= self.community
        Reading = (
            self.env["hoa.meter.reading"]
            .with_user(caretaker)
            .with_context(allowed_company_ids=[self.community.id])
        )
        # flags only the system sets are ignored when a caretaker sends them
        sneaky = Reading.create(
            {
                "meter_id": self.meter.id,
                "date": "2026-02-01",
                "value": 50,
                "is_initial": True,
                "state": "accepted",
            }
        )
        self.assertFalse(sneaky.is_initial)
        self.assertEqual(sneaky.state, "rejected")
        with self.assertRaises(UserError):
            sneaky.write({"state": "accepted"})
        with self.assertRaises(AccessError):
            sneaky.action_reject()
        sneaky.write({"note": "dial hard to read"})  # notes and photos may be added
        self.assertEqual(sneaky.state, "rejected")

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HoaMetersCase


@freeze_time("2026-11-23")
@tagged("post_install", "-at_install")
class TestConsumption(HoaMetersCase):
    def test_interpolation_and_extrapolation(self):
        # 100 on 1 Jan, 115 on 31 Jan: 0.5 m³ a day
        self._read(self.meter, "2026-01-31", 115)
        usage, estimate = self.meter._usage_at(date(2026, 1, 16))
        self.assertAlmostEqual(usage, 7.5)
        self.assertTrue(estimate)
        quantity, estimate = self.meter._consumption(
            date(2026, 1, 1), date(2026, 1, 31)
        )
        self.assertAlmostEqual(quantity, 15)
        self.assertFalse(estimate)
        # no reading after 31 Jan: 10 more days at the average of 0.5/day
        quantity, estimate = self.meter._consumption(
            date(2026, 1, 31), date(2026, 2, 10)
        )
        self.assertAlmostEqual(quantity, 5)
        self.assertTrue(estimate)
        value, estimate = self.meter._value_at(date(2026, 2, 10))
        self.assertAlmostEqual(value, 120)
        self.assertTrue(estimate)

    def test_estimate_replaced_by_real_reading(self):
        self._read(self.meter, "2026-01-31", 115)
        estimate = self._read(self.meter, "2026-02-28", 129, source="estimate")
        self.assertEqual(estimate.state, "accepted")
        self.assertTrue(estimate.is_estimate)
        self.assertAlmostEqual(estimate.consumption, 14)
        real = self._read(self.meter, "2026-03-05", 132)
        self.assertEqual(real.state, "accepted")
        self.assertEqual(estimate.state, "replaced")
        # consumption is counted from the last real reading, not from the estimate
        self.assertAlmostEqual(real.consumption, 17)
        self.assertEqual(real.days, 33)

    def test_replacement_keeps_consumption_continuous(self):
        self._read(self.meter, "2026-03-31", 130)
        wizard = self.env["hoa.meter.replace"].create(
            {
                "meter_id": self.meter.id,
                "date": "2026-05-15",
                "final_value": 144.5,
                "new_serial": "CW-1-NEW",
                "new_initial_value": 3.0,
            }
        )
        action = wizard.action_replace()
        new = self.env["hoa.meter"].browse(action["res_id"])
        self.assertEqual(self.meter.state, "removed")
        self.assertEqual(str(self.meter.removal_date), "2026-05-15")
        self.assertEqual(new.replaced_meter_id, self.meter)
        self.assertEqual(new.reading_ids.value, 3.0)
        self._read(new, "2026-06-30", 15.0)
        # old meter: 100 -> 144.5 = 44.5; new meter: 3 -> 15 = 12; total 56.5
        quantity, estimate = self.unit._meter_consumption(
            "cold_water", date(2026, 1, 1), date(2026, 6, 30)
        )
        self.assertAlmostEqual(quantity, 56.5)
        self.assertFalse(estimate)
        # across the swap day itself nothing is lost or counted twice
        quantity, _estimate = self.unit._meter_consumption(
            "cold_water", date(2026, 3, 31), date(2026, 6, 30)
        )
        self.assertAlmostEqual(quantity, 14.5 + 12)
        # the removed meter takes no more readings
        late = self._read(self.meter, "2026-06-01", 150)
        self.assertEqual(late.state, "rejected")

    def test_main_meter_versus_units_losses(self):
        main = self._meter("MAIN-1", initial_value=1000, digits=6)
        meter_2 = self._meter("CW-2", unit=self.unit_2, initial_value=50)
        self._read(self.meter, "2026-01-31", 112)  # 12
        self._read(meter_2, "2026-01-31", 58.5)  # 8.5
        self._read(main, "2026-01-31", 1022)  # 22
        result = self.building._meter_losses(
            "cold_water", date(2026, 1, 1), date(2026, 1, 31)
        )
        self.assertEqual(result["main"], 22)
        self.assertEqual(result["units"], 20.5)
        self.assertEqual(result["losses"], 1.5)
        self.assertFalse(result["is_estimate"])

    def test_verification_reminder_for_the_caretaker(self):
        caretaker = self.env.ref("hoa_base.hoa_user_caretaker")
        self.building.caretaker_user_ids = caretaker
        self.meter.verification_due_date = "2026-12-31"  # within 60 days of 23 Nov
        later = self._meter(
            "CW-9", unit=self.unit_2, verification_due_date="2028-01-31"
        )
        self.assertTrue(self.meter.is_verification_due)
        self.assertFalse(later.is_verification_due)
        self.env["hoa.meter"]._cron_verification_reminders()
        self.env["hoa.meter"]._cron_verification_reminders()  # no second reminder
        self.assertEqual(len(self.meter.activity_ids), 1)
        self.assertEqual(self.meter.activity_ids.user_id, caretaker)
        self.assertFalse(later.activity_ids)

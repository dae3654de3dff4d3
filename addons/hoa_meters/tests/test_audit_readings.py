from datetime import date

from odoo.tests import tagged

from .common import HoaMetersCase


@tagged("post_install", "-at_install")
class TestReadingAudit(HoaMetersCase):
    """Readings in the audit trail: entered, rejected; an import's readings are traced
    by their import batch instead."""

    def _logs(self, reading):
        return self.env["hoa.audit.log"].search(
            [("model", "=", "hoa.meter.reading"), ("res_id", "=", reading.id)],
            order="id",
        )

    def test_entered_and_rejected(self):
        reading = self._read(self.meter, date(2026, 3, 31), 112.5)
        created = self._logs(reading)
        self.assertEqual(created.operation, "create")
        self.assertEqual(created.company_id, self.community)
        self.assertIn("112.5", created.new_value)
        reading.action_reject()
        change = self._logs(reading)[-1]
        self.assertEqual(change.field_name, "state")
        self.assertEqual((change.old_value, change.new_value), ("Accepted", "Rejected"))
        self.assertEqual(change.user_id, self.env.user)

    def test_imported_readings_traced_by_their_import(self):
        batch = self.env["hoa.meter.import"].create(
            {
                "company_id": self.community.id,
                "profile_id": self.env.ref(
                    "hoa_meters.hoa_meter_import_profile_generic"
                ).id,
                "file": "c2VyaWFsO2RhdGU7dmFsdWUKQ1ctMTsyMDI2LTAzLTMxOzExMi41",
                "filename": "readings.csv",
            }
        )
        batch.action_import()
        self.assertEqual(len(batch.reading_ids), 1)
        self.assertFalse(self._logs(batch.reading_ids))

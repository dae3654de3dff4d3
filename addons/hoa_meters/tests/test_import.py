import base64
import io

import xlsxwriter
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HoaMetersCase

CSV = """serial;date;value
CW-1;2026-01-31;110,5
CW-2;2026-01-31;4,25
NOPE-9;2026-01-31;1
CW-1;31.01.2026;1
CW-2;2026-02-28;abc
CW-1;2026-02-28;105
CW-2;2026-02-28;9
"""


@freeze_time("2026-11-23")
@tagged("post_install", "-at_install")
class TestMeterImport(HoaMetersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meter_2 = cls._meter(
            "CW-2", unit=cls.unit_2, initial_value=0, radio_id="R-2"
        )
        cls.profile = cls.env.ref("hoa_meters.hoa_meter_import_profile_generic")

    def _import(self, content, name="readings.csv", profile=None):
        batch = self.env["hoa.meter.import"].create(
            {
                "name": name,
                "company_id": self.community.id,
                "profile_id": (profile or self.profile).id,
                "file": base64.b64encode(content),
                "filename": name,
            }
        )
        batch.action_import()
        return batch

    def test_good_rows_imported_bad_rows_reported_by_line(self):
        batch = self._import(CSV.encode())
        self.assertEqual(batch.row_count, 8)
        self.assertEqual(batch.accepted_count, 3)
        self.assertEqual(batch.rejected_count, 1)
        self.assertEqual(batch.error_count, 3)
        self.assertEqual(batch.error_ids.mapped("line"), [4, 5, 6])
        self.assertIn("NOPE-9", batch.error_ids[0].message)
        rejected = batch.reading_ids.filtered(lambda r: r.state == "rejected")
        self.assertEqual(rejected.import_line, 7)
        self.assertIn("lower than the previous", rejected.rejection_reason)
        accepted = batch.reading_ids.filtered(lambda r: r.state == "accepted")
        self.assertEqual(sorted(accepted.mapped("value")), [4.25, 9.0, 110.5])
        self.assertEqual(set(accepted.mapped("source")), {"import"})

    def test_same_file_twice_adds_nothing(self):
        self._import(CSV.encode())
        count = self.env["hoa.meter.reading"].search_count([])
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import(CSV.encode(), name="again.csv")
        self.assertEqual(self.env["hoa.meter.reading"].search_count([]), count)
        # the same rows inside another file are recognised and skipped
        other = self._import((CSV + "CW-1;2026-03-31;120\n").encode(), name="march.csv")
        self.assertEqual(other.skipped_count, 4)
        self.assertEqual(other.accepted_count, 1)
        self.assertEqual(self.env["hoa.meter.reading"].search_count([]), count + 1)

    def test_xlsx_radio_file_and_reports(self):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer)
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["R-2", "31.01.2026", "3,5"])
        sheet.write_row(1, 0, ["R-404", "31.01.2026", "1"])
        workbook.close()
        batch = self._import(
            buffer.getvalue(),
            name="radio.xlsx",
            profile=self.env.ref("hoa_meters.hoa_meter_import_profile_radio"),
        )
        self.assertEqual(batch.accepted_count, 1)
        self.assertEqual(batch.reading_ids.meter_id, self.meter_2)
        self.assertEqual(batch.error_ids.line, 2)
        action = batch.action_download_xlsx()
        self.assertIn("/web/content/", action["url"])
        # the printable report (as HTML: wkhtmltopdf needs a running server)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "hoa_meters.report_hoa_meter_import", batch.ids
        )
        self.assertIn(b"R-404", html)
        self.assertIn(b"No active meter", html)

    def test_wrong_column_name_refused_with_clear_error(self):
        with self.assertRaisesRegex(UserError, "Column 'serial'"):
            self._import(b"meter;when;how much\nCW-1;2026-01-31;110\n")
        self.assertFalse(
            self.env["hoa.meter.reading"].search_count(
                [("source", "=", "import"), ("company_id", "=", self.community.id)]
            )
        )

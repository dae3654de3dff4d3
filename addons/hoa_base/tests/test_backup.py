import os
import tarfile
import tempfile
from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged

from ..tools import backup_archive


@tagged("post_install", "-at_install")
class TestBackupRetention(TransactionCase):
    """The retention policy on fake dates: a pure function, no files."""

    def test_daily_weekly_monthly(self):
        # one backup a day at 02:30 for 400 days, up to Wednesday 2 December 2026
        last = datetime(2026, 12, 2, 2, 30)
        dates = [last - timedelta(days=n) for n in range(400)]
        keep, delete = backup_archive.retention(dates, daily=14, weekly=8, monthly=12)
        self.assertEqual(len(keep) + len(delete), 400)
        # the 14 last days
        daily = [last - timedelta(days=n) for n in range(14)]
        self.assertTrue(set(daily) <= set(keep))
        # the newest of the 8 last ISO weeks: the Sundays before the current week
        sundays = [datetime(2026, 11, 29, 2, 30) - timedelta(weeks=n) for n in range(7)]
        self.assertTrue(set(sundays) <= set(keep))
        # the newest of the last 12 months: month ends, back to January 2026
        month_ends = [
            datetime(2026, month + 1, 1, 2, 30) - timedelta(days=1)
            for month in range(1, 11)
        ] + [datetime(2026, 11, 30, 2, 30)]
        self.assertTrue(set(month_ends) <= set(keep))
        self.assertNotIn(datetime(2025, 12, 31, 2, 30), keep)  # a 13th month
        self.assertEqual(min(keep), datetime(2026, 1, 31, 2, 30))
        # days: 14 (19 Nov - 2 Dec); weeks add 5 Sundays (18 Oct .. 15 Nov);
        # months add 10 month ends (31 Jan .. 31 Oct 2026)
        self.assertEqual(len(keep), 14 + 5 + 10)

    def test_newest_always_kept_and_several_a_day(self):
        day = datetime(2026, 3, 1)
        dates = [day + timedelta(hours=h) for h in (1, 5, 9)]
        keep, delete = backup_archive.retention(dates, daily=0, weekly=0, monthly=0)
        self.assertEqual(keep, [day + timedelta(hours=9)])
        keep, delete = backup_archive.retention(dates, daily=1, weekly=1, monthly=1)
        self.assertEqual(keep, [day + timedelta(hours=9)])
        self.assertEqual(delete, [day + timedelta(hours=1), day + timedelta(hours=5)])

    def test_apply_retention_deletes_files_of_this_database_only(self):
        with tempfile.TemporaryDirectory() as folder:
            start = datetime(2026, 1, 1, 2, 30)
            for n in range(30):
                for db in ("hoa", "hoa_2"):
                    name = backup_archive.archive_name(db, start + timedelta(days=n))
                    open(os.path.join(folder, name), "w").close()
            open(os.path.join(folder, "notes.txt"), "w").close()
            kept, deleted = backup_archive.apply_retention(folder, "hoa", 3, 0, 0)
            self.assertEqual(len(kept), 3)
            self.assertEqual(len(deleted), 27)
            remaining = os.listdir(folder)
            self.assertEqual(len([f for f in remaining if f.startswith("hoa_2_")]), 30)
            self.assertIn("notes.txt", remaining)
            self.assertIn("hoa_20260130_023000.hoabackup", remaining)


@tagged("post_install", "-at_install")
class TestBackupCron(TransactionCase):
    """The scheduled action writes a verifiable archive and applies the policy."""

    def test_cron_backup(self):
        with tempfile.TemporaryDirectory() as folder:
            params = self.env["ir.config_parameter"].sudo()
            params.set_param("hoa_base.backup_dir", folder)
            params.set_param("hoa_base.backup_keep_daily", "2")
            params.set_param("hoa_base.backup_keep_weekly", "0")
            params.set_param("hoa_base.backup_keep_monthly", "0")
            db = self.env.cr.dbname
            for days in (3, 2):
                name = backup_archive.archive_name(
                    db, datetime.now() - timedelta(days=days)
                )
                open(os.path.join(folder, name), "w").close()
            path = self.env["hoa.backup"]._cron_backup()
            manifest = backup_archive.verify_archive(path)
            self.assertEqual(manifest["database"], db)
            self.assertEqual(manifest["odoo_series"], "18.0")
            self.assertIn("hoa_base", manifest["modules"])
            # today's and the day before yesterday's kept, the oldest deleted
            self.assertEqual(len(os.listdir(folder)), 2)
            self.assertIn(os.path.basename(path), os.listdir(folder))

            # one changed byte in the filestore part: refused
            tampered = os.path.join(folder, "tampered.hoabackup")
            with open(path, "rb") as handle:
                data = bytearray(handle.read())
            with tarfile.open(path) as tar:
                member = tar.getmember(backup_archive.FILESTORE)
            data[member.offset_data] ^= 0xFF
            with open(tampered, "wb") as handle:
                handle.write(data)
            with self.assertRaisesRegex(
                backup_archive.BackupError, "checksum of filestore.tar.gz"
            ):
                backup_archive.verify_archive(tampered)

import base64
import io
import zipfile

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestDemandBatch(HoaBillingCase):
    """Flat 1 (Anna) is billed 809.00 and flat 2 (Jan) 737.00 on the first of
    January, February and March 2026, due on the 10th; Jan pays January. Flat 3
    (Ewa) has no charges. On 20 March 2026 flat 1 owes 2,427.00 (3 × 809.00, oldest
    due 10 January: 69 days) and flat 2 owes 1,474.00 (2 × 737.00, oldest due 10
    February: 38 days); flat 3 owes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reminder, cls.demand, cls.final = cls.env[
            "hoa.dunning.level"
        ]._hoa_create_default_levels(cls.community)
        cls.unit_3 = cls.env["hoa.unit"].create(
            {"name": "3", "building_id": cls.building.id, "area_usable": 40.0}
        )
        cls.env["hoa.unit.ownership"].create(
            {
                "unit_id": cls.unit_3.id,
                "partner_id": cls.ewa.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2025-01-01",
            }
        )
        for month in ("2026-01-01", "2026-02-01", "2026-03-01"):
            cls.env["hoa.billing.run"].create(
                {"company_id": cls.community.id, "period_date": month}
            ).action_start()
        january = cls.env["account.move"].search(
            [
                ("hoa_unit_id", "=", cls.unit_2.id),
                ("hoa_period_date", "=", "2026-01-01"),
                ("state", "=", "posted"),
            ]
        )
        payment = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=january.ids)
            .create({"amount": 737.0, "payment_date": "2026-01-08"})
            ._create_payments()
        )
        payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).hoa_unit_id = cls.unit_2

    def _batch(self, **vals):
        return self.env["hoa.demand.batch"].create(
            {"company_id": self.community.id, "date": "2026-03-20", **vals}
        )

    def _upload(self, batch, rows, filename="debtors.csv"):
        content = "\n".join(rows).encode()
        batch.write(
            {"import_file": base64.b64encode(content), "import_filename": filename}
        )
        batch.action_import()

    def _zip_names(self, batch):
        """The names of the ZIP's letters; each is the letter of its debtor (tests
        render reports as HTML: Odoo runs no wkhtmltopdf in tests)."""
        archive = zipfile.ZipFile(io.BytesIO(batch.zip_attachment_id.raw))
        names = archive.namelist()
        letters = {
            line.letter_id.name.replace("/", "_"): line.letter_id
            for line in batch.line_ids.filtered(lambda line: line.state == "done")
        }
        for name in names:
            self.assertTrue(name.endswith(".pdf"), name)
            content = archive.read(name).decode()
            [reference] = [ref for ref in letters if ref in name]
            self.assertIn(letters[reference].name, content)
            self.assertIn("Pre-court demand for payment", content)
        return names

    @freeze_time("2026-03-20")
    def test_upload_with_bad_rows(self):
        batch = self._batch()
        self.assertEqual(batch.level_id, self.final, "the pre-court level by default")
        self.assertTrue(self.final.is_pre_court)
        account = self.unit_2.virtual_account
        self._upload(
            batch,
            [
                "Unit",
                self.unit.display_name,
                # the individual account, written with spaces as on a transfer
                " ".join(account[i : i + 4] for i in range(0, len(account), 4)),
                "ul. Testowa 1/99",
                str(self.unit_3.code),
            ],
        )
        self.assertEqual(len(batch.line_ids), 4, "the header row is skipped")
        self.assertEqual(
            batch.line_ids.mapped("unit_id"), self.unit | self.unit_2 | self.unit_3
        )
        batch.action_start()
        self.assertEqual(batch.state, "done")
        self.assertEqual(
            (batch.total_count, batch.done_count, batch.failed_count), (4, 2, 2)
        )
        self.assertEqual(batch.progress, 100.0)
        names = self._zip_names(batch)
        self.assertEqual(len(names), 2)
        done = batch.line_ids.filtered(lambda line: line.state == "done")
        self.assertEqual(
            {line.unit_id: (line.partner_id, line.amount) for line in done},
            {self.unit: (self.anna, 2427.0), self.unit_2: (self.jan, 1474.0)},
        )
        for line in done:
            self.assertIn(f"{line.letter_id.name.replace('/', '_')}.pdf", str(names))
        # the failures are named in the summary with their reason
        self.assertIn("2 letters written, 2 debtors failed.", batch.summary)
        self.assertIn(
            "ul. Testowa 1/99: No unit of the community is numbered ul. Testowa 1/99",
            batch.summary,
        )
        self.assertIn(
            f"The unit {self.unit_3.display_name} has no overdue debt on 03/20/2026.",
            batch.summary,
        )
        # each letter is in the unit's history of reminders, printed
        letter = self.unit.dunning_letter_ids
        self.assertEqual(len(letter), 1)
        self.assertEqual(
            (letter.level_id, letter.amount, letter.days_overdue, letter.state),
            (self.final, 2427.0, 69, "printed"),
        )
        self.assertEqual(str(letter.payment_deadline), "2026-03-27")
        self.assertEqual(len(letter.line_ids), 3)
        self.assertEqual(self.unit_2.dunning_letter_ids.amount, 1474.0)
        self.assertFalse(self.unit_3.dunning_letter_ids)
        # retrying the failed ones changes nothing while they are still wrong
        zip_before = batch.zip_attachment_id
        batch.action_retry_failed()
        self.assertEqual(
            (batch.state, batch.done_count, batch.failed_count), ("done", 2, 2)
        )
        self.assertFalse(zip_before.exists())
        self.assertEqual(len(self._zip_names(batch)), 2)
        self.assertEqual(len(self.unit.dunning_letter_ids), 1)
        self.assertEqual(
            self.env["hoa.debtor"]
            .search([("unit_id", "=", self.unit.id)])
            .last_letter_id,
            letter,
        )

    @freeze_time("2026-03-20")
    def test_rerun_same_day(self):
        first = self._batch()
        first._add_units(self.unit | self.unit_2)
        first.action_start()
        letters = first.line_ids.letter_id
        self.assertEqual(len(letters), 2)
        # a second batch on the same day reuses the letters, without duplicates
        second = self._batch()
        second.action_add_debtors()
        self.assertEqual(second.line_ids.unit_id, self.unit | self.unit_2)
        second.action_start()
        self.assertEqual(second.line_ids.letter_id, letters)
        self.assertTrue(all(second.line_ids.mapped("is_reused")))
        self.assertEqual(len(self._zip_names(second)), 2)
        self.assertEqual(len(self.unit.dunning_letter_ids), 1)
        # unless new letters are asked for
        third = self._batch(is_repeat_allowed=True)
        third._add_units(self.unit)
        third.action_start()
        self.assertEqual(len(self.unit.dunning_letter_ids), 2)
        self.assertNotIn(third.line_ids.letter_id, letters)
        # a unit listed twice gets one letter
        fourth = self._batch(is_repeat_allowed=True)
        self._upload(fourth, [self.unit_2.display_name, self.unit_2.display_name])
        fourth.action_start()
        self.assertEqual(fourth.line_ids.mapped("state"), ["done", "error"])
        self.assertEqual(
            fourth.line_ids[1].message, "The unit is listed twice in this batch."
        )
        with self.assertRaisesRegex(UserError, "started already"):
            fourth.action_start()

    @freeze_time("2026-03-20")
    def test_chunks_by_cron(self):
        """A large batch is written by the cron chunk by chunk; a chunk that is
        done stays done when the next one fails (here: the process stops)."""
        from .. import models as billing_models

        batch_module = billing_models.hoa_demand_batch
        batch = self._batch()
        batch._add_units(self.unit | self.unit_2)
        self.patch(batch_module, "SYNC_LIMIT", 1)
        self.patch(batch_module, "CHUNK_SIZE", 1)
        batch.action_start()
        self.assertEqual(batch.state, "running")
        self.assertEqual((batch.done_count, batch.todo_count), (0, 2))
        self.env["hoa.demand.batch"]._cron_process()
        self.assertEqual((batch.done_count, batch.todo_count), (1, 1))
        self.assertEqual(batch.progress, 50.0)
        self.assertFalse(batch.zip_attachment_id)
        self.env["hoa.demand.batch"]._cron_process()
        self.assertEqual(batch.state, "done")
        self.assertEqual(len(self._zip_names(batch)), 2)

    def test_bad_input(self):
        batch = self._batch()
        with self.assertRaisesRegex(UserError, "Upload a CSV or XLSX file"):
            batch.action_import()
        with self.assertRaisesRegex(UserError, "Add the debtors first"):
            batch.action_start()
        with self.assertRaisesRegex(UserError, "The file lists no unit"):
            self._upload(batch, ["Unit"])
        self.assertFalse(batch.line_ids)
        batch.write(
            {
                "import_file": base64.b64encode(b"PK\x03\x04 not a workbook"),
                "import_filename": "debtors.xlsx",
            }
        )
        with self.assertRaisesRegex(UserError, "not a readable XLSX workbook"):
            batch.action_import()
        self.assertFalse(batch.line_ids)

    @freeze_time("2026-03-20")
    def test_from_debtors_list(self):
        debtors = self.env["hoa.debtor"].search(
            [("company_id", "=", self.community.id)]
        )
        self.assertEqual(debtors.unit_id, self.unit | self.unit_2)
        action = debtors.action_demand_batch()
        batch = self.env["hoa.demand.batch"].browse(action["res_id"])
        self.assertEqual(batch.line_ids.unit_id, self.unit | self.unit_2)
        self.assertEqual(batch.state, "draft")

    @freeze_time("2026-03-20")
    def test_xlsx_upload(self):
        """An XLSX list: unit codes as numbers, a full unit number; a header row."""
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["Unit code"])
        sheet.append([self.unit.code])
        sheet.append([self.unit_2.display_name])
        sheet.append([None])
        stream = io.BytesIO()
        workbook.save(stream)
        batch = self._batch()
        batch.write(
            {
                "import_file": base64.b64encode(stream.getvalue()),
                "import_filename": "debtors.xlsx",
            }
        )
        batch.action_import()
        self.assertEqual(
            [(line.source, line.unit_id) for line in batch.line_ids],
            [
                (str(self.unit.code), self.unit),
                (self.unit_2.display_name, self.unit_2),
            ],
        )
        # Anna reads Polish: her letter is the Polish pre-court demand
        self.anna.lang = "pl_PL"
        batch.action_start()
        self.assertEqual((batch.done_count, batch.failed_count), (2, 0))
        archive = zipfile.ZipFile(io.BytesIO(batch.zip_attachment_id.raw))
        contents = [archive.read(name).decode() for name in archive.namelist()]
        self.assertEqual(
            ["Przedsądowe wezwanie do zapłaty" in content for content in contents],
            [True, False],
        )
        self.assertEqual(
            ["Pre-court demand for payment" in content for content in contents],
            [False, True],
        )

    @freeze_time("2026-03-20")
    def test_accountant_and_other_community(self):
        """The community's accountant writes the letters; the accountant of another
        community sees neither the batch nor its lines."""
        accountant = new_test_user(
            self.env,
            "demand_accountant",
            groups="hoa_base.group_hoa_accountant",
            company_id=self.community.id,
            company_ids=[Command.set(self.community.ids)],
        )
        batch = self._batch().with_user(accountant)
        batch.action_add_debtors()
        batch.action_start()
        self.assertEqual((batch.done_count, batch.failed_count), (2, 0))
        other = self.env["res.company"].create(
            {"name": "WM Inna", "is_hoa_community": True}
        )
        stranger = new_test_user(
            self.env,
            "demand_stranger",
            groups="hoa_base.group_hoa_accountant",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        env = self.env(user=stranger, context={"allowed_company_ids": other.ids})
        self.assertFalse(env["hoa.demand.batch"].search([]))
        self.assertFalse(env["hoa.demand.batch.line"].search([]))
        # the batch is there for the community's own users
        self.assertEqual(
            self.env["hoa.demand.batch"].with_user(accountant).search([]), batch
        )

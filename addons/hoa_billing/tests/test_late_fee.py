from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_interest import InterestCase


@tagged("post_install", "-at_install")
class TestLateFee(InterestCase):
    """January 2026 is billed on 1 January, due 10 January: flat 1 (Anna) 809.00,
    flat 2 (Jan) 737.00. The community charges no interest here, only a late fee
    of 25.00 on charges unpaid 14 days after their due date: on 24 January."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community.write(
            {
                "hoa_interest_enabled": False,
                "hoa_late_fee_enabled": True,
                "hoa_late_fee_amount": 25.0,
                "hoa_late_fee_days": 14,
                "hoa_late_fee_mode": "once",
                "hoa_late_fee_min_balance": 0.0,
                "hoa_late_fee_grace_days": 0,
            }
        )

    def setUp(self):
        super().setUp()
        self._run("2026-01-01")
        self.anna_january = self._invoices(self.unit)
        self.jan_january = self._invoices(self.unit_2)

    def _fees(self, unit=None):
        domain = [("company_id", "=", self.community.id)]
        if unit:
            domain.append(("unit_id", "=", unit.id))
        return self.env["hoa.late.fee"].search(domain, order="unit_id, date, id")

    def _fee_rows(self, fees):
        return [(fee.unit_id.name, str(fee.date), fee.base, fee.amount) for fee in fees]

    def test_after_n_days_once_per_charge_backdated(self):
        self.assertEqual(self.anna_january.amount_total, 809.0)
        self.assertEqual(self.jan_january.amount_total, 737.0)
        # Anna pays 800.00 on 20 January: 9.00 still unpaid on the 24th; Jan pays
        # everything on the 24th itself: in time
        self._pay(self.anna_january, 800.0, "2026-01-20")
        self._pay(self.jan_january, 737.0, "2026-01-24")
        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-01-23").action_compute()

        # computed in March, the fee is dated the day it arose
        wizard = self._wizard("2026-03-31")
        wizard.action_compute()
        self.assertEqual(
            [
                (line.unit_id.name, str(line.date), line.base, line.amount)
                for line in wizard.fee_line_ids
            ],
            [("1", "2026-01-24", 9.0, 25.0)],
        )
        self.assertEqual(wizard.amount_fees, 25.0)
        self.assertFalse(wizard.line_ids, "no interest: the community charges none")
        wizard.action_create_notes()
        note = wizard.fee_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(note.state, "posted")
        self.assertEqual(note.move_type, "out_invoice")
        self.assertTrue(note.hoa_is_late_fee)
        self.assertFalse(note.hoa_is_interest_note)
        self.assertEqual(note.partner_id, self.anna)
        self.assertEqual(note.hoa_unit_id, self.unit)
        self.assertEqual(note.journal_id, self.community._hoa_billing_journal())
        self.assertEqual(note.invoice_date, date(2026, 1, 24))
        self.assertEqual(note.date, date(2026, 1, 24))
        self.assertEqual(note.invoice_date_due, date(2026, 2, 7))
        self.assertEqual(note.amount_total, 25.0)
        self.assertEqual(note.invoice_line_ids.account_id, self.interest_account)
        self.assertIn(
            f"Late fee: {self.anna_january.name} of unit", note.invoice_line_ids.name
        )
        self.assertIn(
            "due 01/10/2026, unpaid on 01/24/2026", note.invoice_line_ids.name
        )
        self.assertEqual(self._receivable(note).hoa_unit_id, self.unit)
        self.assertEqual(note.hoa_late_fee_ids.state, "charged")
        self.assertIn("Late fees posted: 1, 25.00", wizard.result)

        # once per charge: nothing more in July, however long it stays unpaid
        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-07-15").action_compute()
        self.assertEqual(len(self._fees()), 1)

    def test_minimum_balance(self):
        self.community.hoa_late_fee_min_balance = 9.0
        self._pay(self.anna_january, 800.0, "2026-01-20")  # 9.00 unpaid: not above
        self._pay(self.jan_january, 727.0, "2026-01-20")  # 10.00 unpaid: above
        self._charge("2026-02-28")
        self.assertEqual(
            self._fee_rows(self._fees()), [("2", "2026-01-24", 10.0, 25.0)]
        )

    def test_monthly_while_unpaid_and_rerun(self):
        self.community.hoa_late_fee_mode = "monthly"
        # Anna pays in full on 30 March: fees on 24 January, 24 February, 24 March.
        # Jan pays 300.00 on 10 February: 437.00 unpaid from then on.
        self._pay(self.anna_january, 809.0, "2026-03-30")
        self._pay(self.jan_january, 300.0, "2026-02-10")
        wizard = self._charge("2026-05-31")
        self.assertEqual(
            self._fee_rows(self._fees()),
            [
                ("1", "2026-01-24", 809.0, 25.0),
                ("1", "2026-02-24", 809.0, 25.0),
                ("1", "2026-03-24", 809.0, 25.0),
                ("2", "2026-01-24", 737.0, 25.0),
                ("2", "2026-02-24", 437.0, 25.0),
                ("2", "2026-03-24", 437.0, 25.0),
                ("2", "2026-04-24", 437.0, 25.0),
                ("2", "2026-05-24", 437.0, 25.0),
            ],
        )
        # one note per fee, each dated its day: 3 × 25.00 + 5 × 25.00 = 200.00
        self.assertEqual(len(wizard.fee_note_ids), 8)
        self.assertEqual(sum(wizard.fee_note_ids.mapped("amount_total")), 200.0)
        self.assertEqual(
            sorted(wizard.fee_note_ids.mapped("invoice_date"))[-1], date(2026, 5, 24)
        )
        # a rerun charges nothing twice; a later one only the new month
        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-05-31").action_compute()
        later = self._charge("2026-07-15")
        self.assertEqual(
            self._fee_rows(later.fee_note_ids.hoa_late_fee_ids),
            [("2", "2026-06-24", 437.0, 25.0)],
        )
        self.assertEqual(len(self._fees()), 9)
        # late-fee notes are no charge: they bear neither fees nor interest
        self.assertFalse(self._fees().move_line_id.move_id.filtered("hoa_is_late_fee"))
        self.community.write(
            {"hoa_interest_enabled": True, "hoa_interest_min_amount": 0.0}
        )
        interest = self._wizard("2026-07-15")
        interest.action_compute()
        self.assertEqual(
            interest.line_ids.move_line_id.move_id,
            self.anna_january | self.jan_january,
        )

    def test_the_database_refuses_a_fee_twice(self):
        Fee = self.env["hoa.late.fee"]
        vals_list = Fee._hoa_compute(self.community, "2026-02-28")
        self.assertEqual(len(vals_list), 2)
        Fee._hoa_create_notes(self.community, "2026-02-28", vals_list[:1])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                Fee._hoa_create_notes(self.community, "2026-02-28", vals_list[:1])

    def test_grace_period_waiver(self):
        """Grace 20 days: paid in full by 30 January, the fee of the 24th is
        waived by a credit note; paid on 3 February, it stays."""
        self.community.hoa_late_fee_grace_days = 20
        first = self._charge("2026-01-25")
        self.assertEqual(len(first.fee_note_ids), 2)
        anna_fee = self._fees(self.unit)
        jan_fee = self._fees(self.unit_2)
        self._pay(self.anna_january, 809.0, "2026-01-29")
        self._pay(self.jan_january, 737.0, "2026-02-03")

        wizard = self._wizard("2026-02-05")
        wizard.action_compute()
        self.assertFalse(wizard.fee_line_ids)
        self.assertEqual(wizard.waive_fee_ids, anna_fee)
        wizard.action_create_notes()
        self.assertIn("waived: 1", wizard.result)
        waiver = anna_fee.waiver_move_id
        self.assertEqual(waiver.move_type, "out_refund")
        self.assertEqual(waiver.state, "posted")
        self.assertEqual(waiver.amount_total, 25.0)
        self.assertEqual(waiver.date, date(2026, 2, 5))
        self.assertEqual(waiver.hoa_unit_id, self.unit)
        self.assertEqual(waiver.reversed_entry_id, anna_fee.note_move_id)
        self.assertEqual(anna_fee.note_move_id.amount_residual, 0.0)
        self.assertEqual(anna_fee.state, "waived")
        self.assertEqual(jan_fee.state, "charged")
        self.assertEqual(jan_fee.note_move_id.amount_residual, 25.0)
        # waived once; the waived fee is not charged again
        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-03-31").action_compute()
        self.assertEqual(len(self._fees()), 2)

    def test_payment_registered_after_the_fee(self):
        """No grace period: a payment dated before the fee's day but registered
        after the fee was charged waives it."""
        self._charge("2026-01-31")
        self._pay(self.jan_january, 737.0, "2026-01-22")
        self._pay(self.anna_january, 809.0, "2026-01-25")
        wizard = self._charge("2026-02-02")
        self.assertEqual(self._fees(self.unit_2).state, "waived")
        self.assertEqual(self._fees(self.unit).state, "charged")
        self.assertEqual(wizard.fee_note_ids.move_type, "out_refund")

    def test_preview_must_not_change(self):
        wizard = self._wizard("2026-02-28")
        wizard.action_compute()
        self._pay(self.anna_january, 809.0, "2026-01-20")
        with self.assertRefused("changed since the preview"):
            wizard.action_create_notes()
        self.assertFalse(self._fees())

    def test_refusals(self):
        self.community.hoa_late_fee_amount = 0.0
        with self.assertRefused("Enter the amount of the late fee"):
            self._wizard("2026-02-28").action_compute()
        with self.assertRefused("cannot be negative"):
            self.community.hoa_late_fee_grace_days = -1
        self.community.write(
            {"hoa_late_fee_amount": 25.0, "hoa_interest_account_id": False}
        )
        with self.assertRefused("late fee \\(or interest\\) income account"):
            self._wizard("2026-02-28").action_compute()
        self.community.hoa_interest_account_id = self.interest_account
        with self.assertRefused("only be computed until today"):
            self.env["hoa.late.fee"]._hoa_compute(self.community, "2026-07-16")
        # the rule is adopted for charges due from February: January bears none
        self.community.hoa_late_fee_date_from = "2026-02-01"
        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-02-28").action_compute()
        self.assertFalse(self._fees())

    def test_cron(self):
        self.community.hoa_late_fee_grace_days = 200
        with freeze_time("2026-01-24"):
            self.env["hoa.late.fee"]._cron_charge_and_waive()
        self.assertEqual(
            self._fee_rows(self._fees()),
            [("1", "2026-01-24", 809.0, 25.0), ("2", "2026-01-24", 737.0, 25.0)],
        )
        self._pay(self.anna_january, 809.0, "2026-02-01")
        with freeze_time("2026-02-02"):
            self.env["hoa.late.fee"]._cron_charge_and_waive()
            self.env["hoa.late.fee"]._cron_charge_and_waive()
        self.assertEqual(self._fees().mapped("state"), ["waived", "charged"])
        self.assertEqual(len(self._fees()), 2)
        self.assertEqual(len(self._fees(self.unit).waiver_move_id), 1)

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HoaBillingCase

REPORT = "hoa_billing.action_report_hoa_interest_note"


class InterestCase(HoaBillingCase):
    """January 2026 is billed on 1 January, due 10 January: flat 1 (Anna) 809.00,
    flat 2 (Jan) 737.00 (see test_payment_form). The tests own the Polish rates:
    11.25 % from 5 October 2023 and a hypothetical 12.00 % from 16 February 2026;
    actual days / 365; notes from 10.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["hoa.interest.rate"]
        poland = cls.env.ref("base.pl")
        Rate.search([("country_id", "=", poland.id)]).unlink()
        Rate.create(
            [
                {"country_id": poland.id, "date_from": "2023-10-05", "rate": 11.25},
                {
                    "country_id": poland.id,
                    "date_from": "2026-02-16",
                    "rate": 12.0,
                    "note": "hypothetical",
                },
            ]
        )
        cls.interest_account = cls.env["account.account"].search(
            [("company_ids", "in", cls.community.id), ("code", "=", "75.000.300")]
        )
        cls.community.write(
            {
                "hoa_interest_enabled": True,
                "hoa_interest_account_id": cls.interest_account.id,
                "hoa_interest_min_amount": 10.0,
            }
        )

    def setUp(self):
        super().setUp()
        freezer = freeze_time("2026-07-15")
        freezer.start()
        self.addCleanup(freezer.stop)

    def _pay(self, invoice, amount, on):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": on,
                    "payment_difference_handling": "open",
                }
            )
            ._create_payments()
        )

    def _wizard(self, until, units=None):
        return self.env["hoa.interest.wizard"].create(
            {
                "company_id": self.community.id,
                "date": until,
                "unit_ids": [(6, 0, units.ids)] if units else [],
            }
        )

    def _charge(self, until, units=None):
        """Compute and post; returns the wizard."""
        wizard = self._wizard(until, units)
        wizard.action_compute()
        wizard.action_create_notes()
        return wizard

    def _rows(self, lines):
        return [
            (
                str(line.date_from),
                str(line.date_to),
                line.days,
                line.base,
                line.rate,
                line.amount,
            )
            for line in lines
        ]

    def _receivable(self, move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )


@tagged("post_install", "-at_install")
class TestInterest(InterestCase):
    def test_rate_change_and_partial_payment(self):
        self._run("2026-01-01")
        january = self._invoices(self.unit)
        self.assertEqual(january.amount_total, 809.0)
        self.assertEqual(january.invoice_date_due, date(2026, 1, 10))
        self._pay(january, 309.0, "2026-02-20")

        wizard = self._wizard("2026-03-31", self.unit)
        wizard.action_compute()
        # 11 Jan-15 Feb: 809.00 × 11.25 % × 36 / 365 = 3,276.45 / 365 = 8.976575
        # 16-20 Feb (the day of payment included): 809.00 × 12 % × 5 / 365
        #   = 485.40 / 365 = 1.329863 (running total 10.306438 → 10.31)
        # 21 Feb-31 Mar: 500.00 × 12 % × 39 / 365 = 2,340.00 / 365 = 6.410959
        #   (running total 16.717397 → 16.72); rounded once: 16.72
        self.assertEqual(
            self._rows(wizard.line_ids),
            [
                ("2026-01-11", "2026-02-15", 36, 809.0, 11.25, 8.98),
                ("2026-02-16", "2026-02-20", 5, 809.0, 12.0, 1.33),
                ("2026-02-21", "2026-03-31", 39, 500.0, 12.0, 6.41),
            ],
        )
        self.assertEqual(
            [round(amount, 6) for amount in wizard.line_ids.mapped("amount_exact")],
            [8.976575, 1.329863, 6.410959],
        )
        self.assertEqual(wizard.amount_total, 16.72)
        self.assertFalse(wizard.amount_below_minimum)

        wizard.action_create_notes()
        note = wizard.note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(note.state, "posted")
        self.assertEqual(note.move_type, "out_invoice")
        self.assertTrue(note.hoa_is_interest_note)
        self.assertEqual(note.hoa_unit_id, self.unit)
        self.assertEqual(note.partner_id, self.anna)
        self.assertEqual(note.journal_id, self.community._hoa_billing_journal())
        self.assertEqual(note.invoice_date, date(2026, 3, 31))
        self.assertEqual(note.invoice_date_due, date(2026, 4, 14))
        self.assertEqual(note.amount_total, 16.72)
        self.assertEqual(note.amount_tax, 0.0)
        self.assertEqual(note.invoice_line_ids.account_id, self.interest_account)
        self.assertEqual(note.invoice_line_ids.credit, 16.72)
        receivable = self._receivable(note)
        self.assertEqual(receivable.debit, 16.72)
        self.assertEqual(receivable.hoa_unit_id, self.unit)
        self.assertEqual(
            self._rows(note.hoa_interest_line_ids.sorted("date_from")),
            self._rows(wizard.line_ids),
        )
        self.assertEqual(
            note.hoa_interest_line_ids.move_line_id, self._receivable(january)
        )
        self.assertEqual(self._receivable(january).hoa_interest_date, date(2026, 3, 31))
        self.assertIn("Interest notes posted: 1, 16.72", wizard.result)

    def test_no_double_interest(self):
        """A rerun charges nothing; a later run only the days after the last note;
        the note itself never bears interest."""
        self._run("2026-01-01")
        january = self._invoices(self.unit)
        self._pay(january, 309.0, "2026-02-20")
        first = self._charge("2026-03-31", self.unit).note_ids
        self.assertEqual(first.amount_total, 16.72)

        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-03-31", self.unit).action_compute()
        with self.assertRefused("No overdue amount .* not charged yet"):
            self._wizard("2026-02-28", self.unit).action_compute()

        # The note (16.72, due 14 April) is unpaid on 30 June too, but bears nothing.
        wizard = self._charge("2026-06-30", self.unit)
        # 1 Apr-30 Jun: 500.00 × 12 % × 91 / 365 = 5,460.00 / 365 = 14.958904
        second = wizard.note_ids
        self.assertEqual(
            self._rows(second.hoa_interest_line_ids),
            [("2026-04-01", "2026-06-30", 91, 500.0, 12.0, 14.96)],
        )
        self.assertEqual(second.amount_total, 14.96)
        self.assertFalse(
            self.env["hoa.interest.line"].search(
                [("move_line_id", "in", self._receivable(first | second).ids)]
            )
        )
        # Paid on 10 July: 500.00 × 12 % × 10 / 365 = 600.00 / 365 = 1.643836,
        # below the minimum of 10.00: no note, nothing recorded as charged.
        self._pay(january, 500.0, "2026-07-10")
        wizard = self._wizard("2026-07-15", self.unit)
        wizard.action_compute()
        self.assertEqual(
            self._rows(wizard.line_ids),
            [("2026-07-01", "2026-07-10", 10, 500.0, 12.0, 1.64)],
        )
        self.assertTrue(wizard.line_ids.is_below_minimum)
        self.assertEqual(wizard.amount_below_minimum, 1.64)
        wizard.action_create_notes()
        self.assertFalse(wizard.note_ids)
        self.assertIn("Below the minimum of", wizard.result)
        self.assertEqual(self._receivable(january).hoa_interest_date, date(2026, 6, 30))
        notes = self.env["account.move"].search(
            [
                ("hoa_is_interest_note", "=", True),
                ("company_id", "=", self.community.id),
            ]
        )
        self.assertEqual(notes, first | second)

    def test_minimum_note_and_accumulation(self):
        self._run("2026-01-01")
        # Until 31 January, 21 days at 11.25 %:
        # flat 1: 809.00 × 11.25 % × 21 / 365 = 1,911.2625 / 365 = 5.236062 → 5.24
        # flat 2: 737.00 × 11.25 % × 21 / 365 = 1,741.1625 / 365 = 4.770308 → 4.77
        wizard = self._wizard("2026-01-31")
        wizard.action_compute()
        self.assertEqual(
            [(line.unit_id, line.amount) for line in wizard.line_ids],
            [(self.unit, 5.24), (self.unit_2, 4.77)],
        )
        self.assertEqual(wizard.amount_total, 0.0)
        self.assertEqual(wizard.amount_below_minimum, 10.01)
        wizard.action_create_notes()
        self.assertFalse(wizard.note_ids)
        self.assertFalse(
            self.env["hoa.interest.line"].search(
                [("company_id", "=", self.community.id)]
            )
        )

        # Until 28 February the same days come back with the new ones:
        # flat 1: 8.976575 (36 days at 11.25 %) + 809.00 × 12 % × 13 / 365
        #   (= 1,262.04 / 365 = 3.457644) = 12.434219 → 12.43
        # flat 2: 737.00 × 11.25 % × 36 / 365 (= 2,984.85 / 365 = 8.177671)
        #   + 737.00 × 12 % × 13 / 365 (= 1,149.72 / 365 = 3.149918) = 11.327589
        #   → 11.33
        notes = self._charge("2026-02-28").note_ids.sorted("id")
        self.assertEqual(
            [(n.hoa_unit_id, n.partner_id, n.amount_total) for n in notes],
            [(self.unit, self.anna, 12.43), (self.unit_2, self.jan, 11.33)],
        )
        self.assertEqual(
            self._rows(notes[1].hoa_interest_line_ids.sorted("date_from")),
            [
                ("2026-01-11", "2026-02-15", 36, 737.0, 11.25, 8.18),
                ("2026-02-16", "2026-02-28", 13, 737.0, 12.0, 3.15),
            ],
        )

        # A higher minimum: flat 2 waits, flat 1 is charged.
        # 1-31 Mar at 12 %: flat 1 809.00 × 12 % × 31 / 365 = 3,009.48 / 365 = 8.245151
        # flat 2: 737.00 × 12 % × 31 / 365 = 2,741.64 / 365 = 7.511342
        self.community.hoa_interest_min_amount = 8.0
        wizard = self._charge("2026-03-31")
        self.assertEqual(wizard.note_ids.hoa_unit_id, self.unit)
        self.assertEqual(wizard.note_ids.amount_total, 8.25)
        self.assertIn("(Jan Nowak)", wizard.result)

    def test_stale_preview_and_overlap_refused(self):
        self._run("2026-01-01")
        first = self._wizard("2026-03-31", self.unit)
        first.action_compute()
        second = self._wizard("2026-03-31", self.unit)
        second.action_compute()
        vals_list = self.env["hoa.interest.line"]._hoa_compute(
            self.community, date(2026, 3, 31), self.unit
        )
        first.action_create_notes()
        with self.assertRefused("changed since the preview"):
            second.action_create_notes()
        # A payment registered after the preview changes it too.
        self._run("2026-02-01")
        third = self._wizard("2026-03-31", self.unit)
        third.action_compute()
        february = self._invoices(self.unit)[-1]
        self._pay(february, 100.0, "2026-03-01")
        with self.assertRefused("changed since the preview"):
            third.action_create_notes()
        # Values computed before the first note cannot be charged again.
        with self.assertRaisesRegex(ValidationError, "already charged"):
            with self.env.cr.savepoint():
                self.env["hoa.interest.line"]._hoa_create_notes(
                    self.community, date(2026, 3, 31), vals_list
                )
        self.assertEqual(
            self.env["account.move"].search_count(
                [
                    ("hoa_is_interest_note", "=", True),
                    ("company_id", "=", self.community.id),
                ]
            ),
            1,
        )

    def test_cancelled_note_frees_its_days(self):
        self._run("2026-01-01")
        # 809.00 × 11.25 % × 36 / 365 = 8.976575
        # + 809.00 × 12 % × 44 / 365 (= 4,271.52 / 365 = 11.702795) = 20.679370
        note = self._charge("2026-03-31", self.unit).note_ids
        self.assertEqual(note.amount_total, 20.68)
        january = self._invoices(self.unit).filtered(
            lambda move: not move.hoa_is_interest_note
        )
        with self.assertRefused("cannot be deleted"):
            note.hoa_interest_line_ids.unlink()
        note.button_draft()
        note.button_cancel()
        self.assertFalse(self._receivable(january).hoa_interest_date)
        again = self._charge("2026-03-31", self.unit).note_ids
        self.assertEqual(again.amount_total, 20.68)
        self.assertNotEqual(again, note)
        # the cancelled note cannot come back: its days are charged again
        with self.assertRefused("already charged by"):
            note.button_draft()

    def test_credit_note_and_early_payment(self):
        """An invoice cancelled by its credit note was never owed; what is paid by
        the due date bears nothing."""
        self._run("2026-01-01")
        anna_january = self._invoices(self.unit)
        anna_january._reverse_moves(cancel=True)
        jan_january = self._invoices(self.unit_2)
        self._pay(jan_january, 737.0, "2026-01-10")
        with self.assertRefused("No overdue amount"):
            self._wizard("2026-03-31").action_compute()

    def test_refusals(self):
        self._run("2026-01-01")
        with self.assertRefused("only be computed until today"):
            self._wizard("2026-07-16").action_compute()
        self.community.hoa_interest_account_id = False
        with self.assertRefused("interest income account"):
            self._wizard("2026-03-31").action_compute()
        self.community.hoa_interest_enabled = False
        with self.assertRefused("does not charge late-payment interest"):
            self._wizard("2026-03-31").action_compute()
        self.community.write(
            {
                "hoa_interest_enabled": True,
                "hoa_interest_account_id": self.interest_account.id,
            }
        )
        self.env["hoa.interest.rate"].search(
            [("date_from", "=", "2023-10-05"), ("country_id.code", "=", "PL")]
        ).date_from = "2026-02-01"
        with self.assertRefused("No statutory interest rate of Poland is valid on"):
            self._wizard("2026-03-31").action_compute()
        wizard = self._wizard("2026-03-31")
        with self.assertRefused("Compute the interest first"):
            wizard.action_create_notes()
        self.assertFalse(
            self.env["hoa.interest.line"].search(
                [("company_id", "=", self.community.id)]
            )
        )

    def test_print_and_send(self):
        self._run("2026-01-01")
        wizard = self._charge("2026-03-31")
        # flat 1: 20.68 (see test_cancelled_note_frees_its_days); flat 2:
        # 737.00 × 11.25 % × 36 / 365 = 8.177671 + 737.00 × 12 % × 44 / 365
        # (= 3,891.36 / 365 = 10.661260) = 18.838931 → 18.84
        anna_note, jan_note = wizard.note_ids.sorted("id")
        self.assertEqual(
            (anna_note.amount_total, jan_note.amount_total), (20.68, 18.84)
        )
        self.jan.email = False
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, wizard.note_ids.ids)[0]
            .decode()
        )
        for text in (anna_note.name, "Anna Nowak", "Jan Nowak", "11.25", "36", "8.98"):
            self.assertIn(text, html)
        action = wizard.with_context(discard_logo_check=True).action_print()
        self.assertEqual(action["report_name"], "hoa_billing.report_hoa_interest_note")
        wizard.action_send()
        self.assertIn("Sent by email: 1 notes", wizard.result)
        self.assertIn("Jan Nowak", wizard.result)
        message = anna_note.message_ids.filtered(lambda m: m.message_type == "comment")[
            :1
        ]
        self.assertIn(anna_note.name, message.subject)
        self.assertEqual(message.partner_ids, self.anna)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(anna_note.is_move_sent)
        self.assertFalse(jan_note.is_move_sent)
        with self.assertRefused("Only interest notes"):
            self.env["ir.actions.report"]._render_qweb_html(
                REPORT, self._invoices(self.unit_2)[:1].ids
            )


@tagged("post_install", "-at_install")
class TestInterestRates(HoaBillingCase):
    def test_shipped_rates(self):
        """Poland's statutory late-payment interest around the last changes, and
        Ukraine's 3 % a year."""
        Rate = self.env["hoa.interest.rate"]
        self.assertEqual(
            Rate._get_periods(
                self.env.ref("base.pl"), date(2025, 12, 1), date(2026, 3, 31)
            ),
            [
                (date(2025, 12, 1), date(2025, 12, 3), 9.75),
                (date(2025, 12, 4), date(2026, 3, 4), 9.5),
                (date(2026, 3, 5), date(2026, 3, 31), 9.25),
            ],
        )
        self.assertEqual(
            Rate._get_periods(
                self.env.ref("base.pl"), date(2023, 9, 1), date(2024, 1, 1)
            )[:2],
            [
                (date(2023, 9, 1), date(2023, 9, 6), 12.25),
                (date(2023, 9, 7), date(2023, 10, 4), 11.5),
            ],
        )
        self.assertEqual(
            Rate._get_periods(
                self.env.ref("base.ua"), date(2026, 1, 1), date(2026, 6, 30)
            ),
            [(date(2026, 1, 1), date(2026, 6, 30), 3.0)],
        )
        rate = self.env.ref("hoa_billing.hoa_interest_rate_pl_20231005")
        self.assertEqual(rate.date_to, date(2025, 5, 7))
        with self.assertRaises(ValidationError):
            rate.rate = -1.0

    def test_leap_year_day_count(self):
        """Actual/actual splits at the new year: 1,000.00 at 10 % from 20 Dec 2027
        to 10 Jan 2028: 12 days / 365 + 10 days / 366 = 3.287671 + 2.732240."""
        Line = self.env["hoa.interest.line"]
        periods = [(date(2027, 1, 1), date(2028, 1, 10), 10.0)]
        self.community.hoa_interest_day_count = "actual_actual"
        self.assertEqual(
            Line._hoa_segments(
                self.community,
                date(2027, 12, 20),
                date(2028, 1, 10),
                1000.0,
                [],
                periods,
            ),
            [
                (date(2027, 12, 20), date(2027, 12, 31), 12, 1000.0, 10.0, 365),
                (date(2028, 1, 1), date(2028, 1, 10), 10, 1000.0, 10.0, 366),
            ],
        )
        self.community.hoa_interest_day_count = "actual_365"
        self.assertEqual(
            Line._hoa_segments(
                self.community,
                date(2027, 12, 20),
                date(2028, 1, 10),
                1000.0,
                [],
                periods,
            ),
            [(date(2027, 12, 20), date(2028, 1, 10), 22, 1000.0, 10.0, 365)],
        )

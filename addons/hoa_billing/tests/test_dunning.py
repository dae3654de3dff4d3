from datetime import date

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.hoa_unit import format_account
from .common import HoaBillingCase

LETTER_REPORT = "hoa_billing.action_report_hoa_dunning_letter"
STATEMENT_REPORT = "hoa_billing.action_report_hoa_unit_statement"


@tagged("post_install", "-at_install")
class TestDunning(HoaBillingCase):
    """Flat 1 (Anna) is billed 809.00 and flat 2 (Jan) 737.00 on the first of January
    to April 2026, due on the 10th. Jan pays January in full on 8 January and 700.00
    of February on 9 February: 37.00 of February stays open. Anna pays nothing.

    The default levels: Reminder from 50.00 and 14 days overdue, Demand for payment
    from 100.00 and 30 days, Final demand from 500.00 and 60 days; a higher level
    waits 14 days after the letter of the level before; 14, 7 and 7 days to pay.

    | date       | flat 1: debt, oldest due, days  | flat 2: debt, oldest due, days |
    | 2026-03-10 | 1,618.00 (Jan+Feb), 01-10, 59   | 37.00 (Feb), 02-10, 28         |
    | 2026-03-11 | 2,427.00 (Jan-Mar), 01-10, 60   | 774.00 (Feb+Mar), 02-10, 29    |
    | 2026-03-12 | 2,427.00, 01-10, 61             | 774.00, 02-10, 30              |
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reminder, cls.demand, cls.final = cls.env[
            "hoa.dunning.level"
        ]._hoa_create_default_levels(cls.community)
        for month in ("2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"):
            cls.env["hoa.billing.run"].create(
                {"company_id": cls.community.id, "period_date": month}
            ).action_start()
        cls._pay(cls._month(cls.unit_2, "2026-01-01"), 737.0, "2026-01-08")
        cls._pay(cls._month(cls.unit_2, "2026-02-01"), 700.0, "2026-02-09")

    @classmethod
    def _month(cls, unit, month):
        return cls.env["account.move"].search(
            [
                ("hoa_unit_id", "=", unit.id),
                ("hoa_period_date", "=", month),
                ("state", "=", "posted"),
            ]
        )

    @classmethod
    def _pay(cls, invoice, amount, on):
        """A payment of ``amount`` matched to ``invoice``; what exceeds it stays
        open on the unit (as the bank import leaves it)."""
        payment = (
            cls.env["account.payment.register"]
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
        payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).hoa_unit_id = invoice.hoa_unit_id
        return payment

    def _proposals(self, on):
        """{unit: (level, amount, oldest due, days)} proposed on ``on``."""
        return {
            proposal["unit"]: (
                proposal["level"],
                proposal["amount"],
                str(proposal["oldest_due"]),
                proposal["days_overdue"],
            )
            for proposal in self.env["hoa.dunning.letter"]._hoa_dunning_proposals(
                self.unit | self.unit_2, on
            )
        }

    def _wizard(self, on):
        wizard = self.env["hoa.dunning.wizard"].create(
            {"company_id": self.community.id, "date": on}
        )
        wizard.action_propose()
        return wizard

    def _letters(self, on):
        """The letters the wizard creates on ``on``, for every proposal."""
        wizard = self._wizard(on)
        if not wizard.line_ids:
            return self.env["hoa.dunning.letter"]
        action = wizard.action_create_letters()
        return self.env["hoa.dunning.letter"].search(action["domain"])

    def _plan(self, amount=2427.0, count=3, first="2026-04-15", **vals):
        return self.env["hoa.debt.plan"].create(
            {
                "company_id": self.community.id,
                "unit_id": self.unit.id,
                "partner_id": self.anna.id,
                "date": "2026-03-12",
                "amount_total": amount,
                "instalment_count": count,
                "first_due_date": first,
                **vals,
            }
        )

    # Levels -------------------------------------------------------------------------
    def test_default_levels(self):
        self.assertEqual(
            [
                (level.name, level.min_debt, level.min_days_overdue)
                for level in self.reminder | self.demand | self.final
            ],
            [
                ("Reminder", 50.0, 14),
                ("Demand for payment", 100.0, 30),
                ("Final demand for payment before court action", 500.0, 60),
            ],
        )
        self.assertIn("overdue", self.reminder.letter_text)
        # a second call creates nothing in a community that has its levels
        self.assertFalse(
            self.env["hoa.dunning.level"]._hoa_create_default_levels(self.community)
        )

    def test_overdue_debt(self):
        debt = self.unit._hoa_overdue_debt(date(2026, 3, 10))[self.unit.id]
        self.assertEqual(debt["amount"], 1618.0)
        self.assertEqual(debt["oldest_due"], date(2026, 1, 10))
        self.assertEqual(debt["days_overdue"], 59)
        self.assertEqual(
            debt["lines"].move_id,
            self._month(self.unit, "2026-01-01") | self._month(self.unit, "2026-02-01"),
        )
        # on its due date March is not overdue yet, the next day it is
        debts = (self.unit | self.unit_2)._hoa_overdue_debt("2026-03-11")
        self.assertEqual(
            (debts[self.unit.id]["amount"], debts[self.unit.id]["days_overdue"]),
            (2427.0, 60),
        )
        self.assertEqual(
            (debts[self.unit_2.id]["amount"], str(debts[self.unit_2.id]["oldest_due"])),
            (774.0, "2026-02-10"),
        )
        # nothing overdue before the first due date
        self.assertFalse(self.unit._hoa_overdue_debt("2026-01-10"))

    def test_credits_reduce_the_debt_oldest_first(self):
        """A credit note of 50.00 to flat 2 on 5 March, not yet settled: on 12 March
        the debt is 774.00 - 50.00 = 724.00; the 50.00 pays the 37.00 left of
        February and 13.00 of March, so the oldest due date is 10 March, 2 days."""
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.jan.id,
                "invoice_date": "2026-03-05",
                "date": "2026-03-05",
                "hoa_unit_id": self.unit_2.id,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "name": "Lift out of order",
                            "account_id": self.income.id,
                            "price_unit": 50.0,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        debt = self.unit_2._hoa_overdue_debt("2026-03-12")[self.unit_2.id]
        self.assertEqual(
            (debt["overdue"], debt["credit"], debt["amount"]), (774.0, 50.0, 724.0)
        )
        self.assertEqual(debt["oldest_due"], date(2026, 3, 10))
        self.assertEqual(debt["days_overdue"], 2)
        self.assertEqual(debt["credit_lines"].move_id, refund)
        # before the credit note's date it does not count
        self.assertEqual(
            self.unit_2._hoa_overdue_debt("2026-03-04")[self.unit_2.id]["amount"],
            37.0,
        )
        # the debtors list (today) says the same as the computation on today
        today = fields.Date.context_today(self.env.user)
        debts = (self.unit | self.unit_2)._hoa_overdue_debt(today)
        rows = self.env["hoa.debtor"].search(
            [("unit_id", "in", (self.unit | self.unit_2).ids)]
        )
        self.assertEqual(
            {
                row.unit_id.id: (row.amount, row.oldest_due, row.days_overdue)
                for row in rows
            },
            {
                unit_id: (debt["amount"], debt["oldest_due"], debt["days_overdue"])
                for unit_id, debt in debts.items()
            },
        )
        # four months of flat 1; April, March and 37.00 of February of flat 2
        # less the credit note, which pays February and 13.00 of March
        self.assertEqual(
            {row.unit_id: (row.amount, str(row.oldest_due)) for row in rows},
            {
                self.unit: (3236.0, "2026-01-10"),
                self.unit_2: (1461.0, "2026-03-10"),
            },
        )
        self.assertEqual(rows.partner_id, self.anna | self.jan)

    def test_interest_notes_are_part_of_the_debt(self):
        """An interest note of 12.34 to flat 2 of 20 February, due on 6 March: on 12
        March the debt is 774.00 + 12.34 = 786.34, still from 10 February."""
        note = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.jan.id,
                "invoice_date": "2026-02-20",
                "invoice_date_due": "2026-03-06",
                "hoa_unit_id": self.unit_2.id,
                "hoa_is_interest_note": True,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "name": "Late-payment interest",
                            "account_id": self.income.id,
                            "price_unit": 12.34,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        note.action_post()
        self.assertEqual(
            self._proposals("2026-03-12")[self.unit_2],
            (self.demand, 786.34, "2026-02-10", 30),
        )
        letter = self._letters("2026-03-12").filtered(
            lambda letter: letter.unit_id == self.unit_2
        )
        self.assertEqual(
            [(line.kind, line.amount) for line in letter.line_ids],
            [("charges", 37.0), ("interest", 12.34), ("charges", 737.0)],
        )

    def test_levels_by_thresholds(self):
        # flat 1 is one day short of the final demand; flat 2 owes less than 50.00
        self.assertEqual(
            self._proposals("2026-03-10"),
            {self.unit: (self.demand, 1618.0, "2026-01-10", 59)},
        )
        # flat 2 is one day short of the demand for payment
        self.assertEqual(
            self._proposals("2026-03-11"),
            {
                self.unit: (self.final, 2427.0, "2026-01-10", 60),
                self.unit_2: (self.reminder, 774.0, "2026-02-10", 29),
            },
        )
        self.assertEqual(
            self._proposals("2026-03-12")[self.unit_2],
            (self.demand, 774.0, "2026-02-10", 30),
        )
        # an archived level is not used: flat 1 gets the demand for payment
        self.final.active = False
        self.assertEqual(self._proposals("2026-03-12")[self.unit][0], self.demand)

    def test_no_repeated_level(self):
        letters = self._letters("2026-03-10")
        self.assertEqual(letters.unit_id, self.unit)
        self.assertEqual(
            (
                letters.level_id,
                letters.partner_id,
                letters.amount,
                letters.oldest_due,
                letters.days_overdue,
                letters.payment_deadline,
                letters.state,
            ),
            (
                self.demand,
                self.anna,
                1618.0,
                date(2026, 1, 10),
                59,
                date(2026, 3, 17),
                "draft",
            ),
        )
        self.assertEqual(
            [(line.document, line.amount) for line in letters.line_ids],
            [
                (self._month(self.unit, "2026-01-01").name, 809.0),
                (self._month(self.unit, "2026-02-01").name, 809.0),
            ],
        )
        self.assertEqual(letters.line_ids.mapped("days_overdue"), [59, 28])
        # the same day again: nothing new
        self.assertFalse(self._wizard("2026-03-10").line_ids)
        # the final demand waits 14 days after the demand of 10 March
        self.assertNotIn(self.unit, self._proposals("2026-03-23"))
        final = self._letters("2026-03-24").filtered(
            lambda letter: letter.unit_id == self.unit
        )
        self.assertEqual(
            (final.level_id, final.amount, final.days_overdue),
            (self.final, 2427.0, 73),
        )
        # there is no level above the final demand: never twice
        self.assertNotIn(self.unit, self._proposals("2026-04-30"))
        # a cancelled letter does not count
        final.action_cancel()
        self.assertEqual(self._proposals("2026-04-30")[self.unit][0], self.final)
        final.state = "printed"
        # Anna pays all four months on 2 May; May goes unpaid: a new debt, which
        # starts again with a reminder (809.00, due 10 May, 21 days on 31 May)
        for month in ("2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"):
            self._pay(self._month(self.unit, month), 809.0, "2026-05-02")
        self._run("2026-05-01")
        self.assertEqual(
            self._proposals("2026-05-31")[self.unit],
            (self.reminder, 809.0, "2026-05-10", 21),
        )

    # Instalment agreements ----------------------------------------------------------
    def test_schedule_sums_exactly(self):
        plan = self._plan(amount=1000.0)
        self.assertEqual(plan.line_ids.mapped("amount"), [333.34, 333.33, 333.33])
        self.assertEqual(
            [str(day) for day in plan.line_ids.mapped("due_date")],
            ["2026-04-15", "2026-05-15", "2026-06-15"],
        )
        self.assertEqual(round(sum(plan.line_ids.mapped("amount")), 2), 1000.0)
        # 100.00 in 7: four of 14.29 and three of 14.28
        plan.write({"amount_total": 100.0, "instalment_count": 7})
        self.assertEqual(plan.line_ids.mapped("amount"), [14.29] * 4 + [14.28] * 3)
        self.assertEqual(round(sum(plan.line_ids.mapped("amount")), 2), 100.0)
        # a schedule changed by hand must still sum to the debt
        plan.line_ids[0].amount = 14.30
        with self.assertRefused(r"sum to 100\.01\szł, not to the debt of 100\.00\szł"):
            plan.action_activate()
        self.assertEqual(plan.state, "draft")
        plan.line_ids[0].amount = 14.29
        plan.action_activate()
        self.assertEqual(plan.state, "active")

    def test_agreement_skips_reminders_until_an_instalment_is_missed(self):
        """2,427.00 (January to March of flat 1) in 3 instalments of 809.00 due on
        15 April, May and June 2026, signed on 12 March."""
        plan = self._plan()
        self.assertEqual(plan.line_ids.mapped("amount"), [809.0, 809.0, 809.0])
        plan.action_activate()
        # no instalment due yet: flat 1 is left out, flat 2 is not
        self.assertEqual(list(self._proposals("2026-04-12")), [self.unit_2])
        # the first instalment is one day late: the reminders resume
        level, amount, __, days = self._proposals("2026-04-16")[self.unit]
        self.assertEqual((level, amount, days), (self.final, 3236.0, 96))
        letter = self._letters("2026-04-16").filtered(
            lambda letter: letter.unit_id == self.unit
        )
        self.assertEqual(letter.debt_plan_id, plan)
        # broken 15 days after the due date (the grace is 14 days)
        plan._hoa_update_state("2026-04-29")
        self.assertEqual(plan.state, "active")
        plan._hoa_update_state("2026-04-30")
        self.assertEqual(plan.state, "broken")

    def test_agreement_paid_on_time(self):
        """On 8 April Anna pays 1,618.00: the April charges of 809.00 first, 809.00
        towards the agreement, which pays the first instalment."""
        plan = self._plan()
        plan.action_activate()
        self._pay(self._month(self.unit, "2026-04-01"), 1618.0, "2026-04-08")
        self.assertEqual(plan._hoa_paid("2026-04-16"), 809.0)
        self.assertEqual(
            [
                (paid, still_open)
                for __, paid, still_open in plan._hoa_instalments("2026-04-16")
            ],
            [(809.0, 0.0), (0.0, 809.0), (0.0, 809.0)],
        )
        self.assertEqual(
            plan.with_context(date="2026-04-16").line_ids.mapped("state"),
            ["paid", "open", "open"],
        )
        self.assertNotIn(self.unit, self._proposals("2026-04-16"))
        plan._hoa_update_state("2026-05-01")
        self.assertEqual(plan.state, "active")
        # the second instalment is missed: reminders again from 16 May
        self.assertNotIn(self.unit, self._proposals("2026-05-15"))
        self.assertIn(self.unit, self._proposals("2026-05-16"))
        # the statement of account shows the agreement and its schedule
        data = self.unit._hoa_statement_data("2026-04-01", "2026-04-30")
        [shown] = data["debt_plans"]
        self.assertEqual(
            (shown["name"], shown["amount_total"], shown["paid"], shown["remaining"]),
            (plan.name, 2427.0, 809.0, 1618.0),
        )
        self.assertEqual(
            [
                (str(line["due_date"]), line["paid"], line["overdue"])
                for line in shown["instalments"]
            ],
            [
                ("2026-04-15", 809.0, False),
                ("2026-05-15", 0.0, False),
                ("2026-06-15", 0.0, False),
            ],
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            STATEMENT_REPORT,
            self.unit.ids,
            data={"date_from": "2026-04-01", "date_to": "2026-04-30"},
        )
        html = html.decode()
        self.assertIn("Instalment agreement", html)
        self.assertIn(plan.name, html)
        self.assertIn("1,618.00", html)
        # paid in full: done
        self._pay(self._month(self.unit, "2026-01-01"), 1618.0, "2026-05-10")
        plan._hoa_update_state("2026-05-10")
        self.assertEqual(plan.state, "done")

    # Letters ------------------------------------------------------------------------
    def test_letter_pdf_email_and_print(self):
        letter = self._letters("2026-03-10")
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            LETTER_REPORT, letter.ids
        )
        html = html.decode()
        self.assertIn("Demand for payment", html)
        for invoice in self._month(self.unit, "2026-01-01") | self._month(
            self.unit, "2026-02-01"
        ):
            self.assertIn(invoice.name, html)
        self.assertRegex(html, r'class="hoa_dunning_amount"[^>]*>(<[^>]*>)*1,618\.00')
        self.assertIn(format_account(self.unit.virtual_account), html)
        self.assertRegex(html, r'class="hoa_dunning_deadline"[^>]*>\s*03/17/2026')
        letter.action_send()
        self.assertEqual(letter.state, "sent")
        message = letter.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.partner_ids, self.anna)
        self.assertEqual(len(message.attachment_ids), 1)
        # history on the unit
        self.assertEqual(self.unit.dunning_letter_ids, letter)
        self.assertEqual(self.unit.dunning_letter_count, 1)
        # Jan has no e-mail: his letter is printed
        self.jan.email = False
        jan_letter = self._letters("2026-03-11").filtered(
            lambda letter: letter.unit_id == self.unit_2
        )
        with self.assertRefused("no e-mail address, print their letters instead"):
            jan_letter.action_send()
        self.assertEqual(jan_letter.state, "draft")
        action = jan_letter.action_print()
        self.assertEqual(action["report_name"], "hoa_billing.report_hoa_dunning_letter")
        self.assertEqual(jan_letter.state, "printed")
        with self.assertRefused("kept in the history"):
            jan_letter.unlink()

    def test_accountant_sends_and_board_reads_the_debtors(self):
        accountant = new_test_user(
            self.env,
            "dunning_accountant",
            groups="hoa_base.group_hoa_accountant",
            company_id=self.community.id,
            company_ids=[fields.Command.set(self.community.ids)],
        )
        wizard = (
            self.env["hoa.dunning.wizard"]
            .with_user(accountant)
            .create({"company_id": self.community.id, "date": "2026-03-10"})
        )
        wizard.action_propose()
        action = wizard.action_create_letters()
        letter = (
            self.env["hoa.dunning.letter"]
            .with_user(accountant)
            .search(action["domain"])
        )
        letter.action_send()
        self.assertEqual(letter.state, "sent")
        board = new_test_user(self.env, "dunning_board", groups="base.group_portal")
        board.partner_id.email = "board@example.com"
        self.env["hoa.board.member"].create(
            {
                "company_id": self.community.id,
                "partner_id": board.partner_id.id,
                "date_from": "2026-01-01",
            }
        )
        rows = self.env["hoa.debtor"].with_user(board).search([])
        self.assertEqual(rows.unit_id, self.unit | self.unit_2)
        self.assertEqual(
            rows.filtered(lambda row: row.unit_id == self.unit).last_level_id.name,
            "Demand for payment",
        )
        outsider = new_test_user(
            self.env, "dunning_outsider", groups="base.group_portal"
        )
        outsider.groups_id |= self.env.ref("hoa_base.group_hoa_board")
        self.assertFalse(self.env["hoa.debtor"].with_user(outsider).search([]))
        with self.assertRaises(AccessError):
            self.env["hoa.dunning.letter"].with_user(board).browse(letter.id).write(
                {"state": "cancelled"}
            )

    # Claims and bad input -----------------------------------------------------------
    def test_claim_kept_on_the_unit(self):
        claim = self.env["hoa.claim"].create(
            {
                "company_id": self.community.id,
                "unit_id": self.unit.id,
                "partner_id": self.anna.id,
                "kind": "court",
                "case_number": "I C 123/26",
                "authority": "Sąd Rejonowy dla Krakowa-Śródmieścia",
                "date_filed": "2026-05-04",
                "amount_claimed": 2427.0,
                "amount_costs": 121.35,
            }
        )
        self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(self.unit.claim_count, 1)
        row = self.env["hoa.debtor"].search([("unit_id", "=", self.unit.id)])
        self.assertEqual((row.claim_id, row.claim_state), (claim, "draft"))

    def test_bad_input_refused(self):
        with self.assertRefused("at least one instalment"):
            self._plan(count=0)
        with self.assertRefused("cannot fall due on 03/01/2026, before the agreement"):
            self._plan(first="2026-03-01")
        with self.assertRefused("must be more than zero"):
            self._plan(amount=0.0)
        self.assertFalse(
            self.env["hoa.debt.plan"].search([("unit_id", "=", self.unit.id)])
        )
        plan = self._plan()
        with self.assertRefused("at least one instalment"):
            plan.instalment_count = 0
        self.assertEqual(len(plan.line_ids), 3)
        claim_vals = {
            "company_id": self.community.id,
            "unit_id": self.unit.id,
            "partner_id": self.anna.id,
        }
        with self.assertRefused("The costs of a claim cannot be negative"):
            self.env["hoa.claim"].create(dict(claim_vals, amount_costs=-10.0))
        with self.assertRefused("judgment .* cannot come before the filing"):
            self.env["hoa.claim"].create(
                dict(claim_vals, date_filed="2026-05-04", date_judgment="2026-05-01")
            )
        self.assertFalse(self.env["hoa.claim"].search([("unit_id", "=", self.unit.id)]))
        with self.assertRefused("cannot be negative"):
            self.reminder.min_debt = -1.0
        self.assertEqual(self.reminder.min_debt, 50.0)
        wizard = self._wizard("2026-03-10")
        wizard.line_ids.is_selected = False
        with self.assertRefused("Select at least one"):
            wizard.action_create_letters()
        self.assertFalse(
            self.env["hoa.dunning.letter"].search([("unit_id", "=", self.unit.id)])
        )

from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.hoa_billing.models.account_bank_statement import (
    AccountBankStatement,
)

from .common import HoaBillingCase

# Differ by construction between two journals' entries (identity, journal, number).
SKIP_MOVE = {
    "id",
    "name",
    "sequence_number",
    "sequence_prefix",
    "journal_id",
    "statement_line_id",
    "create_date",
    "write_date",
}
SKIP_ITEM = {
    "id",
    "move_id",
    "move_name",
    "journal_id",
    "statement_id",
    "statement_line_id",
    "create_date",
    "write_date",
}
SKIP_LINE = {
    "id",
    "move_id",
    "statement_id",
    "journal_id",
    "internal_index",
    "create_date",
    "write_date",
}
SKIP_STATEMENT = {
    "id",
    "journal_id",
    "first_line_index",
    "create_date",
    "write_date",
}


@tagged("post_install", "-at_install")
class TestStatementFastPath(HoaBillingCase):
    """Statement lines inserted in bulk equal those the ORM makes, column by column."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Journal = cls.env["account.journal"]
        cls.journal_orm = Journal.create(
            {
                "name": "Bank ORM",
                "code": "BORM",
                "type": "bank",
                "company_id": cls.community.id,
            }
        )
        cls.banks = {
            partner: cls.env["res.partner.bank"].create(
                {"acc_number": number, "partner_id": partner.id}
            )
            for partner, number in (
                (cls.anna, "PL19114020040000312345678901"),
                (cls.jan, "PL62105014450000220987654321"),
            )
        }
        cls.journal_fast = Journal.create(
            {
                "name": "Bank bulk",
                "code": "BBLK",
                "type": "bank",
                "company_id": cls.community.id,
            }
        )

    def _lines(self):
        anna, jan = self.anna, self.jan
        rows = [
            (
                "2026-03-02",
                450.0,
                anna,
                "Lokal 1 marzec",
                "PL61109010140000071219812874",
            ),
            ("2026-03-02", 425.5, jan, "Lokal 2 marzec", None),
            ("2026-03-02", 300.0, False, "lokal 2", None),
            ("2026-03-02", -12.5, False, "Oplata za prowadzenie rachunku", None),
            ("2026-03-02", 99.99, anna, "nadplata", None),
            ("2026-03-03", 1000.0, jan, "Lokal 2 zaleglosc", None),
            ("2026-03-03", 17.01, jan, "Lokal 2 odsetki", None),
            ("2026-03-02", 12.0, False, "Darowizna", None),
            ("2026-03-02", -3.3, False, "Prowizja", None),
        ]
        result = []
        for sequence, (date, amount, partner, label, virtual) in enumerate(rows, 1):
            vals = {
                "sequence": sequence,
                "date": date,
                "amount": amount,
                "payment_ref": label,
                "partner_name": (partner.name.upper() if partner else "NIEZNANY"),
                "account_number": f"PL27114020040000300201355{sequence:03d}",
                "ref": f"REF{sequence}",
                "unique_import_id": f"fast-test-{sequence}",
                "raw_data": f"raw {sequence}",
                "transaction_details": {"n": sequence},
            }
            if sequence % 3 == 0:
                vals["narration"] = f"Uwagi {sequence}"
            if partner:
                vals["partner_id"] = partner.id
                # as OCA's import sets them from the sender's known account
                vals["partner_bank_id"] = self.banks[partner].id
            if virtual:
                vals["hoa_virtual_account"] = virtual
            result.append(vals)
        return result

    def _statement(self, journal, bulk):
        lines = self._lines()
        for vals in lines:
            vals["unique_import_id"] += journal.code
            vals["journal_id"] = journal.id  # as OCA's import gives it
        return (
            self.env["account.bank.statement"]
            .with_context(hoa_bulk_statement_lines=bulk)
            .create(
                {
                    "name": "Wyciag 3/2026",
                    "journal_id": journal.id,
                    "balance_start": 0.0,
                    "balance_end_real": sum(v["amount"] for v in lines),
                    "line_ids": [Command.create(vals) for vals in lines],
                }
            )
        )

    def _row(self, table, record_id, skip):
        self.env.cr.execute(f"SELECT * FROM {table} WHERE id = %s", (record_id,))  # noqa: S608
        row = {k: v for k, v in self.env.cr.dictfetchone().items() if k not in skip}
        if row.get("unique_import_id"):  # made unique per journal by _statement
            row["unique_import_id"] = row["unique_import_id"][:-4]
        return row

    def _items(self, st_line):
        journal = st_line.journal_id
        self.env.cr.execute(
            "SELECT * FROM account_move_line WHERE move_id = %s ORDER BY balance",
            (st_line.move_id.id,),
        )
        rows = []
        for row in self.env.cr.dictfetchall():
            self.assertEqual(row["statement_line_id"], st_line.id)
            self.assertEqual(row["statement_id"], st_line.statement_id.id)
            row = {k: v for k, v in row.items() if k not in SKIP_ITEM}
            row["account_id"] = (
                "liquidity"
                if row["account_id"] == journal.default_account_id.id
                else row["account_id"]
            )
            rows.append(row)
        return rows

    def _messages(self, st_line):
        """The entry's chatter: messages (type, subtype, author, body) and
        followers (partner, subtypes)."""
        self.env.cr.execute(
            "SELECT message_type, subtype_id, author_id, body FROM mail_message "
            "WHERE model = 'account.move' AND res_id = %s ORDER BY id",
            (st_line.move_id.id,),
        )
        messages = self.env.cr.fetchall()
        self.env.cr.execute(
            """
            SELECT f.partner_id, array_agg(r.mail_message_subtype_id ORDER BY 1)
              FROM mail_followers f
              LEFT JOIN mail_followers_mail_message_subtype_rel r
                ON r.mail_followers_id = f.id
             WHERE f.res_model = 'account.move' AND f.res_id = %s
             GROUP BY f.partner_id ORDER BY f.partner_id
            """,
            (st_line.move_id.id,),
        )
        return messages, self.env.cr.fetchall()

    def test_inserted_lines_equal_orm_lines(self):
        inserted = []
        original = AccountBankStatement._hoa_write_lines

        def spy(statement, plan):
            inserted.extend(line["id"] for _move, line, *_rest in plan)
            return original(statement, plan)

        orm = self._statement(self.journal_orm, False)
        with patch.object(AccountBankStatement, "_hoa_write_lines", spy):
            fast = self._statement(self.journal_fast, True)
        self.env.flush_all()
        # 4 templates: (2 March, in, partner), (2 March, in, none), (2 March, out,
        # none), (3 March, in, partner); the 5 others inserted
        self.assertEqual(len(inserted), 5)
        self.assertEqual(len(fast.line_ids), 9)
        self.assertEqual(
            self._row("account_bank_statement", fast.id, SKIP_STATEMENT),
            self._row("account_bank_statement", orm.id, SKIP_STATEMENT),
        )
        self.assertTrue(fast.is_complete)
        self.assertEqual(fast.first_line_index[:18], orm.first_line_index[:18])
        orm_lines = orm.line_ids.sorted("sequence")
        fast_lines = fast.line_ids.sorted("sequence")
        for orm_line, fast_line in zip(orm_lines, fast_lines, strict=True):
            label = f"line {fast_line.sequence}"
            self.assertEqual(
                self._row("account_bank_statement_line", fast_line.id, SKIP_LINE),
                self._row("account_bank_statement_line", orm_line.id, SKIP_LINE),
                label,
            )
            self.assertEqual(
                fast_line.internal_index,
                f"{orm_line.internal_index[:18]}{fast_line.id:0>10}",
            )
            self.assertEqual(
                self._row("account_move", fast_line.move_id.id, SKIP_MOVE),
                self._row("account_move", orm_line.move_id.id, SKIP_MOVE),
                label,
            )
            self.assertEqual(self._items(fast_line), self._items(orm_line), label)
            self.assertEqual(self._messages(fast_line), self._messages(orm_line))
            self.assertEqual(fast_line.move_id.statement_line_id, fast_line)
        # numbers: each entry its own, in the journal's sequence, none skipped
        self.assertEqual(
            sorted(fast_lines.move_id.mapped("sequence_number")), list(range(1, 10))
        )
        self.assertEqual(
            sorted(fast_lines.move_id.mapped("name")),
            sorted(
                name.replace("BORM", "BBLK")
                for name in orm_lines.move_id.mapped("name")
            ),
        )
        # the ORM reads them as its own: balances, residuals, running balance
        self.assertEqual(
            fast_lines.mapped("running_balance"), orm_lines.mapped("running_balance")
        )
        self.assertEqual(
            fast_lines.mapped("amount_residual"), orm_lines.mapped("amount_residual")
        )
        # the next line entered by hand takes the next number
        extra = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.journal_fast.id,
                "date": "2026-03-03",
                "amount": 5.0,
                "payment_ref": "next",
            }
        )
        self.assertEqual(extra.move_id.sequence_number, 10)
        self.assertEqual(fast_lines.journal_id, self.journal_fast)
        self.assertEqual(fast_lines.move_id.journal_id, self.journal_fast)

    def test_inserted_lines_can_be_matched_and_reconciled(self):
        """A line inserted in bulk pays an invoice like one the ORM created."""
        run = self._run("2026-03-01")
        invoice = run.move_ids.filtered(lambda m: m.hoa_unit_id == self.unit)[:1]
        self.assertTrue(invoice)
        lines = [
            {
                "sequence": 1,
                "date": "2026-03-10",
                "amount": 1.0,
                "payment_ref": "template",
            },
            {
                "sequence": 2,
                "date": "2026-03-10",
                "amount": invoice.amount_total,
                "payment_ref": invoice.name,
            },
        ]
        statement = (
            self.env["account.bank.statement"]
            .with_context(hoa_bulk_statement_lines=True)
            .create(
                {
                    "journal_id": self.journal_fast.id,
                    "line_ids": [Command.create(vals) for vals in lines],
                }
            )
        )
        paying = statement.line_ids.filtered(lambda line: line.sequence == 2)
        paying._hoa_match()
        self.assertEqual(paying.hoa_unit_id, self.unit)
        self.assertTrue(paying.is_reconciled)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

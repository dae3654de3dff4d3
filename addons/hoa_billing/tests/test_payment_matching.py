from unittest.mock import patch

from odoo.tests import tagged

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestPaymentMatching(HoaBillingCase):
    """Flat 1 is billed 809.00 a month, flat 2 737.00 (September and October)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.community.id)], limit=1
        )
        cls._bill("2026-09-01")
        cls._bill("2026-10-01")

    @classmethod
    def _bill(cls, month):
        cls.env["hoa.billing.run"].create(
            {"company_id": cls.community.id, "period_date": month}
        ).action_start()

    def _pay(self, amount, unit=None, title="Opłata", date="2026-10-20"):
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": date,
                "amount": amount,
                "payment_ref": title,
                "hoa_virtual_account": unit.virtual_account if unit else False,
            }
        )
        line._hoa_match()
        return line

    def _residuals(self, unit):
        return [
            move.amount_residual
            for move in self._invoices(unit)
            .filtered("hoa_billing_run_id")
            .sorted("hoa_period_date")
        ]

    def test_virtual_account_pays_oldest_first(self):
        line = self._pay(1000.0, self.unit)
        self.assertEqual(line.hoa_unit_id, self.unit)
        self.assertEqual(line.hoa_match_method, "virtual_account")
        self.assertTrue(line.is_reconciled)
        # September's 809.00 paid, 191.00 of October's
        self.assertEqual(self._residuals(self.unit), [0.0, 618.0])
        # flat 2's charges are untouched
        self.assertEqual(self._residuals(self.unit_2), [737.0, 737.0])
        self.assertEqual(
            line.move_id.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable"
            ).partner_id,
            self.anna,
        )

    def test_overpayment_is_kept_and_settles_the_next_charges(self):
        self._pay(2000.0, self.unit)
        self.assertEqual(self._residuals(self.unit), [0.0, 0.0])
        credit = self.env["account.move.line"].search(
            [
                ("hoa_unit_id", "=", self.unit.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("amount_residual", "<", 0),
            ]
        )
        self.assertEqual(credit.amount_residual, -382.0)  # 2,000 - 2 × 809
        self._bill("2026-11-01")
        self.assertEqual(self._residuals(self.unit), [0.0, 0.0, 427.0])  # 809 - 382

    def test_payment_to_a_unit_without_debt_never_reaches_another(self):
        self._pay(1618.0, self.unit)
        line = self._pay(100.0, self.unit, date="2026-10-21")
        self.assertEqual(line.hoa_unit_id, self.unit)
        self.assertEqual(self._residuals(self.unit_2), [737.0, 737.0])

    def test_reference_in_the_title(self):
        october = self._invoices(self.unit_2).sorted("hoa_period_date")[-1]
        line = self._pay(737.0, title=f"Zapłata {october.name} dziękuję")
        self.assertEqual(line.hoa_unit_id, self.unit_2)
        self.assertEqual(line.hoa_match_method, "reference")
        self.assertEqual(self._residuals(self.unit_2), [0.0, 737.0])  # oldest first
        by_name = self._pay(100.0, title=f"czynsz {self.unit.display_name} 10/2026")
        self.assertEqual(by_name.hoa_unit_id, self.unit)

    def test_unknown_payment_waits_with_hints(self):
        line = self._pay(737.0, title="przelew")
        self.assertEqual(line.hoa_match_state, "unmatched")
        self.assertFalse(line.is_reconciled)
        self.assertIn(self.unit_2.display_name, line.hoa_match_note)
        self.assertEqual(self._residuals(self.unit_2), [737.0, 737.0])

    def test_interest_notes_first_or_last(self):
        receivable = self._invoices(self.unit)[:1].line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        note = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.anna.id,
                "invoice_date": "2026-10-15",
                "invoice_date_due": "2026-10-29",
                "hoa_unit_id": self.unit.id,
                "hoa_is_interest_note": True,
                "invoice_line_ids": [
                    (0, 0, {"name": "Interest", "price_unit": 50.0, "quantity": 1})
                ],
            }
        )
        note.action_post()
        self.assertEqual(note.line_ids.filtered("debit").hoa_unit_id, self.unit)
        self.community.hoa_interest_allocation = "first"
        self._pay(50.0, self.unit)
        self.assertEqual(note.amount_residual, 0.0)
        self.assertEqual(self._residuals(self.unit), [809.0, 809.0])
        self.assertTrue(receivable)

    def test_accountant_matches_by_hand(self):
        line = self._pay(100.0, title="wpłata")
        self.assertEqual(line.hoa_match_state, "unmatched")
        wizard = (
            self.env["hoa.payment.match"]
            .with_context(active_model=line._name, active_id=line.id)
            .create({"unit_id": self.unit_2.id})
        )
        wizard.action_match()
        self.assertEqual(line.hoa_unit_id, self.unit_2)
        self.assertEqual(line.hoa_match_method, "manual")
        self.assertEqual(self._residuals(self.unit_2), [637.0, 737.0])
        with self.assertRefused("already matched"):
            wizard.action_match()
        other_community = self.env["res.company"].create(
            {"name": "WM Inna", "is_hoa_community": True}
        )
        self.env.user.company_ids |= other_community
        other_unit = (
            self.env["hoa.unit"]
            .with_company(other_community)
            .create(
                {
                    "name": "9",
                    "building_id": self.env["hoa.building"]
                    .create({"name": "Inna 9", "company_id": other_community.id})
                    .id,
                }
            )
        )
        second = self._pay(5.0, title="x")
        with self.assertRefused("another community"):
            self.env["hoa.payment.match"].create(
                {"st_line_id": second.id, "unit_id": other_unit.id}
            ).action_match()
        self.assertFalse(second.is_reconciled)

    def test_cash_at_the_office_with_receipt(self):
        cash = self.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", self.community.id)], limit=1
        )
        self.anna.lang = "pl_PL"
        wizard = (
            self.env["hoa.cash.payment"]
            .with_context(active_model="hoa.unit", active_id=self.unit.id)
            .create({"amount": 1234.56})
        )
        self.assertEqual(wizard.partner_id, self.anna)
        self.assertEqual(wizard.journal_id, cash)
        action = wizard.action_register()
        line = (
            self.env["account.bank.statement.line"].browse(
                action["context"]["active_ids"]
            )
            if action.get("context", {}).get("active_ids")
            else self.env["account.bank.statement.line"].search(
                [("journal_id", "=", cash.id)], order="id desc", limit=1
            )
        )
        self.assertEqual(line.hoa_unit_id, self.unit)
        self.assertEqual(self._residuals(self.unit), [0.0, 383.44])  # 1618 - 1234.56
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("hoa_billing.report_hoa_cash_receipt", line.ids)[0]
            .decode()
        )
        # Anna reads Polish: the amount in words
        self.assertIn("tysiąc dwieście trzydzieści cztery złote 56/100", html)
        with self.assertRefused("positive number"):
            self.env["hoa.cash.payment"].create(
                {"unit_id": self.unit.id, "journal_id": cash.id, "amount": -5}
            ).action_register()

    def test_bulk_counterparts_equal_orm_ones(self):
        """The suspense lines set in bulk equal those the ORM writes."""
        orm = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": "2026-10-20",
                "amount": 500.0,
                "payment_ref": "ORM",
                "hoa_virtual_account": self.unit_2.virtual_account,
            }
        )
        self.env["hoa.payment.matcher"].with_context(hoa_matching_orm_only=True)._match(
            orm
        )
        self.unit.kind = "commercial"  # the flag the bulk update sets by itself
        bulk = self._pay(500.0, self.unit)
        for st_line, unit, commercial in (
            (orm, self.unit_2, False),
            (bulk, self.unit, True),
        ):
            self.assertEqual(
                (
                    st_line.hoa_unit_id,
                    st_line.hoa_match_state,
                    st_line.hoa_match_method,
                    st_line.hoa_match_note,
                    st_line.hoa_is_commercial,
                ),
                (unit, "matched", "virtual_account", False, commercial),
            )
        self.assertEqual(self._residuals(self.unit), [309.0, 809.0])
        self.assertEqual(self._residuals(self.unit_2), [237.0, 737.0])
        # the invoices paid in bulk (without Odoo's invoice sync) read as paid
        # in part, their receivable open for the rest, as the ORM's
        for unit, residual in ((self.unit, 309.0), (self.unit_2, 237.0)):
            invoice = self._invoices(unit).sorted("hoa_period_date")[0]
            receivable = invoice.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            self.assertEqual(invoice.payment_state, "partial")
            self.assertEqual(receivable.amount_residual, residual)
            self.assertFalse(receivable.reconciled)
            self.assertEqual(len(receivable.matched_credit_ids), 1)
        differ = {
            "id",
            "move_id",
            "move_name",
            "name",
            "partner_id",
            "hoa_unit_id",
            "create_date",
            "write_date",
            "statement_line_id",
            "matching_number",
            "ref",
            "sequence",
        }
        self.env.flush_all()

        def rows(st_line):
            self.env.cr.execute(
                "SELECT * FROM account_move_line WHERE move_id = %s ORDER BY balance",
                (st_line.move_id.id,),
            )
            return [
                {k: v for k, v in row.items() if k not in differ}
                for row in self.env.cr.dictfetchall()
            ]

        for bulk_row, orm_row in zip(rows(bulk), rows(orm), strict=True):
            self.assertEqual(bulk_row, orm_row)

    # ------------------------------------------------ bulk reconciliation = Odoo's
    def _snapshot(self, st_lines):
        """Everything a reconciliation writes, ids replaced by their order: the
        journal items of the invoices and payments, the partial and full
        reconciliations, the invoices' and statement lines' states."""
        self.env.flush_all()
        cr = self.env.cr
        invoices = self._invoices(self.unit).sorted("hoa_period_date")
        moves = invoices.ids + st_lines.sorted("sequence").move_id.ids
        cr.execute(
            "SELECT * FROM account_move_line WHERE move_id = ANY(%s) "
            "ORDER BY array_position(%s, move_id), balance, id",
            (moves, moves),
        )
        items = cr.dictfetchall()
        line_key = {}
        for item in items:
            move_index = moves.index(item["move_id"])
            line_key[item["id"]] = (
                move_index,
                sum(1 for key in line_key.values() if key[0] == move_index),
            )
        cr.execute(
            "SELECT * FROM account_partial_reconcile "
            "WHERE debit_move_id = ANY(%s) OR credit_move_id = ANY(%s) ORDER BY id",
            (list(line_key), list(line_key)),
        )
        partials = cr.dictfetchall()
        partial_key = {p["id"]: index for index, p in enumerate(partials)}
        fulls = sorted({p["full_reconcile_id"] for p in partials} - {None})
        full_key = {full_id: index for index, full_id in enumerate(fulls)}

        def number(value):
            if not value:
                return value
            if value.startswith("P"):
                return f"P{partial_key[int(value[1:])]}"
            return f"F{full_key[int(value)]}"

        skip = {"id", "create_date", "write_date", "name", "move_name", "ref"}
        snapshot_items = [
            {
                **{k: v for k, v in item.items() if k not in skip},
                "move_id": moves.index(item["move_id"]),
                "statement_line_id": bool(item["statement_line_id"]),
                "full_reconcile_id": full_key.get(item["full_reconcile_id"]),
                "matching_number": number(item["matching_number"]),
            }
            for item in items
        ]
        snapshot_partials = [
            {
                **{k: v for k, v in p.items() if k not in skip},
                "debit_move_id": line_key[p["debit_move_id"]],
                "credit_move_id": line_key[p["credit_move_id"]],
                "full_reconcile_id": full_key.get(p["full_reconcile_id"]),
            }
            for p in partials
        ]
        cr.execute(
            "SELECT * FROM account_move WHERE id = ANY(%s) "
            "ORDER BY array_position(%s, id)",
            (moves, moves),
        )
        skip_move = skip | {"sequence_number", "statement_line_id"}
        snapshot_moves = [
            {k: v for k, v in row.items() if k not in skip_move}
            for row in cr.dictfetchall()
        ]
        states = [
            (line.is_reconciled, line.amount_residual, line.hoa_match_state)
            for line in st_lines.sorted("sequence")
        ]
        return snapshot_items, snapshot_partials, snapshot_moves, states

    def _two_payments(self, orm):
        """1,000.00 (September paid, 191.00 of October) and 200.00 (October again:
        418.00 left) in one matching, plus 900.00 paid to flat 1 the same day
        after it: October's 418.00 and 482.00 of credit."""
        Line = self.env["account.bank.statement.line"]
        st_lines = Line.create(
            [
                {
                    "journal_id": self.bank.id,
                    "date": "2026-10-20",
                    "sequence": sequence,
                    "amount": amount,
                    "payment_ref": f"Opłata {sequence}",
                    "hoa_virtual_account": self.unit.virtual_account,
                }
                for sequence, amount in ((1, 1000.0), (2, 200.0))
            ]
        )
        matcher = self.env["hoa.payment.matcher"].with_context(
            hoa_matching_orm_only=orm
        )
        matcher._match(st_lines)
        self.assertEqual(self._residuals(self.unit), [0.0, 418.0])
        third = Line.create(
            {
                "journal_id": self.bank.id,
                "date": "2026-10-21",
                "sequence": 3,
                "amount": 900.0,
                "payment_ref": "Opłata 3",
                "hoa_virtual_account": self.unit.virtual_account,
            }
        )
        matcher._match(third)
        self.assertEqual(self._residuals(self.unit), [0.0, 0.0])
        return st_lines | third

    def test_bulk_reconciliation_equals_odoos(self):
        """Paid in bulk or by Odoo's reconciliation: the same journal items,
        partial and full reconciliations, matching numbers and states."""
        self.maxDiff = None
        with self.env.cr.savepoint(flush=True) as savepoint:
            orm = self._snapshot(self._two_payments(orm=True))
            savepoint.rollback()
            self.env.invalidate_all()
        Matcher = type(self.env["hoa.payment.matcher"])
        written = []
        original = Matcher._bulk_write

        def spy(matcher, partials, groups, residual):
            written.append(len(partials))
            return original(matcher, partials, groups, residual)

        with patch.object(Matcher, "_bulk_write", spy):
            bulk_lines = self._two_payments(orm=False)
        # the first matching's three pairs in bulk; October, then paid in part,
        # goes through Odoo's reconciliation
        self.assertEqual(written, [3])
        bulk = self._snapshot(bulk_lines)
        self.assertEqual(bulk[3], orm[3])
        self.assertEqual(bulk[2], orm[2])
        self.assertEqual(bulk[1], orm[1])
        self.assertEqual(len(bulk[0]), len(orm[0]))
        for bulk_item, orm_item in zip(bulk[0], orm[0], strict=True):
            self.assertEqual(bulk_item, orm_item)
        # September: one payment; October: three; both fully reconciled
        self.assertEqual(len(orm[1]), 4)
        self.assertEqual([p["full_reconcile_id"] for p in orm[1]], [0, 1, 1, 1])

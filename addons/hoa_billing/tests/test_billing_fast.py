from odoo.tests import tagged

from .common import HoaBillingCase

# Differ by construction between two invoices (identity, number, timestamps).
SKIP_MOVE = {"id", "name", "sequence_number", "create_date", "write_date"}
SKIP_LINE = {"id", "move_id", "move_name", "create_date", "write_date"}


@tagged("post_install", "-at_install")
class TestBillingFastPath(HoaBillingCase):
    """Invoices inserted in bulk equal those the ORM makes, column by column."""

    def _rows(self, move):
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT * FROM account_move WHERE id = %s", (move.id,))
        head = {k: v for k, v in cr.dictfetchone().items() if k not in SKIP_MOVE}
        cr.execute(
            "SELECT * FROM account_move_line WHERE move_id = %s "
            "ORDER BY display_type, name, balance",
            (move.id,),
        )
        lines = [
            {k: v for k, v in row.items() if k not in SKIP_LINE}
            for row in cr.dictfetchall()
        ]
        cr.execute(
            "SELECT partner_id FROM mail_followers "
            "WHERE res_model = 'account.move' AND res_id = %s",
            (move.id,),
        )
        return head, lines, sorted(cr.fetchall())

    def test_inserted_invoices_equal_orm_invoices(self):
        mops = self.env["res.partner"].create({"name": "MOPS", "is_company": True})
        self.unit.charge_ids.filtered(lambda c: c.charge_type_id == self.waste).write(
            {
                "discount_type": "percent",
                "discount_value": 25,
                "subsidy_partner_id": mops.id,
            }
        )
        run = self._run("2026-10-01")
        self.assertEqual(run.move_count, 3)
        template, *inserted = run.move_ids.sorted("id")
        self.assertTrue(inserted)
        for move in inserted:
            lines = run.line_ids.filtered(lambda line, m=move: line.move_id == m)
            vals = run._prepare_move_vals(
                move.hoa_unit_id,
                move.partner_id,
                move.hoa_period_date,
                lines,
                1,
                False,
                move.journal_id,
                move.invoice_date,
            )
            orm = self.env["account.move"].create(vals)
            orm._post(soft=False)
            inserted_rows, orm_rows = self._rows(move), self._rows(orm)
            self.assertEqual(inserted_rows[0], orm_rows[0])
            self.assertEqual(len(inserted_rows[1]), len(orm_rows[1]))
            for inserted_line, orm_line in zip(
                inserted_rows[1], orm_rows[1], strict=True
            ):
                differences = {
                    key: (value, orm_line.get(key))
                    for key, value in inserted_line.items()
                    if orm_line.get(key) != value
                }
                self.assertFalse(differences, inserted_line["name"])
            self.assertEqual(inserted_rows[2], orm_rows[2])
        # the ORM view of the inserted invoices agrees too
        for move in inserted:
            self.assertEqual(move.payment_state, "not_paid")
            self.assertEqual(move.amount_residual, move.amount_total)
            self.assertEqual(
                move.line_ids.filtered(
                    lambda line: line.account_id.account_type == "asset_receivable"
                ).amount_residual,
                move.amount_total,
            )
        names = run.move_ids.mapped("name")
        self.assertEqual(len(set(names)), len(names))  # no number given twice
        # and they can be paid like any other invoice
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=inserted[0].ids)
            .create({})
            ._create_payments()
        )
        self.assertTrue(payment)
        self.assertIn(inserted[0].payment_state, ("in_payment", "paid"))
        self.assertEqual(inserted[0].amount_residual, 0.0)

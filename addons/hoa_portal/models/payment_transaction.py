from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    hoa_unit_id = fields.Many2one(
        "hoa.unit",
        string="Unit",
        index="btree_not_null",
        readonly=True,
        help="The unit whose charges a resident paid online from the portal.",
    )

    def _create_payment(self, **extra_create_values):
        """The payment of a unit's charges carries the unit and settles its open
        charges at once, in the community's order (hoa.payment.matcher)."""
        payment = super()._create_payment(**extra_create_values)
        if self.hoa_unit_id and payment.state != "draft":
            self._hoa_reconcile_unit_payment(payment)
        return payment

    def _hoa_reconcile_unit_payment(self, payment):
        self.ensure_one()
        unit = self.hoa_unit_id
        company = unit.company_id
        move = payment.move_id
        move.with_context(skip_account_move_synchronization=True).write(
            {"hoa_unit_id": unit.id}
        )
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
        )
        receivable.with_context(skip_account_move_synchronization=True).write(
            {"hoa_unit_id": unit.id}
        )
        matcher = self.env["hoa.payment.matcher"]
        open_lines = matcher._open_lines(company, unit).get(unit.id, [])
        for credit_line in receivable.filtered(lambda line: line.balance < 0):
            for open_line in open_lines:
                if credit_line.reconciled:
                    break
                if (
                    open_line.reconciled
                    or open_line.account_id != credit_line.account_id
                ):
                    continue
                matcher._reconcile_pairs([credit_line | open_line])

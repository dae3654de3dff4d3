"""What a resident sees of his units' finances on the portal: the balance, the
month's charges by component, the next due date, the documents and the payments.

Units are the ones the resident can read (hoa_base's portal rule: a current
ownership); their receivable lines are read with sudo, as hoa_billing's documents
do, a few grouped queries for all the units at once (benchmarks/portal_load.py)."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.hoa_billing.models.hoa_unit import format_account

DOCUMENT_TYPES = ("out_invoice", "out_refund")


class HoaPortalFinance(models.AbstractModel):
    _name = "hoa.portal.finance"
    _description = "Finances of Units on the Portal"

    @api.model
    def _unit_payers(self, units, date):
        """{unit id: payer partner} on ``date``, read with sudo (the resident may
        read only his own ownership)."""
        return {unit.id: unit._get_payer(date) for unit in units.sudo()}

    @api.model
    def _balances(self, units, payers):
        """{unit id: open amount of the unit's receivable lines of its payer}
        (positive: due, negative: overpaid); all lines if the unit has no payer."""
        Line = self.env["account.move.line"].sudo()
        groups = Line._read_group(
            units._hoa_receivable_domain() + [("reconciled", "=", False)],
            ["hoa_unit_id", "partner_id"],
            ["amount_residual:sum"],
        )
        balances = defaultdict(float)
        for unit, partner, amount in groups:
            payer = payers.get(unit.id)
            if not payer or partner == payer:
                balances[unit.id] += amount
        return balances

    @api.model
    def _month_charges(self, units, month):
        """{unit id: (billed month, [(charge name, amount)], total)} of the
        invoices and credit notes of ``month``, else of the unit's latest billed
        month before it."""
        Line = self.env["account.move.line"].sudo()
        base = [
            ("hoa_unit_id", "in", units.ids),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", DOCUMENT_TYPES),
            ("move_id.hoa_is_interest_note", "=", False),
        ]
        latest = {
            unit.id: period
            for unit, period in self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("hoa_unit_id", "in", units.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", DOCUMENT_TYPES),
                    ("hoa_period_date", "<=", month),
                ],
                ["hoa_unit_id"],
                ["hoa_period_date:max"],
            )
        }
        result = {}
        periods = set(latest.values())
        if not periods:
            return result
        groups = Line._read_group(
            base
            + [
                ("move_id.hoa_period_date", "in", list(periods)),
                ("display_type", "=", "product"),
            ],
            ["hoa_unit_id", "move_id", "hoa_charge_type_id"],
            ["balance:sum"],
        )
        charges = defaultdict(lambda: defaultdict(float))
        for unit, move, charge_type, balance in groups:
            if move.hoa_period_date != latest.get(unit.id):
                continue
            charges[unit.id][charge_type.name or move.name] -= balance
        for unit in units:
            if unit.id not in latest:
                continue
            currency = unit.company_id.currency_id
            lines = [
                (name, currency.round(amount))
                for name, amount in sorted(charges[unit.id].items())
            ]
            result[unit.id] = (
                latest[unit.id],
                lines,
                currency.round(sum(amount for __, amount in lines)),
            )
        return result

    @api.model
    def _next_due(self, units, today):
        """{unit id: due date of the oldest open charge}; when nothing is open,
        the community's next payment day."""
        Line = self.env["account.move.line"].sudo()
        groups = Line._read_group(
            units._hoa_receivable_domain()
            + [("reconciled", "=", False), ("amount_residual", ">", 0)],
            ["hoa_unit_id"],
            ["date_maturity:min"],
        )
        oldest = {unit.id: date for unit, date in groups}
        result = {}
        for unit in units:
            if oldest.get(unit.id):
                result[unit.id] = oldest[unit.id]
                continue
            day = min(max(unit.company_id.hoa_payment_due_day or 10, 1), 28)
            due = today.replace(day=day)
            result[unit.id] = due if due >= today else due + relativedelta(months=1)
        return result

    @api.model
    def _dashboard(self, units):
        """One dict per unit for the resident's dashboard (/my/units)."""
        today = fields.Date.context_today(self)
        month = today.replace(day=1)
        payers = self._unit_payers(units, today)
        balances = self._balances(units, payers)
        charges = self._month_charges(units, month)
        next_due = self._next_due(units, today)
        overdue = units._hoa_overdue_debt(today)
        result = []
        for unit in units:
            currency = unit.company_id.currency_id
            balance = currency.round(balances.get(unit.id, 0.0))
            period, lines, total = charges.get(unit.id, (False, [], 0.0))
            result.append(
                {
                    "unit": unit,
                    "company": unit.company_id,
                    "currency": currency,
                    "balance": balance,
                    "amount_due": max(balance, 0.0),
                    "is_overpaid": currency.compare_amounts(balance, 0.0) < 0,
                    "overdue": overdue.get(unit.id, {}).get("amount", 0.0),
                    "oldest_due": overdue.get(unit.id, {}).get("oldest_due"),
                    "period": period,
                    "is_current_month": period == month,
                    "charges": lines,
                    "charges_total": total,
                    "next_due": next_due.get(unit.id),
                    "account": format_account(unit.virtual_account),
                    "payer": payers.get(unit.id),
                }
            )
        return result

    @api.model
    def _payments(self, unit, partners, limit=24):
        """The money ``partners`` paid for ``unit``: its receivable lines of bank
        statement lines and payments, newest first, as plain values."""
        Line = self.env["account.move.line"].sudo()
        lines = Line.search(
            unit._hoa_receivable_domain()
            + [
                ("partner_id", "in", partners.ids),
                ("credit", ">", 0),
                ("move_id.move_type", "=", "entry"),
                "|",
                ("move_id.statement_line_id", "!=", False),
                ("move_id.origin_payment_id", "!=", False),
            ],
            order="date desc, id desc",
            limit=limit,
        )
        by_move = defaultdict(float)
        dates = {}
        refs = {}
        for line in lines:
            move = line.move_id
            by_move[move.id] += line.credit
            dates[move.id] = line.date
            refs[move.id] = (
                move.statement_line_id.payment_ref
                or move.origin_payment_id.memo
                or line.name
                or move.name
            )
        return [
            {
                "date": dates[move_id],
                "reference": refs[move_id],
                "amount": unit.company_id.currency_id.round(amount),
                "online": bool(
                    Line.env["account.move"].browse(move_id).origin_payment_id
                ),
            }
            for move_id, amount in by_move.items()
        ]

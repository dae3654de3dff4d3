from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import float_compare, formatLang


class HoaUnit(models.Model):
    _inherit = "hoa.unit"

    charge_ids = fields.One2many("hoa.unit.charge", "unit_id", string="Charges")
    invoice_ids = fields.One2many("account.move", "hoa_unit_id", string="Invoices")
    invoice_count = fields.Integer(
        compute="_compute_invoice_count", groups="hoa_base.group_hoa_accountant"
    )

    def _compute_invoice_count(self):
        groups = self.env["account.move"]._read_group(
            [("hoa_unit_id", "in", self.ids), ("state", "=", "posted")],
            ["hoa_unit_id"],
            ["__count"],
        )
        counts = {unit.id: count for unit, count in groups}
        for unit in self:
            unit.invoice_count = counts.get(unit.id, 0)

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("hoa_unit_id", "=", self.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        action["context"] = {"create": False}
        return action

    def _hoa_charge_notice_data(self, month):
        """The monthly charges of each unit from ``month`` and in the month before:
        {unit id: {payer, lines: [{charge, basis, quantity, rate, before, amount}],
        total, total_before, changed}} (lines of the payer on the first day)."""
        engine = self.env["hoa.billing.engine"]
        result = {}
        previous = month - relativedelta(months=1)
        for company, units in self.grouped("company_id").items():
            now_lines, _errors = engine._compute(units, month)
            before_lines, _errors = engine._compute(units, previous)
            by_unit = defaultdict(lambda: defaultdict(dict))
            for when, lines in (("amount", now_lines), ("before", before_lines)):
                for line in lines:
                    entry = by_unit[line["unit_id"]][
                        (line["charge_type_id"], line["kind"])
                    ]
                    entry[when] = entry.get(when, 0.0) + line["amount"]
                    if when == "amount" or "quantity" not in entry:
                        entry.update(quantity=line["quantity"], rate=line["rate"])
            currency = company.currency_id
            for unit in units:
                payer = unit._get_payer(month)
                lines = []
                for (charge_type_id, kind), entry in by_unit[unit.id].items():
                    charge_type = self.env["hoa.charge.type"].browse(charge_type_id)
                    lines.append(
                        {
                            "charge": charge_type.name,
                            "kind": kind,
                            "basis": dict(
                                charge_type._fields["basis"]._description_selection(
                                    self.env
                                )
                            )[charge_type.basis],
                            "quantity": entry["quantity"],
                            "rate": entry["rate"],
                            "quantity_text": self._hoa_number(entry["quantity"], 0),
                            "rate_text": self._hoa_number(entry["rate"], 2),
                            "amount": currency.round(entry.get("amount", 0.0)),
                            "before": currency.round(entry.get("before", 0.0)),
                        }
                    )
                total = currency.round(sum(line["amount"] for line in lines))
                total_before = currency.round(sum(line["before"] for line in lines))
                result[unit.id] = {
                    "payer": payer,
                    "lines": lines,
                    "total": total,
                    "total_before": total_before,
                    "changed": any(
                        float_compare(
                            line["amount"],
                            line["before"],
                            precision_rounding=currency.rounding,
                        )
                        for line in lines
                    ),
                    "month": month,
                    "due_day": company.hoa_payment_due_day,
                    "currency": currency,
                }
        return result

    def _hoa_number(self, value, min_digits):
        """``value`` in the user's language with 2 to 4 decimals, as needed."""
        digits = 4
        while (
            digits > min_digits
            and float_compare(value, round(value, digits - 1), precision_digits=6) == 0
        ):
            digits -= 1
        return formatLang(self.env, value, digits=digits)

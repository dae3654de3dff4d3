"""Billing on the unit: its charges and invoices, the notice of charges, and what
its payer receives on paper: the payment form of a month and the
statement of account. Both read the receivable lines of the unit in the books:
account.move.line with hoa_unit_id, an asset_receivable account, posted.

The office's community managers print them without being accountants: the lines are
read with sudo, only for units the user can read, and handed to the documents as
plain values."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date, formatLang, get_lang

from .hoa_payment_code import amount_in_words


def first_of_month(date):
    return fields.Date.to_date(date).replace(day=1)


def format_account(iban):
    """An IBAN in groups of four; Polish ones as the domestic 26 digits (NRB)."""
    iban = "".join((iban or "").split()).upper()
    if iban.startswith("PL") and len(iban) == 28:
        number = iban[2:]
        return " ".join([number[:2]] + [number[i : i + 4] for i in range(2, 26, 4)])
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


class HoaUnit(models.Model):
    _inherit = "hoa.unit"

    charge_ids = fields.One2many("hoa.unit.charge", "unit_id", string="Charges")
    invoice_ids = fields.One2many("account.move", "hoa_unit_id", string="Invoices")
    invoice_count = fields.Integer(
        compute="_compute_invoice_count", groups="hoa_base.group_hoa_accountant"
    )
    # reminders, instalment agreements and claims (hoa_dunning_letter.py ...)
    dunning_letter_ids = fields.One2many(
        "hoa.dunning.letter",
        "unit_id",
        string="Reminders",
        groups="hoa_base.group_hoa_manager",
    )
    dunning_letter_count = fields.Integer(
        compute="_compute_debt_collection_counts",
        groups="hoa_base.group_hoa_manager",
    )
    debt_plan_count = fields.Integer(
        compute="_compute_debt_collection_counts",
        groups="hoa_base.group_hoa_manager",
    )
    claim_count = fields.Integer(
        compute="_compute_debt_collection_counts",
        groups="hoa_base.group_hoa_manager",
    )

    def _compute_debt_collection_counts(self):
        counts = {}
        for model, field in (
            ("hoa.dunning.letter", "dunning_letter_count"),
            ("hoa.debt.plan", "debt_plan_count"),
            ("hoa.claim", "claim_count"),
        ):
            groups = self.env[model]._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["__count"]
            )
            counts[field] = {unit.id: count for unit, count in groups}
        for unit in self:
            for field, by_unit in counts.items():
                unit[field] = by_unit.get(unit.id, 0)

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
                    "account": format_account(unit.virtual_account),
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

    # Actions ------------------------------------------------------------------------
    def action_hoa_payment_form_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_payment_form_wizard_action"
        )
        action["context"] = {
            "default_company_id": self[:1].company_id.id or self.env.company.id,
            "default_unit_ids": self.ids,
        }
        return action

    def action_hoa_statement_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_unit_statement_wizard_action"
        )
        action["context"] = {"default_unit_id": self.id}
        return action

    # Business methods ---------------------------------------------------------------
    def _hoa_receivable_domain(self):
        """Posted receivable lines of these units."""
        return [
            ("hoa_unit_id", "in", self.ids),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
        ]

    def _hoa_document_lang(self, partner=None):
        """Language of a unit's documents: the payer's, else the community's."""
        self.ensure_one()
        installed = dict(self.env["res.lang"].get_installed())
        for lang in (partner and partner.lang, self.company_id.partner_id.lang):
            if lang in installed:
                return lang
        return get_lang(self.env).code

    def _hoa_payment_title(self, period_date, limit=None):
        """Transfer title of the month's charges, in the context's language; cut to
        ``limit`` characters keeping the month (the title of a Polish QR code holds
        32)."""
        self.ensure_one()
        month = format_date(self.env, period_date, date_format="MM/yyyy")
        title = _(
            "Charges for unit %(unit)s — %(month)s",
            unit=self.display_name,
            month=month,
        )
        if limit and len(title) > limit:
            title = f"{self.display_name[: limit - len(month) - 1]} {month}"
        return title

    def _hoa_check_virtual_account(self):
        missing = self.filtered(lambda unit: not unit.virtual_account)
        if missing:
            raise UserError(
                _(
                    "These units have no individual bank account, so their payment "
                    "form cannot be printed: %(units)s. Set the virtual account prefix "
                    "of the community first.",
                    units=", ".join(missing.mapped("display_name")),
                )
            )

    def _hoa_payment_qr(self, amount, period_date):
        """The QR code of a transfer of ``amount`` to this unit's account for the
        month of ``period_date``: a dict with ``standard`` ('zbp', 'epc', 'nbu' or
        False), ``title``, ``payload``, ``png`` (base64) and ``data_uri``; see
        hoa.payment.code._get_qr."""
        self.ensure_one()
        self._hoa_check_virtual_account()
        PaymentCode = self.env["hoa.payment.code"]
        standard = PaymentCode._get_standard(self.company_id)
        title = self._hoa_payment_title(
            first_of_month(period_date), PaymentCode._title_limit(standard)
        )
        return dict(
            PaymentCode._get_qr(self.company_id, self.virtual_account, amount, title),
            title=title,
        )

    def _hoa_payment_form_data(self, period_date):
        """One dict per unit with everything its payment form for the month of
        ``period_date`` shows, in the payer's language:

        ``charges`` [(name, amount)] of the month's invoices and credit notes,
        ``charged`` their total, ``paid`` what is paid and matched to them,
        ``amount_due`` what is left (the QR code's amount; 0 when nothing is
        due), ``earlier_balance`` what is still open from earlier months
        (information only; negative is an overpayment), ``amount_words``,
        ``title``, ``account`` (formatted), ``payer``, ``qr``."""
        self.check_access("read")
        self._hoa_check_virtual_account()
        period = first_of_month(period_date)
        month_end = period + relativedelta(months=1, days=-1)
        Line = self.env["account.move.line"].sudo()
        month_lines_sudo = Line.search(
            self._hoa_receivable_domain() + [("move_id.hoa_period_date", "=", period)],
            order="date, id",
        )
        earlier_lines_sudo = Line.search(
            self._hoa_receivable_domain()
            + [
                ("reconciled", "=", False),
                "|",
                ("move_id.hoa_period_date", "<", period),
                "&",
                ("move_id.hoa_period_date", "=", False),
                ("date", "<", period),
            ]
        )
        product_lines_sudo = Line.search(
            [
                ("move_id", "in", month_lines_sudo.move_id.ids),
                ("display_type", "=", "product"),
            ]
        )
        by_unit = defaultdict(lambda: Line)
        for line in month_lines_sudo:
            by_unit[line.hoa_unit_id.id] |= line
        earlier = defaultdict(float)
        for line in earlier_lines_sudo:
            earlier[line.hoa_unit_id.id] += line.amount_residual
        charges = defaultdict(lambda: defaultdict(float))
        for line in product_lines_sudo:
            name = line.hoa_charge_type_id.name or line.name or _("Other charges")
            charges[line.move_id.hoa_unit_id.id][name] -= line.balance
        result = []
        for unit in self:
            currency = unit.company_id.currency_id
            lines_sudo = by_unit[unit.id]
            payer = lines_sudo.sorted("date")[-1:].partner_id or unit._get_payer(
                month_end
            )
            lang = unit._hoa_document_lang(payer)
            unit_lang = unit.with_context(lang=lang)
            charged = currency.round(sum(lines_sudo.mapped("balance")))
            due = currency.round(sum(lines_sudo.mapped("amount_residual")))
            unit_charges = [
                (name, currency.round(amount))
                for name, amount in charges[unit.id].items()
            ]
            rest = currency.round(charged - sum(amount for __, amount in unit_charges))
            if unit_charges and not currency.is_zero(rest):
                unit_charges.append((_("Taxes and other"), rest))
            amount_due = max(due, 0.0)
            title = unit_lang._hoa_payment_title(period)
            result.append(
                {
                    "unit": unit,
                    "company": unit.company_id,
                    "currency": currency,
                    "lang": lang,
                    "period_date": period,
                    "month": format_date(unit_lang.env, period, date_format="MM/yyyy"),
                    "due_date": lines_sudo.move_id.sorted("invoice_date_due")[
                        :1
                    ].invoice_date_due,
                    "payer": payer.sudo(False),
                    "account": format_account(unit.virtual_account),
                    "charges": unit_charges,
                    "charged": charged,
                    "paid": currency.round(charged - due),
                    "amount_due": amount_due,
                    "earlier_balance": currency.round(earlier[unit.id]),
                    "amount_words": unit_lang._hoa_amount_in_words(
                        amount_due, currency
                    ),
                    "title": title,
                    "qr": unit_lang._hoa_payment_qr(amount_due, period),
                }
            )
        return result

    def _hoa_amount_in_words(self, amount, currency):
        """``amount`` of ``currency`` in words in the context's language: Polish and
        Ukrainian by our own rules, other languages as Odoo writes them."""
        lang = get_lang(self.env).code
        return amount_in_words(amount, currency.name, lang) or (
            currency.with_context(lang=lang).amount_to_text(amount)
        )

    def _hoa_statement_data(self, date_from, date_to):
        """The statement of account of this unit from ``date_from`` to ``date_to``:
        a dict with ``opening`` (balance before date_from), ``lines`` (one dict per
        posted receivable movement: date, document, kind, description, debit,
        credit, balance — the running balance), ``total_debit``, ``total_credit``
        and ``closing``. A positive balance is owed by the unit."""
        self.ensure_one()
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to:
            raise UserError(_("Choose the first and the last day of the statement."))
        if date_from > date_to:
            raise UserError(
                _(
                    "The statement cannot start on %(date_from)s, after its last day "
                    "%(date_to)s.",
                    date_from=format_date(self.env, date_from),
                    date_to=format_date(self.env, date_to),
                )
            )
        self.check_access("read")
        currency = self.company_id.currency_id
        Line = self.env["account.move.line"].sudo()
        domain = self._hoa_receivable_domain() + [
            ("company_id", "=", self.company_id.id)
        ]
        [[opening]] = Line._read_group(
            domain + [("date", "<", date_from)], aggregates=["balance:sum"]
        )
        opening = currency.round(opening or 0.0)
        lines_sudo = Line.search(
            domain + [("date", ">=", date_from), ("date", "<=", date_to)],
            order="date, move_name, id",
        )
        balance = opening
        rows = []
        for line in lines_sudo:
            balance = currency.round(balance + line.balance)
            move = line.move_id
            rows.append(
                {
                    "date": line.date,
                    "document": move.name,
                    "kind": self._hoa_statement_kind(move),
                    "description": line.name
                    or move.payment_reference
                    or move.ref
                    or "",
                    "debit": line.debit,
                    "credit": line.credit,
                    "balance": balance,
                }
            )
        total_debit = currency.round(sum(row["debit"] for row in rows))
        total_credit = currency.round(sum(row["credit"] for row in rows))
        return {
            "unit": self,
            "company": self.company_id,
            "currency": currency,
            "date_from": date_from,
            "date_to": date_to,
            "payer": self._get_payer(date_to),
            "opening": opening,
            "lines": rows,
            "total_debit": total_debit,
            "total_credit": total_credit,
            "closing": currency.round(opening + total_debit - total_credit),
            "debt_plans": self.env["hoa.debt.plan"]._hoa_statement_plans(self, date_to),
        }

    def _hoa_statement_kind(self, move):
        if move.hoa_is_interest_note:
            return _("Interest note")
        if move.move_type == "out_invoice":
            return _("Charges")
        if move.move_type == "out_refund":
            return _("Credit note")
        if move.origin_payment_id or move.statement_line_id:
            return _("Payment")
        return _("Other entry")

    def _hoa_overdue_debt(self, date):
        """The overdue debt of these units on ``date``: {unit id: {amount,
        oldest_due, days_overdue, lines, credit_lines, overdue, credit, currency}}
        for the units that owe something.

        ``lines`` are the open posted receivable lines of the unit due before
        ``date`` (charges, interest notes: ``overdue`` is what is open of them);
        ``credit_lines`` the payments and credit notes dated by ``date`` not yet
        settled against a charge (``credit``). They pay the oldest lines first:
        ``amount`` = overdue - credit, ``oldest_due`` is the due date of the oldest
        line they do not cover and ``days_overdue`` counts from it. What is open is
        read as the books stand now. The same debt is listed by hoa.debtor for
        today."""
        date = fields.Date.to_date(date)
        self.check_access("read")
        Line = self.env["account.move.line"].sudo()
        lines_sudo = Line.search(
            self._hoa_receivable_domain()
            + [("reconciled", "=", False), ("date", "<=", date)],
            order="date_maturity, date, id",
        )
        by_unit = lines_sudo.grouped("hoa_unit_id")
        result = {}
        for unit in self:
            currency = unit.company_id.currency_id
            unit_lines = by_unit.get(unit, Line)
            overdue_lines = unit_lines.filtered(
                lambda line, currency=currency: currency.compare_amounts(
                    line.amount_residual, 0.0
                )
                > 0
                and (line.date_maturity or line.date) < date
            )
            credit_lines = unit_lines.filtered(
                lambda line, currency=currency: currency.compare_amounts(
                    line.amount_residual, 0.0
                )
                < 0
            )
            overdue = currency.round(sum(overdue_lines.mapped("amount_residual")))
            credit = currency.round(-sum(credit_lines.mapped("amount_residual")))
            amount = currency.round(overdue - credit)
            if currency.compare_amounts(amount, 0.0) <= 0:
                continue
            oldest_due = False
            left = credit
            for line in overdue_lines.sorted(
                lambda line: (line.date_maturity or line.date, line.id)
            ):
                if currency.compare_amounts(line.amount_residual, left) > 0:
                    oldest_due = line.date_maturity or line.date
                    break
                left = currency.round(left - line.amount_residual)
            result[unit.id] = {
                "amount": amount,
                "oldest_due": oldest_due,
                "days_overdue": (date - oldest_due).days,
                "lines": overdue_lines,
                "credit_lines": credit_lines,
                "overdue": overdue,
                "credit": credit,
                "currency": currency,
            }
        return result

"""Matching of incoming money to units: by the unit's virtual account, else by a
reference in the title (an invoice number or the unit's name), else left for the
accountant with suggestions. A matched amount is reconciled against the unit's open
charges in the community's order; what is left stays the unit's credit."""

import re
from collections import defaultdict

from psycopg2.extras import execute_values

from odoo import _, api, fields, models

ACCOUNT_DIGITS = re.compile(r"\D")


def account_key(number):
    """The digits of an account number without country code and check digits
    (PL61 1090 ... → 1090...): virtual accounts compare equal whatever the format."""
    number = (number or "").strip().upper().replace(" ", "")
    if len(number) > 4 and number[:2].isalpha():
        number = number[4:]
    elif len(number) == 26:  # Polish NRB: 2 check digits, then the bank's 24
        number = number[2:]
    return ACCOUNT_DIGITS.sub("", number)


class HoaPaymentMatcher(models.AbstractModel):
    _name = "hoa.payment.matcher"
    _description = "Payment Matching"

    @api.model
    def _match(self, st_lines):
        """Match and reconcile ``st_lines`` (incoming, not yet reconciled).
        Returns the lines matched."""
        st_lines.fetch(["is_reconciled", "amount", "company_id"])
        st_lines = st_lines.filtered(
            lambda line: not line.is_reconciled
            and line.amount > 0
            and line.company_id.is_hoa_community
        )
        matched = self.env["account.bank.statement.line"]
        for company, lines in st_lines.grouped("company_id").items():
            units = self._find_units(company, lines)
            plans = []
            unmatched = self.env["account.bank.statement.line"]
            for line in lines:
                unit, method = units.get(line.id, (None, None))
                if not unit:
                    unmatched |= line
                    continue
                plans.append((line, unit, method))
            if unmatched:
                same_amount = self._open_by_amount(company, unmatched)
                for line in unmatched:
                    line.write(
                        {
                            "hoa_match_state": "unmatched",
                            "hoa_match_note": self._suggest(company, line, same_amount),
                        }
                    )
            self._reconcile(company, plans)
            matched |= self.env["account.bank.statement.line"].union(
                *[plan[0] for plan in plans]
            )
        return matched

    # ----------------------------------------------------------------- finding

    def _find_units(self, company, lines):
        """{statement line id: (unit, method)} for the lines a unit is found for."""
        units = (
            self.env["hoa.unit"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        by_account = {
            account_key(unit.virtual_account): unit
            for unit in units
            if unit.virtual_account
        }
        by_name = defaultdict(list)
        for unit in units:
            by_name[unit.display_name.upper()].append(unit)
        found = {}
        refs = {}
        for line in lines:
            unit = by_account.get(account_key(line.hoa_virtual_account))
            if unit:
                found[line.id] = (unit, "virtual_account")
                continue
            refs[line.id] = (line.payment_ref or "").upper()
        if refs:
            found.update(self._find_by_reference(company, refs, by_name))
        return found

    def _find_by_reference(self, company, refs, by_name):
        """An invoice number or exactly one unit name in the title."""
        result = {}
        numbers = {
            token
            for text in refs.values()
            for token in re.findall(r"[A-Z]{1,5}/\d{4}/\d+", text)
        }
        invoices = {}
        if numbers:
            for move in self.env["account.move"].search(
                [
                    ("company_id", "=", company.id),
                    ("name", "in", list(numbers)),
                    ("hoa_unit_id", "!=", False),
                ]
            ):
                invoices[move.name.upper()] = move.hoa_unit_id
        # One pattern for all unique unit names, longest first, compiled once: a
        # pattern per name and line cost 1.5 s a line in a community of 10,000
        # units (benchmarks/statement_matching.py).
        unique = sorted(
            (name for name, units in by_name.items() if len(units) == 1),
            key=len,
            reverse=True,
        )
        names_pattern = unique and re.compile(
            r"(?<![\w/])({})(?![\w/])".format("|".join(map(re.escape, unique)))
        )
        for line_id, text in refs.items():
            candidates = {
                invoices[token].id: invoices[token]
                for token in re.findall(r"[A-Z]{1,5}/\d{4}/\d+", text)
                if token in invoices
            }
            if len(candidates) == 1:
                result[line_id] = (next(iter(candidates.values())), "reference")
                continue
            named = {
                by_name[name][0].id: by_name[name][0]
                for name in (names_pattern.findall(text) if names_pattern else ())
            }
            if len(named) == 1:
                result[line_id] = (next(iter(named.values())), "reference")
        return result

    def _open_by_amount(self, company, st_lines):
        """{amount: units with an open charge of that amount} for the amounts of
        ``st_lines``, in one query (one search a line took 0.2 s in a community of
        10,000 units)."""
        amounts = sorted({line.amount for line in st_lines})
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT line.amount_residual, array_agg(DISTINCT line.hoa_unit_id)
              FROM account_move_line line
              JOIN account_account account ON account.id = line.account_id
             WHERE line.company_id = %s
               AND line.hoa_unit_id IS NOT NULL
               AND account.account_type = 'asset_receivable'
               AND line.parent_state = 'posted'
               AND NOT line.reconciled
               AND line.amount_residual = ANY(%s::numeric[])
             GROUP BY line.amount_residual
            """,
            (company.id, amounts),
        )
        currency = company.currency_id
        return {
            currency.round(amount): self.env["hoa.unit"].browse(sorted(unit_ids)[:5])
            for amount, unit_ids in self.env.cr.fetchall()
        }

    def _suggest(self, company, line, same_amount=None):
        """Why a line was not matched, and the units it might belong to."""
        hints = []
        if line.partner_name or line.partner_id:
            name = (line.partner_id.name or line.partner_name or "").strip()
            partners = (
                self.env["res.partner"].search([("name", "ilike", name)], limit=5)
                if name
                else self.env["res.partner"]
            )
            units = (
                self.env["hoa.unit.ownership"]
                .search(
                    [
                        ("partner_id", "in", partners.ids),
                        ("company_id", "=", company.id),
                        ("is_current", "=", True),
                    ]
                )
                .unit_id
            )
            if units:
                hints.append(
                    _(
                        "The sender's name matches the owners of: %(units)s.",
                        units=", ".join(units.mapped("display_name")),
                    )
                )
        if same_amount is None:
            same_amount = self._open_by_amount(company, line)
        open_units = same_amount.get(company.currency_id.round(line.amount))
        if open_units:
            hints.append(
                _(
                    "Open charges of the same amount: %(units)s.",
                    units=", ".join(open_units.mapped("display_name")),
                )
            )
        if not hints:
            hints.append(
                _("No virtual account, reference or name of a unit was found.")
            )
        return "\n".join(hints)

    # ------------------------------------------------------------- reconciling

    def _open_lines(self, company, units):
        """The open receivable lines of ``units`` in the order payments settle
        them: oldest due first; interest notes first or last per the community."""
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("hoa_unit_id", "in", units.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
            ],
            order="date_maturity, id",
        )
        interest_last = company.hoa_interest_allocation == "last"
        by_unit = defaultdict(list)
        for line in lines:
            by_unit[line.hoa_unit_id.id].append(line)
        for unit_lines in by_unit.values():
            unit_lines.sort(
                key=lambda line: (
                    # False sorts first: interest notes first unless "last"
                    bool(line.move_id.hoa_is_interest_note) == interest_last,
                    line.date_maturity or line.date,
                    line.id,
                ),
            )
        return by_unit

    def _reconcile(self, company, plans):
        """Split each statement line's counterpart over the unit's open charges and
        reconcile each part with its charge; the rest stays as the unit's credit."""
        if not plans:
            return
        units = self.env["hoa.unit"].union(*[plan[1] for plan in plans])
        open_by_unit = self._open_lines(company, units)
        currency = company.currency_id
        Line = self.env["account.move.line"].with_context(
            skip_account_move_synchronization=True,
            check_move_validity=False,
            force_delete=True,
        )
        create_vals, suspense_lines, wanted = [], Line, []
        in_place = []  # (suspense line, vals, open line or None): one counterpart
        matched_by = defaultdict(lambda: self.env["account.bank.statement.line"])
        residual = {}  # what is left of each open line as this batch plans it
        for st_line, unit, method in plans:
            _liquidity, suspense, _other = st_line._seek_for_lines()
            first = len(create_vals)
            remaining = st_line.amount
            payer = unit._get_payer(st_line.date) or st_line.partner_id
            for open_line in open_by_unit.get(unit.id, []):
                if currency.is_zero(remaining):
                    break
                available = residual.get(open_line.id, open_line.amount_residual)
                if currency.compare_amounts(available, 0.0) <= 0:
                    continue
                part = min(available, remaining)
                remaining = currency.round(remaining - part)
                residual[open_line.id] = currency.round(available - part)
                create_vals.append(
                    self._counterpart_vals(
                        st_line, unit, open_line.partner_id, open_line.account_id, part
                    )
                )
                wanted.append(open_line)
            if not currency.is_zero(remaining):
                receivable = payer.with_company(company).property_account_receivable_id
                create_vals.append(
                    self._counterpart_vals(st_line, unit, payer, receivable, remaining)
                )
                wanted.append(None)  # the unit's credit
            if len(create_vals) - first == 1 and len(suspense) == 1:
                # One counterpart (the usual payment of one month): the suspense
                # line becomes it, instead of being replaced.
                vals = create_vals.pop()
                in_place.append((suspense, vals, wanted.pop()))
            else:
                suspense_lines |= suspense
            # Only our own fields: writing the partner would rewrite the entry's
            # lines one statement line at a time (benchmarks/statement_matching.py);
            # the payer is on the counterpart lines.
            matched_by[(unit.id, method)] |= st_line
        self._mark_matched(matched_by)
        # As OCA account_reconcile_oca does: the suspense line of each posted
        # statement entry is replaced by the counterparts of the charges it pays.
        counterparts = Line.create(create_vals)
        suspense_lines.unlink()
        plan = [
            counterpart | open_line
            for counterpart, open_line in zip(counterparts, wanted, strict=True)
            if open_line
        ]
        by_vals = defaultdict(lambda: Line)
        for suspense, vals, open_line in in_place:
            key = (vals["account_id"], vals["partner_id"], vals["hoa_unit_id"])
            by_vals[key] |= suspense
            if open_line:
                plan.append(suspense | open_line)
        if self.env.context.get("hoa_matching_orm_only"):
            for (account_id, partner_id, unit_id), lines in by_vals.items():
                lines.write(
                    {
                        "account_id": account_id,
                        "partner_id": partner_id,
                        "hoa_unit_id": unit_id,
                    }
                )
        elif by_vals:
            self._set_counterparts(by_vals)
        if plan:
            self._reconcile_pairs(plan)

    def _reconcile_pairs(self, plan):
        """Reconcile each pair (payment line, open charge) of ``plan``: the simple
        ones in bulk (_reconcile_bulk), the others with Odoo's reconciliation."""
        if not self.env.context.get("hoa_matching_orm_only"):
            plan = self._reconcile_bulk(plan)
        if plan:
            self._reconcile_orm(plan)

    def _reconcile_bulk(self, plan):
        """Reconcile in bulk the pairs of a new payment line and a charge not yet
        paid at all, in the company's currency and without cash-basis taxes: the
        partial (and full) reconciliations are inserted in one statement each,
        with the matching numbers Odoo gives, and the ORM recomputes what depends
        on them (residuals, payment states) in one batch. Odoo's reconciliation
        takes about 9 ms a pair here, too slow for 10,000 payments
        (benchmarks/statement_matching.py); test_payment_matching proves the
        result equals Odoo's. Returns the pairs left for Odoo's reconciliation."""
        Line = self.env["account.move.line"]
        pairs = [lines for lines in plan if len(lines) == 2]
        if not pairs:
            return plan
        all_lines = Line.browse([i for lines in pairs for i in lines.ids])
        all_lines.fetch(
            [
                "account_id",
                "amount_residual",
                "amount_residual_currency",
                "currency_id",
                "company_currency_id",
                "company_id",
                "reconciled",
                "balance",
                "amount_currency",
                "date",
                "move_id",
                "matched_debit_ids",
                "matched_credit_ids",
            ]
        )
        with_payments = set(
            all_lines.move_id.filtered("matched_payment_ids").line_ids.ids
        )
        bulk, rest = [], [lines for lines in plan if len(lines) != 2]
        credits_seen = set()
        for lines in pairs:
            debit = lines.filtered(lambda line: line.balance > 0)
            credit = lines - debit
            if (
                len(debit) != 1
                or len(credit) != 1
                or debit.account_id != credit.account_id
                or not debit.account_id.reconcile
                or debit.currency_id != debit.company_currency_id
                or credit.currency_id != credit.company_currency_id
                or debit.company_id.tax_exigibility
                or debit.matched_debit_ids
                or debit.matched_credit_ids
                or credit.matched_debit_ids
                or credit.matched_credit_ids
                or credit.id in credits_seen
                or (debit.id in with_payments or credit.id in with_payments)
            ):
                rest.append(lines)
                continue
            credits_seen.add(credit.id)
            bulk.append((debit, credit))
        if not bulk:
            return plan
        pre_hook = all_lines._reconcile_pre_hook()
        partials, groups, residual = self._bulk_partials(bulk)
        self._bulk_write(partials, groups, residual)
        self._bulk_recompute(
            Line.browse([line.id for pair in bulk for line in pair]), pre_hook
        )
        return rest

    def _bulk_recompute(self, touched, pre_hook):
        """What depends on the reconciliations inserted, recomputed by the ORM:
        residuals, reconciled flags, the entries' amounts and payment states."""
        touched.invalidate_recordset()
        touched.modified(
            [
                "matched_debit_ids",
                "matched_credit_ids",
                "full_reconcile_id",
                "matching_number",
            ]
        )
        self.env.flush_all()
        touched._reconcile_post_hook(pre_hook)

    def _bulk_partials(self, bulk):
        """Partial reconciliations of ``bulk`` [(debit, credit)] in order, as
        Odoo's _prepare_reconciliation_partials makes them: each debit's residual
        as earlier pairs leave it. Returns (partial values, {debit: credits},
        {line id: residual after})."""
        residual = {}
        partials = []
        groups = defaultdict(list)
        for debit, credit in bulk:
            currency = debit.company_currency_id
            debit_left = residual.get(debit.id, debit.amount_residual)
            credit_left = residual.get(credit.id, credit.amount_residual)
            amount = min(debit_left, -credit_left)
            if currency.compare_amounts(amount, 0.0) <= 0:
                continue
            residual[debit.id] = currency.round(debit_left - amount)
            residual[credit.id] = currency.round(credit_left + amount)
            partials.append(
                {
                    "debit": debit,
                    "credit": credit,
                    "amount": amount,
                    "max_date": max(debit.date, credit.date),
                }
            )
            groups[debit].append(credit)
        return partials, groups, residual

    def _bulk_write(self, partials, groups, residual):
        cr = self.env.cr
        self.env.flush_all()
        uid = self.env.uid
        rows = [
            (
                p["debit"].id,
                p["credit"].id,
                p["debit"].currency_id.id,
                p["credit"].currency_id.id,
                p["debit"].company_id.id,
                p["max_date"],
                p["amount"],
                p["amount"],
                p["amount"],
                uid,
                uid,
            )
            for p in partials
        ]
        partial_ids = [
            row[0]
            for row in execute_values(
                cr._obj,
                """
                INSERT INTO account_partial_reconcile
                       (debit_move_id, credit_move_id, debit_currency_id,
                        credit_currency_id, company_id, max_date, amount,
                        debit_amount_currency, credit_amount_currency, create_uid,
                        write_uid, create_date, write_date)
                VALUES %s RETURNING id
                """,
                rows,
                template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "(now() at time zone 'UTC'), (now() at time zone 'UTC'))",
                page_size=2000,
                fetch=True,
            )
        ]
        partial_of = defaultdict(list)
        for partial_id, p in zip(partial_ids, partials, strict=True):
            partial_of[p["debit"].id].append(partial_id)
        # each debit with its credits is one group (both were reconciled with
        # nothing else): fully reconciled when all are at zero
        full_groups, numbers = [], []
        for debit, credits in groups.items():
            currency = debit.company_currency_id
            lines = [debit.id, *[credit.id for credit in credits]]
            if all(currency.is_zero(residual[line_id]) for line_id in lines):
                full_groups.append((lines, partial_of[debit.id]))
            else:
                numbers.append((f"P{min(partial_of[debit.id])}", lines))
        if full_groups:
            full_ids = [
                row[0]
                for row in execute_values(
                    cr._obj,
                    "INSERT INTO account_full_reconcile "
                    "(create_uid, write_uid, create_date, write_date) VALUES %s "
                    "RETURNING id",
                    [(uid, uid) for _group in full_groups],
                    template="(%s, %s, (now() at time zone 'UTC'), "
                    "(now() at time zone 'UTC'))",
                    page_size=2000,
                    fetch=True,
                )
            ]
            execute_values(
                cr._obj,
                """
                UPDATE account_move_line line
                   SET full_reconcile_id = v.full_id, matching_number = v.full_id::text
                  FROM (VALUES %s) AS v(full_id, line_ids)
                 WHERE line.id = ANY(v.line_ids)
                """,
                [(f, g[0]) for f, g in zip(full_ids, full_groups, strict=True)],
                page_size=2000,
            )
            execute_values(
                cr._obj,
                """
                UPDATE account_partial_reconcile partial
                   SET full_reconcile_id = v.full_id
                  FROM (VALUES %s) AS v(full_id, partial_ids)
                 WHERE partial.id = ANY(v.partial_ids)
                """,
                [(f, g[1]) for f, g in zip(full_ids, full_groups, strict=True)],
                page_size=2000,
            )
        if numbers:
            execute_values(
                cr._obj,
                """
                UPDATE account_move_line line
                   SET matching_number = v.number
                  FROM (VALUES %s) AS v(number, line_ids)
                 WHERE line.id = ANY(v.line_ids)
                """,
                numbers,
                page_size=2000,
            )
        # Odoo's reconciliation writes on the entries, which flags them as
        # modified by hand (the flag only steers the auto-posting of bills)
        cr.execute(
            """
            UPDATE account_move SET is_manually_modified = TRUE
             WHERE id IN (SELECT move_id FROM account_move_line WHERE id = ANY(%s))
               AND is_manually_modified IS NOT TRUE
            """,
            ([p[k].id for p in partials for k in ("debit", "credit")],),
        )
        self.env["account.move"].invalidate_model(["is_manually_modified"])
        self.env["account.partial.reconcile"].invalidate_model()
        self.env["account.full.reconcile"].invalidate_model()

    def _reconcile_orm(self, plan):
        """Odoo's reconciliation of each group of ``plan``, with every line of the
        plan prefetched together: the small recordsets of a plan otherwise read
        their fields one group at a time (10,000 payments: twice as slow)."""
        ids = [line_id for lines in plan for line_id in lines.ids]
        Line = self.env["account.move.line"]
        all_lines = Line.browse(ids)
        all_lines.fetch(
            [
                "account_id",
                "partner_id",
                "move_id",
                "amount_residual",
                "amount_residual_currency",
                "currency_id",
                "company_id",
                "reconciled",
                "date",
                "balance",
                "amount_currency",
            ]
        )
        all_lines.move_id.fetch(["move_type", "state", "company_id", "date"])
        # Reconciling changes no invoice line, tax or term: Odoo's check that the
        # invoices' dynamic lines are in sync (_sync_dynamic_lines) took two thirds
        # of the time for 10,000 payments. Its own payment wizard skips it too.
        skip = not self.env.context.get("hoa_matching_orm_only")
        Line.with_context(skip_invoice_sync=skip)._reconcile_plan(
            [
                lines.with_context(skip_invoice_sync=skip).with_prefetch(ids)
                for lines in plan
            ]
        )

    def _mark_matched(self, matched_by):
        """Write the unit and the method on the matched lines. The ORM needs one
        write per unit (18 ms each here: 3 minutes for 10,000 payments); one
        statement sets them all, the commercial flag computed as the ORM does."""
        if self.env.context.get("hoa_matching_orm_only"):
            for (unit_id, method), st_lines in matched_by.items():
                st_lines.write(
                    {
                        "hoa_unit_id": unit_id,
                        "hoa_match_state": "matched",
                        "hoa_match_method": method,
                        "hoa_match_note": False,
                    }
                )
            return
        if not matched_by:
            return
        self.env.flush_all()
        units = self.env["hoa.unit"].browse({key[0] for key in matched_by})
        commercial = {unit.id: unit.kind == "commercial" for unit in units}
        execute_values(
            self.env.cr._obj,
            """
            UPDATE account_bank_statement_line AS line
               SET hoa_unit_id = v.unit_id,
                   hoa_is_commercial = v.commercial,
                   hoa_match_state = 'matched',
                   hoa_match_method = v.method,
                   hoa_match_note = NULL,
                   write_uid = v.uid,
                   write_date = (now() at time zone 'UTC')
              FROM (VALUES %s) AS v(id, unit_id, commercial, method, uid)
             WHERE line.id = v.id
            """,
            [
                (line_id, unit_id, commercial[unit_id], method, self.env.uid)
                for (unit_id, method), st_lines in matched_by.items()
                for line_id in st_lines.ids
            ],
            page_size=5000,
        )
        self.env["account.bank.statement.line"].invalidate_model(
            [
                "hoa_unit_id",
                "hoa_is_commercial",
                "hoa_match_state",
                "hoa_match_method",
                "hoa_match_note",
                "write_uid",
                "write_date",
            ]
        )

    def _set_counterparts(self, by_vals):
        """The suspense lines become receivable counterparts: account, partner and
        unit set in one statement. The ORM writes them one entry at a time, about
        18 ms a line, too slow for 10,000 payments (benchmarks/statement_matching.py).
        What the ORM would recompute is set too: a line of a receivable account,
        not yet reconciled, is open for its whole amount. test_payment_matching
        proves the result equals the ORM's column by column."""
        self.env.flush_all()
        rows = [
            (line_id, account_id, partner_id, unit_id)
            for (account_id, partner_id, unit_id), lines in by_vals.items()
            for line_id in lines.ids
        ]
        execute_values(
            self.env.cr._obj,
            """
            UPDATE account_move_line AS line
               SET account_id = v.account_id,
                   partner_id = v.partner_id,
                   hoa_unit_id = v.unit_id,
                   amount_residual = line.balance,
                   amount_residual_currency = line.amount_currency,
                   reconciled = FALSE
              FROM (VALUES %s) AS v(id, account_id, partner_id, unit_id)
             WHERE line.id = v.id
            """,
            rows,
            page_size=5000,
        )
        self.env["account.move.line"].invalidate_model(
            [
                "account_id",
                "partner_id",
                "hoa_unit_id",
                "amount_residual",
                "amount_residual_currency",
                "reconciled",
            ]
        )

    @api.model
    def _apply_credits(self, company, units):
        """Use the units' credits (overpayments) for their open charges, oldest
        first: run after new charges are billed."""
        credits = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("hoa_unit_id", "in", units.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ],
            order="date, id",
        )
        if not credits:
            return
        open_by_unit = self._open_lines(company, credits.hoa_unit_id)
        plan = []
        for unit_id, unit_credits in credits.grouped("hoa_unit_id").items():
            debits = open_by_unit.get(unit_id.id, [])
            if debits:
                plan.append(unit_credits | self.env["account.move.line"].union(*debits))
        if plan:
            self._reconcile_pairs(plan)

    def _counterpart_vals(self, st_line, unit, partner, account, amount):
        return {
            "move_id": st_line.move_id.id,
            "name": st_line.payment_ref or _("Payment"),
            "account_id": account.id,
            "partner_id": partner.id,
            "hoa_unit_id": unit.id,
            "currency_id": st_line.currency_id.id,
            "amount_currency": -amount,
            "debit": 0.0,
            "credit": amount,
        }


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    hoa_unit_id = fields.Many2one(
        "hoa.unit", string="Unit", index="btree_not_null", copy=False
    )
    hoa_virtual_account = fields.Char(string="Credited Account", index="btree_not_null")
    hoa_is_commercial = fields.Boolean(
        string="Commercial Premises",
        compute="_compute_hoa_is_commercial",
        store=True,
        help="Paid for commercial premises: statements are totalled separately for "
        "residential and commercial units.",
    )
    hoa_match_state = fields.Selection(
        [
            ("matched", "Matched"),
            ("unmatched", "To match"),
        ],
        string="Matching",
        copy=False,
        index="btree_not_null",
    )
    hoa_match_method = fields.Selection(
        [
            ("virtual_account", "Virtual account"),
            ("reference", "Reference in the title"),
            ("manual", "By the accountant"),
        ],
        string="Matched By",
        copy=False,
    )
    hoa_match_note = fields.Text(string="Matching Hints", copy=False)

    @api.depends("hoa_unit_id.kind")
    def _compute_hoa_is_commercial(self):
        for line in self:
            line.hoa_is_commercial = line.hoa_unit_id.kind == "commercial"

    def _hoa_match(self):
        """Match these lines to units and reconcile them (see hoa.payment.matcher)."""
        return self.env["hoa.payment.matcher"]._match(self)

    def action_hoa_match(self):
        self._hoa_match()
        return True

"""Invoices of a billing run: the ORM for the first one, bulk SQL for the rest.

Odoo creates and posts about 17 invoices a second here when batched; a community of
10,000 units needs at least 100 (benchmarks/billing_run.py). Each batch therefore
creates its first invoice through the ORM, the template, and inserts the others
with the template's columns, changing only what differs between invoices of one run
(partner, amounts, texts, number). Only simple invoices take this path: positive
totals, no taxes, the company's currency, a journal without hash chain; everything
else goes through the ORM. tests/test_billing_fast.py proves that an inserted
invoice equals, column by column, one the ORM makes from the same values."""

from collections import defaultdict

from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import _, fields, models

# Columns a copied invoice or line never takes from the template.
MOVE_OWN = {"id", "name", "sequence_number", "create_date", "write_date"}
LINE_OWN = {"id", "create_date", "write_date"}


def _insert_sql(table, columns, suffix=""):
    return sql.SQL("INSERT INTO {} ({}) VALUES %s {}").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(suffix),
    )


class HoaBillingRun(models.Model):
    _inherit = "hoa.billing.run"

    fast_template_move_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        help="Technical: the invoice of this run the bulk-inserted ones copy.",
    )

    def _create_moves(self, billing_lines):
        """One posted invoice (or credit note) per unit, payer and month."""
        self.ensure_one()
        groups = defaultdict(lambda: self.env["hoa.billing.line"])
        for line in billing_lines:
            groups[(line.unit_id, line.partner_id, line.period_date)] |= line
        if not groups:
            return self.env["account.move"]
        originals = self._original_invoices(list(groups))
        journal = self.company_id._hoa_billing_journal()
        invoice_date = self._invoice_date()
        orm_groups, fast_groups = [], []
        fast_allowed = (
            not journal.restrict_mode_hash_table
            and not self.env.context.get("hoa_billing_orm_only")
        )
        for key, lines in groups.items():
            total = sum(lines.mapped("amount"))
            sign = -1 if self.currency_id.compare_amounts(total, 0.0) < 0 else 1
            original = originals.get((key[0].id, key[1].id, key[2]))
            item = (key, lines, sign, original)
            if (
                fast_allowed
                and sign > 0
                and not self.currency_id.is_zero(total)
                and not lines.charge_type_id.tax_ids
            ):
                fast_groups.append(item)
            else:
                orm_groups.append(item)
        # The run's first simple invoice goes through the ORM: the template of the
        # others, in this batch and the next ones.
        template = self.fast_template_move_id
        if template.state != "posted":
            template = self.env["account.move"]
        template_item = fast_groups.pop(0) if fast_groups and not template else None
        orm_items = orm_groups + ([template_item] if template_item else [])
        vals_list = [
            self._prepare_move_vals(
                unit, partner, period, lines, sign, original, journal, invoice_date
            )
            for (unit, partner, period), lines, sign, original in orm_items
        ]
        moves = self.env["account.move"]
        if vals_list:
            moves = moves.with_context(
                default_move_type="out_invoice",
                mail_create_nolog=True,
                mail_notrack=True,
                tracking_disable=True,
            ).create(vals_list)
            moves._post(soft=False)
        for move, item in zip(moves, orm_items, strict=True):
            item[1].move_id = move
        if template_item:
            template = moves[-1]
            self.fast_template_move_id = template
        if fast_groups:
            self._insert_moves(template, fast_groups)
        return moves

    def _original_invoices(self, keys):
        """The first posted invoice of each (unit, payer, month) billed before."""
        unit_ids = {key[0].id for key in keys}
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (hoa_unit_id, partner_id, hoa_period_date)
                   hoa_unit_id, partner_id, hoa_period_date, id
              FROM account_move
             WHERE hoa_unit_id IN %s AND state = 'posted'
               AND move_type = 'out_invoice' AND hoa_billing_run_id IS NOT NULL
             ORDER BY hoa_unit_id, partner_id, hoa_period_date, id
            """,
            (tuple(unit_ids),),
        )
        return {tuple(row[:3]): row[3] for row in self.env.cr.fetchall()}

    def _title(self, unit, period_date, partner=None):
        """The payment title, in the payer's language."""
        lang = partner.lang if partner and partner.lang else self.env.lang
        if lang not in dict(self.env["res.lang"].get_installed()):
            lang = self.env.lang  # a language not installed (yet)
        run = self if lang == self.env.lang else self.with_context(lang=lang)
        return run._title_text(unit, period_date)

    def _title_text(self, unit, period_date):
        return _(
            "Charges %(unit)s %(month)s",
            unit=unit.display_name,
            month=period_date.strftime("%m/%Y"),  # the same in every language
        )

    def _prepare_move_vals(
        self, unit, partner, period_date, lines, sign, original, journal, invoice_date
    ):
        move_type = "out_refund" if sign < 0 else "out_invoice"
        return {
            "move_type": move_type,
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "date": invoice_date,
            "invoice_date_due": self._due_date(invoice_date),
            "payment_reference": self._title(unit, period_date, partner),
            "hoa_unit_id": unit.id,
            "hoa_period_date": period_date,
            "hoa_billing_run_id": self.id,
            "reversed_entry_id": original if move_type == "out_refund" else False,
            "hoa_corrected_move_id": original if move_type == "out_invoice" else False,
            "invoice_line_ids": [
                fields.Command.create(line._prepare_invoice_line_vals(sign))
                for line in lines
            ],
        }

    # ------------------------------------------------------------ bulk insert

    def _partner_values(self, template, partners):
        """What an invoice takes from its partner, as the ORM would compute it."""
        company = self.company_id
        default_receivable = template.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).account_id
        fiscal_cache = {}
        result = {}
        partners = partners.with_company(company)
        partners.fetch(
            [
                "commercial_partner_id",
                "child_ids",
                "property_account_receivable_id",
                "property_account_position_id",
                "country_id",
                "state_id",
                "zip",
                "vat",
            ]
        )
        for partner in partners:
            shipping = partner
            if partner.child_ids or partner.commercial_partner_id != partner:
                shipping = partner.browse(partner.address_get(["delivery"])["delivery"])
            key = (
                partner.property_account_position_id.id,
                shipping.country_id.id,
                shipping.state_id.id,
                shipping.zip,
                bool(partner.vat),
                partner.commercial_partner_id == partner,
            )
            if key not in fiscal_cache:
                fiscal_cache[key] = (
                    self.env["account.fiscal.position"]
                    .with_company(company)
                    ._get_fiscal_position(partner, delivery=shipping)
                    .id
                )
            commercial = partner.commercial_partner_id
            receivable = partner.property_account_receivable_id or default_receivable
            result[partner.id] = {
                "partner_id": partner.id,
                "commercial_partner_id": commercial.id,
                "partner_shipping_id": shipping.id,
                "fiscal_position_id": fiscal_cache[key] or None,
                "invoice_partner_display_name": commercial.display_name,
                "receivable_account_id": receivable.id,
            }
        return result

    def _insert_moves(self, template, items):
        """Insert posted invoices for ``items`` modelled on the posted ``template``."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT * FROM account_move WHERE id = %s", (template.id,))
        move_row = cr.dictfetchone()
        cr.execute(
            "SELECT * FROM account_move_line WHERE move_id = %s ORDER BY sequence, id",
            (template.id,),
        )
        template_lines = cr.dictfetchall()
        rows_by_type = {r["display_type"]: r for r in reversed(template_lines)}
        product_row = rows_by_type["product"]
        term_row = next(
            r for r in template_lines if r["display_type"] == "payment_term"
        )
        product_sequence = product_row["sequence"]
        seq_format, seq_values = template._get_sequence_format_param(template.name)
        cr.execute(
            """
            SELECT MAX(sequence_number) FROM account_move
             WHERE journal_id = %s AND sequence_prefix = %s
            """,
            (template.journal_id.id, template.sequence_prefix),
        )
        next_number = cr.fetchone()[0] or template.sequence_number
        partners = self.env["res.partner"].browse({item[0][1].id for item in items})
        partner_values = self._partner_values(template, partners)
        uom_by_product = {
            ct.product_id.id: ct.product_id.uom_id.id
            for ct in self.env["hoa.charge.type"].search(
                [("company_id", "=", self.company_id.id)]
            )
        }
        now = fields.Datetime.now()
        move_columns = [c for c in move_row if c != "id"]
        move_rows, line_plans = [], []
        for (unit, partner, period_date), lines, _sign, original in items:
            next_number += 1
            name = seq_format.format(**{**seq_values, "seq": next_number})
            values = partner_values[partner.id]
            total = self.currency_id.round(sum(lines.mapped("amount")))
            row = dict(move_row)
            row.update(
                {
                    "name": name,
                    "sequence_number": next_number,
                    "partner_id": partner.id,
                    "commercial_partner_id": values["commercial_partner_id"],
                    "partner_shipping_id": values["partner_shipping_id"],
                    "fiscal_position_id": values["fiscal_position_id"],
                    "invoice_partner_display_name": values[
                        "invoice_partner_display_name"
                    ],
                    "payment_reference": self._title(unit, period_date, partner),
                    "hoa_unit_id": unit.id,
                    "hoa_period_date": period_date,
                    "hoa_corrected_move_id": original or None,
                    "create_date": now,
                    "write_date": now,
                }
            )
            for column in (
                "amount_untaxed",
                "amount_total",
                "amount_residual",
                "amount_untaxed_signed",
                "amount_untaxed_in_currency_signed",
                "amount_total_signed",
                "amount_total_in_currency_signed",
                "amount_residual_signed",
            ):
                row[column] = total
            move_rows.append(tuple(row[c] for c in move_columns))
            line_plans.append((name, row, lines, total, values))
        move_ids = [
            r[0]
            for r in execute_values(
                cr._obj,
                _insert_sql("account_move", move_columns, "RETURNING id"),
                move_rows,
                page_size=1000,
                fetch=True,
            )
        ]
        line_columns = sorted((set(product_row) | set(term_row)) - {"id"})
        line_rows, billing_updates = [], []
        for move_id, (name, row, lines, total, values) in zip(
            move_ids, line_plans, strict=True
        ):
            common = {
                "move_id": move_id,
                "move_name": name,
                "partner_id": values["partner_id"],
                "hoa_unit_id": row["hoa_unit_id"],
                "create_date": now,
                "write_date": now,
            }
            for line in lines:
                vals = line._prepare_invoice_line_vals(1)
                amount = self.currency_id.round(vals["quantity"] * vals["price_unit"])
                product_line = dict(product_row)
                product_line.update(common)
                product_line.update(
                    {
                        "sequence": product_sequence,
                        "name": vals["name"],
                        "account_id": vals["account_id"],
                        "product_id": vals["product_id"],
                        "product_uom_id": uom_by_product.get(vals["product_id"]),
                        "quantity": vals["quantity"],
                        "price_unit": vals["price_unit"],
                        "price_subtotal": amount,
                        "price_total": amount,
                        "balance": -amount,
                        "amount_currency": -amount,
                        "debit": max(-amount, 0.0),
                        "credit": max(amount, 0.0),
                        "hoa_charge_type_id": vals["hoa_charge_type_id"],
                        "hoa_period_date": vals["hoa_period_date"],
                    }
                )
                line_rows.append(tuple(product_line.get(c) for c in line_columns))
                billing_updates.append((line.id, move_id))
            term_line = dict(term_row)
            term_line.update(common)
            term_line.update(
                {
                    "name": row["payment_reference"],
                    "account_id": values["receivable_account_id"],
                    "balance": total,
                    "amount_currency": total,
                    "debit": total,
                    "credit": 0.0,
                    "amount_residual": total,
                    "amount_residual_currency": total,
                }
            )
            line_rows.append(tuple(term_line.get(c) for c in line_columns))
        execute_values(
            cr._obj,
            _insert_sql("account_move_line", line_columns),
            line_rows,
            page_size=2000,
        )
        execute_values(
            cr._obj,
            "UPDATE hoa_billing_line SET move_id = v.move_id FROM (VALUES %s) "
            "AS v(id, move_id) WHERE hoa_billing_line.id = v.id",
            billing_updates,
            page_size=5000,
        )
        self._insert_followers(template, move_ids, [p[4] for p in line_plans])
        counts = defaultdict(int)
        for plan in line_plans:
            counts[plan[4]["partner_id"]] += 1
        by_count = defaultdict(list)
        for partner_id, count in counts.items():
            by_count[count].append(partner_id)
        self.env.invalidate_all()
        for count, partner_ids in by_count.items():
            partners = self.env["res.partner"].browse(partner_ids)
            (partners | partners.commercial_partner_id)._increase_rank(
                "customer_rank", count
            )
        return move_ids

    def _insert_followers(self, template, move_ids, partner_values):
        """The payer follows his invoice, as after posting: that is what gives him
        access to it in the portal."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT f.partner_id, array_agg(r.mail_message_subtype_id)
              FROM mail_followers f
              LEFT JOIN mail_followers_mail_message_subtype_rel r
                ON r.mail_followers_id = f.id
             WHERE f.res_model = 'account.move' AND f.res_id = %s
             GROUP BY f.partner_id
            """,
            (template.id,),
        )
        rows = cr.fetchall()
        subtypes = [s for s in (rows[0][1] if rows else []) if s]
        follower_ids = execute_values(
            cr._obj,
            "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES %s "
            "ON CONFLICT DO NOTHING RETURNING id",
            [
                ("account.move", move_id, values["partner_id"])
                for move_id, values in zip(move_ids, partner_values, strict=True)
            ],
            page_size=2000,
            fetch=True,
        )
        if subtypes:
            execute_values(
                cr._obj,
                "INSERT INTO mail_followers_mail_message_subtype_rel "
                "(mail_followers_id, mail_message_subtype_id) VALUES %s",
                [(f[0], s) for f in follower_ids for s in subtypes],
                page_size=5000,
            )

"""Imported bank statements: the ORM for the first line of each day, bulk SQL for the
rest.

Odoo creates a statement line (its journal entry, two journal items, posted) in about
50 ms here, and slower as the journal fills: a statement of 10,000 payments took 521 s
(benchmarks/statement_matching.py). When the statement import asks for it (context
``hoa_bulk_statement_lines``), the first line of each (day, direction, with or without
partner) is created through the ORM, the template, and the others are inserted with
the template's columns, changing only what differs between them: the line's own
values, the amounts, the partner and the entry's number. A line the template cannot
stand for (another currency, its own journal items or counterpart account, a field of
the entry other than date, reference, notes and the partner's bank account, a journal
with a hash chain) goes through the ORM. tests/test_statement_fast.py proves that an
inserted line equals, column by column, one the ORM makes from the same values."""

import logging

from psycopg2.extras import execute_values

from odoo import Command, api, fields, models
from odoo.tools.mail import generate_tracking_message_id

from .hoa_billing_invoice import _insert_sql

_logger = logging.getLogger(__name__)

MAXINT = 2147483647
# Values of a line's journal entry a line may carry (through _inherits); the
# partner's bank account is what OCA's import sets with the partner.
MOVE_KEYS = {"date", "ref", "narration", "partner_bank_id"}
# Values that need Odoo's own computation (other currency, own journal items...).
ORM_KEYS = {
    "foreign_currency_id",
    "amount_currency",
    "counterpart_account_id",
    "line_ids",
    "move_id",
    "statement_id",
    "move_type",
    "company_id",
    "payment_ids",
}
# Numeric columns that are not amounts: copied from the template as they are.
NOT_AMOUNTS = {"quantity", "discount", "sequence", "sequence_number"}


class _NotLikeTemplate(Exception):
    """A line (or its template) the bulk path cannot copy; the ORM creates it."""


def _scaled(row, model, template_amount, amount):
    """``row`` of the template with its amounts those of ``amount``: every amount
    of a statement line's entry is 0 or plus or minus the line's amount."""
    result = dict(row)
    for column, value in row.items():
        field = model._fields.get(column)
        if (
            not value
            or field is None
            or field.type not in ("monetary", "float")
            or column in NOT_AMOUNTS
        ):
            continue
        ratio = value / template_amount
        if abs(abs(ratio) - 1.0) > 1e-9:
            raise _NotLikeTemplate(f"{model._name}.{column} = {value}")
        result[column] = amount if ratio > 0 else -amount
    return result


class AccountBankStatement(models.Model):
    _inherit = "account.bank.statement"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("hoa_bulk_statement_lines"):
            return super().create(vals_list)
        deferred = []
        for vals in vals_list:
            commands = vals.get("line_ids") or []
            if not commands or any(
                not isinstance(c, list | tuple) or c[0] != Command.CREATE
                for c in commands
            ):
                deferred.append([])
                continue
            orm, later, seen = [], [], set()
            for command in commands:
                line_vals = command[2]
                key = self._hoa_bulk_key(line_vals)
                if key is None or key in seen:
                    (later if key is not None else orm).append(
                        command if key is None else line_vals
                    )
                    continue
                seen.add(key)
                orm.append(command)
            vals["line_ids"] = orm
            deferred.append(later)
        statements = super().create(vals_list)
        for statement, vals, later in zip(statements, vals_list, deferred, strict=True):
            if later:
                statement._hoa_insert_lines(later, vals)
        return statements

    @api.model
    def _hoa_bulk_key(self, line_vals):
        """Which template a line can copy: (date, direction, with a partner), or
        None when the ORM must create it."""
        fields_map = self.env["account.bank.statement.line"]._fields
        for key, value in line_vals.items():
            if key in ORM_KEYS:
                if value:
                    return None
                continue
            field = fields_map.get(key)
            if field is None:
                return None
            if field.inherited:
                if key not in MOVE_KEYS | {"journal_id"}:
                    return None
            elif not field.store or not field.column_type or field.compute:
                return None
            elif field.type in ("one2many", "many2many"):
                return None
        amount = float(line_vals.get("amount") or 0.0)
        if not amount or not line_vals.get("date"):
            return None
        return (
            fields.Date.to_date(line_vals["date"]),
            amount > 0,
            bool(line_vals.get("partner_id")),
        )

    # ------------------------------------------------------------------ inserting
    def _hoa_insert_lines(self, vals_list, statement_vals):
        """Insert the lines ``vals_list`` of this statement, each modelled on the
        line of the same key the ORM created; recompute the statement after."""
        self.ensure_one()
        journal = self.journal_id
        company_currency = journal.company_id.currency_id
        if journal.restrict_mode_hash_table or (
            journal.currency_id and journal.currency_id != company_currency
        ):
            return self._hoa_create_lines_orm(vals_list)
        self.env.flush_all()
        templates = {}
        for line in self.line_ids:
            key = (line.date, line.amount > 0, bool(line.partner_id))
            templates.setdefault(key, line)
        try:
            plan = self._hoa_plan_lines(vals_list, templates)
        except _NotLikeTemplate as reason:
            _logger.info("Statement %s: lines created one by one (%s)", self.id, reason)
            return self._hoa_create_lines_orm(vals_list)
        self._hoa_write_lines(plan)
        self._hoa_recompute(statement_vals)
        return True

    def _hoa_create_lines_orm(self, vals_list):
        self.env["account.bank.statement.line"].create(
            [dict(vals, statement_id=self.id) for vals in vals_list]
        )
        return True

    def _hoa_rows(self, table, where, params):
        cr = self.env.cr
        cr.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)  # noqa: S608
        return cr.dictfetchall()

    def _hoa_plan_lines(self, vals_list, templates):
        """Rows to insert, computed before anything is written: (move, statement
        line, journal items) per line."""
        Line = self.env["account.bank.statement.line"]
        Move = self.env["account.move"]
        MoveLine = self.env["account.move.line"]
        template_rows, next_numbers = self._hoa_load_templates(templates)
        partners = self.env["res.partner"].browse(
            {v["partner_id"] for v in vals_list if v.get("partner_id")}
        )
        commercial = {p.id: p.commercial_partner_id.id for p in partners}
        display_names = {p.id: p.display_name for p in partners}
        line_ids = self._hoa_next_ids("account_bank_statement_line", len(vals_list))
        move_ids = self._hoa_next_ids("account_move", len(vals_list))
        own_columns = [
            column
            for column, field in Line._fields.items()
            if field.store
            and field.column_type
            and not field.compute
            and not field.inherited
            and column not in ("id", "move_id", "statement_id")
            and column not in models.MAGIC_COLUMNS
        ]
        defaults = Line.default_get(own_columns)
        line_defaults = {
            column: Line._fields[column].convert_to_column(defaults[column], Line)
            if defaults.get(column) not in (None, False)
            else None
            for column in own_columns
        }
        now = fields.Datetime.now()
        plan = []
        currency = self.journal_id.company_id.currency_id
        for vals, line_id, move_id in zip(vals_list, line_ids, move_ids, strict=True):
            key = self._hoa_bulk_key(vals)
            template = template_rows[key]
            amount = currency.round(float(vals["amount"]))
            partner_id = vals.get("partner_id") or None
            next_numbers[template["prefix"]] += 1
            number = next_numbers[template["prefix"]]
            seq_format, seq_values = template["format"]

            move_row = _scaled(template["move"], Move, template["amount"], amount)
            move_row.update(
                {
                    "id": move_id,
                    "name": seq_format.format(**{**seq_values, "seq": number}),
                    "sequence_number": number,
                    "partner_id": partner_id,
                    "commercial_partner_id": commercial.get(partner_id),
                    "invoice_partner_display_name": display_names.get(
                        partner_id, template["move"]["invoice_partner_display_name"]
                    ),
                    "statement_line_id": line_id,
                    "create_date": now,
                    "write_date": now,
                }
            )
            line_row = _scaled(template["line"], Line, template["amount"], amount)
            line_row.update(
                {
                    "id": line_id,
                    "move_id": move_id,
                    "statement_id": self.id,
                    "create_date": now,
                    "write_date": now,
                }
            )
            for column in ("ref", "narration"):
                move_row[column] = None
            for column, value in vals.items():
                if column in ORM_KEYS or column == "journal_id":
                    continue
                field = Line._fields[column]
                if field.inherited:
                    field = Move._fields[column]
                    target, record = move_row, Move
                else:
                    target, record = line_row, Line
                target[column] = field.convert_to_column(value, record)
            for column, default in line_defaults.items():
                if column not in vals:
                    line_row[column] = default
            line_row["amount"] = amount
            date = fields.Date.to_date(line_row.get("date") or move_row["date"])
            line_row["internal_index"] = (
                f"{date.strftime('%Y%m%d')}"
                f"{MAXINT - (line_row['sequence'] or 0):0>10}{line_id:0>10}"
            )
            items = []
            for item in template["items"]:
                row = _scaled(item, MoveLine, template["amount"], amount)
                row.update(
                    {
                        "move_id": move_id,
                        "move_name": move_row["name"],
                        "partner_id": partner_id,
                        "name": vals.get("payment_ref") or None,
                        "ref": move_row["ref"],
                        "statement_line_id": line_id,
                        "statement_id": self.id,
                        "create_date": now,
                        "write_date": now,
                    }
                )
                row.pop("id")
                items.append(row)
            plan.append((move_row, line_row, items, template["mail"], template["move"]))
        return plan

    def _hoa_load_templates(self, templates):
        """The rows of each template line and the last number of each sequence."""
        cr = self.env.cr
        template_rows = {}
        next_numbers = {}
        for key, st_line in templates.items():
            move = st_line.move_id
            if move.state != "posted" or not move.name or move.name == "/":
                raise _NotLikeTemplate(f"template {st_line.id} not posted")
            move_row = self._hoa_rows("account_move", "id = %s", (move.id,))[0]
            line_row = self._hoa_rows(
                "account_bank_statement_line", "id = %s", (st_line.id,)
            )[0]
            item_rows = self._hoa_rows("account_move_line", "move_id = %s", (move.id,))
            if len(item_rows) != 2:
                raise _NotLikeTemplate(f"template {st_line.id}: {len(item_rows)} items")
            seq_format, seq_values = move._get_sequence_format_param(move.name)
            prefix = move_row["sequence_prefix"]
            if prefix not in next_numbers:
                cr.execute(
                    "SELECT MAX(sequence_number) FROM account_move "
                    "WHERE journal_id = %s AND sequence_prefix = %s",
                    (move_row["journal_id"], prefix),
                )
                next_numbers[prefix] = cr.fetchone()[0] or 0
            template_rows[key] = {
                "mail": self._hoa_template_mail(move),
                "move": move_row,
                "line": line_row,
                "items": item_rows,
                "amount": line_row["amount"],
                "prefix": prefix,
                "format": (seq_format, seq_values),
            }
        return template_rows, next_numbers

    def _hoa_template_mail(self, move):
        """The chatter of the template's entry ("Journal entry created", its
        followers), to be given to each copy."""
        cr = self.env.cr
        messages = self._hoa_rows(
            "mail_message", "model = 'account.move' AND res_id = %s", (move.id,)
        )
        if messages:
            cr.execute(
                """
                SELECT (SELECT count(*) FROM mail_tracking_value
                         WHERE mail_message_id = ANY(%(ids)s))
                     + (SELECT count(*) FROM mail_notification
                         WHERE mail_message_id = ANY(%(ids)s))
                     + (SELECT count(*) FROM mail_message_res_partner_rel
                         WHERE mail_message_id = ANY(%(ids)s))
                     + (SELECT count(*) FROM message_attachment_rel
                         WHERE message_id = ANY(%(ids)s))
                """,
                {"ids": [m["id"] for m in messages]},
            )
            if cr.fetchone()[0]:
                raise _NotLikeTemplate(f"messages of entry {move.id}")
        cr.execute(
            """
            SELECT f.partner_id,
                   array_remove(array_agg(r.mail_message_subtype_id), NULL)
              FROM mail_followers f
              LEFT JOIN mail_followers_mail_message_subtype_rel r
                ON r.mail_followers_id = f.id
             WHERE f.res_model = 'account.move' AND f.res_id = %s
             GROUP BY f.partner_id
            """,
            (move.id,),
        )
        return {"messages": messages, "followers": cr.fetchall()}

    def _hoa_next_ids(self, table, count):
        self.env.cr.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            (table, count),
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _hoa_write_lines(self, plan):
        cr = self.env.cr
        move_columns = list(plan[0][0])
        line_columns = list(plan[0][1])
        item_columns = list(plan[0][2][0])
        # the entry names its statement line, which is inserted after it
        moves = [dict(move, statement_line_id=None) for move, *_rest in plan]
        execute_values(
            cr._obj,
            _insert_sql("account_move", move_columns),
            [tuple(move[c] for c in move_columns) for move in moves],
            page_size=1000,
        )
        execute_values(
            cr._obj,
            _insert_sql("account_bank_statement_line", line_columns),
            [tuple(line[c] for c in line_columns) for _move, line, *_rest in plan],
            page_size=1000,
        )
        execute_values(
            cr._obj,
            "UPDATE account_move SET statement_line_id = v.line_id "
            "FROM (VALUES %s) AS v(id, line_id) WHERE account_move.id = v.id",
            [(move["id"], line["id"]) for move, line, *_rest in plan],
            page_size=5000,
        )
        execute_values(
            cr._obj,
            _insert_sql("account_move_line", item_columns),
            [
                tuple(item[c] for c in item_columns)
                for _move, _line, items, *_rest in plan
                for item in items
            ],
            page_size=2000,
        )
        self._hoa_write_mail(plan)
        self.env.invalidate_all()

    def _hoa_write_mail(self, plan):
        cr = self.env.cr
        messages, followers = [], []
        for move, _line, _items, mail, template_move in plan:
            for message in mail["messages"]:
                row = dict(message)
                row.pop("id")
                row["res_id"] = move["id"]
                row["message_id"] = generate_tracking_message_id("message-notify")
                if row.get("record_name") == template_move["name"]:
                    row["record_name"] = move["name"]
                messages.append(row)
            for partner_id, subtypes in mail["followers"]:
                if partner_id == template_move["partner_id"]:
                    partner_id = move["partner_id"]
                if partner_id:
                    followers.append((move["id"], partner_id, subtypes))
        if messages:
            columns = list(messages[0])
            execute_values(
                cr._obj,
                _insert_sql("mail_message", columns),
                [tuple(m[c] for c in columns) for m in messages],
                page_size=2000,
            )
        if followers:
            follower_ids = execute_values(
                cr._obj,
                "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES %s "
                "ON CONFLICT DO NOTHING RETURNING id, res_id, partner_id",
                [
                    ("account.move", res_id, partner)
                    for res_id, partner, _s in followers
                ],
                page_size=2000,
                fetch=True,
            )
            subtypes = {(res_id, partner): s for res_id, partner, s in followers}
            rel = [
                (follower_id, subtype)
                for follower_id, res_id, partner in follower_ids
                for subtype in subtypes[(res_id, partner)]
            ]
            if rel:
                execute_values(
                    cr._obj,
                    "INSERT INTO mail_followers_mail_message_subtype_rel "
                    "(mail_followers_id, mail_message_subtype_id) VALUES %s",
                    rel,
                    page_size=5000,
                )

    def _hoa_recompute(self, statement_vals):
        """The statement's stored values that depend on its lines, as if the ORM had
        created them all."""
        names = ["date", "first_line_index", "balance_end", "is_complete"]
        for name in ("balance_start", "balance_end_real", "name"):
            if name not in statement_vals:
                names.append(name)
        for name in names:
            self.env.add_to_compute(self._fields[name], self)
        self.line_ids.invalidate_recordset()
        self.flush_recordset()

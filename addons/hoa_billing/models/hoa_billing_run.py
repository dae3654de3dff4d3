import base64
import io
import logging
from collections import defaultdict
from datetime import datetime

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .hoa_billing_engine import month_bounds

_logger = logging.getLogger(__name__)

# Units billed per transaction: a crash loses at most one batch, which is redone.
BATCH_SIZE = 250
# Runs with up to this many units are billed at once; larger ones in the background.
SYNC_LIMIT = 300


class HoaBillingRun(models.Model):
    """The monthly billing of a community: every unit's charges, as invoices.

    A run bills, for each unit, payer and month of its period, the difference
    between what is due now and what posted runs have billed already. A first run
    of a month bills the month; a second one bills nothing; a run over past months
    after a rate, area or reading changed bills only the corrections (additional
    invoices or credit notes linked to the original)."""

    _name = "hoa.billing.run"
    _description = "Billing Run"
    _inherit = ["mail.thread"]
    _order = "period_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [
            ("regular", "Monthly charges"),
            ("correction", "Correction of past months"),
            ("one_off", "One-off charge"),
        ],
        required=True,
        default="regular",
    )
    period_date = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        tracking=True,
    )
    period_date_to = fields.Date(
        string="Until Month",
        help="For a correction: the last month to recalculate.",
    )
    distribution_id = fields.Many2one(
        "hoa.cost.distribution", readonly=True, check_company=True
    )
    invoice_date = fields.Date(
        help="Date of the invoices; empty: the first day of the month (for a "
        "correction: today)."
    )
    building_ids = fields.Many2many(
        "hoa.building", check_company=True, help="Empty: all buildings."
    )
    unit_ids = fields.Many2many(
        "hoa.unit", check_company=True, help="Empty: all units of the buildings."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("preview", "Preview"),
            ("running", "Billing"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many("hoa.billing.line", "run_id")
    run_unit_ids = fields.One2many("hoa.billing.run.unit", "run_id", string="Units")
    move_ids = fields.One2many("account.move", "hoa_billing_run_id", string="Invoices")
    move_count = fields.Integer(compute="_compute_counts")
    line_count = fields.Integer(compute="_compute_counts")
    error_count = fields.Integer(compute="_compute_counts")
    unit_total = fields.Integer(compute="_compute_counts", string="Units in Run")
    unit_done = fields.Integer(compute="_compute_counts", string="Units Billed")
    progress = fields.Float(compute="_compute_counts")
    amount_total = fields.Monetary(compute="_compute_counts", string="Amount")

    @api.depends(
        "company_id", "period_date", "period_date_to", "kind", "distribution_id.name"
    )
    def _compute_name(self):
        for run in self:
            if not run.period_date:
                run.name = False
                continue
            month = format_date(self.env, run.period_date, date_format="MM/yyyy")
            if run.kind == "one_off" and run.distribution_id:
                run.name = run.distribution_id._label()
            elif run.kind == "correction":
                until = format_date(
                    self.env,
                    run.period_date_to or run.period_date,
                    date_format="MM/yyyy",
                )
                run.name = _("Correction %(month)s–%(until)s", month=month, until=until)
            else:
                run.name = _("Charges %(month)s", month=month)

    def _compute_counts(self):
        lines = self.env["hoa.billing.line"]._read_group(
            [("run_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["run_id"],
            ["__count", "amount:sum"],
        )
        line_data = {run.id: (count, amount) for run, count, amount in lines}
        units = self.env["hoa.billing.run.unit"]._read_group(
            [("run_id", "in", self.ids)], ["run_id", "state"], ["__count"]
        )
        unit_data = defaultdict(dict)
        for run, state, count in units:
            unit_data[run.id][state] = count
        moves = self.env["account.move"]._read_group(
            [("hoa_billing_run_id", "in", self.ids)],
            ["hoa_billing_run_id"],
            ["__count"],
        )
        move_data = {run.id: count for run, count in moves}
        for run in self:
            run.line_count, run.amount_total = line_data.get(run.id, (0, 0.0))
            states = unit_data[run.id]
            run.unit_total = sum(states.values())
            run.unit_done = states.get("done", 0) + states.get("error", 0)
            run.error_count = states.get("error", 0)
            run.progress = (
                100.0 * run.unit_done / run.unit_total if run.unit_total else 0.0
            )
            run.move_count = move_data.get(run.id, 0)

    @api.constrains("period_date", "period_date_to", "kind")
    def _check_period(self):
        for run in self:
            if run.kind == "correction" and run.period_date_to:
                if run.period_date_to < run.period_date:
                    raise UserError(_("The last month comes before the first one."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            for field in ("period_date", "period_date_to"):
                if vals.get(field):
                    vals[field] = fields.Date.to_date(vals[field]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        for field in ("period_date", "period_date_to"):
            if vals.get(field):
                vals[field] = fields.Date.to_date(vals[field]).replace(day=1)
        if {
            "period_date",
            "period_date_to",
            "company_id",
            "unit_ids",
            "building_ids",
        } & set(vals) and self.filtered(lambda r: r.state not in ("draft", "preview")):
            raise UserError(_("A run that has billed cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if self.filtered(lambda r: r.state not in ("draft", "preview", "cancelled")):
            raise UserError(
                _("A run that has billed cannot be deleted: cancel it instead.")
            )
        if self.move_ids:
            raise UserError(_("A run with invoices cannot be deleted."))

    # ------------------------------------------------------------------ scope

    def _months(self):
        self.ensure_one()
        months, month = [], self.period_date
        last = (
            self.period_date_to
            if self.kind == "correction" and self.period_date_to
            else self.period_date
        )
        while month <= last:
            months.append(month)
            month += relativedelta(months=1)
        return months

    def _units_in_scope(self):
        self.ensure_one()
        if self.unit_ids:
            return self.unit_ids
        domain = [("company_id", "=", self.company_id.id)]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        return self.env["hoa.unit"].with_context(active_test=False).search(domain)

    def _check_ready(self):
        for run in self:
            if not run.company_id.is_hoa_community:
                raise UserError(
                    _(
                        "%(company)s is not a housing community.",
                        company=run.company_id.name,
                    )
                )
            if not run.company_id._hoa_billing_journal():
                raise UserError(
                    _(
                        "%(community)s has no sales journal: install its chart of "
                        "accounts first.",
                        community=run.company_id.name,
                    )
                )
            other = self.search(
                [
                    ("id", "!=", run.id),
                    ("company_id", "=", run.company_id.id),
                    ("state", "=", "running"),
                ],
                limit=1,
            )
            if other:
                raise UserError(
                    _(
                        "%(run)s of this community is still billing: wait until it "
                        "has finished.",
                        run=other.name,
                    )
                )
            lock_date = run.company_id._get_user_fiscal_lock_date(
                run.company_id._hoa_billing_journal()
            )
            if run._invoice_date() <= lock_date:
                raise UserError(
                    _(
                        "The books of %(community)s are locked until %(date)s: choose "
                        "a later invoice date.",
                        community=run.company_id.name,
                        date=format_date(self.env, lock_date),
                    )
                )

    def _invoice_date(self):
        self.ensure_one()
        if self.invoice_date:
            return self.invoice_date
        if self.kind == "correction":
            return fields.Date.context_today(self)
        return self.period_date

    def _due_date(self, invoice_date):
        day = min(max(self.company_id.hoa_payment_due_day, 1), 28)
        due = invoice_date.replace(day=day)
        if due < invoice_date:
            due += relativedelta(months=1)
        return due

    # ---------------------------------------------------------------- actions

    def action_preview(self):
        """Compute every unit's lines without billing (shown for checking)."""
        for run in self:
            if run.state not in ("draft", "preview"):
                raise UserError(_("Only a draft run can be previewed."))
            run._check_ready()
            run.line_ids.filtered(lambda line: line.state == "preview").unlink()
            run.run_unit_ids.unlink()
            units = run._units_in_scope()
            for start in range(0, len(units), BATCH_SIZE):
                batch = units[start : start + BATCH_SIZE]
                lines, errors = run._compute_differences(batch)
                self.env["hoa.billing.line"].create(lines)
                self.env["hoa.billing.run.unit"].create(
                    [
                        {
                            "run_id": run.id,
                            "unit_id": uid,
                            "state": "error",
                            "message": msg,
                        }
                        for uid, msg in errors.items()
                    ]
                )
            run.state = "preview"
        return True

    def action_back_to_draft(self):
        for run in self:
            if run.state != "preview":
                raise UserError(_("Only a previewed run goes back to draft."))
            run.line_ids.unlink()
            run.run_unit_ids.unlink()
            run.state = "draft"

    def action_start(self):
        """Bill: large runs continue in the background, batch by batch."""
        for run in self:
            if run.state not in ("draft", "preview"):
                raise UserError(_("This run has already been started."))
            run._check_ready()
            run.line_ids.unlink()
            run.run_unit_ids.unlink()
            units = run._units_in_scope()
            if not units:
                raise UserError(_("There are no units to bill."))
            self.env["hoa.billing.run.unit"].create(
                [{"run_id": run.id, "unit_id": unit.id} for unit in units]
            )
            run.state = "running"
            if len(units) <= SYNC_LIMIT:
                run._process(limit=None)
            else:
                self.env.ref("hoa_billing.ir_cron_hoa_billing_run")._trigger()
                run.message_post(
                    body=_(
                        "Billing %(count)s units in the background.", count=len(units)
                    )
                )
        return True

    def action_resume(self):
        """Continue a run stopped half way (e.g. by a server restart)."""
        for run in self.filtered(lambda r: r.state == "running"):
            todo = self.env["hoa.billing.run.unit"].search_count(
                [("run_id", "=", run.id), ("state", "=", "todo")]
            )
            if todo <= SYNC_LIMIT:
                run._process(limit=None)
            else:
                self.env.ref("hoa_billing.ir_cron_hoa_billing_run")._trigger()
        return True

    def action_cancel(self):
        for run in self:
            if run.state not in ("done", "running"):
                raise UserError(_("Only a run that has billed can be cancelled."))
            run._check_no_later_billing()
            moves = run.move_ids.filtered(lambda m: m.state == "posted")
            paid = moves.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
                and line.matched_credit_ids | line.matched_debit_ids
            )
            # Payments already matched become the payer's credit again.
            paid.remove_move_reconcile()
            reversals = moves._reverse_moves(
                default_values_list=[
                    {
                        "ref": _("Cancellation of %(run)s", run=run.name),
                        "hoa_unit_id": move.hoa_unit_id.id,
                        "hoa_period_date": move.hoa_period_date,
                        "date": max(move.date, fields.Date.context_today(self)),
                        "invoice_date": max(
                            move.invoice_date, fields.Date.context_today(self)
                        ),
                    }
                    for move in moves
                ],
                cancel=True,
            )
            run.move_ids.filtered(lambda m: m.state == "draft").button_cancel()
            run.line_ids.write({"state": "cancelled"})
            run.run_unit_ids.filtered(lambda u: u.state == "todo").write(
                {"state": "skipped"}
            )
            run.state = "cancelled"
            run.message_post(
                body=_(
                    "Cancelled: %(count)s invoices reversed by credit notes.",
                    count=len(reversals),
                )
            )
        return True

    def _check_no_later_billing(self):
        self.ensure_one()
        later = self.env["hoa.billing.line"].search(
            [
                ("run_id", "!=", self.id),
                ("run_id", ">", self.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "posted"),
                ("period_date", "in", self._months()),
                ("unit_id", "in", self.line_ids.unit_id.ids),
            ],
            limit=1,
        )
        if later:
            raise UserError(
                _(
                    "%(run)s billed the same units and months later: cancel it first.",
                    run=later.run_id.name,
                )
            )

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("hoa_billing_run_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_billing_line_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        return action

    def action_view_errors(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_billing_run_unit_action"
        )
        action["domain"] = [("run_id", "=", self.id), ("state", "=", "error")]
        return action

    def action_export_xlsx(self):
        """Download the run as a spreadsheet: every line, and totals per charge."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        number = workbook.add_format({"num_format": "#,##0.0000"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet = workbook.add_worksheet(_("Lines")[:31])
        headers = [
            _("Unit"),
            _("Building"),
            _("Payer"),
            _("Month"),
            _("Charge"),
            _("Kind"),
            _("Correction"),
            _("From"),
            _("Until"),
            _("Quantity"),
            _("Rate"),
            _("Amount"),
            _("Invoice"),
        ]
        sheet.write_row(0, 0, headers, bold)
        kinds = dict(
            self.env["hoa.billing.line"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        totals = defaultdict(float)
        lines = self.line_ids.filtered(lambda line: line.state != "cancelled")
        for row, line in enumerate(lines, start=1):
            sheet.write(row, 0, line.unit_id.display_name)
            sheet.write(row, 1, line.building_id.display_name or "")
            sheet.write(row, 2, line.partner_id.display_name)
            sheet.write_datetime(row, 3, _as_datetime(line.period_date), date)
            sheet.write(row, 4, line.charge_type_id.name)
            sheet.write(row, 5, kinds.get(line.kind, line.kind))
            sheet.write(row, 6, _("yes") if line.is_correction else "")
            if line.date_from:
                sheet.write_datetime(row, 7, _as_datetime(line.date_from), date)
                sheet.write_datetime(row, 8, _as_datetime(line.date_to), date)
            sheet.write_number(row, 9, line.quantity, number)
            sheet.write_number(row, 10, line.rate, number)
            sheet.write_number(row, 11, line.amount, money)
            sheet.write(row, 12, line.move_id.name or "")
            totals[line.charge_type_id.name] += line.amount
        sheet.autofilter(0, 0, max(len(lines), 1), len(headers) - 1)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 2, 24)
        sheet.set_column(3, 12, 13)
        summary = workbook.add_worksheet(_("Totals")[:31])
        summary.write_row(0, 0, [_("Charge"), _("Amount")], bold)
        for row, (name, amount) in enumerate(sorted(totals.items()), start=1):
            summary.write(row, 0, name)
            summary.write_number(row, 1, amount, money)
        summary.write(len(totals) + 1, 0, _("Total"), bold)
        summary.write_number(len(totals) + 1, 1, sum(totals.values()), money)
        summary.set_column(0, 0, 30)
        summary.set_column(1, 1, 16)
        workbook.close()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.xlsx".replace("/", "-"),
                "datas": base64.b64encode(output.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------- processing

    @api.model
    def _cron_process(self):
        """Bill the next batch of the runs in progress (ir.cron, with progress)."""
        runs = self.search([("state", "=", "running")], order="id")
        if not runs:
            return
        run = runs[0]
        done = run._process(limit=BATCH_SIZE)
        remaining = self.env["hoa.billing.run.unit"].search_count(
            [("run_id", "in", runs.ids), ("state", "=", "todo")]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _process(self, limit=None):
        """Bill the units still to do, one batch per savepoint. Returns the number
        of units processed. Safe to call again after a crash: a batch's invoices
        and its units' state are written in the same transaction."""
        self.ensure_one()
        processed = 0
        while True:
            self.env.cr.execute(
                "SELECT id FROM hoa_billing_run WHERE id = %s FOR UPDATE", (self.id,)
            )
            todo = self.env["hoa.billing.run.unit"].search(
                [("run_id", "=", self.id), ("state", "=", "todo")],
                limit=BATCH_SIZE,
                order="id",
            )
            if not todo:
                break
            try:
                with self.env.cr.savepoint():
                    self._process_batch(todo)
            except Exception:
                _logger.exception("Billing run %s: a batch failed", self.id)
                self.invalidate_recordset()
                # Bill the batch unit by unit, so one broken unit stops only itself.
                for run_unit in todo:
                    try:
                        with self.env.cr.savepoint():
                            self._process_batch(run_unit)
                    except Exception as error:  # noqa: BLE001 - listed for the user
                        self.env.invalidate_all()
                        run_unit.write(
                            {"state": "error", "message": str(error) or repr(error)}
                        )
            processed += len(todo)
            if limit and processed >= limit:
                break
        if not self.env["hoa.billing.run.unit"].search_count(
            [("run_id", "=", self.id), ("state", "=", "todo")]
        ):
            self._finish()
        return processed

    def _finish(self):
        self.ensure_one()
        self.state = "done"
        self.message_post(
            body=_(
                "Billed: %(moves)s invoices and credit notes, %(errors)s units with "
                "errors.",
                moves=self.move_count,
                errors=self.error_count,
            )
        )

    def _process_batch(self, run_units):
        """Compute and bill the differences of ``run_units`` (one transaction)."""
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (8031, self.company_id.id)
        )
        units = run_units.unit_id
        lines, errors = self._compute_differences(units)
        lines = [line | {"state": "posted"} for line in lines]
        billing_lines = self.env["hoa.billing.line"].create(lines)
        self._create_moves(billing_lines)
        # Overpayments of the units settle their new charges.
        self.env["hoa.payment.matcher"]._apply_credits(self.company_id, units)
        failed = run_units.filtered(lambda u: u.unit_id.id in errors)
        (run_units - failed).write({"state": "done"})
        for run_unit in failed:
            run_unit.write({"state": "error", "message": errors[run_unit.unit_id.id]})

    def _compute_differences(self, units):
        """What to bill for ``units``: due minus billed, per unit, payer, charge,
        kind and month. Returns (line vals, errors)."""
        self.ensure_one()
        if self.kind == "one_off":
            return self._compute_one_off(units)
        engine = self.env["hoa.billing.engine"]
        charge_types = self.env["hoa.charge.type"].search(
            [("company_id", "=", self.company_id.id)]
        )
        rate_table = self.env["hoa.tariff"]._rate_table(charge_types)
        months = self._months()
        billed = self._billed_amounts(units, months)
        currency = self.currency_id
        result, errors = [], {}
        for month in months:
            due_lines, month_errors = engine._compute(units, month, rate_table)
            for unit_id, message in month_errors.items():
                errors.setdefault(unit_id, message)
            due = defaultdict(list)
            for line in due_lines:
                if line["unit_id"] in errors:
                    continue
                due[self._key(line)].append(line)
            keys = set(due) | {
                key for key in billed if key[4] == month and key[0] not in errors
            }
            for key in sorted(keys, key=str):
                key_lines = due.get(key, [])
                due_amount = currency.round(sum(line["amount"] for line in key_lines))
                billed_amount = billed.get(key, 0.0)
                if currency.is_zero(billed_amount):
                    result.extend(
                        line | {"run_id": self.id, "company_id": self.company_id.id}
                        for line in key_lines
                    )
                    continue
                difference = currency.round(due_amount - billed_amount)
                if currency.is_zero(difference):
                    continue
                unit_id, partner_id, charge_type_id, kind, period_date = key
                first = key_lines[0] if key_lines else {}
                result.append(
                    {
                        "run_id": self.id,
                        "company_id": self.company_id.id,
                        "unit_id": unit_id,
                        "partner_id": partner_id,
                        "charge_type_id": charge_type_id,
                        "unit_charge_id": first.get("unit_charge_id"),
                        "kind": kind,
                        "is_correction": True,
                        "period_date": period_date,
                        "date_from": period_date,
                        "date_to": month_bounds(period_date)[1],
                        "quantity": 1.0,
                        "rate": difference,
                        "amount": difference,
                        "due_amount": due_amount,
                        "billed_before": billed_amount,
                    }
                )
        result = [line for line in result if line["unit_id"] not in errors]
        return result, errors

    def _compute_one_off(self, units):
        """A distributed cost: each unit's part, unless a posted run billed it."""
        billed = self.env["hoa.billing.line"].search(
            [
                ("distribution_id", "=", self.distribution_id.id),
                ("state", "=", "posted"),
                ("unit_id", "in", units.ids),
            ]
        )
        lines, errors = self.distribution_id._billing_lines(units - billed.unit_id)
        return [
            line | {"run_id": self.id, "company_id": self.company_id.id}
            for line in lines
        ], errors

    def _open_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoa.billing.run",
            "res_id": self.id,
            "view_mode": "form",
        }

    @staticmethod
    def _key(line):
        return (
            line["unit_id"],
            line["partner_id"],
            line["charge_type_id"],
            line["kind"],
            line["period_date"],
        )

    def _billed_amounts(self, units, months):
        """Sum of the posted lines per (unit, payer, charge, kind, month)."""
        self.env["hoa.billing.line"].flush_model()
        self.env.cr.execute(
            """
            SELECT unit_id, partner_id, charge_type_id, kind, period_date,
                   SUM(amount)
              FROM hoa_billing_line
             WHERE state = 'posted' AND unit_id IN %s AND period_date IN %s
               AND distribution_id IS NULL
             GROUP BY 1, 2, 3, 4, 5
            """,
            (tuple(units.ids) or (0,), tuple(months)),
        )
        return {tuple(row[:5]): row[5] for row in self.env.cr.fetchall()}


def _as_datetime(day):
    return datetime(day.year, day.month, day.day)


class HoaBillingRunUnit(models.Model):
    """A unit of a run: to do, billed, or why it could not be billed."""

    _name = "hoa.billing.run.unit"
    _description = "Unit of a Billing Run"
    _order = "run_id, id"

    run_id = fields.Many2one(
        "hoa.billing.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    unit_id = fields.Many2one("hoa.unit", required=True, ondelete="cascade")
    state = fields.Selection(
        [
            ("todo", "To Bill"),
            ("done", "Billed"),
            ("error", "Error"),
            ("skipped", "Skipped"),
        ],
        default="todo",
        required=True,
        index=True,
    )
    message = fields.Char()

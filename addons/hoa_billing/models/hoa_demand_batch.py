"""Bulk pre-court demands for payment (przedsądowe wezwania do zapłaty): the office
chooses debtors (from the debtors list, all of them, or a CSV/XLSX file of unit
numbers, unit codes or individual account numbers) and gets one ZIP of PDF letters.

Each debtor is a line of the batch. The lines are processed in chunks: small
batches at once, large ones by a cron that commits after every chunk, so the office
sees the progress by reloading the form and a crash half way loses nothing (the
letters of a chunk and the state of its lines are written in one transaction). The
letters are ordinary hoa.dunning.letter records of the community's pre-court level,
so they appear in each unit's history of reminders; a letter of the same level
already written for the unit on the same day is reused, not repeated, unless the
batch asks for new ones."""

import base64
import csv
import io
import logging
import re
import zipfile

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

# Letters rendered per transaction (one wkhtmltopdf call each).
CHUNK_SIZE = 25
# Batches with up to this many debtors are processed at once; larger ones by cron.
SYNC_LIMIT = 25
LETTER_REPORT = "hoa_billing.action_report_hoa_dunning_letter"


def _file_name(text):
    return re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("_")


class HoaDemandBatch(models.Model):
    _name = "hoa.demand.batch"
    _description = "Bulk Pre-court Demands"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    date = fields.Date(
        string="Letter Date",
        required=True,
        default=fields.Date.context_today,
        help="The date of the letters: the debt is computed on this day.",
    )
    level_id = fields.Many2one(
        "hoa.dunning.level",
        string="Letter Level",
        required=True,
        check_company=True,
        compute="_compute_level_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('company_id', '=', company_id)]",
        help="The level of the letters: by default the community's pre-court level.",
    )
    is_repeat_allowed = fields.Boolean(
        string="New Letters on the Same Day",
        help="Write a new letter even when the unit already has a letter of this "
        "level dated the same day; otherwise that letter is reused.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "In Progress"), ("done", "Done")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "hoa.demand.batch.line", "batch_id", string="Debtors", copy=False
    )
    import_file = fields.Binary(string="List of Debtors", attachment=False)
    import_filename = fields.Char()
    total_count = fields.Integer(string="Number of Debtors", compute="_compute_counts")
    done_count = fields.Integer(string="Letters", compute="_compute_counts")
    failed_count = fields.Integer(string="Failures", compute="_compute_counts")
    todo_count = fields.Integer(string="To Do", compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts")
    zip_attachment_id = fields.Many2one(
        "ir.attachment", string="Letters (ZIP)", readonly=True, copy=False
    )
    summary = fields.Text(readonly=True, copy=False)

    @api.depends("company_id")
    def _compute_level_id(self):
        for batch in self:
            if batch.level_id.company_id == batch.company_id:
                batch.level_id = batch.level_id
            else:
                batch.level_id = batch._default_level()

    @api.depends("line_ids.state")
    def _compute_counts(self):
        groups = self.env["hoa.demand.batch.line"]._read_group(
            [("batch_id", "in", self.ids)], ["batch_id", "state"], ["__count"]
        )
        counts = {}
        for batch, state, count in groups:
            counts.setdefault(batch.id, {})[state] = count
        for batch in self:
            states = counts.get(batch.id, {})
            batch.total_count = sum(states.values())
            batch.done_count = states.get("done", 0)
            batch.failed_count = states.get("error", 0)
            batch.todo_count = states.get("todo", 0)
            finished = batch.done_count + batch.failed_count
            batch.progress = (
                100.0 * finished / batch.total_count if batch.total_count else 0.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("hoa.demand.batch") or _("New")
        return super().create(vals_list)

    def unlink(self):
        if self.filtered(lambda batch: batch.state == "running"):
            raise UserError(
                _("A batch in progress cannot be deleted: let it finish first.")
            )
        return super().unlink()

    # Actions ------------------------------------------------------------------------
    def action_add_debtors(self):
        """Add every unit of the community with an overdue debt on the date."""
        self.ensure_one()
        self._check_draft()
        units = self.env["hoa.unit"].search([("company_id", "=", self.company_id.id)])
        debts = units._hoa_overdue_debt(self.date)
        listed = self.line_ids.unit_id
        debtors = units.filtered(lambda unit: unit.id in debts and unit not in listed)
        if not debtors:
            raise UserError(
                _(
                    "No further unit of %(community)s has an overdue debt on %(date)s.",
                    community=self.company_id.name,
                    date=format_date(self.env, self.date),
                )
            )
        self._add_units(debtors)
        return True

    def action_import(self):
        """Add the units listed in the first column of the uploaded CSV or XLSX
        file; a value that is no unit of the community is kept as a failure."""
        self.ensure_one()
        self._check_draft()
        if not self.import_file:
            raise UserError(_("Upload a CSV or XLSX file with the list of debtors."))
        values = self._read_values(base64.b64decode(self.import_file))
        if not values:
            raise UserError(_("The file lists no unit."))
        finder = self._unit_finder()
        vals_list = []
        for value in values:
            unit = finder(value)
            vals_list.append(
                {
                    "batch_id": self.id,
                    "source": value,
                    "unit_id": unit.id,
                }
            )
        self.env["hoa.demand.batch.line"].create(vals_list)
        self.write({"import_file": False, "import_filename": False})
        return True

    def action_start(self):
        """Write and print the letters: small batches at once, large ones in the
        background, chunk by chunk."""
        for batch in self:
            batch._check_draft()
            if not batch.line_ids:
                raise UserError(
                    _("Add the debtors first: select them or upload a list.")
                )
            batch.state = "running"
            if batch.todo_count <= SYNC_LIMIT:
                batch._process()
            else:
                self.env.ref("hoa_billing.ir_cron_hoa_demand_batch")._trigger()
                batch.message_post(
                    body=_(
                        "Writing %(count)s letters in the background: reload the page "
                        "to follow the progress.",
                        count=batch.todo_count,
                    )
                )
        return True

    def action_retry_failed(self):
        """Try the failed debtors again (e.g. after a payer was entered)."""
        for batch in self:
            failed = batch.line_ids.filtered(lambda line: line.state == "error")
            if batch.state != "done" or not failed:
                raise UserError(
                    _("Only a finished batch with failures can be retried.")
                )
            failed.write({"state": "todo", "message": False})
            batch.state = "running"
            if len(failed) <= SYNC_LIMIT:
                batch._process()
            else:
                self.env.ref("hoa_billing.ir_cron_hoa_demand_batch")._trigger()
        return True

    def action_download(self):
        self.ensure_one()
        if not self.zip_attachment_id:
            raise UserError(_("The letters are not ready yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.zip_attachment_id.id}?download=true",
            "target": "self",
        }

    def action_view_letters(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_dunning_letter_action"
        )
        action["domain"] = [("id", "in", self.line_ids.letter_id.ids)]
        action["context"] = {"create": False}
        return action

    # Business methods ---------------------------------------------------------------
    def _check_draft(self):
        if self.filtered(lambda batch: batch.state != "draft"):
            raise UserError(_("The batch has been started already."))

    def _default_level(self):
        """The community's pre-court level, else its highest one."""
        self.ensure_one()
        levels = self.env["hoa.dunning.level"].search(
            [("company_id", "=", self.company_id.id)], order="sequence desc, id desc"
        )
        return levels.filtered("is_pre_court")[:1] or levels[:1]

    def _add_units(self, units):
        self.ensure_one()
        return self.env["hoa.demand.batch.line"].create(
            [
                {"batch_id": self.id, "unit_id": unit.id, "source": unit.display_name}
                for unit in units
            ]
        )

    def _read_values(self, content):
        """The non-empty first cells of the rows of a CSV or XLSX file; a first row
        with no digit in it is a header and skipped."""
        name = (self.import_filename or "").lower()
        if name.endswith(".xlsx") or content[:2] == b"PK":
            from openpyxl import load_workbook

            try:
                sheet = load_workbook(
                    io.BytesIO(content), read_only=True, data_only=True
                ).active
            except Exception as error:
                raise UserError(
                    _(
                        "The file is not a readable XLSX workbook: %(error)s",
                        error=error,
                    )
                ) from error
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        else:
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("cp1250")
            try:
                dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            rows = list(csv.reader(io.StringIO(text), dialect))
        values = []
        for row in rows:
            cell = row[0] if row else None
            if isinstance(cell, float) and cell.is_integer():
                cell = int(cell)
            value = str(cell).strip() if cell not in (None, "") else ""
            if value:
                values.append(value)
        if values and not any(char.isdigit() for char in values[0]):
            values = values[1:]
        return values

    def _unit_finder(self):
        """A function: the unit of the community a value of a list names (its full
        number such as "A/12", its number when only one unit has it, its unit code,
        or its individual account number), or an empty recordset."""
        self.ensure_one()
        units = self.env["hoa.unit"].search([("company_id", "=", self.company_id.id)])
        by_key = {}
        names = {}
        for unit in units:
            by_key[unit.display_name.strip().lower()] = unit
            names.setdefault(unit.name.strip().lower(), []).append(unit)
            if unit.code:
                by_key.setdefault(str(unit.code), unit)
            account = re.sub(r"\D", "", unit.virtual_account or "")
            if account:
                by_key[account] = unit
        for name, same in names.items():
            if len(same) == 1:
                by_key.setdefault(name, same[0])
        Unit = self.env["hoa.unit"]

        def find(value):
            value = value.strip()
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 16 and digits in by_key:
                return by_key[digits]
            return by_key.get(value.lower(), Unit)

        return find

    @api.model
    def _cron_process(self):
        """Write the next chunk of letters of the batches in progress (ir.cron, with
        progress: the cron commits after each chunk and runs again at once while
        letters remain)."""
        batches = self.search([("state", "=", "running")], order="id")
        if not batches:
            return
        done = batches[0]._process(limit=CHUNK_SIZE)
        remaining = self.env["hoa.demand.batch.line"].search_count(
            [("batch_id", "in", batches.ids), ("state", "=", "todo")]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _process(self, limit=None):
        """Write the letters of the lines still to do, chunk by chunk; returns the
        number of lines processed. When nothing is left, the ZIP is built."""
        self.ensure_one()
        Line = self.env["hoa.demand.batch.line"]
        processed = 0
        while True:
            self.env.cr.execute(
                "SELECT id FROM hoa_demand_batch WHERE id = %s FOR UPDATE", (self.id,)
            )
            todo = Line.search(
                [("batch_id", "=", self.id), ("state", "=", "todo")],
                limit=CHUNK_SIZE,
                order="id",
            )
            if not todo:
                break
            self._process_lines(todo)
            processed += len(todo)
            if limit and processed >= limit:
                break
        if not Line.search_count([("batch_id", "=", self.id), ("state", "=", "todo")]):
            self._finish()
        return processed

    def _process_lines(self, lines):
        """One letter per line, each in its own savepoint: a debtor that fails is
        listed with the reason and stops only itself."""
        units = lines.unit_id
        debts = units._hoa_overdue_debt(self.date) if units else {}
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    line._process(debts)
            except UserError as error:
                self.env.invalidate_all()
                line.write({"state": "error", "message": error.args[0]})
            except Exception as error:  # noqa: BLE001 - listed for the user
                _logger.exception("Demand batch %s: line %s failed", self.id, line.id)
                self.env.invalidate_all()
                line.write({"state": "error", "message": str(error) or repr(error)})

    def _finish(self):
        """The ZIP of the letters written, and the summary."""
        self.ensure_one()
        done = self.line_ids.filtered(lambda line: line.state == "done")
        failed = self.line_ids.filtered(lambda line: line.state == "error")
        stream = io.BytesIO()
        used = set()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for line in done:
                name = _file_name(f"{line.unit_id.display_name}_{line.letter_id.name}")
                # the same letter reused by two batches keeps its name; a name is
                # never repeated within one ZIP
                if name in used:
                    name = f"{name}_{line.id}"
                used.add(name)
                archive.writestr(f"{name}.pdf", line.pdf_attachment_id.raw)
        if self.zip_attachment_id:
            self.zip_attachment_id.unlink()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{_file_name(self.name)}.zip",
                "raw": stream.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        summary = [
            _(
                "%(done)s letters written, %(failed)s debtors failed.",
                done=len(done),
                failed=len(failed),
            )
        ]
        for line in failed:
            summary.append(
                _(
                    "%(debtor)s: %(reason)s",
                    debtor=line.source or line.unit_id.display_name,
                    reason=line.message,
                )
            )
        self.write(
            {
                "state": "done",
                "zip_attachment_id": attachment.id,
                "summary": "\n".join(summary),
            }
        )
        self.message_post(body="\n".join(summary), attachment_ids=attachment.ids)


class HoaDemandBatchLine(models.Model):
    _name = "hoa.demand.batch.line"
    _description = "Debtor of a Bulk Demand"
    _order = "batch_id, id"
    _check_company_auto = True

    batch_id = fields.Many2one(
        "hoa.demand.batch", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="batch_id.company_id", store=True, index=True, string="Community"
    )
    currency_id = fields.Many2one(related="batch_id.company_id.currency_id")
    source = fields.Char(
        string="As Listed", readonly=True, help="The value of the uploaded list."
    )
    unit_id = fields.Many2one("hoa.unit", readonly=True, check_company=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    amount = fields.Monetary(string="Debt", readonly=True)
    letter_id = fields.Many2one("hoa.dunning.letter", readonly=True, check_company=True)
    pdf_attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    is_reused = fields.Boolean(
        string="Reused",
        readonly=True,
        help="The unit already had a letter of this level dated this day.",
    )
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Written"), ("error", "Failed")],
        required=True,
        default="todo",
        index=True,
        readonly=True,
    )
    message = fields.Char(readonly=True)

    def _process(self, debts):
        """Write (or reuse) and print the letter of this debtor."""
        self.ensure_one()
        batch = self.batch_id
        unit = self.unit_id
        if not unit:
            raise UserError(
                _(
                    "No unit of the community is numbered %(value)s, has this unit "
                    "code or this individual account.",
                    value=self.source,
                )
            )
        if batch.line_ids.filtered(
            lambda line: line.unit_id == unit and line.id < self.id
        ):
            raise UserError(_("The unit is listed twice in this batch."))
        debt = debts.get(unit.id)
        if not debt:
            raise UserError(
                _(
                    "The unit %(unit)s has no overdue debt on %(date)s.",
                    unit=unit.display_name,
                    date=format_date(self.env, batch.date),
                )
            )
        Letter = self.env["hoa.dunning.letter"]
        letter = Letter.browse()
        if not batch.is_repeat_allowed:
            letter = Letter.search(
                [
                    ("unit_id", "=", unit.id),
                    ("level_id", "=", batch.level_id.id),
                    ("date", "=", batch.date),
                    ("state", "!=", "cancelled"),
                ],
                order="id desc",
                limit=1,
            )
        reused = bool(letter)
        if not letter:
            partner = (
                unit._get_payer(batch.date)
                or debt["lines"].sorted("date")[-1:].partner_id
            )
            plan = self.env["hoa.debt.plan"].search(
                [("unit_id", "=", unit.id), ("state", "=", "active")],
                order="date desc, id desc",
                limit=1,
            )
            letter = Letter._hoa_create_from_proposals(
                [
                    {
                        "unit": unit,
                        "partner": partner,
                        "level": batch.level_id,
                        "amount": debt["amount"],
                        "oldest_due": debt["oldest_due"],
                        "days_overdue": debt["days_overdue"],
                        "debt": debt,
                        "debt_plan": plan,
                    }
                ],
                batch.date,
            )
            letter.message_post(
                body=_("Written by the bulk demand %(batch)s.", batch=batch.name)
            )
        if letter.state == "draft":
            letter.state = "printed"
        pdf, __ = self.env["ir.actions.report"]._render_qweb_pdf(
            LETTER_REPORT, res_ids=letter.ids
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{_file_name(letter.name)}.pdf",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": letter._name,
                "res_id": letter.id,
            }
        )
        self.write(
            {
                "state": "done",
                "letter_id": letter.id,
                "partner_id": letter.partner_id.id,
                "amount": letter.amount,
                "pdf_attachment_id": attachment.id,
                "is_reused": reused,
                "message": _("The letter of this day was reused.") if reused else False,
            }
        )

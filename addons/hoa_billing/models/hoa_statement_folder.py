"""Unattended import of bank statements: a folder on the server (filled by the bank's
client software or a file transfer) is watched by a scheduled action. Each new file
is imported into the folder's bank journal, then moved to ``done/`` or, refused, to
``failed/``; each is recorded in the import log with the reason of a refusal.

Folders lie inside one root folder of the server (system parameter
``hoa_billing.statement_import_root``, by default ``statement_import`` in Odoo's
data directory), so that a folder set in the backend cannot reach other files."""

import base64
import functools
import logging
import os
import shutil

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import config

_logger = logging.getLogger(__name__)

ROOT_PARAMETER = "hoa_billing.statement_import_root"
DONE, FAILED = "done", "failed"


class HoaStatementFolder(models.Model):
    _name = "hoa.statement.folder"
    _description = "Watched Bank Statement Folder"
    _order = "company_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self.env.company,
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'bank')]",
    )
    path = fields.Char(
        string="Folder",
        required=True,
        help="Folder on the server, relative to the root folder of statement imports "
        "(or an absolute path inside it). Imported files are moved to its subfolder "
        "done, refused ones to failed.",
    )
    file_format = fields.Selection(
        [
            ("auto", "CAMT.053 or MT940 (recognised)"),
            ("camt", "CAMT.053"),
            ("mt940", "MT940"),
            ("sheet", "CSV / XLSX"),
        ],
        string="Format",
        default="auto",
        required=True,
    )
    sheet_mapping_id = fields.Many2one(
        "account.statement.import.sheet.mapping",
        string="Columns (Sheet Mapping)",
        help="Columns of the CSV/XLSX files of the bank.",
    )
    log_ids = fields.One2many(
        "hoa.statement.import.log", "folder_id", string="Imported Files"
    )
    log_count = fields.Integer(compute="_compute_log_count")

    def _compute_log_count(self):
        counts = dict(
            self.env["hoa.statement.import.log"]._read_group(
                [("folder_id", "in", self.ids)], ["folder_id"], ["__count"]
            )
        )
        for folder in self:
            folder.log_count = counts.get(folder, 0)

    @api.constrains("path")
    def _check_path(self):
        for folder in self:
            folder._full_path()

    @api.constrains("file_format", "sheet_mapping_id")
    def _check_sheet_mapping(self):
        for folder in self:
            if folder.file_format == "sheet" and not folder.sheet_mapping_id:
                raise ValidationError(
                    _(
                        "Folder %(folder)s: choose the sheet mapping of the bank's "
                        "CSV/XLSX files.",
                        folder=folder.name,
                    )
                )

    # Actions ------------------------------------------------------------------------
    def action_import_now(self):
        self._import_files()
        return self.action_view_log()

    def action_view_log(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_statement_import_log_action"
        )
        action["domain"] = [("folder_id", "in", self.ids)]
        return action

    # Business methods -----------------------------------------------------------------
    @api.model
    def _root(self):
        root = self.env["ir.config_parameter"].sudo().get_param(ROOT_PARAMETER)
        return os.path.realpath(
            root or os.path.join(config["data_dir"], "statement_import")
        )

    def _full_path(self):
        """The folder's absolute path; refused when outside the root folder."""
        self.ensure_one()
        root = self._root()
        path = os.path.realpath(os.path.join(root, self.path or ""))
        if os.path.commonpath([root, path]) != root:
            raise ValidationError(
                _(
                    "The folder %(path)s is outside the folder of statement imports "
                    "(%(root)s).",
                    path=self.path,
                    root=root,
                )
            )
        return path

    @api.model
    def _cron_import(self):
        folders = self.search([])
        self._import_files(folders)

    def _import_files(self, folders=None):
        """Import the new files of the folders; returns the log records written.
        The files are moved once the transaction is committed, so a file is never
        in done/ without its statement."""
        logs = self.env["hoa.statement.import.log"]
        for folder in folders if folders is not None else self:
            if not folder._lock():
                continue
            path = folder._full_path()
            if not os.path.isdir(path):
                _logger.warning("Statement folder %s does not exist.", path)
                continue
            for name in sorted(os.listdir(path)):
                file_path = os.path.join(path, name)
                if name.startswith(".") or not os.path.isfile(file_path):
                    continue
                logs |= folder._import_one(file_path)
        return logs

    def _lock(self):
        """Whether this folder is free: the scheduled action and an import started
        by hand must not read the same files (no ORM API for row locks)."""
        self.env.cr.execute(
            "SELECT id FROM hoa_statement_folder WHERE id = %s "
            "FOR NO KEY UPDATE SKIP LOCKED",
            (self.id,),
        )
        return bool(self.env.cr.fetchone())

    def _import_one(self, file_path):
        self.ensure_one()
        name = os.path.basename(file_path)
        with open(file_path, "rb") as statement_file:
            data = statement_file.read()
        journal = self.journal_id
        wizard_model = (
            self.env["account.statement.import"]
            .with_company(journal.company_id)
            .with_context(journal_id=journal.id)
        )
        values = {"state": DONE, "message": False}
        try:
            with self.env.cr.savepoint():
                self._check_format(wizard_model, data)
                wizard = wizard_model.create(
                    {
                        "statement_file": base64.b64encode(data),
                        "statement_filename": name,
                        "sheet_mapping_id": self.sheet_mapping_id.id,
                    }
                )
                result = wizard._import_file()
                statements = self.env["account.bank.statement"].browse(
                    result["statement_ids"]
                )
                values.update(
                    statement_ids=[fields.Command.set(statements.ids)],
                    line_count=len(statements.line_ids),
                    message="\n".join(result["notifications"]) or False,
                )
        except UserError as error:
            values.update(state=FAILED, message=str(error))
        log = self.env["hoa.statement.import.log"].create(
            {
                "folder_id": self.id,
                "company_id": self.company_id.id,
                "journal_id": journal.id,
                "file_name": name,
                **values,
            }
        )
        self.env.cr.postcommit.add(
            functools.partial(self._move_file, file_path, values["state"])
        )
        return log

    def _check_format(self, wizard_model, data):
        detected = wizard_model._hoa_detect_format(data)
        expected = {"camt": "xml", "mt940": "mt940", "sheet": "other"}.get(
            self.file_format
        )
        if self.file_format == "auto" and detected == "other":
            raise UserError(_("The file is neither a CAMT.053 nor an MT940 statement."))
        if expected and detected != expected:
            raise UserError(
                _(
                    "The file is not in the folder's format (%(format)s).",
                    format=dict(
                        self._fields["file_format"]._description_selection(self.env)
                    )[self.file_format],
                )
            )

    @api.model
    def _move_file(self, file_path, state):
        """Move an imported file to done/ (or a refused one to failed/) beside it,
        under a new name when that folder already has a file of its name."""
        if not os.path.exists(file_path):
            return
        folder = os.path.join(os.path.dirname(file_path), state)
        os.makedirs(folder, exist_ok=True)
        name = os.path.basename(file_path)
        target = os.path.join(folder, name)
        stem, extension = os.path.splitext(name)
        counter = 1
        while os.path.exists(target):
            counter += 1
            target = os.path.join(folder, f"{stem}-{counter}{extension}")
        shutil.move(file_path, target)

import base64
import csv
import hashlib
import io
import math
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

CHUNK = 5000
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class HoaMeterImportProfile(models.Model):
    _name = "hoa.meter.import.profile"
    _description = "Meter Reading Import Profile"
    _order = "name"

    name = fields.Char(
        required=True, help="The provider or file format, e.g. Techem radio."
    )
    active = fields.Boolean(default=True)
    match_by = fields.Selection(
        [("serial", "Serial number"), ("radio", "Radio ID")],
        required=True,
        default="serial",
    )
    delimiter = fields.Char(default=";", size=1, help="Column separator of CSV files.")
    has_header = fields.Boolean(default=True)
    column_meter = fields.Char(
        string="Meter Column",
        required=True,
        default="1",
        help="Header name or 1-based position of the column with the serial or radio "
        "ID.",
    )
    column_date = fields.Char(string="Date Column", required=True, default="2")
    column_value = fields.Char(string="Value Column", required=True, default="3")
    date_format = fields.Char(
        default="%Y-%m-%d", required=True, help="e.g. %Y-%m-%d or %d.%m.%Y"
    )
    decimal_separator = fields.Selection(
        [(".", "Point (12.5)"), (",", "Comma (12,5)")], default=",", required=True
    )


class HoaMeterImport(models.Model):
    _name = "hoa.meter.import"
    _description = "Meter Reading Import"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: _("New import"))
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    profile_id = fields.Many2one("hoa.meter.import.profile", required=True)
    file = fields.Binary(required=True, attachment=True)
    filename = fields.Char()
    file_hash = fields.Char(readonly=True, index=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Imported")], default="draft", readonly=True
    )
    reading_ids = fields.One2many("hoa.meter.reading", "import_id", readonly=True)
    error_ids = fields.One2many("hoa.meter.import.error", "import_id", readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    skipped_count = fields.Integer(
        string="Already Imported",
        readonly=True,
        help="Rows identical to readings on file.",
    )
    error_count = fields.Integer(string="Unreadable Rows", readonly=True)

    def action_import(self):
        for batch in self:
            batch._import()
        return True

    def _import(self):
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("This file has already been imported."))
        content = base64.b64decode(self.file or b"")
        digest = hashlib.sha256(content).hexdigest()
        earlier = self.search(
            [
                ("file_hash", "=", digest),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
            ],
            limit=1,
        )
        if earlier:
            raise UserError(
                _(
                    "This file was already imported on %(date)s (%(name)s): nothing "
                    "was "
                    "added.",
                    date=fields.Date.to_date(earlier.create_date),
                    name=earlier.name,
                )
            )
        rows = self._read_rows(content)
        vals_list, errors = self._rows_to_vals(rows)
        vals_list, skipped = self._drop_known(vals_list)
        Reading = self.env["hoa.meter.reading"]
        for start in range(0, len(vals_list), CHUNK):
            Reading.create(vals_list[start : start + CHUNK])
        self.env["hoa.meter.import.error"].create(errors)
        counts = dict(
            Reading._read_group([("import_id", "=", self.id)], ["state"], ["__count"])
        )
        self.write(
            {
                "state": "done",
                "file_hash": digest,
                "row_count": len(rows),
                "accepted_count": counts.get("accepted", 0),
                "rejected_count": counts.get("rejected", 0),
                "skipped_count": skipped,
                "error_count": len(errors),
            }
        )

    # Parsing ------------------------------------------------------------------------
    def _read_rows(self, content):
        """[(line number, [cells])] from a CSV or XLSX file."""
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or content[:2] == b"PK":
            return self._read_xlsx(content)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1250")
        reader = csv.reader(
            io.StringIO(text), delimiter=self.profile_id.delimiter or ";"
        )
        return [(number, row) for number, row in enumerate(reader, 1) if any(row)]

    def _read_xlsx(self, content):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            ).active
        except Exception as error:
            raise UserError(
                _("The file is not a readable XLSX workbook: %(error)s", error=error)
            ) from error
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if any(cell not in (None, "") for cell in row):
                rows.append((number, ["" if cell is None else cell for cell in row]))
        return rows

    def _column(self, spec, header):
        spec = (spec or "").strip()
        if spec.isdigit():
            return int(spec) - 1
        names = [str(cell).strip().lower() for cell in header]
        if spec.lower() not in names:
            raise UserError(
                _(
                    "Column '%(column)s' of profile %(profile)s is not in the file's "
                    "header (%(header)s).",
                    column=spec,
                    profile=self.profile_id.name,
                    header=", ".join(str(c) for c in header),
                )
            )
        return names.index(spec.lower())

    def _rows_to_vals(self, rows):
        profile = self.profile_id
        header = rows[0][1] if rows and profile.has_header else []
        data = rows[1:] if profile.has_header else rows
        col_meter = self._column(profile.column_meter, header)
        col_date = self._column(profile.column_date, header)
        col_value = self._column(profile.column_value, header)
        key = "name" if profile.match_by == "serial" else "radio_id"
        meters = self.env["hoa.meter"].search_read(
            [("company_id", "=", self.company_id.id), ("state", "=", "active")], [key]
        )
        by_key = {str(m[key]).strip(): m["id"] for m in meters if m[key]}
        vals_list, errors = [], []

        def error(number, row, message):
            errors.append(
                {
                    "import_id": self.id,
                    "line": number,
                    "content": ";".join(str(c) for c in row)[:500],
                    "message": message,
                }
            )

        width = max(col_meter, col_date, col_value) + 1
        for number, row in data:
            if len(row) < width:
                error(
                    number,
                    row,
                    _("The row has fewer columns than the profile expects."),
                )
                continue
            meter_key = str(row[col_meter]).strip()
            meter_id = by_key.get(meter_key)
            if not meter_id:
                error(number, row, _("No active meter %(meter)s.", meter=meter_key))
                continue
            try:
                date = self._parse_date(row[col_date])
            except ValueError:
                error(
                    number,
                    row,
                    _(
                        "'%(value)s' is not a date in the format %(format)s.",
                        value=row[col_date],
                        format=profile.date_format,
                    ),
                )
                continue
            try:
                value = self._parse_number(row[col_value])
            except ValueError:
                error(
                    number, row, _("'%(value)s' is not a number.", value=row[col_value])
                )
                continue
            vals_list.append(
                {
                    "meter_id": meter_id,
                    "date": date,
                    "value": value,
                    "source": "import",
                    "import_id": self.id,
                    "import_line": number,
                }
            )
        return vals_list, errors

    def _parse_date(self, cell):
        if isinstance(cell, datetime):
            return cell.date()
        if hasattr(cell, "year"):
            return cell
        return datetime.strptime(str(cell).strip(), self.profile_id.date_format).date()

    def _parse_number(self, cell):
        if isinstance(cell, int | float):
            return float(cell)
        text = str(cell).strip().replace(" ", "").replace("\xa0", "")
        if self.profile_id.decimal_separator == ",":
            text = text.replace(".", "").replace(",", ".")
        value = float(text)
        # "nan", "inf", "1e308": no meter shows them (readings have 16 digits)
        if not math.isfinite(value) or abs(value) >= 1e13:
            raise ValueError(text)
        return value

    def _drop_known(self, vals_list):
        """Rows identical to a reading already on file are not added again."""
        if not vals_list:
            return vals_list, 0
        meter_ids = tuple({vals["meter_id"] for vals in vals_list})
        dates = [vals["date"] for vals in vals_list]
        self.env["hoa.meter.reading"].flush_model()
        self.env.cr.execute(
            """
            SELECT meter_id, date, round(value::numeric, 3)
              FROM hoa_meter_reading
             WHERE meter_id IN %s AND date BETWEEN %s AND %s
            """,
            (meter_ids, min(dates), max(dates)),
        )
        known = {(m, d, float(v)) for m, d, v in self.env.cr.fetchall()}
        fresh, seen = [], set()
        for vals in vals_list:
            key = (vals["meter_id"], vals["date"], round(vals["value"], 3))
            if key in known or key in seen:
                continue
            seen.add(key)
            fresh.append(vals)
        return fresh, len(vals_list) - len(fresh)

    # Reports ------------------------------------------------------------------------
    def action_download_xlsx(self):
        self.ensure_one()
        import xlsxwriter

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(_("Rows"))
        headers = [
            _("Line"),
            _("Meter"),
            _("Unit"),
            _("Date"),
            _("Value"),
            _("Result"),
            _("Reason"),
        ]
        sheet.write_row(0, 0, headers, bold)
        row = 1
        states = dict(
            self.env["hoa.meter.reading"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for reading in self.reading_ids.sorted("import_line"):
            sheet.write_row(
                row,
                0,
                [
                    reading.import_line,
                    reading.meter_id.name,
                    reading.unit_id.display_name or "",
                    str(reading.date),
                    reading.value,
                    states.get(reading.state, ""),
                    reading.rejection_reason or "",
                ],
            )
            row += 1
        for line in self.error_ids:
            sheet.write_row(
                row, 0, [line.line, "", "", "", "", _("Not imported"), line.message]
            )
            row += 1
        workbook.close()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.xlsx",
                "raw": buffer.getvalue(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": XLSX_MIMETYPE,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(batch.state == "done" for batch in self):
            raise UserError(_("An import that added readings is kept as their source."))


class HoaMeterImportError(models.Model):
    _name = "hoa.meter.import.error"
    _description = "Meter Import Row Not Imported"
    _order = "import_id, line"

    import_id = fields.Many2one(
        "hoa.meter.import", required=True, ondelete="cascade", index=True
    )
    line = fields.Integer(required=True)
    content = fields.Char()
    message = fields.Char(required=True)

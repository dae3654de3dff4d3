import re
from datetime import datetime
from decimal import Decimal

from odoo import _, models
from odoo.exceptions import UserError

from .hoa_statement_mt940_parser import decode_bank_text

CURRENCY_MARK = re.compile(
    r"(?i)^(PLN|UAH|EUR|USD|ZŁ|ГРН\.?)|(PLN|UAH|EUR|USD|ZŁ|ГРН\.?)$"
)
AMOUNT_COLUMNS = (
    "amount_column",
    "amount_debit_column",
    "amount_credit_column",
    "balance_column",
    "original_amount_column",
)


class AccountStatementImportSheetParser(models.TransientModel):
    _inherit = "account.statement.import.sheet.parser"

    def _decode_data_file(self, data_file, encoding="utf-8"):
        """UTF-8 with or without BOM, whatever the mapping says: banks moved their
        exports from the code pages to UTF-8 (a code page decodes anything, so
        UTF-8 read as cp1251 would pass unnoticed). Else the mapping's code page or,
        for a UTF-8 mapping, the one of Polish or Ukrainian banks (cp1250, cp1251)
        rather than a guess of chardet."""
        if encoding and encoding.startswith("utf-16"):
            return super()._decode_data_file(data_file, encoding)
        if encoding in (False, None, "utf-8", "utf-8-sig"):
            return decode_bank_text(data_file)
        utf8 = data_file.decode("utf-8-sig", errors="replace")
        if "\ufffd" not in utf8:
            return utf8
        return super()._decode_data_file(data_file, encoding)

    def _get_column_indexes(self, header, column_name, mapping):
        try:
            return super()._get_column_indexes(header, column_name, mapping)
        except ValueError as error:
            raise UserError(
                _(
                    "The file has no column %(column)s of the sheet mapping "
                    "%(mapping)s; its columns are: %(header)s.",
                    column=mapping[column_name],
                    mapping=mapping.name,
                    header=", ".join(header),
                )
            ) from error

    def _parse_rows(self, mapping, currency_code, data, columns):
        """Refuse a file with a line that is not a transaction (an amount that is not
        a number, a date in another format) before anything is read from it, with
        the number of that line in the file."""
        csv_or_xlsx, data_file = data
        if isinstance(csv_or_xlsx, tuple):
            numbered = self._hoa_xlsx_rows(mapping, csv_or_xlsx, data_file)
        else:
            rows = [(csv_or_xlsx.line_num, row) for row in csv_or_xlsx]
            numbered = self._hoa_csv_rows(mapping, rows, data_file)
            data = (iter([row for _number, row in rows]), data_file)
        self._hoa_check_rows(mapping, currency_code, columns, numbered)
        return super()._parse_rows(mapping, currency_code, data, columns)

    def _hoa_csv_rows(self, mapping, rows, data_file):
        """(line number, values) of the rows the OCA parser reads as transactions
        (the same count of header and footer lines)."""
        numrows = len(str(data_file.strip()).split("\\n"))
        footer_line = numrows - mapping.footer_lines_skip_count
        return [
            (number, list(row))
            for index, (number, row) in enumerate(rows, mapping.header_lines_skip_count)
            if index < footer_line
        ]

    def _hoa_xlsx_rows(self, mapping, csv_or_xlsx, data_file):
        sheet = csv_or_xlsx[1]
        footer_line = sheet.nrows - mapping.footer_lines_skip_count
        return [
            (
                row + 1,
                [
                    sheet.cell_value(row, column)
                    for column in range(mapping.offset_column, sheet.row_len(row))
                ],
            )
            for row in range(mapping.header_lines_skip_count, footer_line)
        ]

    def _hoa_check_rows(self, mapping, currency_code, columns, numbered):
        count = 0
        for number, values in numbered:
            if mapping.skip_empty_lines and not any(values):
                continue
            if columns["currency_column"]:
                currency = self._get_values_from_column(
                    values, columns, "currency_column"
                )
                if currency != currency_code:
                    continue
            count += 1
            for column_name in AMOUNT_COLUMNS:
                if not columns[column_name]:
                    continue
                value = self._get_values_from_column(values, columns, column_name)
                required = column_name == "amount_column"
                if not self._hoa_is_amount(value, mapping, required):
                    raise UserError(
                        _(
                            "Line %(line)s: %(column)s %(value)s is not an amount.",
                            line=number,
                            column=mapping[column_name],
                            value=repr(value),
                        )
                    )
            timestamp = self._get_values_from_column(
                values, columns, "timestamp_column"
            )
            if isinstance(timestamp, str):
                try:
                    datetime.strptime(timestamp, mapping.timestamp_format)
                except ValueError as error:
                    raise UserError(
                        _(
                            "Line %(line)s: the date %(value)s is not in the format "
                            "%(format)s.",
                            line=number,
                            value=repr(timestamp),
                            format=mapping.timestamp_format,
                        )
                    ) from error
        if not count:
            raise UserError(_("The file has no transactions."))

    def _hoa_is_amount(self, value, mapping, required):
        if isinstance(value, int | float | Decimal):
            return True
        thousands, decimal = mapping._get_float_separators()
        value = re.sub(r"\s", "", value or "")
        if thousands:
            value = value.replace(thousands, "")
        value = CURRENCY_MARK.sub("", value)
        if not value:
            return not required
        pattern = r"^[+-]?\d+"
        if decimal:
            pattern += rf"(?:{re.escape(decimal)}\d+)?"
        return bool(re.match(pattern + "$", value))

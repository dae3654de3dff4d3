"""Bank statement import (OCA account_statement_import_*) for the communities:

- MT940 as Polish banks write it (hoa.statement.mt940.parser);
- CAMT.053 checked strictly before the OCA parser reads it: broken XML or another
  namespace is refused with the line and the reason, nothing half-read;
- CSV/XLSX through the OCA sheet mappings (account_statement_import_sheet_parser.py);
- the same file twice is refused, and each line gets a stable import id, so lines
  already imported from another file are skipped (OCA ``unique_import_id``);
- each line carries the counterparty's IBAN and, when the money went to one, the
  community's virtual account it was sent to (``hoa_virtual_account``);
- statements of many lines are written in bulk (account_bank_statement.py);
- the imported lines are matched to units (``_hoa_match``, when installed)."""

import base64
import hashlib
import re

from lxml import etree

from odoo import _, fields, models
from odoo.exceptions import UserError

from .hoa_statement_mt940_parser import accounts_in_text, normalize_account

CAMT_NAMESPACE = re.compile(
    r"^(urn:iso:std:iso:20022:tech:xsd:|ISO:)camt\.05[234]\.", re.IGNORECASE
)


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    # Formats -------------------------------------------------------------------
    def _hoa_detect_format(self, data_file):
        """'mt940', 'xml' (CAMT, checked when parsed) or 'other' (a sheet...)."""
        if self.env["hoa.statement.mt940.parser"]._is_mt940(data_file):
            return "mt940"
        if data_file.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
            return "xml"
        return "other"

    def _parse_file(self, data_file):
        file_format = self._hoa_detect_format(data_file)
        if file_format == "mt940":
            return self.env["hoa.statement.mt940.parser"]._parse(data_file)
        if file_format == "xml":
            return self._hoa_parse_camt(data_file)
        if self.sheet_mapping_id:
            return self._hoa_parse_sheet(data_file)
        return super()._parse_file(data_file)

    def _hoa_parse_sheet(self, data_file):
        """A CSV/XLSX file read with the sheet mapping, before any other parser
        (CAMT's would take an XLSX, a ZIP archive, for a CAMT archive)."""
        parser = self.env["account.statement.import.sheet.parser"]
        try:
            return parser.parse(
                data_file, self.sheet_mapping_id, self.statement_filename
            )
        except (ValueError, LookupError, TypeError) as error:
            raise UserError(
                _(
                    "The file does not fit the sheet mapping %(mapping)s: %(reason)s",
                    mapping=self.sheet_mapping_id.name,
                    reason=error,
                )
            ) from error

    def _hoa_parse_camt(self, data_file):
        """A CAMT.052/053/054 file, refused with the line and the reason when it is
        not well-formed XML, not CAMT, or an entry lacks its amount or date."""
        try:
            root = etree.fromstring(
                data_file,
                parser=etree.XMLParser(resolve_entities=False, no_network=True),
            )
        except etree.XMLSyntaxError as error:
            raise UserError(
                _(
                    "The statement file is not valid XML: line %(line)s: %(reason)s",
                    line=error.position[0],
                    reason=error.msg,
                )
            ) from error
        namespace = etree.QName(root).namespace or ""
        if not CAMT_NAMESPACE.match(namespace):
            raise UserError(
                _(
                    "The XML file is not a CAMT.053 bank statement: its namespace is "
                    "%(namespace)s.",
                    namespace=namespace or _("(none)"),
                )
            )
        self._hoa_check_camt(root, namespace)
        try:
            return self.env["account.statement.import.camt.parser"].parse(data_file)
        except ValueError as error:
            raise UserError(
                _("The CAMT file cannot be read: %(reason)s", reason=error)
            ) from error

    def _hoa_check_camt(self, root, namespace):
        ns = {"ns": namespace}

        if root.find("ns:*/ns:GrpHdr", ns) is None:
            self._hoa_refuse_camt(root, _("the group header (GrpHdr) is missing."))
        if not any(
            root.find(f"ns:*/ns:{tag}", ns) is not None
            for tag in ("Stmt", "Rpt", "Ntfctn")
        ):
            self._hoa_refuse_camt(root, _("there is no statement (Stmt) in the file."))
        for entry in root.iterfind(".//ns:Ntry", ns):
            amount = entry.find("ns:Amt", ns)
            if amount is None:
                self._hoa_refuse_camt(entry, _("an entry without an amount (Amt)."))
            try:
                float(amount.text)
            except (TypeError, ValueError):
                self._hoa_refuse_camt(
                    amount,
                    _("the amount %(value)r is not a number.", value=amount.text),
                )
            indicator = entry.find("ns:CdtDbtInd", ns)
            if indicator is None or indicator.text not in ("CRDT", "DBIT"):
                self._hoa_refuse_camt(
                    entry, _("an entry is neither a credit nor a debit (CdtDbtInd).")
                )
            booking = entry.find("ns:BookgDt/ns:Dt", ns)
            if booking is None:
                booking = entry.find("ns:BookgDt/ns:DtTm", ns)
            if booking is None:
                self._hoa_refuse_camt(
                    entry, _("an entry without its booking date (BookgDt).")
                )
            try:
                fields.Date.to_date((booking.text or "")[:10])
            except ValueError:
                self._hoa_refuse_camt(
                    booking, _("%(value)r is not a date.", value=booking.text)
                )

    def _hoa_refuse_camt(self, node, reason):
        raise UserError(
            _(
                "The CAMT file cannot be read: line %(line)s: %(reason)s",
                line=node.sourceline,
                reason=reason,
            )
        )

    # Import --------------------------------------------------------------------
    def _import_file(self):
        self.ensure_one()
        self._hoa_check_not_imported()
        result = super()._import_file()
        lines = (
            self.env["account.bank.statement"].browse(result["statement_ids"]).line_ids
        )
        if hasattr(lines, "_hoa_match"):
            lines._hoa_match()
        return result

    def _create_bank_statements(self, stmts_vals, result):
        """Statements of many lines are written in bulk (account_bank_statement.py):
        10,000 lines in seconds instead of minutes."""
        return super(
            AccountStatementImport, self.with_context(hoa_bulk_statement_lines=True)
        )._create_bank_statements(stmts_vals, result)

    def _hoa_check_not_imported(self):
        """The same file (its SHA-1 checksum) is not imported twice."""
        checksum = hashlib.sha1(base64.b64decode(self.statement_file)).hexdigest()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "account.bank.statement"),
                    ("checksum", "=", checksum),
                    ("company_id", "in", self.env.companies.ids),
                ]
            )
        )
        statement = (
            self.env["account.bank.statement"]
            .sudo()
            .browse(attachments.mapped("res_id"))
            .exists()[:1]
        )
        if statement:
            raise UserError(
                _(
                    "This file has already been imported: statement %(statement)s of "
                    "%(journal)s, imported on %(date)s.",
                    statement=statement.name,
                    journal=statement.journal_id.display_name,
                    date=fields.Date.to_string(statement.create_date),
                )
            )

    def _complete_stmts_vals(self, stmts_vals, journal, account_number):
        self._hoa_prepare_lines(stmts_vals, journal)
        return super()._complete_stmts_vals(stmts_vals, journal, account_number)

    def _hoa_prepare_lines(self, stmts_vals, journal):
        """Give each line a stable import id when the format has none (the same line
        in another file is then recognised), tell the virtual account the money
        was sent to from the counterparty's account, and write accounts as IBANs."""
        company = journal.company_id
        country = company.country_id.code or "PL"
        own = normalize_account(journal.bank_account_id.acc_number, country)
        unit_accounts = set(
            self.env["hoa.unit"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("virtual_account", "!=", False)])
            .mapped("virtual_account")
        )
        prefix = company.hoa_virtual_account_prefix

        def is_virtual(account):
            return (
                bool(account)
                and account != own
                and (
                    account in unit_accounts
                    or bool(
                        prefix
                        and account[:2] == country
                        and account[4:].startswith(prefix)
                    )
                )
            )

        seen = {}
        for st_vals in stmts_vals:
            for vals in st_vals["transactions"]:
                if not vals.get("unique_import_id"):
                    vals["unique_import_id"] = self._hoa_line_id(vals, seen)
                credited = normalize_account(vals.get("hoa_virtual_account"), country)
                accounts = [
                    normalize_account(account, country)
                    for account in (
                        vals.get("account_number"),
                        *vals.pop("hoa_account_candidates", []),
                    )
                    if account
                ]
                virtual = next(filter(is_virtual, [credited, *accounts]), False)
                if not virtual:
                    text = " ".join(
                        filter(None, (vals.get("payment_ref"), vals.get("narration")))
                    )
                    virtual = next(filter(is_virtual, accounts_in_text(text)), False)
                vals["hoa_virtual_account"] = virtual
                counterparty = next(
                    (
                        account
                        for account in accounts
                        if account != own and not is_virtual(account)
                    ),
                    False,
                )
                if counterparty:
                    vals["account_number"] = counterparty
                else:
                    vals.pop("account_number", None)

    def _hoa_line_id(self, vals, seen):
        """An import id from what the bank wrote of the line; the n-th line of the
        file with the very same values gets '-n'."""
        key = "|".join(
            str(part or "")
            for part in (
                fields.Date.to_string(fields.Date.to_date(vals.get("date"))),
                f"{float(vals.get('amount') or 0.0):.2f}",
                vals.get("payment_ref"),
                vals.get("partner_name"),
                vals.get("account_number"),
                vals.get("ref"),
                vals.get("hoa_virtual_account"),
            )
        )
        digest = hashlib.sha1(key.encode()).hexdigest()[:24]
        seen[digest] = seen.get(digest, 0) + 1
        if seen[digest] > 1:
            return f"hoa-{digest}-{seen[digest]}"
        return f"hoa-{digest}"

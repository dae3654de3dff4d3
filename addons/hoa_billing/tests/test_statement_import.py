import base64
import io
import os
import shutil
import tempfile
from unittest.mock import patch

import xlsxwriter

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import HoaBillingCase

FLAT_1 = "PL91102028929876000000000001"
FLAT_2 = "PL64102028929876000000000002"
MAIN = "PL67102028920000123456789012"
ANNA = "PL19114020040000312345678901"
JAN = "PL62105014450000220987654321"
EWA = "PL24124010370000111122223333"


def sample(name):
    with open(file_path(f"hoa_billing/tests/data/{name}"), "rb") as sample_file:
        return sample_file.read()


@tagged("post_install", "-at_install")
class TestStatementImport(HoaBillingCase):
    """The statements of March 2026 of the test community's account at PKO BP, in
    each format: opening balance 12,500.00; Anna pays 450.00 to flat 1's virtual
    account, Jan 425.50 to flat 2's, Ewa 300.00 to the main account with only
    "lokal 2" in the title; the bank takes a fee of 12.50; closing 13,663.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.env["account.journal"].create(
            {
                "name": "PKO BP",
                "code": "PKO",
                "type": "bank",
                "company_id": cls.community.id,
                "bank_acc_number": MAIN,
            }
        )
        cls.mapping_pl = cls.env.ref("hoa_billing.statement_sheet_mapping_pl")
        cls.Statement = cls.env["account.bank.statement"]

    def _import(self, data, name, journal=None, mapping=None):
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=(journal or self.journal).id)
            .create(
                {
                    "statement_file": base64.b64encode(data),
                    "statement_filename": name,
                    "sheet_mapping_id": mapping and mapping.id,
                }
            )
        )
        result = wizard._import_file()
        return self.Statement.browse(result["statement_ids"])

    def _count(self):
        return self.env["account.bank.statement.line"].search_count(
            [("journal_id", "=", self.journal.id)]
        )

    def assertMarch(self, statement, virtual_on_fee=False):
        """The four lines of March as the lead's matching needs them."""
        self.assertEqual(len(statement), 1)
        self.assertEqual(statement.journal_id, self.journal)
        self.assertAlmostEqual(statement.balance_start, 12500.00, places=2)
        self.assertAlmostEqual(statement.balance_end_real, 13663.00, places=2)
        lines = statement.line_ids.sorted("date")
        self.assertEqual(
            [(line.date.isoformat(), line.amount) for line in lines],
            [
                ("2026-03-02", 450.00),
                ("2026-03-03", 425.50),
                ("2026-03-04", 300.00),
                ("2026-03-31", -12.50),
            ],
        )
        anna, jan, ewa, fee = lines
        self.assertEqual(anna.payment_ref, "Opłata za lokal 1 marzec 2026")
        self.assertEqual(anna.partner_name, "Anna Nowak")
        self.assertEqual(anna.account_number, ANNA)
        self.assertEqual(anna.hoa_virtual_account, FLAT_1)
        self.assertEqual(jan.payment_ref, "Czynsz za marzec")
        self.assertEqual(jan.partner_name, "Jan Nowak")
        self.assertEqual(jan.account_number, JAN)
        self.assertEqual(jan.hoa_virtual_account, FLAT_2)
        # to the main account: only the title names the flat
        self.assertEqual(ewa.payment_ref, "Zaliczka lokal 2 za marzec 2026")
        self.assertEqual(ewa.partner_name, "Ewa Kowalska")
        self.assertEqual(ewa.account_number, EWA)
        self.assertFalse(ewa.hoa_virtual_account)
        self.assertEqual(fee.payment_ref, "Opłata za prowadzenie rachunku 03/2026")
        self.assertFalse(fee.hoa_virtual_account)
        self.assertFalse(fee.partner_name)
        self.assertTrue(all(lines.mapped("unique_import_id")))
        return lines

    def test_virtual_accounts_of_the_samples(self):
        """The sample files pay to the flats' own virtual accounts."""
        self.assertEqual(self.unit.sudo().virtual_account, FLAT_1)
        self.assertEqual(self.unit_2.sudo().virtual_account, FLAT_2)

    # MT940 ------------------------------------------------------------------------
    def test_mt940(self):
        statement = self._import(sample("mt940_pl.sta"), "mt940_pl.sta")
        self.assertEqual(statement.name, "MT940 00045")
        anna, jan, ewa, fee = self.assertMarch(statement)
        # ~38 was flat 1's virtual account; the payer's account came from ~30/~31
        self.assertEqual(
            anna.narration,
            "<p>Operation: 051 VE02PRZELEW PRZYCHODZĄCY<br>"
            "Title: Opłata za lokal 1 marzec 2026<br>"
            "Counterparty: Anna Nowak<br>"
            "Address: ul. Testowa 1/1<br>"
            "Bank: 11402004<br>"
            f"Account: {ANNA}<br>"
            f"IBAN: {FLAT_1}<br>"
            "More: 00-950 Warszawa REF26030200001<br>"
            "Reference: PKO26030200001 01234567890</p>",
        )
        self.assertEqual(anna.ref, "PKO26030200001")
        self.assertEqual(anna.transaction_details["mt940_86"]["31"], "0000312345678901")
        # the :61: supplementary details named flat 2's virtual account
        self.assertIn("Address: ul. Długa 5, 30-001 Kraków", ewa.narration)
        self.assertEqual(fee.transaction_type, "073 VE05OPŁATA")

    def test_mt940_cp1250_crlf_swift_blocks(self):
        """cp1250 and CRLF (Windows software of Polish banks) in SWIFT envelopes."""
        text = sample("mt940_pl.sta").decode()
        data = "{1:F01BPKOPLPWAXXX0000000000}{2:I940BPKOPLPWXXXXN}{4:\n" + text
        data = data.replace("\n-\n", "\n-}\n").replace("\n", "\r\n")
        self.assertMarch(self._import(data.encode("cp1250"), "WYCIAG.STA"))

    def test_mt940_twice_refused(self):
        self._import(sample("mt940_pl.sta"), "mt940_pl.sta")
        count = self._count()
        with self.assertRefused("already been imported: statement MT940 00045"):
            self._import(sample("mt940_pl.sta"), "copy.sta")
        # another file (here: other line ends) with the same lines: OCA's check
        with self.assertRefused("already imported"):
            self._import(sample("mt940_pl.sta").replace(b"\n", b"\r\n"), "b.sta")
        self.assertEqual(self._count(), count)

    def test_mt940_malformed_refused(self):
        good = sample("mt940_pl.sta")
        count = self._count()
        cases = [
            # neither credit nor debit: the 2nd :61: (line 17)
            (
                good.replace(b"0303C425,50", b"0303X425,50"),
                r"line 17: tag :61: is not valid \(cannot read '2603030303X425",
            ),
            # a 13th month
            (
                good.replace(b":61:2603030303C", b":61:2613030303C"),
                r"line 17: tag :61: is not valid \(month must be in 1..12\)",
            ),
            # a line lost: the balances do not add up (the :62F: on line 27)
            (
                good.replace(b":61:2603040304C300,00", b":61:2603040304C30,00"),
                r"line 27: the closing balance 13663.00 is not the opening balance "
                r"12500.00 plus the lines \(13393.00\)",
            ),
            (good.replace(b":60F:C260301PLN12500,00\n", b""), "opening"),
            (good.replace(b":25:/PL67102028920000123456789012\n", b""), ":25:"),
        ]
        for data, pattern in cases:
            with self.subTest(pattern=pattern), self.assertRefused(pattern):
                self._import(data, "bad.sta")
        self.assertEqual(self._count(), count)
        self.assertFalse(self.Statement.search([("journal_id", "=", self.journal.id)]))

    # CAMT.053 ---------------------------------------------------------------------
    def test_camt(self):
        statement = self._import(sample("camt053_pl.xml"), "camt053_pl.xml")
        self.assertEqual(statement.name, "2026/03/045")
        anna, _jan, ewa, _fee = self.assertMarch(statement)
        self.assertIn("ul. Testowa 1/1", anna.narration)

    def test_camt_twice_refused(self):
        self._import(sample("camt053_pl.xml"), "camt053_pl.xml")
        count = self._count()
        with self.assertRefused("already been imported: statement 2026/03/045"):
            self._import(sample("camt053_pl.xml"), "camt053_pl.xml")
        with self.assertRefused("already imported"):
            self._import(sample("camt053_pl.xml") + b"\n", "camt053_pl (1).xml")
        self.assertEqual(self._count(), count)

    def test_camt_malformed_refused(self):
        good = sample("camt053_pl.xml")
        count = self._count()
        cases = [
            # cut off after line 100
            (b"\n".join(good.split(b"\n")[:100]), r"not valid XML: line 10\d"),
            (
                good.replace(b"<Ustrd>Czynsz za marzec</Ustrd>", b"<Ustrd>Czynsz"),
                r"not valid XML: line 14[78]: .*Ustrd",
            ),
            (
                good.replace(b"camt.053.001.02", b"pain.001.001.03"),
                "not a CAMT.053 bank statement: its namespace is "
                "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
            ),
            (
                good.replace(
                    b'<Amt Ccy="PLN">425.50</Amt>', b'<Amt Ccy="PLN">4x5</Amt>'
                ),
                r"line 116: the amount '4x5' is not a number",
            ),
            (
                good.replace(b"<Dt>2026-03-04</Dt>\n        </BookgDt>", b"</BookgDt>"),
                r"line 152: an entry without its booking date",
            ),
        ]
        for data, pattern in cases:
            with self.subTest(pattern=pattern), self.assertRefused(pattern):
                self._import(data, "bad.xml")
        self.assertEqual(self._count(), count)

    # CSV / XLSX -------------------------------------------------------------------
    def test_csv(self):
        statement = self._import(
            sample("bank_pl.csv"), "bank_pl.csv", mapping=self.mapping_pl
        )
        self.assertMarch(statement)

    def test_csv_cp1250_with_the_journal_mapping(self):
        self.journal.default_sheet_mapping_id = self.mapping_pl
        data = sample("bank_pl.csv").decode().replace("\n", "\r\n").encode("cp1250")
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=self.journal.id)
            .create(
                {
                    "statement_file": base64.b64encode(data),
                    "statement_filename": "h.csv",
                }
            )
        )
        self.assertEqual(wizard.sheet_mapping_id, self.mapping_pl)
        result = wizard._import_file()
        self.assertMarch(self.Statement.browse(result["statement_ids"]))

    def test_csv_twice_refused(self):
        self._import(sample("bank_pl.csv"), "bank_pl.csv", mapping=self.mapping_pl)
        count = self._count()
        with self.assertRefused("already been imported"):
            self._import(sample("bank_pl.csv"), "bank_pl.csv", mapping=self.mapping_pl)
        with self.assertRefused("already imported"):
            self._import(
                sample("bank_pl.csv") + b"\n", "bank_pl(1).csv", mapping=self.mapping_pl
            )
        self.assertEqual(self._count(), count)

    def test_csv_malformed_refused(self):
        good = sample("bank_pl.csv")
        count = self._count()
        cases = [
            (
                good.replace(b";425,50;", b";abc;"),
                r"Line 3: Kwota 'abc' is not an amount",
            ),
            (
                good.replace(b";-12,50;", b";-12.50 z\xc5\x82ote;"),
                r"Line 5: Kwota '-12.50 złote' is not an amount",
            ),
            (
                good.replace(b"2026-03-04;2026-03-04", b"04.03.2026;04.03.2026"),
                r"Line 4: the date '04.03.2026' is not in the format %Y-%m-%d",
            ),
            (good.split(b"\n")[0] + b"\n", "no transactions"),
            (
                good.replace(b"Data operacji;", b"Data;"),
                "The file has no column Data operacji of the sheet mapping Polish "
                "bank \\(CSV/XLSX\\); its columns are: Data, Data waluty, Opis",
            ),
        ]
        for data, pattern in cases:
            with self.subTest(pattern=pattern), self.assertRefused(pattern):
                self._import(data, "bad.csv", mapping=self.mapping_pl)
        self.assertEqual(self._count(), count)

    def _xlsx(self, rows):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet()
        for row_index, row in enumerate(rows):
            for column, value in enumerate(row):
                sheet.write(row_index, column, value)
        workbook.close()
        return output.getvalue()

    def test_xlsx(self):
        """The same mapping reads the XLSX export: numbers and text dates."""
        rows = [
            line.split(";")
            for line in sample("bank_pl.csv").decode().strip().split("\n")
        ]
        table = [rows[0]]
        for row in rows[1:]:
            row = [cell.strip('"') for cell in row]
            row[6] = float(row[6].replace(",", "."))
            row[7] = float(row[7].replace(" ", "").replace(",", "."))
            table.append(row)
        statement = self._import(
            self._xlsx(table), "bank_pl.xlsx", mapping=self.mapping_pl
        )
        self.assertMarch(statement)
        table[2][6] = "sto złotych"
        with self.assertRefused(r"Line 3: Kwota 'sto złotych' is not an amount"):
            self._import(self._xlsx(table), "bad.xlsx", mapping=self.mapping_pl)

    def test_csv_privatbank(self):
        """A Ukrainian PrivatBank export (cp1251) into a hryvnia account."""
        uah = self.env.ref("base.UAH")
        uah.active = True
        journal = self.env["account.journal"].create(
            {
                "name": "ПриватБанк",
                "code": "PB",
                "type": "bank",
                "company_id": self.community.id,
                "currency_id": uah.id,
            }
        )
        data = sample("bank_ua_privatbank.csv").decode().encode("cp1251")
        statement = self._import(
            data,
            "privat.csv",
            journal=journal,
            mapping=self.env.ref("hoa_billing.statement_sheet_mapping_ua_privatbank"),
        )
        lines = statement.line_ids.sorted("date")
        self.assertEqual(lines.mapped("amount"), [1250.00, 980.50, -45.00])
        self.assertEqual(lines[0].partner_name, "Петренко Олена Іванівна")
        self.assertEqual(lines[0].payment_ref, "Внесок ОСББ кв. 1 за березень 2026")
        self.assertEqual(lines[0].account_number, "UA483052990000026209876543210")
        self.assertEqual(lines.currency_id, uah)
        # the same export in UTF-8 is read as such, not as cp1251: already imported
        with self.assertRefused("already imported"):
            self._import(
                sample("bank_ua_privatbank.csv"),
                "privat-utf8.csv",
                journal=journal,
                mapping=self.env.ref(
                    "hoa_billing.statement_sheet_mapping_ua_privatbank"
                ),
            )

    # After the import ---------------------------------------------------------------
    def test_lines_handed_to_matching(self):
        Line = self.registry["account.bank.statement.line"]
        with patch.object(Line, "_hoa_match", autospec=True, create=True) as match:
            statement = self._import(sample("camt053_pl.xml"), "camt053_pl.xml")
        match.assert_called_once()
        self.assertEqual(match.call_args.args[0], statement.line_ids)

    # Watched folder -----------------------------------------------------------------
    def _folder(self, **vals):
        root = tempfile.mkdtemp(prefix="hoa_statements_")
        self.addCleanup(shutil.rmtree, root)
        self.env["ir.config_parameter"].set_param(
            "hoa_billing.statement_import_root", root
        )
        os.makedirs(os.path.join(root, "pko"))
        folder = self.env["hoa.statement.folder"].create(
            {
                "name": "PKO BP",
                "company_id": self.community.id,
                "journal_id": self.journal.id,
                "path": "pko",
                **vals,
            }
        )
        return folder, os.path.join(root, "pko")

    def test_folder(self):
        """Three files: a statement, a broken one, the first again. One statement
        is imported; the others are refused with the reason and moved aside."""
        folder, path = self._folder()
        broken = sample("camt053_pl.xml").replace(b"</Ntry>", b"", 1)
        for name, data in (
            ("1_march.sta", sample("mt940_pl.sta")),
            ("2_march.xml", broken),
            ("3_march_again.sta", sample("mt940_pl.sta")),
            (".part_download", b"partial"),
        ):
            with open(os.path.join(path, name), "wb") as statement_file:
                statement_file.write(data)
        self.env["hoa.statement.folder"]._cron_import()
        logs = self.env["hoa.statement.import.log"].search(
            [("folder_id", "=", folder.id)], order="file_name"
        )
        self.assertEqual(
            [(log.file_name, log.state) for log in logs],
            [
                ("1_march.sta", "done"),
                ("2_march.xml", "failed"),
                ("3_march_again.sta", "failed"),
            ],
        )
        self.assertEqual(logs[0].statement_id.name, "MT940 00045")
        self.assertEqual(logs[0].line_count, 4)
        self.assertRegex(logs[1].message, r"not valid XML: line \d+")
        self.assertRegex(logs[2].message, "already been imported")
        self.assertEqual(self._count(), 4)
        self.assertEqual(folder.log_count, 3)
        # the files move once the transaction is committed
        self.assertEqual(len(os.listdir(path)), 4)
        self.env.cr.postcommit.run()
        self.assertEqual(
            sorted(os.listdir(os.path.join(path, "done"))), ["1_march.sta"]
        )
        self.assertEqual(
            sorted(os.listdir(os.path.join(path, "failed"))),
            ["2_march.xml", "3_march_again.sta"],
        )
        self.assertEqual(sorted(os.listdir(path)), [".part_download", "done", "failed"])
        # nothing new: nothing logged
        self.assertFalse(folder._import_files())

    def test_folder_format(self):
        folder, path = self._folder(file_format="camt")
        with open(os.path.join(path, "march.sta"), "wb") as statement_file:
            statement_file.write(sample("mt940_pl.sta"))
        log = folder._import_files()
        self.assertEqual(log.state, "failed")
        self.assertEqual(
            log.message, "The file is not in the folder's format (CAMT.053)."
        )
        self.assertEqual(self._count(), 0)
        with self.assertRaisesRegex(ValidationError, "sheet mapping"):
            folder.file_format = "sheet"
        folder.write({"file_format": "sheet", "sheet_mapping_id": self.mapping_pl.id})
        with open(os.path.join(path, "march.csv"), "wb") as statement_file:
            statement_file.write(sample("bank_pl.csv"))
        log = folder._import_files()
        self.assertEqual(log.mapped("state"), ["done", "failed"])
        self.assertEqual(self._count(), 4)

    def test_folder_outside_root_refused(self):
        folder, _path = self._folder()
        for path in ("../elsewhere", "/etc", "pko/../../x"):
            with (
                self.subTest(path=path),
                self.assertRaisesRegex(
                    ValidationError, "outside the folder of statement imports"
                ),
            ):
                folder.path = path

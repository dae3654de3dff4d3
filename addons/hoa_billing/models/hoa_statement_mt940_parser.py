"""MT940 bank statements in the shape Polish banks write them.

The tags, balances and :61: lines are read by the mt-940 library; what it does not
know is the structure Polish banks give tag 86: a three-digit transaction code, then
sub-fields behind a separator (``~``, or ``^``, ``<``, ``?`` at some banks):

- ``~00`` the kind of operation, ``~20``-``~26`` the title;
- ``~27``/``~28`` and ``~32``/``~33`` the counterparty's name, ``~29`` its address;
- ``~30`` the counterparty's bank sort code and ``~31`` its account, ``~38`` its IBAN;
- ``~60``-``~63`` more (an address, references).

Banks offering virtual accounts (rachunki wirtualne) show the account the payer
credited in ``~38`` or in the :61: supplementary details, depending on the bank: all
account numbers of a line are handed on as candidates and
``account.statement.import._hoa_prepare_lines`` picks the virtual one."""

import hashlib
import logging
import re
from contextlib import contextmanager

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

_logger = logging.getLogger(__name__)

try:
    import mt940
except ImportError:  # pragma: no cover - declared in external_dependencies
    _logger.debug("The mt-940 library is not installed.")
    mt940 = None

try:
    from stdnum import iban as stdnum_iban
except ImportError:  # pragma: no cover - hoa_base depends on python-stdnum
    stdnum_iban = None

POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
CYRILLIC = re.compile("[\u0400-\u04ff]")
LETTERS = re.compile(r"[^\W\d_]")
# an IBAN (PL/UA or any other) or a Polish NRB, with or without spaces
ACCOUNT_PATTERN = re.compile(
    r"(?<![0-9A-Z])(?:[A-Z]{2})?\d{2}(?: ?[0-9A-Z]{4}){4,7}(?: ?[0-9A-Z]{1,3})?"
    r"(?![0-9A-Z])"
)
SUBFIELD_START = re.compile(r"^\s*(?P<code>\d{3})?\s*(?P<sep>[~^<?])\d{2}")
TITLE_KEYS = ("20", "21", "22", "23", "24", "25", "26")
MORE_KEYS = ("60", "61", "62", "63")
NO_REFERENCE = ("", "NONREF", "NOREF", "BRAK")


def decode_bank_text(data):
    """Text of a statement file from a Polish or Ukrainian bank: UTF-8 (with or
    without BOM), else the single-byte code page that reads as the most Polish
    (cp1250, ISO 8859-2, cp852) or, for Cyrillic text, cp1251."""
    utf8 = data.decode("utf-8-sig", errors="replace")
    if "\ufffd" not in utf8:
        return utf8
    cyrillic = data.decode("cp1251", errors="replace")
    letters = LETTERS.findall(cyrillic)
    if letters and len(CYRILLIC.findall(cyrillic)) > 0.3 * len(letters):
        return cyrillic
    best, best_score = None, -1
    for encoding in ("cp1250", "iso-8859-2", "cp852"):
        text = data.decode(encoding, errors="replace")
        score = sum(1 for char in text if char in POLISH_LETTERS)
        if score > best_score:
            best, best_score = text, score
    return best


def normalize_account(number, country="PL"):
    """An IBAN of ``number`` when it is one (spaces, slashes allowed) or a Polish NRB
    (26 digits, ``country`` PL); else the number cleaned of separators, or False."""
    number = re.sub(r"[\s/\-]", "", number or "").upper()
    if not number:
        return False
    if stdnum_iban:
        if number[:2].isalpha() and stdnum_iban.is_valid(number):
            return number
        if country == "PL" and len(number) == 26 and number.isdigit():
            if stdnum_iban.is_valid("PL" + number):
                return "PL" + number
    return number


def accounts_in_text(text):
    """The valid IBANs and NRBs written anywhere in ``text`` (as IBANs)."""
    result = []
    for found in ACCOUNT_PATTERN.findall((text or "").upper()):
        compact = re.sub(r"\s", "", found)
        # the pattern may have taken a number written after the account too
        for length in range(len(compact), 14, -1):
            account = normalize_account(compact[:length])
            if account and account[:2].isalpha() and stdnum_iban.is_valid(account):
                if account not in result:
                    result.append(account)
                break
    return result


class Mt940LineError(Exception):
    """A tag the library could not read: the line it starts on and why."""

    def __init__(self, line_index, tag, error):
        super().__init__(str(error))
        self.line_index = line_index
        self.tag = tag
        self.error = error


if mt940:

    class HoaMt940Statement(mt940.models.Transactions):
        """One statement (a :20: block) read by the library, remembering the line of
        each tag (to name it when the file is refused) and the raw text of each :61:
        and of its :86: (for the line's import id and the Polish sub-fields)."""

        def _process_match(self, match, i, valid_matches, data):
            line_index = data.count("\n", 0, match.start())
            tag = match.group("full_tag")
            try:
                result = super()._process_match(match, i, valid_matches, data)
            except (RuntimeError, ValueError, ArithmeticError, TypeError) as error:
                raise Mt940LineError(line_index, tag, error) from error
            end = (
                valid_matches[i + 1].start()
                if i + 1 < len(valid_matches)
                else len(data)
            )
            raw = data[match.end() : end].strip()
            self.hoa_tags.append((tag, line_index))
            if tag == "61":
                self.transactions[-1].data["hoa_61"] = raw
            elif (
                tag == "86"
                and self.transactions
                and i
                and valid_matches[i - 1].group("full_tag") == "61"
            ):
                self.transactions[-1].data["hoa_86"] = raw
            return result


class HoaStatementMt940Parser(models.AbstractModel):
    _name = "hoa.statement.mt940.parser"
    _description = "MT940 Statement Parser (Polish banks)"

    @api.model
    def _is_mt940(self, data_file):
        """Whether the file looks like MT940: a :20: tag and a tag of a statement."""
        head = data_file[:4096].decode("latin-1")
        return bool(
            re.search(r"(?m)^:20:", head)
            and re.search(r"(?m)^:(25|28C?|60[FM]?|61|62[FM]?|86):", head)
        )

    @api.model
    def _parse(self, data_file):
        """[(currency, account number, [statement values])], one per statement of
        the file, in the format of ``account.statement.import._parse_file``.
        A file the library cannot read, or whose balances do not add up, is refused
        with the line and the reason."""
        if not mt940:
            raise UserError(
                _("MT940 files need the Python library mt-940 on the server.")
            )
        lines = self._lines(decode_bank_text(data_file))
        starts = [
            index for index, (_number, line) in enumerate(lines) if line[:4] == ":20:"
        ]
        if not starts:
            raise UserError(_("The MT940 file has no statement (no :20: tag)."))
        result = []
        for start, end in zip(starts, starts[1:] + [len(lines)], strict=True):
            result.append(self._parse_statement(lines[start:end]))
        return result

    @api.model
    def _lines(self, text):
        """(line number in the file, line) of the lines the library reads: without
        line ends, trailing blanks, empty lines, '-' terminators and SWIFT blocks."""
        kept = []
        for number, line in enumerate(text.split("\n"), 1):
            line = line.replace("\r", "").rstrip()
            if not line.strip() or line.strip() in ("-", "-}") or line[:1] == "{":
                continue
            kept.append((number, line))
        return kept

    @contextmanager
    def _quiet_library(self):
        """The library logs an error of its own for each tag it cannot read; the
        refusal we raise says it to the user, so it is not logged twice."""
        library_logger = logging.getLogger("mt940")
        level = library_logger.level
        library_logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            library_logger.setLevel(level)

    def _parse_statement(self, lines):
        statement = HoaMt940Statement(
            processors={"post_transaction_details": []},
            options=mt940.Options(
                reversal_sign=True,
                case_insensitive_marks=True,
                unbounded_details=True,
                merge_keeps_values=True,
            ),
        )
        statement.hoa_tags = []

        with self._quiet_library():
            try:
                statement.parse("\n".join(line for _number, line in lines))
            except Mt940LineError as error:
                self._refuse(
                    lines,
                    error.line_index,
                    _(
                        "tag :%(tag)s: is not valid (%(error)s).",
                        tag=error.tag,
                        error=self._library_reason(error.error),
                    ),
                )
        data = statement.data
        found = {tag for tag, _index in statement.hoa_tags}
        if "25" not in found:
            self._refuse(lines, 0, _("the account (:25:) is missing."))
        opening = (
            data.get("final_opening_balance")
            or data.get("intermediate_opening_balance")
            or data.get("opening_balance")
        )
        closing = (
            data.get("final_closing_balance")
            or data.get("intermediate_closing_balance")
            or data.get("closing_balance")
        )
        if not opening or not closing:
            self._refuse(
                lines,
                len(lines) - 1,
                _("the opening (:60F:) or the closing balance (:62F:) is missing."),
            )
        currency = opening.amount.currency
        transactions = []
        seen = {}
        for transaction in statement:
            transactions.append(self._transaction_values(transaction, data, seen))
        total = opening.amount.amount + sum(
            transaction.data["amount"].amount for transaction in statement
        )
        if total != closing.amount.amount:
            closing_index = next(
                (index for tag, index in statement.hoa_tags if tag[:2] == "62"),
                len(lines) - 1,
            )
            self._refuse(
                lines,
                closing_index,
                _(
                    "the closing balance %(closing)s is not the opening balance "
                    "%(opening)s plus the lines (%(total)s): the file is incomplete.",
                    closing=closing.amount.amount,
                    opening=opening.amount.amount,
                    total=total,
                ),
            )
        account = re.sub(r"\s", "", data.get("account_identification") or "")
        account = account.lstrip("/")
        digits = re.match(r"^(\d{26})", account)
        if digits:
            account = "PL" + digits.group(1)
        name = " ".join(
            part
            for part in (
                data.get("transaction_reference"),
                data.get("statement_number"),
            )
            if part
        )
        return (
            currency,
            account,
            [
                {
                    "name": name,
                    "date": closing.date,
                    "balance_start": float(opening.amount.amount),
                    "balance_end_real": float(closing.amount.amount),
                    "transactions": transactions,
                }
            ],
        )

    @api.model
    def _refuse(self, lines, index, reason):
        """Refuse the file, naming the line (in the file) of the ``index``-th line
        the library reads."""
        raise UserError(
            _(
                "The MT940 file cannot be read: line %(line)s: %(reason)s",
                line=lines[min(index, len(lines) - 1)][0],
                reason=reason,
            )
        )

    @api.model
    def _library_reason(self, error):
        """The library's message without the parser internals it carries."""
        if isinstance(error, RuntimeError) and len(error.args) > 2:
            return _("cannot read %(value)r", value=error.args[2])
        return str(error)

    def _transaction_values(self, transaction, statement_data, seen):
        data = transaction.data
        details = self._split_details(data.get("hoa_86") or "")
        subfields = details["fields"]
        title = self._join(subfields, TITLE_KEYS)
        name = self._join(subfields, ("27", "28")) or self._join(
            subfields, ("32", "33")
        )
        account_38 = normalize_account(subfields.get("38"))
        bank, number = subfields.get("30", "").strip(), subfields.get("31", "")
        number = re.sub(r"\s", "", number)
        account_31 = False
        if len(number) == 26:
            account_31 = normalize_account(number)
        elif len(bank) == 8 and len(number) == 16 and stdnum_iban:
            bban = bank + number
            account_31 = "PL" + stdnum_iban.calc_check_digits("PL00" + bban) + bban
        elif number:
            account_31 = normalize_account(bank + number)
        candidates = [account for account in (account_38, account_31) if account]
        for text in (
            data.get("extra_details"),
            data.get("customer_reference"),
            data.get("bank_reference"),
        ):
            candidates += accounts_in_text(text)
        for key in MORE_KEYS:
            candidates += accounts_in_text(subfields.get(key))
        references = [
            reference
            for reference in (
                data.get("bank_reference"),
                data.get("customer_reference"),
            )
            if (reference or "").strip().upper() not in NO_REFERENCE
        ]
        code = " ".join(
            part for part in (details["code"], subfields.get("00", "").strip()) if part
        )
        more = [self._join(subfields, (key,)) for key in MORE_KEYS]
        narration = []
        for label, value in (
            (_("Operation"), code),
            (_("Title"), title),
            (_("Counterparty"), name),
            (_("Address"), (subfields.get("29") or "").strip()),
            (_("Bank"), bank),
            (_("Account"), account_31),
            (_("IBAN"), account_38),
            (_("More"), " ".join(filter(None, more))),
            (_("Details"), (data.get("extra_details") or "").strip()),
            (_("Reference"), " ".join(references)),
        ):
            if value and value.strip():
                narration.append(f"{label}: {value.strip()}")
        if not subfields and details["text"]:
            narration.append(details["text"])
        # what the bank wrote of the line, whatever the line ends and wrapping
        key = "|".join(
            "".join(str(part or "").split("\n"))
            for part in (
                statement_data.get("account_identification"),
                data.get("hoa_61"),
                data.get("hoa_86"),
            )
        )
        digest = hashlib.sha1(key.encode()).hexdigest()[:24]
        seen[digest] = seen.get(digest, 0) + 1
        unique_id = f"mt940-{digest}"
        if seen[digest] > 1:
            unique_id = f"{unique_id}-{seen[digest]}"
        values = {
            "date": data.get("entry_date") or data["date"],
            "amount": float(data["amount"].amount),
            "payment_ref": title
            or subfields.get("00", "").strip()
            or details["text"]
            or "/",
            "partner_name": name or False,
            "account_number": (account_38 or account_31 or False),
            "ref": references[0] if references else False,
            "transaction_type": code or data.get("id") or False,
            "narration": plaintext2html("\n".join(narration)) if narration else False,
            "unique_import_id": unique_id,
            "transaction_details": {
                "mt940_61": data.get("hoa_61"),
                "mt940_86": subfields or details["text"],
            },
            "hoa_account_candidates": candidates,
        }
        return values

    @api.model
    def _split_details(self, details):
        """{code, fields: {sub-field: text}, text} of the text of a tag 86; ``text``
        is the whole of it on one line, for banks that write it unstructured."""
        text = "".join(details.split("\n"))
        start = SUBFIELD_START.match(text)
        if not start:
            return {"code": "", "fields": {}, "text": " ".join(text.split())}
        separator = start.group("sep")
        fields = {}
        last = None
        for part in text[start.start("sep") + 1 :].split(separator):
            if last is not None and not re.match(r"^\d{2}", part):
                # the separator written in the text itself
                fields[last] += separator + part
                continue
            last = part[:2]
            fields[last] = fields.get(last, "") + part[2:]
        return {
            "code": start.group("code") or "",
            "fields": fields,
            "text": " ".join(text.split()),
        }

    @api.model
    def _join(self, subfields, keys):
        """The sub-fields ``keys`` as one text: banks cut a long text at a fixed
        width, so the parts are joined as they are."""
        return " ".join("".join(subfields.get(key, "") for key in keys).split())

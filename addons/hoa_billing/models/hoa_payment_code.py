"""Payment QR codes: what a banking app scans to fill in a transfer.

Three standards, chosen by the community's currency:

* PLN: the Polish bank association's (ZBP) "Rekomendacja dotycząca kodu
  dwuwymiarowego (2D)": nine fields separated by ``|`` — recipient's NIP (10
  digits), country ``PL``, the 26-digit domestic account number, the amount in
  grosze as 6 digits, recipient name (max 20 characters), title (max 32), and three
  reserved fields (20, 12 and 24 characters), 160 characters at most;
* EUR: the European Payments Council's QR code (EPC069-12, version 002, UTF-8,
  function SCT), which SEPA banking apps read;
* UAH: the National Bank of Ukraine's credit-transfer QR code, format 002: a
  line-separated structure ``BCD/002/2/UCT/…`` in Windows-1251 (the encoding
  with the smaller size the rules ask for), base64url encoded after the
  application start code ``https://bank.gov.ua/qr/``, with the hryvnia sign in a
  white circle in the middle of the symbol.
"""

import base64
import io
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from odoo import _, api, models
from odoo.exceptions import UserError

try:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
except ImportError:  # pragma: no cover - listed in external_dependencies
    qrcode = None
try:
    from num2words import CONVERTER_CLASSES
except ImportError:  # pragma: no cover - listed in external_dependencies
    CONVERTER_CLASSES = {}

ZBP_SEPARATOR = "|"
ZBP_MAX_AMOUNT = 999999  # six digits of grosze
# The characters Polish banks accept in transfer texts; anything else is dropped.
ZBP_ALLOWED = re.compile(r"[^0-9A-Za-ząćęłńóśźżĄĆĘŁŃÓŚŹŻ ,./\\\-@#&*_()+:?']")
EPC_MAX_BYTES = 331
NBU_START_URL = "https://bank.gov.ua/qr/"
NBU_ENCODING = "cp1251"
NBU_MAX_AMOUNT = Decimal("999999999.99")
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
# letters NFKD does not take apart
LATIN = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o"})
QUOTES = dict.fromkeys(map(ord, '\u201e\u201c\u201d\u00ab\u00bb"'), None)


def amount_in_words(amount, currency_code, lang):
    """``amount`` in words as Polish and Ukrainian payment documents write it, or
    None for other languages and currencies num2words cannot decline:

    * Polish: ``tysiąc dwieście trzydzieści cztery złote 56/100``;
    * Ukrainian: ``одна тисяча двісті тридцять чотири гривні 56 копійок``."""
    lang = (lang or "").split("_")[0]
    converter = CONVERTER_CLASSES.get(lang) if lang in ("pl", "uk") else None
    forms = converter and getattr(converter, "CURRENCY_FORMS", {}).get(currency_code)
    if not forms:
        return None
    cents = (Decimal(str(amount or 0)) * 100).quantize(Decimal(1), ROUND_HALF_UP)
    integer, fraction = divmod(abs(int(cents)), 100)
    words = [converter.to_cardinal(integer), converter.pluralize(integer, forms[0])]
    if lang == "pl":
        words.append(f"{fraction:02d}/100")
    else:
        words += [f"{fraction:02d}", converter.pluralize(fraction, forms[1])]
    if cents < 0:
        words.insert(0, converter.negword)
    text = " ".join(words)
    if lang == "uk":
        # num2words writes the Ukrainian і as a Latin i
        text = text.replace("i", "\u0456")
    return text


def _to_cents(amount):
    """Amount as an exact number of hundredths (half up), never negative."""
    cents = (Decimal(str(amount or 0)) * 100).quantize(Decimal(1), ROUND_HALF_UP)
    return max(int(cents), 0)


def _decimal_amount(currency, cents):
    """``EUR1234.50``: the currency and the amount with a point; empty for 0."""
    if not cents:
        return ""
    units, hundredths = divmod(cents, 100)
    return f"{currency}{units}.{hundredths:02d}"


def _one_line(text):
    """Text on one line, without control characters and repeated spaces."""
    text = "".join(
        " " if unicodedata.category(char)[0] in "CZ" else char for char in (text or "")
    )
    return " ".join(text.split())


def zbp_text(text, size):
    """A ZBP field: no separator, only characters banks accept, ``size`` at most."""
    text = _one_line(text).translate(DASHES).translate(QUOTES)
    text = text.replace(ZBP_SEPARATOR, "/")
    text = ZBP_ALLOWED.sub("", text)
    return " ".join(text.split())[:size].strip()


def zbp_payload(account, amount, name, title, vat=""):
    """The ZBP 2D string for a transfer of ``amount`` PLN to Polish ``account``.

    Amounts above 9,999.99 PLN do not fit in the six digits of the standard: the
    amount is then left at zero for the payer to type (the form prints it)."""
    number = polish_account(account)
    if not number:
        raise ValueError(f"{account} is not a Polish bank account number")
    vat = re.sub(r"\D", "", (vat or "").upper().removeprefix("PL"))
    cents = _to_cents(amount)
    fields = [
        vat if len(vat) == 10 else "",
        "PL",
        number,
        f"{cents if cents <= ZBP_MAX_AMOUNT else 0:06d}",
        zbp_text(name, 20),
        zbp_text(title, 32),
        "",
        "",
        "",
    ]
    return ZBP_SEPARATOR.join(fields)


def _clean_iban(iban):
    return re.sub(r"\s", "", iban or "").upper()


def polish_account(account):
    """The 26 digits of a Polish account number (NRB or PL IBAN), else False."""
    number = _clean_iban(account).removeprefix("PL")
    return re.fullmatch(r"\d{26}", number) and number


def ukrainian_iban(iban):
    """A Ukrainian IBAN without spaces, else False."""
    iban = _clean_iban(iban)
    return re.fullmatch(r"UA\d{27}", iban) and iban


def recipient_code(code):
    """EDRPOU (8 digits) or RNOKPP (10 digits) of a Ukrainian recipient, else
    False."""
    code = re.sub(r"\s", "", code or "")
    return re.fullmatch(r"\d{8,10}", code) and code


def _utf8_cut(text, size):
    """``text`` cut to ``size`` characters."""
    return _one_line(text)[:size].strip()


def epc_payload(iban, amount, name, text, bic=""):
    """The EPC069-12 (version 002) string for a SEPA credit transfer in euro."""
    iban = _clean_iban(iban)
    cents = _to_cents(amount)
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        _clean_iban(bic),
        _utf8_cut(name, 70),
        iban,
        _decimal_amount("EUR", cents),
        "",  # purpose code
        "",  # structured creditor reference
        _utf8_cut(text, 140),
    ]
    while lines and not lines[-1]:
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode()) > EPC_MAX_BYTES:
        raise ValueError(f"{len(payload.encode())} bytes exceed the EPC QR code's 331")
    return payload


def nbu_text(text, size):
    """An NBU field: one line, only characters of Windows-1251, ``size`` at most."""
    text = _one_line(text).translate(DASHES).translate(LATIN)
    result = []
    for char in text:
        try:
            char.encode(NBU_ENCODING)
        except UnicodeEncodeError:
            # Latin letters with diacritics lose them, anything else is dropped
            char = unicodedata.normalize("NFKD", char)
            char = "".join(c for c in char if not unicodedata.combining(c))
            char = char.encode(NBU_ENCODING, "ignore").decode(NBU_ENCODING)
        result.append(char)
    text = "".join(result)
    # 0x98 is unassigned, NBSP (0xA0) and DEL are excluded by the rules
    text = text.replace("\xa0", " ").replace("\x7f", "")
    return " ".join(text.split())[:size].strip()


def nbu_payload(iban, amount, name, code, purpose):
    """The NBU format 002 data (Windows-1251 bytes) for a transfer in hryvnias."""
    iban = ukrainian_iban(iban)
    if not iban:
        raise ValueError("not a Ukrainian IBAN")
    code = recipient_code(code)
    if not code:
        raise ValueError("the recipient code must have 8 to 10 digits")
    cents = _to_cents(amount)
    if Decimal(cents) / 100 > NBU_MAX_AMOUNT:
        cents = 0
    lines = [
        "BCD",
        "002",
        "2",  # Windows-1251
        "UCT",
        "",  # BIC, reserved
        nbu_text(name, 70),
        iban,
        _decimal_amount("UAH", cents),
        code,
        "",  # purpose code, reserved
        "",  # reference, reserved
        nbu_text(purpose, 140),
        "",  # display, reserved
    ]
    return "\n".join(lines).encode(NBU_ENCODING)


def nbu_link(data):
    """The link a camera opens: the application start code and the data."""
    return NBU_START_URL + base64.urlsafe_b64encode(data).decode().rstrip("=")


def _draw_hryvnia_sign(image, version, box_size, border):
    """White circle with the hryvnia sign in the middle of the symbol (NBU rules:
    about 17 modules across for version 10, growing with the version)."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    modules = 17 + 4 * version
    center = (border + modules / 2) * box_size
    radius = (version + 7) / 2 * box_size
    draw.ellipse(
        [center - radius, center - radius, center + radius, center + radius],
        fill="white",
    )
    # the sign: a mirrored S with two bars, drawn in a box of 0.62 × radius
    size = radius * 0.62
    width = max(int(size * 0.2), 2)
    left, right = center - size * 0.62, center + size * 0.62
    top, bottom = center - size, center + size
    half = (bottom - top) / 4
    draw.arc(
        [left, top, right, center + width / 2],
        start=165,
        end=90,
        fill="black",
        width=width,
    )
    draw.arc(
        [left, center - width / 2, right, bottom],
        start=345,
        end=270,
        fill="black",
        width=width,
    )
    for y in (center - half * 0.55, center + half * 0.55):
        draw.line([left - width, y, right + width, y], fill="black", width=width)
    return image


def qr_png(data, box_size=6, border=4, min_version=None, hryvnia_sign=False):
    """PNG bytes of a QR code (error correction M) holding ``data``."""
    code = qrcode.QRCode(
        version=min_version,
        error_correction=ERROR_CORRECT_M,
        box_size=box_size,
        border=border,
    )
    code.add_data(data, optimize=0)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white").get_image()
    image = image.convert("RGB")
    if hryvnia_sign:
        _draw_hryvnia_sign(image, code.version, box_size, border)
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


class HoaPaymentCode(models.AbstractModel):
    _name = "hoa.payment.code"
    _description = "Payment QR Code"

    @api.model
    def _get_standard(self, company, currency=None):
        """'zbp', 'epc' or 'nbu': the QR standard for payments to ``company`` in
        ``currency`` (its own by default); False when none applies."""
        currency = currency or company.currency_id
        country = company.country_id.code
        if currency.name == "PLN" and country in (False, "PL"):
            return "zbp"
        if currency.name == "EUR":
            return "epc"
        if currency.name == "UAH" and country in (False, "UA"):
            return "nbu"
        return False

    @api.model
    def _title_limit(self, standard):
        """How many characters of a transfer title the standard's code holds."""
        return {"zbp": 32, "epc": 140, "nbu": 140}.get(standard, 140)

    @api.model
    def _get_payload(self, company, account, amount, title, currency=None):
        """(standard, data) of the QR code of a transfer to ``company``'s
        ``account``: data is a str (ZBP, EPC) or the NBU link; (False, False) when
        no standard applies to the currency."""
        standard = self._get_standard(company, currency)
        name = company.partner_id.name or company.name
        if standard == "zbp":
            if not polish_account(account):
                raise UserError(
                    _(
                        "%(account)s is not a Polish bank account number (26 digits): "
                        "no Polish payment code can be made for it.",
                        account=account,
                    )
                )
            return standard, zbp_payload(account, amount, name, title, company.vat)
        if standard == "epc":
            try:
                return standard, epc_payload(account, amount, name, title)
            except ValueError as error:
                raise UserError(
                    _("The payment details are too long for a SEPA QR code.")
                ) from error
        if standard == "nbu":
            if not ukrainian_iban(account):
                raise UserError(
                    _(
                        "%(account)s is not a Ukrainian IBAN (UA and 27 digits): no "
                        "Ukrainian payment code can be made for it.",
                        account=account,
                    )
                )
            code = recipient_code(
                company.hoa_edrpou or (company.vat or "").upper().removeprefix("UA")
            )
            if not code:
                raise UserError(
                    _(
                        "Set the EDRPOU code of %(community)s: the Ukrainian payment "
                        "QR code needs it.",
                        community=company.name,
                    )
                )
            data = nbu_payload(account, amount, name, code, title)
            return standard, nbu_link(data)
        return False, False

    @api.model
    def _get_qr(self, company, account, amount, title, currency=None, box_size=6):
        """Everything a document needs to show the payment QR code.

        Returns a dict: ``standard`` ('zbp', 'epc', 'nbu' or False), ``payload``
        (the text encoded), ``png`` (base64 PNG) and ``data_uri`` (for an
        ``<img src>``); png and data_uri are False when no standard applies."""
        standard, payload = self._get_payload(company, account, amount, title, currency)
        if not standard:
            return {
                "standard": False,
                "payload": False,
                "png": False,
                "data_uri": False,
            }
        png = qr_png(
            payload,
            box_size=box_size,
            min_version=10 if standard == "nbu" else None,
            hryvnia_sign=standard == "nbu",
        )
        png64 = base64.b64encode(png).decode()
        return {
            "standard": standard,
            "payload": payload,
            "png": png64,
            "data_uri": "data:image/png;base64," + png64,
        }

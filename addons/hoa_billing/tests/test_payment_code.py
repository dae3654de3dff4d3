import base64
import io
from datetime import date

import zxingcpp
from PIL import Image

from odoo.exceptions import UserError

from odoo.addons.hoa_base.tests.common import HoaBaseCase
from odoo.addons.hoa_billing.models.hoa_payment_code import (
    amount_in_words,
    epc_payload,
    nbu_payload,
    zbp_payload,
)

# The test community's virtual accounts (prefix 102028929876, units 1 and 2), their
# check digits computed by hand (ISO 7064 mod 97-10)
FLAT_1_NRB = "91102028929876000000000001"
UA_FLAT_1 = "UA493052990000026000000000001"


def decode_qr(png64):
    """The bytes a scanner reads from the base64 PNG of a QR code."""
    image = Image.open(io.BytesIO(base64.b64decode(png64)))
    barcodes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(barcodes) == 1, "expected exactly one QR code"
    return barcodes[0].bytes


def decode_nbu_link(link):
    """The fields of an NBU QR link (https://bank.gov.ua/qr/<base64url>)."""
    prefix = "https://bank.gov.ua/qr/"
    assert link.startswith(prefix), link
    data = link[len(prefix) :]
    data += "=" * (-len(data) % 4)
    return base64.urlsafe_b64decode(data).decode("cp1251").split("\n")


class PaymentCodeCase(HoaBaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community.write({"vat": "PL5260250995", "street": "ul. Testowa 1"})
        cls.ua_community = cls.env["res.company"].create(
            {
                "name": "ОСББ «Тестова 5»",
                "is_hoa_community": True,
                "hoa_kind": "osbb",
                "country_id": cls.env.ref("base.ua").id,
                "currency_id": cls.env.ref("base.UAH").id,
                "hoa_edrpou": "32855961",
                "hoa_virtual_account_prefix": "3052990000026",
            }
        )
        cls.env.user.company_ids |= cls.ua_community
        cls.ua_building = cls.env["hoa.building"].create(
            {"name": "вул. Липська 7", "code": "Л7", "company_id": cls.ua_community.id}
        )
        cls.ua_unit = cls.env["hoa.unit"].create(
            {"name": "12", "building_id": cls.ua_building.id, "area_usable": 48.0}
        )


class TestPaymentCode(PaymentCodeCase):
    def test_virtual_accounts(self):
        self.assertEqual(self.unit.virtual_account, "PL" + FLAT_1_NRB)
        self.assertEqual(self.ua_unit.virtual_account, UA_FLAT_1)

    def test_standard_by_currency(self):
        PaymentCode = self.env["hoa.payment.code"]
        self.assertEqual(PaymentCode._get_standard(self.community), "zbp")
        self.assertEqual(PaymentCode._get_standard(self.ua_community), "nbu")
        eur = self.env.ref("base.EUR")
        self.assertEqual(PaymentCode._get_standard(self.community, eur), "epc")
        usd = self.env.ref("base.USD")
        self.assertFalse(PaymentCode._get_standard(self.community, usd))
        qr = PaymentCode._get_qr(self.community, "PL" + FLAT_1_NRB, 10, "x", usd)
        self.assertFalse(qr["data_uri"])

    def test_zbp_code_decodes_to_the_transfer(self):
        qr = self.env["hoa.payment.code"]._get_qr(
            self.community,
            "PL" + FLAT_1_NRB,
            1234.56,
            "Opłaty za lokal L12/5 — 11/2026",
        )
        self.assertEqual(qr["standard"], "zbp")
        expected = (
            "5260250995|PL|91102028929876000000000001|123456|WM Testowa 1|"
            "Opłaty za lokal L12/5 - 11/2026|||"
        )
        self.assertEqual(qr["payload"], expected)
        self.assertEqual(decode_qr(qr["png"]).decode(), expected)
        self.assertTrue(qr["data_uri"].startswith("data:image/png;base64,"))

    def test_zbp_fields_are_sanitized(self):
        payload = zbp_payload(
            "91 1020 2892 9876 0000 0000 0001",
            9.5,
            "Wspólnota | Mieszkaniowa «Lea 12-14»",
            "Opłata\nza | lokal\t12/5 – listopad 2026 i więcej",
        )
        fields = payload.split("|")
        self.assertEqual(len(fields), 9)
        self.assertEqual(fields[0], "")  # no NIP given
        self.assertEqual(fields[3], "000950")
        self.assertEqual(fields[4], "Wspólnota / Mieszkan")  # 20 characters
        self.assertEqual(fields[5], "Opłata za / lokal 12/5 - listopa")  # 32
        self.assertEqual(fields[6:], ["", "", ""])
        # half a grosz is rounded up, more than six digits of grosze do not fit
        self.assertEqual(
            zbp_payload(FLAT_1_NRB, 0.005, "A", "B").split("|")[3], "000001"
        )
        self.assertEqual(
            zbp_payload(FLAT_1_NRB, 9999.99, "A", "B").split("|")[3], "999999"
        )
        self.assertEqual(
            zbp_payload(FLAT_1_NRB, 10000.00, "A", "B").split("|")[3], "000000"
        )
        self.assertEqual(zbp_payload(FLAT_1_NRB, -5, "A", "B").split("|")[3], "000000")

    def test_zbp_refuses_a_foreign_account(self):
        with self.assertRaisesRegex(UserError, "not a Polish bank account"):
            self.env["hoa.payment.code"]._get_qr(self.community, UA_FLAT_1, 10, "B")
        with self.assertRaises(ValueError):
            zbp_payload(UA_FLAT_1, 10, "A", "B")

    def test_epc_code_decodes_to_the_transfer(self):
        eur = self.env.ref("base.EUR")
        qr = self.env["hoa.payment.code"]._get_qr(
            self.community, "DE89 3704 0044 0532 0130 00", 1234.5, "Unit 5 11/2026", eur
        )
        self.assertEqual(qr["standard"], "epc")
        self.assertEqual(
            decode_qr(qr["png"]).decode().split("\n"),
            [
                "BCD",
                "002",
                "1",
                "SCT",
                "",
                "WM Testowa 1",
                "DE89370400440532013000",
                "EUR1234.50",
                "",
                "",
                "Unit 5 11/2026",
            ],
        )
        # without an amount the payer types it; trailing empty elements are left out
        self.assertEqual(
            epc_payload("DE89370400440532013000", 0, "A", ""),
            "BCD\n002\n1\nSCT\n\nA\nDE89370400440532013000",
        )

    def test_nbu_code_decodes_to_the_transfer(self):
        qr = self.env["hoa.payment.code"]._get_qr(
            self.ua_community,
            UA_FLAT_1,
            1234.56,
            "Внески за квартиру Л7/12 — 11/2026",
        )
        self.assertEqual(qr["standard"], "nbu")
        link = decode_qr(qr["png"]).decode()
        self.assertEqual(link, qr["payload"])
        self.assertEqual(
            decode_nbu_link(link),
            [
                "BCD",
                "002",
                "2",
                "UCT",
                "",
                "ОСББ «Тестова 5»",
                UA_FLAT_1,
                "UAH1234.56",
                "32855961",
                "",
                "",
                "Внески за квартиру Л7/12 - 11/2026",
                "",
            ],
        )

    def test_nbu_needs_edrpou_and_ukrainian_iban(self):
        PaymentCode = self.env["hoa.payment.code"]
        with self.assertRaisesRegex(UserError, "not a Ukrainian IBAN"):
            PaymentCode._get_qr(self.ua_community, "PL" + FLAT_1_NRB, 10, "Внески")
        self.ua_community.hoa_edrpou = False
        with self.assertRaisesRegex(UserError, "Set the EDRPOU code of ОСББ"):
            PaymentCode._get_qr(self.ua_community, UA_FLAT_1, 10, "Внески")
        with self.assertRaises(ValueError):
            nbu_payload(UA_FLAT_1, 10, "ОСББ", "", "Внески")
        # characters outside Windows-1251 are transliterated or dropped
        data = nbu_payload(UA_FLAT_1, 0, "ОСББ Łąka ☺", "32855961", "Внески|x")
        fields = data.decode("cp1251").split("\n")
        self.assertEqual(fields[5], "ОСББ Laka")
        self.assertEqual(fields[7], "")  # no amount: the payer types it
        self.assertEqual(fields[11], "Внески|x")

    def test_unit_qr_and_missing_account(self):
        qr = self.unit._hoa_payment_qr(75.0, "2026-11-15")
        fields = decode_qr(qr["png"]).decode().split("|")
        self.assertEqual(fields[2], FLAT_1_NRB)
        self.assertEqual(fields[3], "007500")
        # "Charges for unit ul. Testowa 1/1 — 11/2026" does not fit in the 32
        # characters of the Polish code: the unit and the month do
        self.assertEqual(qr["title"], "ul. Testowa 1/1 11/2026")
        self.assertEqual(fields[5], "ul. Testowa 1/1 11/2026")
        self.assertEqual(
            self.unit._hoa_payment_title(date(2026, 11, 1)),
            "Charges for unit ul. Testowa 1/1 — 11/2026",
        )
        self.community.hoa_virtual_account_prefix = False
        with self.assertRaisesRegex(UserError, "no individual bank account"):
            self.unit._hoa_payment_qr(75.0, "2026-11-01")


class TestAmountInWords(PaymentCodeCase):
    def test_polish(self):
        cases = {
            1234.56: "tysiąc dwieście trzydzieści cztery złote 56/100",
            1.01: "jeden złoty 01/100",
            22.0: "dwadzieścia dwa złote 00/100",
            25.0: "dwadzieścia pięć złotych 00/100",
            509.0: "pięćset dziewięć złotych 00/100",
            1000000.0: "milion złotych 00/100",
            0.99: "zero złotych 99/100",
        }
        for amount, words in cases.items():
            self.assertEqual(amount_in_words(amount, "PLN", "pl_PL"), words)

    def test_ukrainian(self):
        cases = {
            1234.56: "одна тисяча двісті тридцять чотири гривні 56 копійок",
            21.01: "двадцять одна гривня 01 копійка",
            2.02: "дві гривні 02 копійки",
            11.11: "одинадцять гривень 11 копійок",
            2000.0: "дві тисячі гривень 00 копійок",
        }
        for amount, words in cases.items():
            text = amount_in_words(amount, "UAH", "uk_UA")
            self.assertEqual(text, words)
            self.assertNotIn("i", text)  # the Cyrillic і, never a Latin i

    def test_document_language(self):
        pln = self.env.ref("base.PLN")
        unit = self.unit.with_context(lang="pl_PL")
        self.assertEqual(
            unit._hoa_amount_in_words(1234.56, pln),
            "tysiąc dwieście trzydzieści cztery złote 56/100",
        )
        uah = self.env.ref("base.UAH")
        unit = self.ua_unit.with_context(lang="uk_UA")
        self.assertEqual(
            unit._hoa_amount_in_words(1234.56, uah),
            "одна тисяча двісті тридцять чотири гривні 56 копійок",
        )
        # other languages: as Odoo writes amounts
        self.assertIsNone(amount_in_words(1234.56, "PLN", "en_US"))
        self.assertTrue(self.unit._hoa_amount_in_words(1234.56, pln))

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HoaBaseCase


@tagged("post_install", "-at_install")
class TestValidation(HoaBaseCase):
    def test_invalid_nip_refused(self):
        # hoa_base's own check, or base_vat's when it is installed: both refuse
        with self.assertRefused("NIP|VAT"):
            self.community.write({"vat": "PL6762458718"})
        self.assertFalse(self.community.vat)
        self.community.write({"vat": "PL6762458717"})
        self.assertEqual(self.community.vat, "PL6762458717")

    def test_invalid_regon_and_edrpou_refused(self):
        with self.assertRefused("REGON"):
            self.community.write({"hoa_regon": "356489213"})
        with self.assertRefused("EDRPOU"):
            self.community.write({"hoa_edrpou": "41234568"})
        self.assertFalse(self.community.hoa_regon)

    def test_invalid_iban_of_community_refused(self):
        Bank = self.env["res.partner.bank"]
        with self.assertRefused("not a valid IBAN"):
            Bank.create(
                {
                    "acc_number": "PL94102028920000000200345678",
                    "partner_id": self.community.partner_id.id,
                }
            )
        self.assertFalse(
            Bank.search([("partner_id", "=", self.community.partner_id.id)])
        )
        account = Bank.create(
            {
                "acc_number": "93102028920000000200345678",
                "partner_id": self.community.partner_id.id,
            }
        )
        self.assertTrue(account)

    def test_negative_area_refused(self):
        with self.assertRefused("cannot be negative"):
            self.unit.write({"area_usable": -1})
        self.assertEqual(self.unit.area_usable, 50.0)
        with self.assertRefused("cannot be negative"):
            self.env["hoa.unit"].create(
                {"name": "X", "building_id": self.building.id, "area_additional": -0.5}
            )
        self.assertFalse(self.env["hoa.unit"].search([("name", "=", "X")]))

    def test_shares_outside_zero_one_refused(self):
        for bad in ("0", "0/7", "3/2", "1.0001", "-1/2", "abc", "1/0"):
            with self.subTest(share=bad):
                with self.assertRefused("share|not a share"):
                    self.unit.write({"share": bad})
                self.assertEqual(self.unit.share, "1/2")
        self.unit.write({"share": "1/1"})
        self.assertEqual(self.unit.share, "1/1")

    def test_bad_virtual_account_prefix_refused(self):
        with self.assertRefused("prefix"):
            self.community.write({"hoa_virtual_account_prefix": "12ab"})
        self.assertEqual(self.community.hoa_virtual_account_prefix, "102028929876")

    def test_error_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        with self.assertRaises(ValidationError) as caught:
            self.unit.with_context(lang="pl_PL").write({"area_usable": -1})
        self.assertIn("ujemn", str(caught.exception))

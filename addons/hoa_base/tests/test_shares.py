from fractions import Fraction

from stdnum import iban

from odoo.tests import tagged

from .common import HoaBaseCase


@tagged("post_install", "-at_install")
class TestShares(HoaBaseCase):
    def test_demo_communities_shares_sum_to_exactly_one(self):
        for xmlid in ("hoa_base.hoa_company_krakow", "hoa_base.hoa_company_kyiv"):
            community = self.env.ref(xmlid)
            self.assertGreaterEqual(len(community.hoa_unit_ids), 50)
            self.assertEqual(community._hoa_share_sum(), Fraction(1), community.name)
            self.assertTrue(community.hoa_shares_ok)
            self.assertEqual(community.hoa_shares_difference, "0")

    def test_share_difference_is_shown_exactly(self):
        self.assertTrue(self.community.hoa_shares_ok)
        self.unit_2.share = "4999/10000"
        self.assertFalse(self.community.hoa_shares_ok)
        self.assertEqual(self.community.hoa_shares_total, "9999/10000")
        self.assertEqual(self.community.hoa_shares_difference, "-1/10000")

    def test_share_entered_as_decimal_is_exact(self):
        self.unit.share = "0,04523"
        self.assertEqual(
            (self.unit.share_numerator, self.unit.share_denominator), (4523, 100000)
        )
        self.assertEqual(self.unit.share, "4523/100000")

    def test_demo_virtual_accounts_are_valid_and_unique(self):
        units = self.env["hoa.unit"].search(
            [
                (
                    "company_id",
                    "in",
                    [
                        self.env.ref("hoa_base.hoa_company_krakow").id,
                        self.env.ref("hoa_base.hoa_company_kyiv").id,
                    ],
                )
            ]
        )
        accounts = units.mapped("virtual_account")
        self.assertEqual(len(accounts), 110)
        self.assertTrue(all(accounts))
        self.assertEqual(len(set(accounts)), len(accounts))
        for account in accounts:
            self.assertTrue(iban.is_valid(account), account)
        kyiv_unit = units.filtered(lambda u: u.company_id.country_id.code == "UA")[:1]
        self.assertTrue(kyiv_unit.virtual_account.startswith("UA"))
        self.assertEqual(len(kyiv_unit.virtual_account), 29)

    def test_new_unit_gets_next_code_and_account(self):
        unit = self.env["hoa.unit"].create(
            {"name": "3", "building_id": self.building.id, "share": "1/10"}
        )
        self.assertEqual(unit.code, 3)
        self.assertTrue(unit.virtual_account.startswith("PL"))
        self.assertTrue(unit.virtual_account.endswith("102028929876000000000003"))
        self.assertTrue(iban.is_valid(unit.virtual_account))

    def test_archived_unit_keeps_its_code(self):
        self.unit_2.active = False
        unit = self.env["hoa.unit"].create(
            {"name": "4", "building_id": self.building.id}
        )
        self.assertEqual(unit.code, 3)
        self.assertNotEqual(unit.virtual_account, self.unit_2.virtual_account)

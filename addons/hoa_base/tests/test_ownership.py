from datetime import date

from odoo.tests import tagged

from .common import HoaBaseCase


@tagged("post_install", "-at_install")
class TestOwnership(HoaBaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Ownership = cls.env["hoa.unit.ownership"]
        # Anna and Jan co-own flat 1 (1/2 each) from 2020; Anna pays.
        Ownership.create(
            [
                {
                    "unit_id": cls.unit.id,
                    "partner_id": cls.anna.id,
                    "role": "co_owner",
                    "fraction": "1/2",
                    "is_payer": True,
                    "date_from": "2020-01-01",
                },
                {
                    "unit_id": cls.unit.id,
                    "partner_id": cls.jan.id,
                    "role": "co_owner",
                    "fraction": "1/2",
                    "date_from": "2020-01-01",
                },
            ]
        )

    def _change_owner_to_ewa(self, day):
        wizard = self.env["hoa.change.owner"].create(
            {
                "unit_id": self.unit.id,
                "date": day,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "partner_id": self.ewa.id,
                            "fraction": "1/1",
                            "is_payer": True,
                        },
                    )
                ],
            }
        )
        wizard.action_apply()

    def test_owners_and_payer_at_any_date(self):
        self._change_owner_to_ewa("2026-06-01")
        unit = self.unit
        self.assertFalse(unit._get_owners(date(2019, 12, 31)))
        self.assertEqual(unit._get_owners(date(2020, 1, 1)), self.anna | self.jan)
        self.assertEqual(unit._get_payer(date(2020, 1, 1)), self.anna)
        self.assertEqual(unit._get_owners(date(2026, 5, 31)), self.anna | self.jan)
        self.assertEqual(unit._get_payer(date(2026, 5, 31)), self.anna)
        self.assertEqual(unit._get_owners(date(2026, 6, 1)), self.ewa)
        self.assertEqual(unit._get_payer(date(2026, 6, 1)), self.ewa)
        self.assertEqual(
            unit.with_context(date="2026-03-01").owner_ids, self.anna | self.jan
        )
        self.assertEqual(unit.with_context(date="2026-07-01").payer_id, self.ewa)
        # the past is kept, not rewritten
        self.assertEqual(len(unit.ownership_ids), 3)
        anna = unit.ownership_ids.filtered(lambda o: o.partner_id == self.anna)
        self.assertEqual(str(anna.date_from), "2020-01-01")
        self.assertEqual(str(anna.date_to), "2026-05-31")

    def test_demo_change_of_owner(self):
        unit = self.env.ref("hoa_base.hoa_unit_l12_7")
        before = unit._get_owners(date(2026, 5, 31))
        after = unit._get_owners(date(2026, 6, 1))
        self.assertEqual(len(before), 1)
        self.assertEqual(len(after), 1)
        self.assertNotEqual(before, after)
        self.assertEqual(unit._get_payer(date(2026, 6, 1)), after)

    def test_overlapping_payers_refused(self):
        with self.assertRefused("two payers"):
            self.env["hoa.unit.ownership"].create(
                {
                    "unit_id": self.unit.id,
                    "partner_id": self.ewa.id,
                    "role": "payer",
                    "is_payer": True,
                    "date_from": "2025-01-01",
                }
            )
        self.assertEqual(len(self.unit.ownership_ids), 2)

    def test_owners_cannot_hold_more_than_the_unit(self):
        with self.assertRefused("more than the whole unit"):
            self.env["hoa.unit.ownership"].create(
                {
                    "unit_id": self.unit.id,
                    "partner_id": self.ewa.id,
                    "role": "co_owner",
                    "fraction": "1/3",
                    "date_from": "2024-01-01",
                }
            )

    def test_change_owner_needs_one_payer(self):
        wizard = self.env["hoa.change.owner"].create(
            {
                "unit_id": self.unit.id,
                "date": "2026-06-01",
                "line_ids": [(0, 0, {"partner_id": self.ewa.id, "fraction": "1/1"})],
            }
        )
        with self.assertRefused("exactly one"):
            wizard.action_apply()
        self.assertEqual(self.unit._get_owners(date(2026, 7, 1)), self.anna | self.jan)

    def test_occupants_valid_at_each_date(self):
        Occupancy = self.env["hoa.unit.occupancy"]
        Occupancy.create(
            {"unit_id": self.unit.id, "occupant_count": 3, "date_from": "2026-01-01"}
        )
        request = Occupancy.create(
            {
                "unit_id": self.unit.id,
                "occupant_count": 2,
                "date_from": "2026-04-01",
                "source": "portal",
                "state": "pending",
            }
        )
        self.assertEqual(self.unit._get_occupant_count(date(2026, 5, 1)), 3)
        request.action_approve()
        self.assertEqual(self.unit._get_occupant_count(date(2026, 3, 31)), 3)
        self.assertEqual(self.unit._get_occupant_count(date(2026, 4, 1)), 2)
        self.assertEqual(self.unit._get_occupant_count(date(2025, 12, 31)), 0)
        with self.assertRefused("already has a declaration"):
            Occupancy.create(
                {
                    "unit_id": self.unit.id,
                    "occupant_count": 5,
                    "date_from": "2026-05-01",
                }
            )

    def test_gdpr_export_holds_the_persons_data(self):
        import io
        import json
        import zipfile

        self.anna.sudo().hoa_national_id = "85010112345"
        action = self.anna.action_hoa_gdpr_export()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        archive = zipfile.ZipFile(
            io.BytesIO(self.env["ir.attachment"].browse(attachment_id).raw)
        )
        data = json.loads(archive.read("personal_data.json"))
        self.assertEqual(data["person"]["name"], "Anna Nowak")
        self.assertEqual(data["person"]["hoa_national_id"], "85010112345")
        self.assertEqual(data["units"][0]["part"], "1/2")
        self.assertTrue(data["units"][0]["payer"])

import re

from odoo import Command

from odoo.addons.hoa_base.tests.common import HoaBaseCase


class HoaPortalP2Case(HoaBaseCase):
    """Two communities with portal residents.

    Community 1 (HoaBaseCase): flat 1 owned by Anna, flat 2 owned by Jan,
    Piotr chairs the board. Community 2: flat B1 owned by Ewa."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.community_b = cls.env["res.company"].create(
            {
                "name": "WM Inna 2",
                "is_hoa_community": True,
                "hoa_kind": "homeowners",
                "country_id": cls.env.ref("base.pl").id,
                "currency_id": cls.env.ref("base.PLN").id,
            }
        )
        cls.env.user.company_ids |= cls.community_b
        cls.building_b = cls.env["hoa.building"].create(
            {"name": "ul. Inna 2", "company_id": cls.community_b.id}
        )
        cls.unit_b = cls.env["hoa.unit"].create(
            {"name": "B1", "building_id": cls.building_b.id, "area_usable": 40.0}
        )
        cls.piotr = cls.env["res.partner"].create(
            {"name": "Piotr Zarządca", "email": "piotr@example.com"}
        )
        (cls.anna | cls.jan | cls.ewa | cls.piotr).lang = "en_US"
        cls.anna_user = cls._portal_user(cls.anna, "anna", cls.community)
        cls.jan_user = cls._portal_user(cls.jan, "jan", cls.community)
        cls.ewa_user = cls._portal_user(cls.ewa, "ewa", cls.community_b)
        cls.piotr_user = cls._portal_user(cls.piotr, "piotr", cls.community)
        Ownership = cls.env["hoa.unit.ownership"]
        for unit, partner in (
            (cls.unit, cls.anna),
            (cls.unit_2, cls.jan),
            (cls.unit_b, cls.ewa),
        ):
            Ownership.create(
                {
                    "unit_id": unit.id,
                    "partner_id": partner.id,
                    "role": "owner",
                    "is_payer": True,
                    "date_from": "2020-01-01",
                }
            )
        cls.env["hoa.board.member"].create(
            {
                "company_id": cls.community.id,
                "partner_id": cls.piotr.id,
                "role": "chair",
                "date_from": "2024-01-01",
            }
        )

    @classmethod
    def _portal_user(cls, partner, login, community):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "partner_id": partner.id,
                    "login": login,
                    "password": login,
                    "company_id": community.id,
                    "company_ids": [Command.set(community.ids)],
                    "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
                }
            )
        )

    @classmethod
    def _ticket(cls, unit, partner, name, **vals):
        return cls.env["hoa.ticket"].create(
            {
                "name": name,
                "unit_id": unit.id,
                "company_id": unit.company_id.id,
                "reporter_partner_id": partner.id,
                **vals,
            }
        )

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, f"no CSRF token on {url}")
        return match.group(1)

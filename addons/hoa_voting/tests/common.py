import base64
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.hoa_base.tests.common import HoaBaseCase

PDF = base64.b64encode(b"%PDF-1.4 power of attorney")


class HoaVotingCase(HoaBaseCase):
    """Four flats with hand-picked shares (in hundredths, summing to exactly one):

    flat 1: 35/100, Anna  | flat 2: 25/100, Jan  | flat 3: 20/100, Ewa and Piotr
    (co-owners, Ewa first) | flat 4: 20/100, Anna again.
    Owners (one owner one vote): Anna, Jan, Ewa = 3. Board: Jan, Ewa, Piotr."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit.share = "35/100"
        cls.unit_2.share = "25/100"
        Unit = cls.env["hoa.unit"]
        cls.unit_3 = Unit.create(
            {"name": "3", "building_id": cls.building.id, "share": "20/100"}
        )
        cls.unit_4 = Unit.create(
            {"name": "4", "building_id": cls.building.id, "share": "20/100"}
        )
        Partner = cls.env["res.partner"]
        cls.piotr = Partner.create(
            {"name": "Piotr Kowalski", "email": "piotr@example.com"}
        )
        cls.marek = Partner.create({"name": "Marek Zych", "email": "marek@example.com"})
        Ownership = cls.env["hoa.unit.ownership"]
        start = "2025-01-01"
        cls.ownerships = Ownership.create(
            [
                {
                    "unit_id": cls.unit.id,
                    "partner_id": cls.anna.id,
                    "is_payer": True,
                    "date_from": start,
                },
                {
                    "unit_id": cls.unit_2.id,
                    "partner_id": cls.jan.id,
                    "is_payer": True,
                    "date_from": start,
                },
                {
                    "unit_id": cls.unit_3.id,
                    "partner_id": cls.ewa.id,
                    "is_payer": True,
                    "role": "co_owner",
                    "fraction": "1/2",
                    "date_from": start,
                },
                {
                    "unit_id": cls.unit_3.id,
                    "partner_id": cls.piotr.id,
                    "role": "co_owner",
                    "fraction": "1/2",
                    "date_from": "2025-02-01",
                },
                {
                    "unit_id": cls.unit_4.id,
                    "partner_id": cls.anna.id,
                    "is_payer": True,
                    "date_from": start,
                },
            ]
        )
        cls.env["hoa.board.member"].create(
            [
                {"company_id": cls.community.id, "partner_id": p.id, "date_from": start}
                for p in (cls.jan, cls.ewa, cls.piotr)
            ]
        )
        cls.Vote = cls.env["hoa.vote"]

    def _resolution(self, open_it=True, **vals):
        resolution = self.env["hoa.resolution"].create(
            {
                "company_id": self.community.id,
                "title": "Replacement of the lift",
                "body": "<p>The board is authorised to replace the lift.</p>",
                "date_close": fields.Datetime.now() + timedelta(days=7),
                **vals,
            }
        )
        if open_it:
            resolution.action_approve_manager()
            resolution.action_open()
        return resolution

    def _vote(self, resolution, unit, choice, voter, **kw):
        return self.Vote._hoa_cast(resolution, unit, choice, voter, **kw)

    def _proxy(self, unit, grantor, proxy, **vals):
        attachment = self.env["ir.attachment"].create(
            {"name": "pelnomocnictwo.pdf", "datas": PDF}
        )
        return self.env["hoa.vote.proxy"].create(
            {
                "unit_id": unit.id,
                "grantor_id": grantor.id,
                "proxy_partner_id": proxy.id,
                "attachment_id": attachment.id,
                "date_from": "2025-01-01",
                **vals,
            }
        )

    def _portal_user(self, partner, login):
        return (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": partner.name,
                    "login": login,
                    "password": login + "-pass-123",
                    "partner_id": partner.id,
                    "company_id": self.community.id,
                    "company_ids": [Command.set([self.community.id])],
                    "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
                }
            )
        )

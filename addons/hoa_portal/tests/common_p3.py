from odoo.fields import Command
from odoo.tests import HttpCase

from odoo.addons.hoa_billing.tests.common import HoaBillingCase


class HoaPortalP3Case(HoaBillingCase, HttpCase):
    """The test community with portal logins: Anna (flat 1, meter CW-1), Jan
    (flat 2, meter CW-2) and Ewa, who owns nothing but sits on the board. The
    password of each login is the login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meter_2 = cls._meter("CW-2", unit=cls.unit_2, initial_value=200)
        cls.env["hoa.board.member"].create(
            {
                "company_id": cls.community.id,
                "partner_id": cls.ewa.id,
                "role": "chair",
                "date_from": "2025-01-01",
            }
        )
        cls.user_anna = cls._portal_user(cls.anna, "p3_anna")
        cls.user_jan = cls._portal_user(cls.jan, "p3_jan")
        cls.user_ewa = cls._portal_user(
            cls.ewa, "p3_ewa", cls.env.ref("hoa_base.group_hoa_board")
        )

    @classmethod
    def _portal_user(cls, partner, login, *groups):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "partner_id": partner.id,
                    "login": login,
                    "password": login,
                    "company_id": cls.community.id,
                    "company_ids": [Command.set(cls.community.ids)],
                    "groups_id": [
                        Command.set(
                            [cls.env.ref("base.group_portal").id]
                            + [group.id for group in groups]
                        )
                    ],
                }
            )
        )

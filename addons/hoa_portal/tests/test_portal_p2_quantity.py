import re

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.hoa_billing.tests.common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestPortalP2Quantity(HoaBillingCase, HttpCase):
    """A declared quantity (garage places) changed on the portal, approved by the
    accountant from the first day of the next month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.garage = cls._charge_type(
            "Garage place", "quantity", 50.0, units=cls.unit, date_from="2026-01-01"
        )
        cls.garage_of_unit = cls.env["hoa.unit.charge"].search(
            [("unit_id", "=", cls.unit.id), ("charge_type_id", "=", cls.garage.id)]
        )
        cls.garage_of_unit_2 = cls._assign(cls.unit_2, cls.garage)
        portal = cls.env.ref("base.group_portal")
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        for partner, login in ((cls.anna, "anna"), (cls.jan, "jan")):
            Users.create(
                {
                    "partner_id": partner.id,
                    "login": login,
                    "password": login,
                    "company_id": cls.community.id,
                    "company_ids": [Command.set(cls.community.ids)],
                    "groups_id": [Command.set(portal.ids)],
                }
            )
        cls.accountant = Users.create(
            {
                "name": "Ola Księgowa",
                "login": "ola.accountant",
                "email": "ola@office.example.com",
                "company_id": cls.community.id,
                "company_ids": [Command.set(cls.community.ids)],
                "groups_id": [
                    Command.set([cls.env.ref("hoa_base.group_hoa_accountant").id])
                ],
            }
        )
        cls.manager = Users.create(
            {
                "name": "Marek Zarządca",
                "login": "marek.manager",
                "email": "marek@office.example.com",
                "company_id": cls.community.id,
                "company_ids": [Command.set(cls.community.ids)],
                "groups_id": [
                    Command.set([cls.env.ref("hoa_base.group_hoa_manager").id])
                ],
            }
        )

    def _post(self, data):
        page = self.url_open("/my/requests")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            "/my/requests/quantity", data={"csrf_token": token, **data}
        )

    def test_portal_declares_only_charges_of_his_units(self):
        self.authenticate("jan", "jan")
        page = self.url_open("/my/requests").text
        self.assertIn("Garage place", page)
        self.assertNotIn(f'value="{self.garage_of_unit.id}"', page)
        response = self._post(
            {"unit_charge_id": self.garage_of_unit.id, "requested_quantity": "3"}
        )
        self.assertIn("Choose one of the charges of your units.", response.text)
        self.assertFalse(
            self.env["hoa.change.request"].search([("kind", "=", "quantity")])
        )
        response = self._post(
            {"unit_charge_id": self.garage_of_unit_2.id, "requested_quantity": "abc"}
        )
        self.assertIn("Enter the new quantity as a number", response.text)
        self._post(
            {"unit_charge_id": self.garage_of_unit_2.id, "requested_quantity": "2,5"}
        )
        request = self.env["hoa.change.request"].search([("kind", "=", "quantity")])
        self.assertEqual(request.unit_id, self.unit_2)
        self.assertEqual(request.charge_type_id, self.garage)
        self.assertEqual(request.requested_quantity, 2.5)
        self.assertEqual(request.current_quantity, 1.0)

    @freeze_time("2026-05-20")
    def test_accountant_approves_from_next_month(self):
        request = self.env["hoa.change.request"].create(
            {
                "unit_id": self.unit.id,
                "partner_id": self.anna.id,
                "kind": "quantity",
                "charge_type_id": self.garage.id,
                "requested_quantity": 2.0,
            }
        )
        self.assertEqual(request.date_effective, fields.Date.to_date("2026-06-01"))
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_approve()
        request.with_user(self.accountant).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.garage_of_unit.date_to, fields.Date.to_date("2026-05-31"))
        self.assertEqual(self.garage_of_unit.quantity, 1.0)
        new = self.env["hoa.unit.charge"].search(
            [
                ("unit_id", "=", self.unit.id),
                ("charge_type_id", "=", self.garage.id),
                ("date_from", "=", "2026-06-01"),
            ]
        )
        self.assertEqual(new.quantity, 2.0)
        self.assertFalse(new.date_to)

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_work_order import HoaWorkOrderCase


@tagged("post_install", "-at_install")
class TestWorkOrderTour(HoaWorkOrderCase, HttpCase):
    def test_ticket_to_work_order_to_plan_versus_actual(self):
        self.env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Ola Księgowa",
                "login": "wo.office",
                "password": "wo.office",
                "email": "ola@office.example.com",
                # the tour reads English labels (the database is in Polish)
                "lang": "en_US",
                "company_id": self.community.id,
                "company_ids": [Command.set(self.community.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("hoa_base.group_hoa_accountant").id,
                        ]
                    )
                ],
            }
        )
        # the act is written in the community's language
        self.community.partner_id.lang = "en_US"
        before = self._actual()
        self.start_tour(
            "/odoo/action-hoa_portal.hoa_ticket_action",
            "hoa_work_order_backend_tour",
            login="wo.office",
        )
        order = self.ticket.work_order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "signed")
        self.assertEqual(order.signed_by_id.login, "wo.office")
        self.assertEqual(order.signed_as, "manager")
        self.assertEqual(order.contractor_id, self.contractor)
        self.assertEqual(order.material_ids.product_id, self.valve)
        # 2 × 45.55 = 91.10; 3.5 h × 80.10 = 280.35
        self.assertEqual(order.amount_material, 91.10)
        self.assertEqual(order.amount_labour, 280.35)
        self.assertEqual(order.amount_total, 371.45)
        # the act as signed (HTML in tests: Odoo's tests never start wkhtmltopdf)
        self.assertIn("371.45", order.act_attachment_id.raw.decode())
        self.assertEqual(order.move_id.state, "posted")
        self.assertEqual(order.move_id.amount_total, 371.45)
        # plan versus actual: the maintenance category grew by the work order's cost
        self.assertAlmostEqual(self._actual() - before, 371.45, places=2)

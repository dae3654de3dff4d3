from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_work_order import HoaWorkOrderCase


@tagged("post_install", "-at_install")
class TestWorkOrder(HoaWorkOrderCase):
    @classmethod
    def _office_user(cls, login, group, companies=None, partner=None):
        companies = companies or cls.community
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login,
                    "login": login,
                    "lang": "en_US",
                    "partner_id": partner.id if partner else False,
                    "company_id": companies[0].id,
                    "company_ids": [Command.set(companies.ids)],
                    "groups_id": [
                        Command.set(
                            [cls.env.ref("base.group_user").id]
                            + [cls.env.ref(group).id]
                        )
                    ],
                }
            )
        )

    def _completed(self, **vals):
        order = self._order(
            labour_hours=3.5,
            labour_rate=80.0,
            material_ids=[
                Command.create(
                    {"product_id": self.valve.id, "quantity": 2, "price_unit": 45.50}
                ),
                Command.create(
                    {"product_id": self.silicone.id, "quantity": 3, "price_unit": 12.35}
                ),
            ],
            **vals,
        )
        order.action_complete()
        return order

    def test_cost_totals_to_the_grosz(self):
        order = self._order(
            labour_hours=3.5,
            labour_rate=80.0,
            material_ids=[
                Command.create({"product_id": self.valve.id, "quantity": 2}),
                Command.create(
                    {"product_id": self.silicone.id, "quantity": 3, "price_unit": 12.35}
                ),
                Command.create(
                    {
                        "product_id": self.silicone.id,
                        "quantity": 1.5,
                        "price_unit": 19.99,
                    }
                ),
            ],
        )
        # from the ticket: flat 1 of the test building
        self.assertEqual(order.unit_id, self.unit)
        self.assertEqual(order.building_id, self.unit.building_id)
        self.assertEqual(order.material_ids.building_id, self.unit.building_id)
        self.assertRegex(order.reference, r"^WO/\d{4}/\d{4}$")
        valve, silicone, silicone_half = order.material_ids
        # the valve's cost price 38.90 by default: 2 × 38.90 = 77.80
        self.assertEqual(valve.price_unit, 38.90)
        self.assertEqual(valve.amount, 77.80)
        self.assertEqual(silicone.amount, 37.05)  # 3 × 12.35
        self.assertEqual(silicone_half.amount, 29.99)  # 1.5 × 19.99 = 29.985
        self.assertEqual(order.amount_material, 144.84)
        self.assertEqual(order.amount_labour, 280.0)  # 3.5 h × 80.00
        self.assertEqual(order.amount_total, 424.84)
        order.write({"labour_type": "lump_sum", "labour_lump_sum": 350.0})
        self.assertEqual(order.amount_labour, 350.0)
        self.assertEqual(order.amount_total, 494.84)
        with self.assertRaises(ValidationError):
            order.material_ids[0].quantity = -1
        with self.assertRaises(ValidationError):
            order.labour_lump_sum = -5
        self.assertEqual(order.amount_total, 494.84)

    def test_posted_cost_counts_in_plan_versus_actual(self):
        before = self._actual()
        order = self._completed()
        order.action_sign()
        order.action_post_cost()
        bill = order.move_id
        # 2 × 45.50 + 3 × 12.35 + 3.5 h × 80.00 = 91.00 + 37.05 + 280.00
        self.assertEqual(order.amount_total, 408.05)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.partner_id, self.contractor)
        self.assertEqual(bill.company_id, self.community)
        self.assertEqual(bill.amount_total, 408.05)
        self.assertEqual(bill.ref, order.reference)
        self.assertTrue(order.is_posted)
        analytic = self.cat_maintenance._analytic_account(self.community)
        self.assertEqual(
            set(map(str, bill.invoice_line_ids.mapped("analytic_distribution"))),
            {str({str(analytic.id): 100.0})},
        )
        self.assertAlmostEqual(self._actual() - before, 408.05, places=2)
        with self.assertRefused("posted already"):
            order.action_post_cost()

    def test_sign_off_rules(self):
        # the act is in the community's language
        self.community.partner_id.lang = "en_US"
        order = self._completed()
        with self.assertRefused("only after the act is signed"):
            order.action_post_cost()
        self.assertFalse(order.move_id)
        # a caretaker neither manages the community nor sits on its board
        caretaker = self._office_user("wo.caretaker", "hoa_base.group_hoa_caretaker")
        with self.assertRefused("Only a community manager or a board member"):
            order.with_user(caretaker).action_sign()
        self.assertEqual(order.state, "done")
        # a board member of the community signs
        board_partner = self.env["res.partner"].create({"name": "Piotr Zarząd"})
        self.env["hoa.board.member"].create(
            {
                "company_id": self.community.id,
                "partner_id": board_partner.id,
                "role": "chair",
                "date_from": "2024-01-01",
            }
        )
        board = self._office_user(
            "wo.board", "hoa_base.group_hoa_board", partner=board_partner
        )
        order.with_user(board).action_sign()
        self.assertEqual(order.state, "signed")
        self.assertEqual(order.signed_by_id, board)
        self.assertEqual(order.signed_as, "board")
        self.assertTrue(order.date_signed)
        # the act as signed is kept: rendered as HTML in tests (Odoo's tests never
        # start wkhtmltopdf), as PDF otherwise
        act = order.act_attachment_id
        self.assertRegex(act.name, r"^Act of completed work WO-\d{4}-\d{4}\.html$")
        text = act.raw.decode()
        for expected in ("wo.board", "Board member", "408.05", "91.00", "280.00"):
            self.assertIn(expected, text)
        self.assertNotIn("Draft: not signed yet", text)
        self.assertEqual(
            order.action_print_act()["url"].split("?")[0], f"/web/content/{act.id}"
        )
        # the act is final
        with self.assertRefused("is signed"):
            order.name = "Something else"
        with self.assertRefused("is signed"):
            order.material_ids[0].quantity = 10
        with self.assertRefused("is signed"):
            order.material_ids[0].unlink()
        with self.assertRefused("is signed"):
            order.write(
                {"material_ids": [Command.create({"product_id": self.valve.id})]}
            )
        with self.assertRefused("cannot be cancelled"):
            order.action_cancel()
        with self.assertRefused("cannot be deleted"):
            order.unlink()
        with self.assertRefused("only the act of completed work"):
            order.action_sign()
        self.assertEqual(order.amount_total, 408.05)
        self.assertEqual(len(order.material_ids), 2)
        # the board signs but does not book
        with self.assertRaises(AccessError):
            order.with_user(board).action_post_cost()
        self.assertFalse(order.move_id)

    def test_nothing_to_sign(self):
        order = self._order()
        with self.assertRefused("enter the materials or the labour"):
            order.action_complete()
            order.action_sign()
        order = self._order(
            contractor_id=False, labour_lump_sum=100.0, labour_type="lump_sum"
        )
        with self.assertRefused("enter the contractor"):
            order.action_complete()
        self.assertEqual(order.state, "planned")

    def test_multi_company(self):
        other = self.env["res.company"].create(
            {
                "name": "WM Inna 2",
                "is_hoa_community": True,
                "hoa_kind": "homeowners",
                "country_id": self.env.ref("base.pl").id,
                "currency_id": self.env.ref("base.PLN").id,
            }
        )
        self.env.user.company_ids |= other
        self.env["account.chart.template"].try_loading("pl", other, install_demo=False)
        self.env = self.env(
            context=dict(
                self.env.context, allowed_company_ids=[self.community.id, other.id]
            )
        )
        building = self.env["hoa.building"].create(
            {"name": "ul. Inna 2", "company_id": other.id}
        )
        unit_b = self.env["hoa.unit"].create(
            {"name": "B1", "building_id": building.id, "area_usable": 40.0}
        )
        # another community's ticket, unit or building cannot be used
        with self.assertRaises(UserError):
            self._order(company_id=other.id)
        order = self._order()
        with self.assertRaises(UserError):
            order.write(
                {
                    "material_ids": [
                        Command.create(
                            {
                                "product_id": self.valve.id,
                                "unit_id": unit_b.id,
                                "building_id": building.id,
                            }
                        )
                    ]
                }
            )
        self.assertFalse(order.material_ids)
        # a work order of the other community is booked in its books only
        plan_b = self.env["hoa.economic.plan"].create(
            {
                "company_id": other.id,
                "year": self.today.year,
                "line_ids": [
                    Command.create(
                        {
                            "category_id": self.cat_maintenance.id,
                            "amount_cost": 5000.0,
                            "basis": "area_usable",
                        }
                    )
                ],
            }
        )
        plan_b.action_propose()
        plan_b.action_adopt()
        before, before_b = self._actual(), self._actual(plan=plan_b)
        order_b = self.env["hoa.work.order"].create(
            {
                "name": "Paint the staircase",
                "company_id": other.id,
                "building_id": building.id,
                "contractor_id": self.contractor.id,
                "category_id": self.cat_maintenance.id,
                "labour_type": "lump_sum",
                "labour_lump_sum": 1234.56,
            }
        )
        self.assertNotEqual(order_b.reference, order.reference)
        order_b.action_complete()
        order_b.action_sign()
        order_b.action_post_cost()
        self.assertEqual(order_b.move_id.company_id, other)
        self.assertAlmostEqual(self._actual(plan=plan_b) - before_b, 1234.56, places=2)
        self.assertAlmostEqual(self._actual(), before, places=2)
        # an office of the first community does not see it, nor its materials
        manager = self._office_user("wo.manager", "hoa_base.group_hoa_manager")
        env = self.env(
            user=manager, context={"allowed_company_ids": manager.company_ids.ids}
        )
        Orders = env["hoa.work.order"]
        self.assertEqual(Orders.search([]), order)
        with self.assertRaises(AccessError):
            order_b.with_env(env).read(["name"])
        self.env.flush_all()
        self.assertFalse(
            env["hoa.work.order.report"].search([("work_order_id", "=", order_b.id)])
        )

    def test_report_by_contractor_and_building(self):
        order = self._completed()
        self._order(
            name="Planned, labour only", labour_type="lump_sum", labour_lump_sum=99.99
        )
        # the report is a view of the tables: what the ORM holds is written first
        self.env.flush_all()
        rows = self.env["hoa.work.order.report"].search(
            [("contractor_id", "=", self.contractor.id)]
        )
        self.assertEqual(
            sorted((row.kind, row.product_id.name or "", row.amount) for row in rows),
            [
                ("labour", "", 99.99),
                ("labour", "", 280.0),
                ("material", "Ball valve DN15", 91.0),
                ("material", "Sanitary silicone", 37.05),
            ],
        )
        groups = self.env["hoa.work.order.report"]._read_group(
            [("work_order_id", "=", order.id)], ["building_id"], ["amount:sum"]
        )
        self.assertEqual(groups, [(self.unit.building_id, 408.05)])

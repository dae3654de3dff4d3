from odoo import Command, fields

from odoo.addons.hoa_billing.tests.common import HoaBillingCase


class HoaWorkOrderCase(HoaBillingCase):
    """The test community with its books, an adopted economic plan of this year
    (maintenance 12,000.00), two materials, a contractor and a ticket of flat 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.cat_maintenance = cls.env.ref("hoa_billing.hoa_cost_category_maintenance")
        cls.plan = cls.env["hoa.economic.plan"].create(
            {
                "company_id": cls.community.id,
                "year": cls.today.year,
                "line_ids": [
                    Command.create(
                        {
                            "category_id": cls.cat_maintenance.id,
                            "amount_cost": 12000.0,
                            "basis": "area_usable",
                        }
                    )
                ],
            }
        )
        cls.plan.action_propose()
        cls.plan.action_adopt()
        Product = cls.env["product.product"]
        cls.valve = Product.create(
            {"name": "Ball valve DN15", "type": "consu", "standard_price": 38.90}
        )
        cls.silicone = Product.create(
            {"name": "Sanitary silicone", "type": "consu", "standard_price": 12.35}
        )
        cls.contractor = cls.env["res.partner"].create(
            {"name": "Hydro-Test", "is_company": True, "lang": "en_US"}
        )
        cls.ticket = cls.env["hoa.ticket"].create(
            {
                "name": "Work order tour ticket",
                "unit_id": cls.unit.id,
                "company_id": cls.community.id,
                "reporter_partner_id": cls.anna.id,
            }
        )

    def _actual(self, category=None, plan=None):
        """The actual cost of the category in plan versus actual today."""
        plan = plan or self.plan
        wizard = self.env["hoa.economic.plan.actual"].create(
            {"plan_id": plan.id, "date": self.today}
        )
        wizard.action_show()
        line = wizard.line_ids.filtered(
            lambda line: line.category_id == (category or self.cat_maintenance)
        )
        return line.amount_actual

    def _order(self, **vals):
        return self.env["hoa.work.order"].create(
            {
                "name": "Replace the valve",
                "ticket_id": self.ticket.id,
                "contractor_id": self.contractor.id,
                "category_id": self.cat_maintenance.id,
                **vals,
            }
        )

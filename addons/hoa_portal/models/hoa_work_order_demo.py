from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# material: (cost price, quantity used for the leaking tap)
DEMO_MATERIALS = [
    ("hoa_portal.hoa_product_ball_valve", 38.90, 1),
    ("hoa_portal.hoa_product_hose", 16.45, 2),
    ("hoa_portal.hoa_product_silicone", 24.99, 1),
]


class HoaWorkOrderDemo(models.AbstractModel):
    _name = "hoa.work.order.demo"
    _description = "Work Order Demo Data"

    @api.model
    def _hoa_demo_work_orders(self):
        """Demo: the leaking tap of the demo ticket repaired by the demo supplier,
        its act signed by the manager, its cost posted against maintenance and
        paid; and a planned inspection without a ticket."""
        ticket = self.env.ref(
            "hoa_portal.hoa_ticket_demo_tap", raise_if_not_found=False
        )
        supplier = self.env.ref(
            "hoa_portal.hoa_partner_supplier_plumber", raise_if_not_found=False
        )
        manager = self.env.ref("hoa_base.hoa_user_manager", raise_if_not_found=False)
        category = self.env.ref(
            "hoa_billing.hoa_cost_category_maintenance", raise_if_not_found=False
        )
        if not (ticket and supplier and manager and category):
            return
        company = ticket.company_id
        Order = self.env["hoa.work.order"].with_company(company)
        if Order.search_count([("ticket_id", "=", ticket.id)]):
            return
        # the cost prices of the demo materials, in the community (company-dependent)
        materials = []
        for xmlid, price, quantity in DEMO_MATERIALS:
            product = self.env.ref(xmlid)
            product.with_company(company).standard_price = price
            materials.append((product, quantity))
        today = fields.Date.context_today(self)
        done = max(today - relativedelta(days=6), today.replace(month=1, day=1))
        order = Order.create(
            {
                "name": "Wymiana zaworu pod umywalką",
                "ticket_id": ticket.id,
                "contractor_id": supplier.id,
                "category_id": category.id,
                "scope": "<p>Wymiana zaworu kulowego i wężyka pod umywalką, "
                "uszczelnienie silikonem.</p>",
                "date_planned_start": done,
                "date_planned_end": done,
                "labour_type": "hours",
                "labour_hours": 2.5,
                "labour_rate": 95.0,
                "material_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": product.with_company(company).standard_price,
                        }
                    )
                    for product, quantity in materials
                ],
            }
        )
        order.write({"date_start": done, "date_done": done})
        order.action_complete()
        order.with_user(manager).with_company(company).action_sign()
        Order.create(
            {
                "name": "Przegląd instalacji gazowej w budynku",
                "company_id": company.id,
                "building_id": ticket.building_id.id,
                "contractor_id": supplier.id,
                "category_id": category.id,
                "scope": "<p>Coroczny przegląd szczelności instalacji gazowej "
                "(art. 62 Prawa budowlanego).</p>",
                "date_planned_start": today + relativedelta(days=14),
                "date_planned_end": today + relativedelta(days=15),
                "labour_type": "lump_sum",
                "labour_lump_sum": 1200.0,
            }
        )
        if not company.chart_template:
            return
        order.action_post_cost()
        self.env["account.payment.register"].with_company(company).with_context(
            active_model="account.move", active_ids=order.move_id.ids
        ).create({"payment_date": today})._create_payments()

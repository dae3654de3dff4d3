from odoo import fields, models, tools
from odoo.tools import SQL

from .hoa_work_order import STATES


class HoaWorkOrderReport(models.Model):
    """Materials and labour of the work orders, one row each: analysed by
    contractor, building, unit and period (pivot, list, download to XLSX)."""

    _name = "hoa.work.order.report"
    _description = "Materials and Work Report"
    _auto = False
    _order = "date desc, id desc"

    work_order_id = fields.Many2one("hoa.work.order", readonly=True)
    company_id = fields.Many2one("res.company", string="Community", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection(
        [("material", "Material"), ("labour", "Labour")], readonly=True
    )
    contractor_id = fields.Many2one("res.partner", readonly=True)
    building_id = fields.Many2one("hoa.building", readonly=True)
    unit_id = fields.Many2one("hoa.unit", readonly=True)
    category_id = fields.Many2one(
        "hoa.cost.category", string="Cost Category", readonly=True
    )
    product_id = fields.Many2one("product.product", string="Material", readonly=True)
    date = fields.Date(readonly=True)
    state = fields.Selection(STATES, readonly=True)
    quantity = fields.Float(readonly=True, digits=(16, 2))
    amount = fields.Monetary(string="Cost", readonly=True)

    def init(self):
        # a reporting view (as sale.report): the ORM cannot read the union of
        # materials and labour as one table; no user input reaches this SQL
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT
                    material.id * 2 AS id,
                    'material' AS kind,
                    work_order.id AS work_order_id,
                    work_order.company_id,
                    company.currency_id,
                    work_order.contractor_id,
                    COALESCE(material.building_id, work_order.building_id)
                        AS building_id,
                    COALESCE(material.unit_id, work_order.unit_id) AS unit_id,
                    work_order.category_id,
                    material.product_id,
                    COALESCE(work_order.date_done, work_order.date_planned_end,
                        work_order.date_planned_start,
                        work_order.create_date::date) AS date,
                    work_order.state,
                    material.quantity,
                    material.amount
                FROM hoa_work_order_material material
                JOIN hoa_work_order work_order
                    ON work_order.id = material.work_order_id
                JOIN res_company company ON company.id = work_order.company_id
                WHERE work_order.state != 'cancel'
                UNION ALL
                SELECT
                    work_order.id * 2 + 1 AS id,
                    'labour' AS kind,
                    work_order.id AS work_order_id,
                    work_order.company_id,
                    company.currency_id,
                    work_order.contractor_id,
                    work_order.building_id,
                    work_order.unit_id,
                    work_order.category_id,
                    NULL AS product_id,
                    COALESCE(work_order.date_done, work_order.date_planned_end,
                        work_order.date_planned_start,
                        work_order.create_date::date) AS date,
                    work_order.state,
                    CASE WHEN work_order.labour_type = 'hours'
                        THEN work_order.labour_hours ELSE 0 END AS quantity,
                    work_order.amount_labour AS amount
                FROM hoa_work_order work_order
                JOIN res_company company ON company.id = work_order.company_id
                WHERE work_order.state != 'cancel'
                    AND COALESCE(work_order.amount_labour, 0) != 0
            )
            """,
                SQL.identifier(self._table),
            )
        )

from odoo import fields, models


class HoaUnit(models.Model):
    _inherit = "hoa.unit"

    charge_ids = fields.One2many("hoa.unit.charge", "unit_id", string="Charges")
    invoice_ids = fields.One2many("account.move", "hoa_unit_id", string="Invoices")

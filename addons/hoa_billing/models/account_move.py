from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    hoa_unit_id = fields.Many2one(
        "hoa.unit", string="Unit", index="btree_not_null", readonly=True, copy=False
    )
    hoa_period_date = fields.Date(
        string="Billed Month", readonly=True, copy=False, index="btree_not_null"
    )
    hoa_billing_run_id = fields.Many2one(
        "hoa.billing.run",
        string="Billing Run",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    hoa_is_interest_note = fields.Boolean(
        string="Interest Note",
        readonly=True,
        copy=False,
        help="A note of late-payment interest (nota odsetkowa).",
    )
    hoa_corrected_move_id = fields.Many2one(
        "account.move",
        string="Corrects",
        readonly=True,
        copy=False,
        help="The invoice of the same unit, payer and month this one adds to.",
    )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    hoa_unit_id = fields.Many2one(
        "hoa.unit",
        string="Unit",
        compute="_compute_hoa_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
    )
    hoa_charge_type_id = fields.Many2one(
        "hoa.charge.type", string="Charge", index="btree_not_null", readonly=True
    )
    hoa_period_date = fields.Date(string="Billed Month", readonly=True)

    @api.depends("move_id.hoa_unit_id")
    def _compute_hoa_unit_id(self):
        for line in self:
            if not line.hoa_unit_id:
                line.hoa_unit_id = line.move_id.hoa_unit_id

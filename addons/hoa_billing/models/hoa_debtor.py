"""The debtors list: one row per unit with an overdue debt today, for the manager and
the board (read only)."""

from odoo import _, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL


class HoaDebtor(models.Model):
    _name = "hoa.debtor"
    _description = "Debtor"
    _auto = False
    _order = "company_id, amount desc, unit_id"
    _rec_name = "unit_id"

    unit_id = fields.Many2one("hoa.unit", readonly=True)
    company_id = fields.Many2one("res.company", string="Community", readonly=True)
    building_id = fields.Many2one("hoa.building", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(string="Overdue Debt", readonly=True)
    oldest_due = fields.Date(string="Oldest Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    last_letter_id = fields.Many2one("hoa.dunning.letter", readonly=True)
    last_level_id = fields.Many2one(
        "hoa.dunning.level", string="Last Letter Level", readonly=True
    )
    last_letter_date = fields.Date(readonly=True)
    debt_plan_id = fields.Many2one(
        "hoa.debt.plan", string="Instalment Agreement", readonly=True
    )
    debt_plan_state = fields.Selection(
        [("active", "Active"), ("broken", "Broken")],
        string="Agreement",
        readonly=True,
    )
    claim_id = fields.Many2one("hoa.claim", readonly=True)
    claim_state = fields.Selection(
        [
            ("draft", "In preparation"),
            ("filed", "Filed"),
            ("judgment", "Judgment"),
            ("enforcement", "Enforcement"),
        ],
        string="Claim Stage",
        readonly=True,
    )

    def init(self):
        # A reporting view like account.invoice.report: the list and the pivot sort
        # and group by the debt, so it must be a column. It is the definition of
        # hoa.unit._hoa_overdue_debt on today's date (test_dunning checks they
        # agree): open posted receivable lines of the unit, those due before today
        # less the payments and credit notes not yet settled, which pay the oldest
        # first (the oldest due date is the first one they do not cover).
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE VIEW %(table)s AS (
    WITH open_line AS (
        SELECT aml.id,
               aml.hoa_unit_id AS unit_id,
               aml.amount_residual,
               COALESCE(aml.date_maturity, aml.date) AS date_maturity
          FROM account_move_line aml
          JOIN account_account account ON account.id = aml.account_id
         WHERE aml.parent_state = 'posted'
           AND aml.hoa_unit_id IS NOT NULL
           AND account.account_type = 'asset_receivable'
           AND aml.reconciled IS NOT TRUE
           AND aml.amount_residual != 0
           AND aml.date <= CURRENT_DATE
    ), credit AS (
        SELECT unit_id, -SUM(amount_residual) AS amount
          FROM open_line
         WHERE amount_residual < 0
      GROUP BY unit_id
    ), overdue AS (
        SELECT o.unit_id,
               o.date_maturity,
               o.amount_residual,
               SUM(o.amount_residual) OVER (
                   PARTITION BY o.unit_id ORDER BY o.date_maturity, o.id
               ) AS running
          FROM open_line o
         WHERE o.amount_residual > 0
           AND o.date_maturity < CURRENT_DATE
    ), debt AS (
        SELECT ov.unit_id,
               SUM(ov.amount_residual) - COALESCE(MAX(c.amount), 0) AS amount,
               MIN(ov.date_maturity) FILTER (
                   WHERE ov.running > COALESCE(c.amount, 0)
               ) AS oldest_due
          FROM overdue ov
     LEFT JOIN credit c ON c.unit_id = ov.unit_id
      GROUP BY ov.unit_id
    )
    SELECT unit.id AS id,
           unit.id AS unit_id,
           unit.company_id,
           unit.building_id,
           company.currency_id,
           payer.partner_id,
           debt.amount,
           debt.oldest_due,
           CURRENT_DATE - debt.oldest_due AS days_overdue,
           letter.id AS last_letter_id,
           letter.level_id AS last_level_id,
           letter.date AS last_letter_date,
           plan.id AS debt_plan_id,
           plan.state AS debt_plan_state,
           claim.id AS claim_id,
           claim.state AS claim_state
      FROM debt
      JOIN hoa_unit unit ON unit.id = debt.unit_id
      JOIN res_company company ON company.id = unit.company_id
      LEFT JOIN LATERAL (
            SELECT o.partner_id
              FROM hoa_unit_ownership o
             WHERE o.unit_id = unit.id
               AND o.is_payer
               AND o.date_from <= CURRENT_DATE
               AND (o.date_to IS NULL OR o.date_to >= CURRENT_DATE)
          ORDER BY o.date_from DESC, o.id
             LIMIT 1
      ) payer ON TRUE
      LEFT JOIN LATERAL (
            SELECT l.id, l.level_id, l.date
              FROM hoa_dunning_letter l
             WHERE l.unit_id = unit.id AND l.state != 'cancelled'
          ORDER BY l.date DESC, l.id DESC
             LIMIT 1
      ) letter ON TRUE
      LEFT JOIN LATERAL (
            SELECT p.id, p.state
              FROM hoa_debt_plan p
             WHERE p.unit_id = unit.id AND p.state IN ('active', 'broken')
          ORDER BY p.date DESC, p.id DESC
             LIMIT 1
      ) plan ON TRUE
      LEFT JOIN LATERAL (
            SELECT c.id, c.state
              FROM hoa_claim c
             WHERE c.unit_id = unit.id AND c.state != 'closed'
          ORDER BY c.id DESC
             LIMIT 1
      ) claim ON TRUE
     WHERE debt.amount > 0
)
                """,
                table=SQL.identifier(self._table),
            )
        )

    def action_demand_batch(self):
        """A bulk pre-court demand for the selected debtors, one per community."""
        if not self:
            raise UserError(_("Select the debtors to send a demand for payment."))
        Batch = self.env["hoa.demand.batch"]
        batches = Batch.browse()
        for company, debtors in self.grouped("company_id").items():
            batch = Batch.create({"company_id": company.id})
            batch._add_units(debtors.unit_id)
            batches |= batch
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_demand_batch_action"
        )
        if len(batches) == 1:
            action.update(
                {"res_id": batches.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("id", "in", batches.ids)]
        return action

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaDunningWizard(models.TransientModel):
    _name = "hoa.dunning.wizard"
    _description = "Prepare Reminders"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    line_ids = fields.One2many(
        "hoa.dunning.wizard.line", "wizard_id", string="Proposed Letters"
    )
    is_proposed = fields.Boolean(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.onchange("company_id", "date")
    def _onchange_company_id(self):
        self.line_ids = [fields.Command.clear()]
        self.is_proposed = False

    def action_propose(self):
        """List the letters due on the date, one per debtor."""
        self.ensure_one()
        Level = self.env["hoa.dunning.level"]
        if not Level.with_context(active_test=False).search_count(
            [("company_id", "=", self.company_id.id)]
        ):
            Level._hoa_create_default_levels(self.company_id)
        units = self.env["hoa.unit"].search([("company_id", "=", self.company_id.id)])
        proposals = self.env["hoa.dunning.letter"]._hoa_dunning_proposals(
            units, self.date
        )
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "unit_id": proposal["unit"].id,
                    "partner_id": proposal["partner"].id,
                    "level_id": proposal["level"].id,
                    "amount": proposal["amount"],
                    "oldest_due": proposal["oldest_due"],
                    "days_overdue": proposal["days_overdue"],
                    "last_letter_id": proposal["last_letter"].id,
                    "debt_plan_id": proposal["debt_plan"].id,
                }
            )
            for proposal in proposals
        ]
        self.is_proposed = True
        return self._reopen()

    def action_create_letters(self):
        """Draft letters for the selected proposals, computed again on the date (the
        books may have changed since the proposal)."""
        self.ensure_one()
        selected = self.line_ids.filtered("is_selected")
        if not selected:
            raise UserError(_("Select at least one proposed letter."))
        Letter = self.env["hoa.dunning.letter"]
        wanted = {(line.unit_id.id, line.level_id.id) for line in selected}
        proposals = [
            proposal
            for proposal in Letter._hoa_dunning_proposals(selected.unit_id, self.date)
            if (proposal["unit"].id, proposal["level"].id) in wanted
        ]
        letters = Letter._hoa_create_from_proposals(proposals, self.date)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_dunning_letter_action"
        )
        action["domain"] = [("id", "in", letters.ids)]
        action["context"] = {"create": False}
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Prepare Reminders"),
        }


class HoaDunningWizardLine(models.TransientModel):
    _name = "hoa.dunning.wizard.line"
    _description = "Proposed Reminder"
    _order = "days_overdue desc, id"

    wizard_id = fields.Many2one(
        "hoa.dunning.wizard", required=True, index=True, ondelete="cascade"
    )
    is_selected = fields.Boolean(string="Create", default=True)
    unit_id = fields.Many2one("hoa.unit", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    level_id = fields.Many2one("hoa.dunning.level", readonly=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    amount = fields.Monetary(string="Debt", readonly=True)
    oldest_due = fields.Date(string="Oldest Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True)
    last_letter_id = fields.Many2one("hoa.dunning.letter", readonly=True)
    debt_plan_id = fields.Many2one(
        "hoa.debt.plan", string="Instalment Agreement", readonly=True
    )

"""Reminders and demands for payment sent to the payers of units in debt.

A letter keeps a snapshot of the debt on its date (the overdue documents with what was
open of them, and the payments not yet matched), so that it prints the same later,
whatever is paid since. Which letter a debtor gets is decided by
``_hoa_dunning_proposals``: the highest level whose thresholds the debt meets, above
the level of the last letter of the same debt, once the waiting days of that level
have passed."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .hoa_unit import format_account


class HoaDunningLetter(models.Model):
    _name = "hoa.dunning.letter"
    _description = "Reminder or Demand for Payment"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    unit_id = fields.Many2one(
        "hoa.unit",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, readonly=True
    )
    level_id = fields.Many2one(
        "hoa.dunning.level",
        required=True,
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Debt", readonly=True)
    oldest_due = fields.Date(string="Oldest Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True)
    payment_deadline = fields.Date(string="Pay By", readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent by e-mail"),
            ("printed", "Printed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    line_ids = fields.One2many(
        "hoa.dunning.letter.line", "letter_id", string="Documents", readonly=True
    )
    debt_plan_id = fields.Many2one(
        "hoa.debt.plan",
        string="Instalment Agreement",
        readonly=True,
        check_company=True,
        help="The agreement whose instalment is overdue, when the unit has one.",
    )
    has_email = fields.Boolean(compute="_compute_has_email")

    @api.depends("partner_id.email")
    def _compute_has_email(self):
        for letter in self:
            letter.has_email = bool(letter.partner_id.email)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("hoa.dunning.letter") or _("New")
        return super().create(vals_list)

    def unlink(self):
        if self.filtered(lambda letter: letter.state in ("sent", "printed")):
            raise UserError(
                _(
                    "Letters that were sent or printed are kept in the history of the "
                    "unit: cancel them instead of deleting them."
                )
            )
        return super().unlink()

    # Actions ------------------------------------------------------------------------
    def action_send(self):
        """E-mail the letters with their PDF to the payers."""
        self._hoa_check_not_cancelled()
        missing = self.filtered(lambda letter: not letter.partner_id.email)
        if missing:
            raise UserError(
                _(
                    "These payers have no e-mail address, print their letters "
                    "instead: %(payers)s.",
                    payers=", ".join(
                        f"{letter.partner_id.name} ({letter.unit_id.display_name})"
                        for letter in missing
                    ),
                )
            )
        template = self.env.ref("hoa_billing.hoa_dunning_letter_mail_template")
        for letter in self:
            letter.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.write({"state": "sent"})
        return True

    def action_print(self):
        """The letters as one PDF; drafts become printed."""
        self._hoa_check_not_cancelled()
        self.filtered(lambda letter: letter.state == "draft").write(
            {"state": "printed"}
        )
        return self.env.ref(
            "hoa_billing.action_report_hoa_dunning_letter"
        ).report_action(self, config=False)

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def _hoa_check_not_cancelled(self):
        if self.filtered(lambda letter: letter.state == "cancelled"):
            raise UserError(_("Cancelled letters cannot be sent or printed."))

    # Business methods ---------------------------------------------------------------
    def _hoa_account(self):
        """The unit's individual account, formatted for the letter."""
        self.ensure_one()
        return format_account(self.unit_id.virtual_account)

    @api.model
    def _hoa_last_letters(self, units):
        """{unit id: its latest letter that is not cancelled}."""
        letters = self.search(
            [("unit_id", "in", units.ids), ("state", "!=", "cancelled")],
            order="date desc, id desc",
        )
        result = {}
        for letter in letters:
            result.setdefault(letter.unit_id.id, letter)
        return result

    @api.model
    def _hoa_dunning_proposals(self, units, date):
        """The letter each of ``units`` is due on ``date``: a list of dicts with
        unit, partner, level, amount, oldest_due, days_overdue, debt (see
        hoa.unit._hoa_overdue_debt), last_letter and debt_plan.

        The level is the highest one (in the order of the community's levels)
        whose minimum debt and minimum days overdue are met. When the unit's last
        letter was about the same debt (the oldest document still unpaid fell due
        before that letter), the level must be above the last one and the waiting
        days of the last level must have passed: the same level is never sent
        twice for one debt. Units under an active instalment agreement are left
        out unless one of its instalments is overdue."""
        date = fields.Date.to_date(date)
        debts = units._hoa_overdue_debt(date)
        debtors = units.filtered(lambda unit: unit.id in debts)
        if not debtors:
            return []
        Level = self.env["hoa.dunning.level"]
        levels_by_company = Level.search(
            [("company_id", "in", debtors.company_id.ids)]
        ).grouped("company_id")
        last_letters = self._hoa_last_letters(debtors)
        plans = (
            self.env["hoa.debt.plan"]
            .search(
                [("unit_id", "in", debtors.ids), ("state", "=", "active")],
                order="date desc, id desc",
            )
            .grouped("unit_id")
        )
        proposals = []
        for unit in debtors:
            debt = debts[unit.id]
            plan = plans.get(unit)
            plan = plan and plan[0]
            if plan and not plan._hoa_overdue_instalments(date):
                continue
            level = self._hoa_level_for(
                levels_by_company.get(unit.company_id, Level), debt
            )
            if not level:
                continue
            last = last_letters.get(unit.id)
            if last and debt["oldest_due"] < last.date:
                if self._hoa_level_key(level) <= self._hoa_level_key(last.level_id):
                    continue
                if date < last.date + timedelta(days=last.level_id.days_to_next_level):
                    continue
            proposals.append(
                {
                    "unit": unit,
                    "partner": unit._get_payer(date)
                    or debt["lines"].sorted("date")[-1:].partner_id,
                    "level": level,
                    "amount": debt["amount"],
                    "oldest_due": debt["oldest_due"],
                    "days_overdue": debt["days_overdue"],
                    "debt": debt,
                    "last_letter": last or self,
                    "debt_plan": plan or self.env["hoa.debt.plan"],
                }
            )
        return proposals

    @api.model
    def _hoa_level_key(self, level):
        return (level.sequence, level.id)

    @api.model
    def _hoa_level_for(self, levels, debt):
        """The highest of ``levels`` whose thresholds ``debt`` meets."""
        currency = debt["currency"]
        eligible = levels.filtered(
            lambda level: currency.compare_amounts(debt["amount"], level.min_debt) >= 0
            and debt["days_overdue"] >= level.min_days_overdue
        )
        return max(eligible, key=self._hoa_level_key, default=levels.browse())

    @api.model
    def _hoa_create_from_proposals(self, proposals, date):
        """Draft letters of ``proposals`` (see _hoa_dunning_proposals) dated
        ``date``, with the snapshot of the debt."""
        date = fields.Date.to_date(date)
        vals_list = []
        for proposal in proposals:
            unit = proposal["unit"]
            level = proposal["level"]
            if not proposal["partner"]:
                raise UserError(
                    _(
                        "The unit %(unit)s has no payer: a letter cannot be addressed.",
                        unit=unit.display_name,
                    )
                )
            vals_list.append(
                {
                    "company_id": unit.company_id.id,
                    "unit_id": unit.id,
                    "partner_id": proposal["partner"].id,
                    "level_id": level.id,
                    "date": date,
                    "amount": proposal["amount"],
                    "oldest_due": proposal["oldest_due"],
                    "days_overdue": proposal["days_overdue"],
                    "payment_deadline": date + timedelta(days=level.payment_days),
                    "debt_plan_id": proposal["debt_plan"].id,
                    "line_ids": [
                        fields.Command.create(vals)
                        for vals in self._hoa_line_vals(proposal["debt"], date)
                    ],
                }
            )
        return self.create(vals_list)

    @api.model
    def _hoa_line_vals(self, debt, date):
        vals_list = []
        for line in debt["lines"] | debt["credit_lines"]:
            due = line.date_maturity or line.date
            vals_list.append(
                {
                    "move_line_id": line.id,
                    "move_id": line.move_id.id,
                    "document": line.move_id.name,
                    "kind": self.env["hoa.dunning.letter.line"]._hoa_kind(line),
                    "date": line.date,
                    "date_maturity": due,
                    "days_overdue": (date - due).days
                    if line.amount_residual > 0
                    else 0,
                    "amount": line.amount_residual,
                }
            )
        return vals_list

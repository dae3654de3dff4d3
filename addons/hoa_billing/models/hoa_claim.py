"""Debtor cases: the claim of the community against a unit's debtor in court, its
enforcement by a bailiff, or another way of recovery; the documents of the case are
attached to its chatter."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class HoaClaim(models.Model):
    _name = "hoa.claim"
    _description = "Debt Claim"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_filed desc, id desc"
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
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, tracking=True
    )
    kind = fields.Selection(
        [
            ("court", "Court case"),
            ("enforcement", "Enforcement"),
            ("other", "Other"),
        ],
        required=True,
        default="court",
        tracking=True,
    )
    case_number = fields.Char(tracking=True)
    authority = fields.Char(
        string="Court or Bailiff", help="The court, or the bailiff who enforces."
    )
    date_filed = fields.Date(string="Filed On", tracking=True)
    date_judgment = fields.Date(string="Judgment On", tracking=True)
    date_enforcement = fields.Date(string="Enforcement From", tracking=True)
    date_closed = fields.Date(string="Closed On", tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_claimed = fields.Monetary(tracking=True)
    amount_costs = fields.Monetary(
        string="Costs",
        tracking=True,
        help="Court fees, lawyer's and bailiff's costs borne by the community.",
    )
    amount_recovered = fields.Monetary(string="Recovered", tracking=True)
    state = fields.Selection(
        [
            ("draft", "In preparation"),
            ("filed", "Filed"),
            ("judgment", "Judgment"),
            ("enforcement", "Enforcement"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    letter_id = fields.Many2one(
        "hoa.dunning.letter",
        string="Final Demand",
        check_company=True,
        domain="[('unit_id', '=', unit_id)]",
        help="The demand for payment that preceded the claim.",
    )
    note = fields.Html(string="Notes")

    @api.constrains("amount_claimed", "amount_costs", "amount_recovered")
    def _check_amounts(self):
        for claim in self:
            currency = claim.currency_id
            if currency.compare_amounts(claim.amount_costs, 0.0) < 0:
                raise ValidationError(_("The costs of a claim cannot be negative."))
            if (
                currency.compare_amounts(claim.amount_claimed, 0.0) < 0
                or currency.compare_amounts(claim.amount_recovered, 0.0) < 0
            ):
                raise ValidationError(
                    _("The amounts claimed and recovered cannot be negative.")
                )

    @api.constrains("date_filed", "date_judgment", "date_enforcement", "date_closed")
    def _check_dates(self):
        events = {
            "date_filed": _("filing"),
            "date_judgment": _("judgment"),
            "date_enforcement": _("enforcement"),
            "date_closed": _("closing"),
        }
        for claim in self:
            for earlier, later in (
                ("date_filed", "date_judgment"),
                ("date_judgment", "date_enforcement"),
                ("date_filed", "date_closed"),
            ):
                if claim[earlier] and claim[later] and claim[later] < claim[earlier]:
                    raise ValidationError(
                        _(
                            "In the case %(case)s the %(later_event)s (%(later)s) "
                            "cannot come before the %(earlier_event)s (%(earlier)s).",
                            case=claim.name,
                            later_event=events[later],
                            later=format_date(self.env, claim[later]),
                            earlier_event=events[earlier],
                            earlier=format_date(self.env, claim[earlier]),
                        )
                    )

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id and not self.partner_id:
            self.partner_id = self.unit_id._get_payer(
                self.date_filed or fields.Date.context_today(self)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("hoa.claim") or _("New")
        return super().create(vals_list)

"""A resident's standing order to pay his units' new charges with a saved payment
method (a payment.token of a provider that supports tokenisation).

Posting an invoice only queues an attempt (hoa.autopay.attempt); the cards are
charged later by a cron, one committed attempt at a time, so a billing run of
thousands of flats is not slowed down by the payment providers."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

OWNER_ROLES = ("owner", "co_owner", "proxy")


class HoaAutopayMandate(models.Model):
    _name = "hoa.autopay.mandate"
    _description = "Automatic Payment Mandate"
    _inherit = ["mail.thread"]
    _order = "partner_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    unit_ids = fields.Many2many(
        "hoa.unit",
        "hoa_autopay_mandate_unit_rel",
        "mandate_id",
        "unit_id",
        string="Units",
        required=True,
        check_company=True,
        tracking=True,
    )
    token_id = fields.Many2one(
        "payment.token",
        string="Payment Method",
        required=True,
        ondelete="restrict",
        tracking=True,
        domain="[('partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )
    mode = fields.Selection(
        [("issue", "Pay each new charge when issued"), ("day", "Pay on day N")],
        required=True,
        default="issue",
        tracking=True,
    )
    pay_day = fields.Integer(
        string="Day of the Month",
        default=10,
        tracking=True,
        help="With 'Pay on day N': the day of the month (1-28) the charges are paid.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    monthly_limit = fields.Monetary(
        tracking=True,
        help="The most that is paid automatically in a calendar month; a charge "
        "that would exceed it is not paid and the resident is told. Zero: no limit.",
    )
    active = fields.Boolean(default=True, tracking=True)
    attempt_ids = fields.One2many(
        "hoa.autopay.attempt", "mandate_id", string="Attempts"
    )
    amount_paid_month = fields.Monetary(
        string="Paid This Month",
        compute="_compute_amount_paid_month",
        help="What this mandate paid automatically in the current month.",
    )

    @api.depends("partner_id", "unit_ids")
    def _compute_name(self):
        for mandate in self:
            mandate.name = "{} - {}".format(
                mandate.partner_id.name or "",
                ", ".join(mandate.unit_ids.mapped("display_name")),
            )

    def _compute_amount_paid_month(self):
        today = fields.Date.context_today(self)
        paid = self._paid_in_month(today)
        for mandate in self:
            mandate.amount_paid_month = paid.get(mandate.id, 0.0)

    @api.constrains("pay_day", "mode", "monthly_limit")
    def _check_pay_day(self):
        for mandate in self:
            if mandate.mode == "day" and not 1 <= mandate.pay_day <= 28:
                raise ValidationError(
                    _("Choose a day of the month between 1 and 28 for the payment.")
                )
            if mandate.currency_id.compare_amounts(mandate.monthly_limit, 0.0) < 0:
                raise ValidationError(_("The monthly limit cannot be negative."))

    @api.constrains("token_id", "partner_id", "company_id", "unit_ids", "active")
    def _check_token_and_units(self):
        today = fields.Date.context_today(self)
        for mandate in self.sudo():
            token = mandate.token_id
            partners = mandate.partner_id | mandate.partner_id.commercial_partner_id
            if token.partner_id not in partners:
                raise ValidationError(
                    _("Only your own saved payment methods can pay automatically.")
                )
            if not token.provider_id.allow_tokenization:
                raise ValidationError(
                    _(
                        "The payment method %(token)s cannot pay automatically.",
                        token=token.display_name,
                    )
                )
            if token.provider_id.company_id != mandate.company_id:
                raise ValidationError(
                    _(
                        "The payment method %(token)s does not belong to the "
                        "community %(community)s.",
                        token=token.display_name,
                        community=mandate.company_id.name,
                    )
                )
            if not mandate.active:
                continue
            owned = mandate.unit_ids._get_ownerships(today, roles=OWNER_ROLES).filtered(
                lambda o, partners=partners: o.partner_id in partners
            )
            if mandate.unit_ids - owned.unit_id:
                raise ValidationError(
                    _(
                        "%(partner)s can pay automatically only for the units he "
                        "owns: %(units)s.",
                        partner=mandate.partner_id.name,
                        units=", ".join(
                            (mandate.unit_ids - owned.unit_id).mapped("display_name")
                        ),
                    )
                )
            others = mandate.search(
                [
                    ("id", "!=", mandate.id),
                    ("partner_id", "=", mandate.partner_id.id),
                    ("unit_ids", "in", mandate.unit_ids.ids),
                ]
            )
            if others:
                raise ValidationError(
                    _(
                        "Units %(units)s are already paid automatically by another "
                        "mandate; change that one instead.",
                        units=", ".join(
                            (others.unit_ids & mandate.unit_ids).mapped("display_name")
                        ),
                    )
                )

    def action_cancel(self):
        """Stop paying automatically; the attempts still waiting are cancelled."""
        self.write({"active": False})
        self.attempt_ids.filtered(lambda a: a.state in ("queued", "retry")).write(
            {"state": "cancel", "message": _("The automatic payment was cancelled.")}
        )

    # ---------------------------------------------------------------- business

    def _paid_in_month(self, day):
        """{mandate id: amount paid automatically in the month of ``day``}."""
        if not self.ids:
            return {}
        start = day.replace(day=1)
        groups = (
            self.env["hoa.autopay.attempt"]
            .sudo()
            ._read_group(
                [
                    ("mandate_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("date_done", ">=", start),
                    ("date_done", "<", start + relativedelta(months=1)),
                ],
                ["mandate_id"],
                ["amount:sum"],
            )
        )
        return {mandate.id: amount for mandate, amount in groups}

    def _planned_date(self, issued):
        """When a charge issued on ``issued`` is paid by this mandate."""
        self.ensure_one()
        if self.mode == "issue":
            return issued
        planned = issued.replace(day=self.pay_day)
        return planned if planned >= issued else planned + relativedelta(months=1)

    @api.model
    def _queue_invoices(self, invoices):
        """Queue an attempt for each posted invoice of a unit paid automatically by
        its payer: two searches and one create for any number of invoices."""
        invoices = invoices.filtered(
            lambda m: m.move_type == "out_invoice"
            and m.hoa_unit_id
            and not m.hoa_is_interest_note
        )
        if not invoices:
            return self.env["hoa.autopay.attempt"]
        mandates = self.sudo().search(
            [("unit_ids", "in", invoices.hoa_unit_id.ids), ("active", "=", True)]
        )
        if not mandates:
            return self.env["hoa.autopay.attempt"]
        by_unit_partner = {}
        for mandate in mandates:
            for unit in mandate.unit_ids:
                for partner in (
                    mandate.partner_id | mandate.partner_id.commercial_partner_id
                ):
                    by_unit_partner[(unit.id, partner.id)] = mandate
        queued = set(
            self.env["hoa.autopay.attempt"]
            .sudo()
            .search([("invoice_id", "in", invoices.ids)])
            .invoice_id.ids
        )
        vals_list = []
        for invoice in invoices:
            mandate = by_unit_partner.get(
                (invoice.hoa_unit_id.id, invoice.partner_id.id)
            ) or by_unit_partner.get(
                (invoice.hoa_unit_id.id, invoice.partner_id.commercial_partner_id.id)
            )
            if not mandate or invoice.id in queued:
                continue
            issued = invoice.invoice_date or fields.Date.context_today(self)
            vals_list.append(
                {
                    "mandate_id": mandate.id,
                    "invoice_id": invoice.id,
                    "amount": invoice.amount_residual,
                    "date_planned": mandate._planned_date(issued),
                }
            )
        return self.env["hoa.autopay.attempt"].sudo().create(vals_list)

    @api.model
    def _hoa_demo_create(self, partner_xmlid):
        """Demo: the person of ``partner_xmlid`` pays the units he owns
        automatically with a demo card, on issue, up to 1,500 a month."""
        partner = self.env.ref(partner_xmlid)
        units = self.env["hoa.unit"].search(
            partner._hoa_portal_unit_domain(roles=OWNER_ROLES)
        )
        if not units or self.search([("partner_id", "=", partner.id)]):
            return self
        company = units[0].company_id
        units = units.filtered(lambda u: u.company_id == company)
        provider = self.env["payment.provider"]._hoa_demo_providers(company)
        token = self.env["payment.token"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref(
                    "payment_demo.payment_method_demo"
                ).id,
                "partner_id": partner.id,
                "payment_details": "4242",
                "provider_ref": f"demo-autopay-{partner.id}",
                "demo_simulated_state": "done",
            }
        )
        return self.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "unit_ids": [fields.Command.set(units.ids)],
                "token_id": token.id,
                "mode": "issue",
                "monthly_limit": 1500.0,
            }
        )

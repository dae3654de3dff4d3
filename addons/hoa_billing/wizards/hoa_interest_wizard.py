from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr, format_date

LINE_FIELDS = (
    "unit_id",
    "partner_id",
    "move_line_id",
    "date_due",
    "date_from",
    "date_to",
    "days",
    "base",
    "rate",
    "amount_exact",
    "amount",
    "is_below_minimum",
)
FEE_FIELDS = (
    "unit_id",
    "partner_id",
    "move_line_id",
    "date_due",
    "date",
    "base",
    "amount",
)


class HoaInterestWizard(models.TransientModel):
    """Late-payment interest of a community until a day: computed, previewed, then
    charged on one posted interest note per unit and payer (nota odsetkowa), which
    are printed in bulk or sent by email."""

    _name = "hoa.interest.wizard"
    _description = "Late-Payment Interest Notes"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    date = fields.Date(
        string="Interest Until",
        required=True,
        default=fields.Date.context_today,
        help="Interest runs until this day (included); it is also the date of the "
        "notes.",
    )
    unit_ids = fields.Many2many(
        "hoa.unit",
        string="Units",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Empty: all units of the community.",
    )
    state = fields.Selection(
        [("draft", "Choose"), ("preview", "Preview"), ("done", "Done")],
        default="draft",
        required=True,
    )
    line_ids = fields.One2many(
        "hoa.interest.wizard.line", "wizard_id", string="Interest", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total = fields.Monetary(
        string="Interest to Charge", compute="_compute_amounts"
    )
    amount_below_minimum = fields.Monetary(
        string="Below the Minimum",
        compute="_compute_amounts",
        help="Interest of units whose note would be below the community's minimum: "
        "not charged now, it adds up until a later note.",
    )
    note_ids = fields.Many2many("account.move", string="Interest Notes", readonly=True)
    note_count = fields.Integer(compute="_compute_amounts")
    result = fields.Text(readonly=True)
    fee_line_ids = fields.One2many(
        "hoa.interest.wizard.fee", "wizard_id", string="Late Fees", readonly=True
    )
    waive_fee_ids = fields.Many2many(
        "hoa.late.fee",
        string="Late Fees to Waive",
        readonly=True,
        help="Fees already charged whose charge was paid within the grace period: "
        "cancelled by a credit note.",
    )
    amount_fees = fields.Monetary(
        string="Late Fees to Charge", compute="_compute_amounts"
    )
    fee_note_ids = fields.Many2many(
        "account.move",
        "hoa_interest_wizard_fee_note_rel",
        string="Late Fee Notes",
        readonly=True,
    )
    fee_note_count = fields.Integer(compute="_compute_amounts")

    @api.depends(
        "line_ids.amount",
        "line_ids.is_below_minimum",
        "note_ids",
        "fee_line_ids.amount",
        "fee_note_ids",
    )
    def _compute_amounts(self):
        for wizard in self:
            wizard.amount_fees = sum(wizard.fee_line_ids.mapped("amount"))
            wizard.fee_note_count = len(wizard.fee_note_ids)
            lines = wizard.line_ids
            wizard.amount_total = sum(
                lines.filtered(lambda line: not line.is_below_minimum).mapped("amount")
            )
            wizard.amount_below_minimum = sum(
                lines.filtered("is_below_minimum").mapped("amount")
            )
            wizard.note_count = len(wizard.note_ids)

    @api.onchange("company_id")
    def _onchange_company_id(self):
        self.unit_ids = self.unit_ids.filtered(
            lambda unit: unit.company_id == self.company_id
        )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hoa.unit":
            units = self.env["hoa.unit"].browse(self.env.context.get("active_ids"))
            values["unit_ids"] = [Command.set(units.ids)]
            values["company_id"] = units.company_id[:1].id
        return values

    # ---------------------------------------------------------------- actions

    def action_compute(self):
        """Preview the interest not charged yet."""
        self.ensure_one()
        vals_list = self._compute_vals()
        fee_vals_list = self._compute_fee_vals()
        to_waive = self._fees_to_waive()
        if not vals_list and not fee_vals_list and not to_waive:
            raise UserError(
                _(
                    "No overdue amount of %(community)s bears interest that is not "
                    "charged yet until %(date)s.",
                    community=self.company_id.name,
                    date=format_date(self.env, self.date),
                )
            )
        self.write(
            {
                "line_ids": [Command.clear()]
                + [
                    Command.create({name: vals[name] for name in LINE_FIELDS})
                    for vals in vals_list
                ],
                "fee_line_ids": [Command.clear()]
                + [
                    Command.create({name: vals[name] for name in FEE_FIELDS})
                    for vals in fee_vals_list
                ],
                "waive_fee_ids": [Command.set(to_waive.ids)],
                "state": "preview",
                "result": False,
            }
        )
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.write(
            {
                "line_ids": [Command.clear()],
                "fee_line_ids": [Command.clear()],
                "waive_fee_ids": [Command.clear()],
                "state": "draft",
                "result": False,
            }
        )
        return self._reopen()

    def action_create_notes(self):
        """Post the notes of the preview: computed again, they must not differ."""
        self.ensure_one()
        if self.state != "preview":
            raise UserError(_("Compute the interest first."))
        vals_list = self._compute_vals()
        fee_vals_list = self._compute_fee_vals()
        to_waive = self._fees_to_waive()
        if (
            self._keys(vals_list) != self._keys(self.line_ids)
            or self._fee_keys(fee_vals_list) != self._fee_keys(self.fee_line_ids)
            or to_waive != self.waive_fee_ids
        ):
            raise UserError(
                _(
                    "The overdue amounts have changed since the preview (a payment was "
                    "registered or interest charged meanwhile): compute again."
                )
            )
        Line = self.env["hoa.interest.line"]
        Fee = self.env["hoa.late.fee"]
        groups = Line._hoa_group(self.company_id, vals_list)
        notes = self.env["account.move"]
        if vals_list:
            notes = Line._hoa_create_notes(self.company_id, self.date, vals_list)
        fee_notes = self.env["account.move"]
        if fee_vals_list:
            fee_notes = Fee._hoa_create_notes(self.company_id, self.date, fee_vals_list)
        waivers = to_waive._hoa_waive(self.date)
        below = [group for group in groups if group["is_below_minimum"]]
        lines = []
        if self.company_id.hoa_interest_enabled:
            lines.append(
                _(
                    "Interest notes posted: %(count)s, %(amount)s in all.",
                    count=len(notes),
                    amount=self._format_amount(sum(notes.mapped("amount_total"))),
                )
            )
        if self.company_id.hoa_late_fee_enabled:
            lines.append(
                _(
                    "Late fees posted: %(count)s, %(amount)s in all; waived: "
                    "%(waived)s.",
                    count=len(fee_notes),
                    amount=self._format_amount(sum(fee_notes.mapped("amount_total"))),
                    waived=len(waivers),
                )
            )
        if below:
            lines.append(
                _(
                    "Below the minimum of %(minimum)s, not charged (it adds up until "
                    "a later note): %(units)s.",
                    minimum=self._format_amount(
                        self.company_id.hoa_interest_min_amount
                    ),
                    units=", ".join(
                        f"{group['unit'].display_name} ({group['partner'].name})"
                        for group in below
                    ),
                )
            )
        self.write(
            {
                "note_ids": [Command.set(notes.ids)],
                "fee_note_ids": [Command.set((fee_notes | waivers).ids)],
                "state": "done",
                "result": "\n".join(lines),
            }
        )
        return self._reopen()

    def action_view_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_billing.hoa_interest_note_action"
        )
        action["domain"] = [("id", "in", self.note_ids.ids)]
        return action

    def action_view_fee_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.fee_note_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_print(self):
        """All the notes in one PDF."""
        self.ensure_one()
        return self.env.ref(
            "hoa_billing.action_report_hoa_interest_note"
        ).report_action(self._posted_notes())

    def action_send(self):
        """Email each payer his note; those without an email address are listed to
        be printed."""
        self.ensure_one()
        notes = self._posted_notes()
        sent = notes.filtered(lambda note: note.partner_id.email)
        self._send_notes(sent)
        to_print = notes - sent
        lines = [_("Sent by email: %(count)s notes.", count=len(sent))]
        if to_print:
            lines.append(
                _(
                    "No email address, to print (%(count)s): %(notes)s",
                    count=len(to_print),
                    notes=", ".join(
                        f"{note.name} ({note.partner_id.name})" for note in to_print
                    ),
                )
            )
        self.result = "\n".join(lines)
        return self._reopen()

    # -------------------------------------------------------------- helpers

    def _compute_vals(self):
        self.ensure_one()
        company = self.company_id
        if company.hoa_late_fee_enabled and not company.hoa_interest_enabled:
            return []
        return self.env["hoa.interest.line"]._hoa_compute(
            company, self.date, self.unit_ids or None
        )

    def _compute_fee_vals(self):
        self.ensure_one()
        if not self.company_id.hoa_late_fee_enabled:
            return []
        return self.env["hoa.late.fee"]._hoa_compute(
            self.company_id, self.date, self.unit_ids or None
        )

    def _fees_to_waive(self):
        self.ensure_one()
        if not self.company_id.hoa_late_fee_enabled:
            return self.env["hoa.late.fee"]
        return self.env["hoa.late.fee"]._hoa_to_waive(
            self.company_id, self.unit_ids or None
        )

    def _fee_keys(self, fees):
        """What must be the same in the preview and at posting (late fees)."""
        digits = self.currency_id.decimal_places
        return [
            (
                fee["move_line_id"] if isinstance(fee, dict) else fee.move_line_id.id,
                fee["date"],
                float_repr(fee["amount"], digits),
            )
            for fee in fees
        ]

    def _keys(self, lines):
        """What must be the same in the preview and at posting."""
        digits = self.currency_id.decimal_places
        return [
            (
                line["move_line_id"]
                if isinstance(line, dict)
                else line.move_line_id.id,
                line["partner_id"] if isinstance(line, dict) else line.partner_id.id,
                line["date_from"],
                line["date_to"],
                float_repr(line["base"], digits),
                float_repr(line["rate"], 4),
            )
            for line in lines
        ]

    def _send_notes(self, notes):
        """Post each note in its chatter as an email to its payer, the PDF
        attached, in the payer's language (the template's)."""
        template = self.env.ref("hoa_billing.mail_template_hoa_interest_note")
        # no_new_invoice: the PDF attached is ours, not a vendor's to import
        for note in notes.with_context(no_new_invoice=True):
            note.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        notes.write({"is_move_sent": True})

    def _posted_notes(self):
        notes = self.note_ids.filtered(lambda note: note.state == "posted")
        if not notes:
            raise UserError(_("There is no posted interest note to print or send."))
        return notes

    def _format_amount(self, amount):
        return self.currency_id.format(amount)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Late-Payment Interest"),
        }


class HoaInterestWizardLine(models.TransientModel):
    _name = "hoa.interest.wizard.line"
    _description = "Late-Payment Interest Preview Line"
    _order = "id"

    wizard_id = fields.Many2one(
        "hoa.interest.wizard", required=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    unit_id = fields.Many2one("hoa.unit", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="Overdue Item", required=True, readonly=True
    )
    debt_move_id = fields.Many2one(
        related="move_line_id.move_id", string="Overdue Document"
    )
    date_due = fields.Date(string="Due Date", readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="Until", readonly=True)
    days = fields.Integer(readonly=True)
    base = fields.Monetary(string="Overdue Amount", readonly=True)
    rate = fields.Float(string="Rate (% per Year)", digits=(16, 4), readonly=True)
    amount_exact = fields.Float(string="Exact Interest", digits=(16, 6), readonly=True)
    amount = fields.Monetary(string="Interest", readonly=True)
    is_below_minimum = fields.Boolean(
        string="Below Minimum",
        readonly=True,
        help="The unit's note would be below the minimum: not charged now.",
    )


class HoaInterestWizardFee(models.TransientModel):
    _name = "hoa.interest.wizard.fee"
    _description = "Late Fee Preview Line"
    _order = "id"

    wizard_id = fields.Many2one(
        "hoa.interest.wizard", required=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    unit_id = fields.Many2one("hoa.unit", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="Overdue Item", required=True, readonly=True
    )
    debt_move_id = fields.Many2one(
        related="move_line_id.move_id", string="Overdue Document"
    )
    date_due = fields.Date(string="Due Date", readonly=True)
    date = fields.Date(string="Fee Date", readonly=True)
    base = fields.Monetary(string="Unpaid on the Fee Date", readonly=True)
    amount = fields.Monetary(string="Fee", readonly=True)

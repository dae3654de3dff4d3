from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Completed"),
    ("signed", "Act Signed"),
    ("cancel", "Cancelled"),
]
# what the act of completed work states: frozen once the act is signed
ACT_FIELDS = {
    "name",
    "company_id",
    "ticket_id",
    "building_id",
    "unit_id",
    "contractor_id",
    "category_id",
    "scope",
    "date_planned_start",
    "date_planned_end",
    "date_start",
    "date_done",
    "material_ids",
    "labour_type",
    "labour_hours",
    "labour_rate",
    "labour_lump_sum",
    "state",
    "signed_by_id",
    "date_signed",
    "signed_as",
    "act_attachment_id",
}


class HoaWorkOrder(models.Model):
    """A work order (zlecenie robót, наряд-замовлення): work a contractor does for
    the community, from a resident's ticket or planned maintenance. Its act of
    completed work (protokół odbioru robót, акт виконаних робіт) lists the
    materials and the labour; once the manager or a board member signs the act it
    is final and its cost can be posted to the community's books against a cost
    category of the economic plan."""

    _name = "hoa.work.order"
    _description = "Work Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    reference = fields.Char(readonly=True, copy=False, default="/", index="trigram")
    name = fields.Char(string="Work", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    ticket_id = fields.Many2one(
        "hoa.ticket",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
        tracking=True,
        help="The resident's ticket the work answers; empty for planned maintenance.",
    )
    building_id = fields.Many2one(
        "hoa.building",
        check_company=True,
        compute="_compute_building_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    unit_id = fields.Many2one(
        "hoa.unit",
        check_company=True,
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    contractor_id = fields.Many2one("res.partner", check_company=True, tracking=True)
    category_id = fields.Many2one(
        "hoa.cost.category",
        string="Cost Category",
        check_company=True,
        tracking=True,
        help="The category of the economic plan the cost is booked to.",
    )
    scope = fields.Html(string="Scope of Work")
    date_planned_start = fields.Date(string="Planned Start", tracking=True)
    date_planned_end = fields.Date(string="Planned End", tracking=True)
    date_start = fields.Date(string="Started On", tracking=True)
    date_done = fields.Date(string="Completed On", tracking=True)
    state = fields.Selection(
        STATES, default="planned", required=True, tracking=True, copy=False
    )
    material_ids = fields.One2many(
        "hoa.work.order.material", "work_order_id", string="Materials", copy=True
    )
    labour_type = fields.Selection(
        [("hours", "Hours × Rate"), ("lump_sum", "Lump Sum")],
        string="Labour Billed By",
        default="hours",
        required=True,
    )
    labour_hours = fields.Float(string="Hours", digits=(16, 2))
    labour_rate = fields.Monetary(string="Hourly Rate")
    labour_lump_sum = fields.Monetary(string="Lump Sum")
    amount_material = fields.Monetary(
        string="Cost of Materials", compute="_compute_amounts", store=True
    )
    amount_labour = fields.Monetary(
        string="Cost of Labour", compute="_compute_amounts", store=True
    )
    amount_total = fields.Monetary(
        string="Total Cost", compute="_compute_amounts", store=True, tracking=True
    )
    signed_by_id = fields.Many2one(
        "res.users", string="Act Signed By", readonly=True, copy=False
    )
    date_signed = fields.Datetime(string="Act Signed On", readonly=True, copy=False)
    signed_as = fields.Selection(
        [("manager", "Community Manager"), ("board", "Board Member")],
        readonly=True,
        copy=False,
    )
    act_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed Act", readonly=True, copy=False
    )
    move_id = fields.Many2one(
        "account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    is_posted = fields.Boolean(
        string="Cost Posted", compute="_compute_is_posted", store=True
    )

    @api.depends("ticket_id")
    def _compute_company_id(self):
        for order in self:
            if order.ticket_id:
                order.company_id = order.ticket_id.company_id
            elif not order.company_id:
                order.company_id = self.env.company

    @api.depends("ticket_id", "unit_id")
    def _compute_building_id(self):
        for order in self:
            if order.unit_id:
                order.building_id = order.unit_id.building_id
            elif order.ticket_id and not order.building_id:
                order.building_id = order.ticket_id.building_id

    @api.depends("ticket_id")
    def _compute_unit_id(self):
        for order in self:
            if order.ticket_id:
                order.unit_id = order.ticket_id.unit_id

    @api.depends(
        "material_ids.amount",
        "labour_type",
        "labour_hours",
        "labour_rate",
        "labour_lump_sum",
        "currency_id",
    )
    def _compute_amounts(self):
        for order in self:
            currency = order.currency_id
            materials = sum(order.material_ids.mapped("amount"))
            if order.labour_type == "lump_sum":
                labour = order.labour_lump_sum
            else:
                labour = order.labour_hours * order.labour_rate
            order.amount_material = currency.round(materials)
            order.amount_labour = currency.round(labour)
            order.amount_total = order.amount_material + order.amount_labour

    @api.depends("move_id.state")
    def _compute_is_posted(self):
        for order in self:
            order.is_posted = order.move_id.state == "posted"

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for order in self:
            if order.reference and order.reference != "/":
                order.display_name = f"{order.reference} {order.name}"
            else:
                order.display_name = order.name

    @api.constrains("labour_hours", "labour_rate", "labour_lump_sum")
    def _check_labour(self):
        for order in self:
            if min(order.labour_hours, order.labour_rate, order.labour_lump_sum) < 0:
                raise ValidationError(
                    _(
                        "%(order)s: the hours, the hourly rate and the lump sum "
                        "cannot be negative.",
                        order=order.display_name,
                    )
                )

    @api.constrains("date_planned_start", "date_planned_end", "date_start", "date_done")
    def _check_dates(self):
        for order in self:
            if (
                order.date_planned_start
                and order.date_planned_end
                and order.date_planned_end < order.date_planned_start
            ) or (
                order.date_start
                and order.date_done
                and order.date_done < order.date_start
            ):
                raise ValidationError(
                    _(
                        "%(order)s: the work cannot end before it starts.",
                        order=order.display_name,
                    )
                )

    @api.constrains("unit_id", "building_id")
    def _check_unit_building(self):
        for order in self:
            if order.unit_id and order.unit_id.building_id != order.building_id:
                raise ValidationError(
                    _(
                        "Unit %(unit)s is not in building %(building)s.",
                        unit=order.unit_id.display_name,
                        building=order.building_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        for order in orders:
            order.reference = (
                self.env["ir.sequence"]
                .with_company(order.company_id)
                .next_by_code("hoa.work.order")
                or "/"
            )
        return orders

    def write(self, vals):
        if not self.env.context.get("hoa_work_order_signing") and ACT_FIELDS & set(
            vals
        ):
            self._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_signed(self):
        for order in self:
            if order.state == "signed" or order.move_id:
                raise UserError(
                    _(
                        "%(order)s has a signed act: it cannot be deleted.",
                        order=order.display_name,
                    )
                )

    # Actions ------------------------------------------------------------------------
    def action_start(self):
        for order in self:
            if order.state != "planned":
                raise UserError(
                    _(
                        "%(order)s: only planned work can start.",
                        order=order.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for order in self:
            order.write(
                {"state": "in_progress", "date_start": order.date_start or today}
            )
        return True

    def action_complete(self):
        for order in self:
            if order.state not in ("planned", "in_progress"):
                raise UserError(
                    _(
                        "%(order)s: only planned or started work can be completed.",
                        order=order.display_name,
                    )
                )
            if not order.contractor_id:
                raise UserError(
                    _(
                        "%(order)s: enter the contractor who did the work.",
                        order=order.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for order in self:
            date_done = order.date_done or today
            order.write(
                {
                    "state": "done",
                    "date_start": order.date_start or date_done,
                    "date_done": date_done,
                }
            )
        return True

    def action_cancel(self):
        for order in self:
            if order.state == "signed":
                raise UserError(
                    _(
                        "%(order)s has a signed act: it cannot be cancelled.",
                        order=order.display_name,
                    )
                )
        self.write({"state": "cancel"})
        return True

    def action_reset(self):
        for order in self:
            if order.state not in ("done", "cancel"):
                raise UserError(
                    _(
                        "%(order)s: only completed (not signed) or cancelled work "
                        "can be reopened.",
                        order=order.display_name,
                    )
                )
        self.write({"state": "in_progress"})
        return True

    def action_sign(self):
        """The manager or a board member of the community signs the act: it records
        who and when, and keeps the act's PDF; from then on the act is final."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                _(
                    "%(order)s: only the act of completed work can be signed.",
                    order=self.display_name,
                )
            )
        signed_as = self._hoa_signer_role()
        if not signed_as:
            raise UserError(
                _(
                    "Only a community manager or a board member of %(community)s "
                    "can sign the act.",
                    community=self.company_id.name,
                )
            )
        if self.currency_id.is_zero(self.amount_total):
            raise UserError(
                _(
                    "%(order)s: enter the materials or the labour before signing "
                    "the act.",
                    order=self.display_name,
                )
            )
        # a board member reads the work order; the signature is written for him
        order_sudo = self.sudo().with_context(hoa_work_order_signing=True)
        order_sudo.write(
            {
                "state": "signed",
                "signed_by_id": self.env.user.id,
                "date_signed": fields.Datetime.now(),
                "signed_as": signed_as,
            }
        )
        order_sudo._hoa_attach_act()
        return True

    def action_print_act(self):
        self.ensure_one()
        if self.act_attachment_id:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.act_attachment_id.id}?download=true",
                "target": "self",
            }
        return self.env.ref(
            "hoa_portal.action_report_hoa_work_order_act"
        ).report_action(self)

    def action_post_cost(self):
        """Book the cost of the signed act: a vendor bill of the contractor whose
        lines carry the analytic account of the cost category, so that plan versus
        actual counts it in the category."""
        self.env["account.move"].check_access("create")
        for order in self:
            order._hoa_check_postable()
        for order in self:
            move = self.env["account.move"].create(order._hoa_bill_vals())
            move.action_post()
            order.with_context(hoa_work_order_signing=True).move_id = move
            order.message_post(
                body=_(
                    "Cost posted: %(bill)s, %(amount)s.",
                    bill=move.name,
                    amount=order._hoa_format_amount(order.amount_total),
                )
            )
        return self.action_view_bill() if len(self) == 1 else True

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "name": self.move_id.name,
        }

    # Business methods ---------------------------------------------------------------
    def _check_editable(self):
        for order in self:
            if order.state == "signed":
                raise UserError(
                    _(
                        "The act of %(order)s is signed: the work order can no "
                        "longer be changed.",
                        order=order.display_name,
                    )
                )

    def _hoa_signer_role(self):
        """'manager' or 'board' when the current user may sign the act of this
        community's work, else False."""
        self.ensure_one()
        user = self.env.user
        if (
            user.has_group("hoa_base.group_hoa_manager")
            and self.company_id in user.company_ids
        ):
            return "manager"
        is_board = (
            self.env["hoa.board.member"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "=", user.partner_id.id),
                    ("is_active", "=", True),
                ],
                limit=1,
            )
        )
        return "board" if is_board else False

    def _hoa_attach_act(self):
        """Keep the act as signed: its PDF (HTML when Odoo runs its tests, which
        never start wkhtmltopdf) attached to the work order."""
        report = self.env.ref("hoa_portal.action_report_hoa_work_order_act")
        for order in self:
            content, report_format = report._render_qweb_pdf(report, order.ids)
            # the act is in the community's language (the report's as well)
            lang = order.company_id.partner_id.lang or self.env.lang
            name = order.with_context(lang=lang)._hoa_act_filename()
            extension = "pdf" if report_format == "pdf" else "html"
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{name}.{extension}".replace("/", "-"),
                    "raw": content,
                    "mimetype": "application/pdf"
                    if report_format == "pdf"
                    else "text/html",
                    "res_model": order._name,
                    "res_id": order.id,
                }
            )
            order.act_attachment_id = attachment
            order.message_post(
                body=_(
                    "Act of completed work signed by %(user)s.",
                    user=order.signed_by_id.name,
                ),
                attachment_ids=attachment.ids,
            )

    def _hoa_act_filename(self):
        self.ensure_one()
        return _("Act of completed work %(reference)s", reference=self.reference)

    def _hoa_check_postable(self):
        self.ensure_one()
        if self.state != "signed":
            raise UserError(
                _(
                    "%(order)s: the cost can be posted only after the act is signed.",
                    order=self.display_name,
                )
            )
        if self.move_id:
            raise UserError(
                _(
                    "The cost of %(order)s is posted already (%(bill)s).",
                    order=self.display_name,
                    bill=self.move_id.name,
                )
            )
        if not self.category_id:
            raise UserError(
                _(
                    "%(order)s: choose the cost category of the economic plan.",
                    order=self.display_name,
                )
            )

    def _hoa_expense_account(self, product=None):
        """The expense account of a line: the product's, or the purchase journal's,
        or the community's first expense account (plan versus actual counts the
        expense accounts only)."""
        self.ensure_one()
        company = self.company_id
        if product:
            account = product.with_company(
                company
            ).product_tmpl_id._get_product_accounts()["expense"]
            if account and "expense" in account.account_type:
                return account
        journal = self._hoa_purchase_journal()
        if journal.default_account_id.account_type in (
            "expense",
            "expense_direct_cost",
        ):
            return journal.default_account_id
        account = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(company),
                ("account_type", "=", "expense"),
                ("deprecated", "=", False),
            ],
            limit=1,
        )
        if not account:
            raise UserError(
                _(
                    "%(community)s has no expense account to post the cost to.",
                    community=company.name,
                )
            )
        return account

    def _hoa_purchase_journal(self):
        self.ensure_one()
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                _(
                    "%(community)s has no purchase journal for the vendor bill.",
                    community=self.company_id.name,
                )
            )
        return journal

    def _hoa_bill_vals(self):
        """The vendor bill of the act: one line per material and one for the
        labour, without taxes (the amounts of the act are what the community
        pays), each with the category's analytic account."""
        self.ensure_one()
        analytic = self.category_id._analytic_account(self.company_id, create=True)
        distribution = {str(analytic.id): 100}
        lines = []
        for material in self.material_ids:
            lines.append(
                Command.create(
                    {
                        "product_id": material.product_id.id,
                        "name": material.name,
                        "quantity": material.quantity,
                        "product_uom_id": material.product_id.uom_id.id,
                        "price_unit": material.price_unit,
                        "account_id": self._hoa_expense_account(material.product_id).id,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": distribution,
                    }
                )
            )
        if not self.currency_id.is_zero(self.amount_labour):
            if self.labour_type == "lump_sum":
                quantity, price = 1.0, self.labour_lump_sum
            else:
                quantity, price = self.labour_hours, self.labour_rate
            lines.append(
                Command.create(
                    {
                        "name": _("Labour: %(work)s", work=self.name),
                        "quantity": quantity,
                        "price_unit": price,
                        "account_id": self._hoa_expense_account().id,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": distribution,
                    }
                )
            )
        return {
            "move_type": "in_invoice",
            "company_id": self.company_id.id,
            "journal_id": self._hoa_purchase_journal().id,
            "partner_id": self.contractor_id.id,
            "invoice_date": self.date_done,
            "date": self.date_done,
            "ref": self.reference,
            "currency_id": self.currency_id.id,
            "invoice_line_ids": lines,
        }

    def _hoa_format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)

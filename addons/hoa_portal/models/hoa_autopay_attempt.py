"""One automatic payment of one invoice: queued when the invoice is posted, charged
by the cron with the mandate's saved payment method, retried once, logged in its
chatter and mailed to the resident."""

import datetime
import logging
import threading

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

_logger = logging.getLogger(__name__)

# attempts charged per cron pass; each one is committed on its own
BATCH_SIZE = 200
# a failed payment is tried once more, at the next hourly pass of the cron
RETRY_DELAY = relativedelta(hours=1)
MAX_TRIES = 2


class HoaAutopayAttempt(models.Model):
    _name = "hoa.autopay.attempt"
    _description = "Automatic Payment Attempt"
    _inherit = ["mail.thread"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True

    mandate_id = fields.Many2one(
        "hoa.autopay.mandate",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    partner_id = fields.Many2one(
        related="mandate_id.partner_id", store=True, index=True, string="Resident"
    )
    company_id = fields.Many2one(
        related="mandate_id.company_id", store=True, index=True, string="Community"
    )
    invoice_id = fields.Many2one(
        "account.move", string="Charge", required=True, index=True, readonly=True
    )
    unit_id = fields.Many2one(
        related="invoice_id.hoa_unit_id", store=True, index=True, string="Unit"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True)
    date_planned = fields.Datetime(
        string="Next Try", required=True, index=True, readonly=True
    )
    date_done = fields.Date(string="Paid On", readonly=True, index=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("processing", "Awaiting the Provider"),
            ("retry", "Failed, to Retry"),
            ("done", "Paid"),
            ("over_limit", "Above the Monthly Limit"),
            ("failed", "Failed"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="queued",
        index=True,
        readonly=True,
        tracking=True,
    )
    try_count = fields.Integer(string="Tries", readonly=True)
    transaction_ids = fields.Many2many(
        "payment.transaction",
        "hoa_autopay_attempt_transaction_rel",
        "attempt_id",
        "transaction_id",
        string="Transactions",
        readonly=True,
    )
    message = fields.Text(string="Last Message", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            date = vals.get("date_planned")
            if isinstance(date, datetime.date) and not isinstance(
                date, datetime.datetime
            ):
                vals["date_planned"] = datetime.datetime.combine(date, datetime.time())
        return super().create(vals_list)

    # ---------------------------------------------------------------- actions

    def action_retry(self):
        """The office tries a failed or over-limit payment again at the next pass."""
        for attempt in self:
            if attempt.state not in ("failed", "over_limit", "cancel"):
                raise UserError(
                    _("Only a failed, cancelled or stopped payment can be retried.")
                )
        self.write(
            {"state": "queued", "try_count": 0, "date_planned": fields.Datetime.now()}
        )

    def action_cancel(self):
        for attempt in self:
            if attempt.state not in ("queued", "retry", "over_limit", "failed"):
                raise UserError(
                    _("Only a payment that has not been made can be cancelled.")
                )
        self.write({"state": "cancel"})

    # ---------------------------------------------------------------- cron

    @api.model
    def _cron_process(self, limit=BATCH_SIZE):
        """Charge the attempts that are due, one committed transaction each."""
        domain = [
            ("state", "in", ("queued", "retry", "processing")),
            ("date_planned", "<=", fields.Datetime.now()),
        ]
        attempts = self.search(domain, order="date_planned, id", limit=limit)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for attempt in attempts:
            # the messages and e-mails are written in the resident's language
            attempt = attempt.with_context(
                lang=attempt.invoice_id.partner_id.lang,
                hoa_autopay_commit=auto_commit,
            )
            if auto_commit:
                # each attempt is committed on its own (and commits once more
                # before the card is charged, see _process)
                try:
                    attempt._process()
                except Exception as error:  # noqa: BLE001 - shown to the office
                    self.env.cr.rollback()
                    attempt._crashed(error)
                self.env.cr.commit()  # pylint: disable=invalid-commit
                continue
            try:
                with self.env.cr.savepoint():
                    attempt._process()
            except Exception as error:  # noqa: BLE001 - shown to the office
                attempt._crashed(error)
        self.env["ir.cron"]._notify_progress(
            done=len(attempts), remaining=self.search_count(domain)
        )
        return attempts

    # ---------------------------------------------------------------- business

    def _crashed(self, error):
        """An unexpected error stopped this attempt: the office sees it failed."""
        _logger.exception("Automatic payment %s failed", self.id)
        self.env.invalidate_all()
        self.write({"state": "failed", "message": str(error) or repr(error)})

    def _process(self):
        """Charge this attempt's invoice now, or follow up its pending payment."""
        self.ensure_one()
        if self.state == "processing":
            return self._follow_up(self.transaction_ids.sorted("id")[-1:])
        mandate = self.mandate_id
        invoice = self.invoice_id
        currency = self.currency_id
        if not mandate.active or not mandate.token_id.active:
            return self._finish(
                "cancel", _("The automatic payment is no longer active.")
            )
        if invoice.state != "posted" or currency.is_zero(invoice.amount_residual):
            return self._finish(
                "cancel", _("Nothing is left to pay on %(name)s.", name=invoice.name)
            )
        amount = invoice.amount_residual
        today = fields.Date.context_today(self)
        if not currency.is_zero(mandate.monthly_limit):
            paid = mandate._paid_in_month(today).get(mandate.id, 0.0)
            if currency.compare_amounts(paid + amount, mandate.monthly_limit) > 0:
                self.amount = amount
                return self._finish(
                    "over_limit",
                    _(
                        "%(name)s (%(amount)s) was not paid automatically: with "
                        "%(paid)s already paid this month it exceeds your monthly "
                        "limit of %(limit)s. Please pay it yourself.",
                        name=invoice.name,
                        amount=self._money(amount),
                        paid=self._money(paid),
                        limit=self._money(mandate.monthly_limit),
                    ),
                    notify=True,
                )
        tx = self._create_transaction(amount)
        self.write(
            {
                "amount": amount,
                "try_count": self.try_count + 1,
                "transaction_ids": [fields.Command.link(tx.id)],
            }
        )
        if self.env.context.get("hoa_autopay_commit"):
            # the transaction is stored before the card is charged: after a crash
            # the attempt waits on it (state processing) and is never charged twice
            self.state = "processing"
            self.env.cr.commit()  # pylint: disable=invalid-commit
        try:
            with self.env.cr.savepoint():
                tx._send_payment_request()
        except (UserError, ValidationError) as error:
            # the provider refused the request: a failure of this try, logged
            _logger.info("Automatic payment %s refused: %s", self.id, error)
            tx._set_error(str(error))
            return self._fail(str(error))
        return self._follow_up(tx)

    def _create_transaction(self, amount):
        self.ensure_one()
        token = self.mandate_id.token_id.sudo()
        provider = token.provider_id
        Transaction = self.env["payment.transaction"].sudo()
        return Transaction.create(
            {
                "provider_id": provider.id,
                "payment_method_id": token.payment_method_id.id,
                "reference": Transaction._compute_reference(
                    provider.code,
                    prefix="{}-{}".format(
                        self.unit_id.display_name.replace("/", "-"),
                        self.invoice_id.name.replace("/", "-"),
                    ),
                ),
                "amount": amount,
                "currency_id": self.currency_id.id,
                "partner_id": self.invoice_id.partner_id.id,
                "token_id": token.id,
                "operation": "offline",
                "invoice_ids": [fields.Command.set(self.invoice_id.ids)],
                "hoa_unit_id": self.unit_id.id,
            }
        )

    def _follow_up(self, tx):
        """Act on the state the provider gave ``tx``."""
        self.ensure_one()
        if tx.state == "done":
            if not tx.is_post_processed:
                tx._post_process()
            self.date_done = fields.Date.context_today(self)
            return self._finish(
                "done",
                _(
                    "%(name)s was paid automatically: %(amount)s (transaction "
                    "%(reference)s).",
                    name=self.invoice_id.name,
                    amount=self._money(tx.amount),
                    reference=tx.reference,
                ),
                notify=True,
            )
        if tx.state in ("pending", "authorized", "draft"):
            awaiting = _(
                "Transaction %(reference)s is awaiting the payment provider.",
                reference=tx.reference,
            )
            if self.state == "processing" and self.message == awaiting:
                return self  # still waiting: logged once
            self.write({"state": "processing", "message": awaiting})
            self.message_post(body=awaiting, subtype_xmlid="mail.mt_note")
            return self
        return self._fail(
            tx.state_message
            or _(
                "The payment provider refused the payment %(reference)s.",
                reference=tx.reference,
            )
        )

    def _fail(self, reason):
        self.ensure_one()
        if self.try_count < MAX_TRIES:
            self.date_planned = fields.Datetime.now() + RETRY_DELAY
            return self._finish(
                "retry",
                _(
                    "The automatic payment of %(name)s failed: %(reason)s It will be "
                    "tried once more.",
                    name=self.invoice_id.name,
                    reason=reason,
                ),
                notify=True,
            )
        return self._finish(
            "failed",
            _(
                "The automatic payment of %(name)s failed again: %(reason)s It will "
                "not be tried again; please pay %(amount)s yourself.",
                name=self.invoice_id.name,
                reason=reason,
                amount=self._money(self.amount),
            ),
            notify=True,
        )

    def _finish(self, state, message, notify=False):
        """Write the outcome, log it and, with ``notify``, e-mail the resident."""
        self.ensure_one()
        self.write({"state": state, "message": message})
        partner = self.invoice_id.partner_id
        self.message_post(
            body=message,
            partner_ids=partner.ids if notify and partner.email else [],
            subject=_(
                "%(community)s: automatic payment of %(name)s",
                community=self.company_id.name,
                name=self.invoice_id.name,
            ),
            subtype_xmlid="mail.mt_comment" if notify else "mail.mt_note",
            message_type="comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        return self

    def _money(self, amount):
        return format_amount(self.env, amount, self.currency_id)

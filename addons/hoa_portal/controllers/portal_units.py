"""The resident's units on the portal: dashboard, finances, documents in PDF and
online payment of what a unit owes.

A unit is reachable only through ``_hoa_units_domain``: a current ownership of the
logged-in person, on top of hoa_base's portal record rule. Documents of a unit are
rendered with sudo once the unit is checked, as core portal renders invoices."""

from datetime import date

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.payment.controllers.portal import PaymentPortal

STATEMENT_REPORT = "hoa_billing.action_report_hoa_unit_statement"
PAYMENT_FORM_REPORT = "hoa_billing.action_report_hoa_payment_form"


class HoaPortalUnits(PaymentPortal):
    # ------------------------------------------------------------------ helpers

    def _hoa_units_domain(self):
        partner = request.env.user.partner_id
        return [
            (
                "ownership_ids",
                "any",
                [
                    (
                        "partner_id",
                        "in",
                        [partner.id, partner.commercial_partner_id.id],
                    ),
                    ("is_current", "=", True),
                ],
            )
        ]

    def _hoa_my_units(self):
        return request.env["hoa.unit"].search(self._hoa_units_domain())

    def _hoa_unit_check_access(self, unit_id):
        """The unit ``unit_id`` if the logged-in person holds it now, else 404."""
        try:
            unit = request.env["hoa.unit"].search(
                [("id", "=", unit_id)] + self._hoa_units_domain()
            )
            unit.check_access("read")
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not unit:
            raise NotFound()
        return unit

    def _hoa_partners(self, unit, summary):
        partner = request.env.user.partner_id.commercial_partner_id
        return (partner | request.env.user.partner_id | summary["payer"]).sudo()

    def _hoa_pdf_response(self, report_ref, unit, data, filename):
        report_sudo = request.env["ir.actions.report"].sudo()
        pdf, __ = report_sudo._render_qweb_pdf(report_ref, unit.ids, data=data)
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                (
                    "Content-Disposition",
                    http.content_disposition(filename),
                ),
            ],
        )

    @staticmethod
    def _hoa_parse_month(value, default):
        try:
            year, month = (int(part) for part in (value or "").split("-")[:2])
            return date(year, month, 1)
        except ValueError:
            return default

    # ----------------------------------------------------------------- home page

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hoa_unit_count" in counters:
            values["hoa_unit_count"] = (
                request.env["hoa.unit"].search_count(self._hoa_units_domain())
                if request.env["hoa.unit"].has_access("read")
                else 0
            )
        return values

    # -------------------------------------------------------------------- routes

    @http.route("/my/units", type="http", auth="user", website=True)
    def portal_my_units(self, **kw):
        units = self._hoa_my_units()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_units",
                "units": units,
                "summaries": {
                    summary["unit"].id: summary
                    for summary in request.env["hoa.portal.finance"]._dashboard(units)
                },
            }
        )
        return request.render("hoa_portal.portal_my_units", values)

    @http.route("/my/units/<int:unit_id>", type="http", auth="user", website=True)
    def portal_my_unit(self, unit_id, **kw):
        unit = self._hoa_unit_check_access(unit_id)
        Finance = request.env["hoa.portal.finance"]
        [summary] = Finance._dashboard(unit)
        documents = request.env["account.move"].search(
            [
                ("hoa_unit_id", "=", unit.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            order="invoice_date desc, id desc",
            limit=36,
        )
        today = fields.Date.context_today(unit)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_unit",
                "unit": unit,
                "summary": summary,
                "documents": documents,
                "payments": Finance._payments(unit, self._hoa_partners(unit, summary)),
                "statement_from": today.replace(month=1, day=1),
                "statement_to": today,
                "form_month": today.strftime("%Y-%m"),
                "error": kw.get("error"),
            }
        )
        return request.render("hoa_portal.portal_my_unit", values)

    @http.route(
        "/my/units/<int:unit_id>/statement", type="http", auth="user", website=True
    )
    def portal_my_unit_statement(self, unit_id, date_from=None, date_to=None, **kw):
        unit = self._hoa_unit_check_access(unit_id)
        today = fields.Date.context_today(unit)
        try:
            date_from = fields.Date.to_date(date_from) or today.replace(month=1, day=1)
            date_to = fields.Date.to_date(date_to) or today
        except ValueError:
            return request.redirect(f"/my/units/{unit.id}?error=statement")
        if date_from > date_to:
            return request.redirect(f"/my/units/{unit.id}?error=statement")
        return self._hoa_pdf_response(
            STATEMENT_REPORT,
            unit,
            {
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
            _(
                "Statement %(unit)s %(date_from)s-%(date_to)s.pdf",
                unit=unit.display_name.replace("/", "-"),
                date_from=fields.Date.to_string(date_from),
                date_to=fields.Date.to_string(date_to),
            ),
        )

    @http.route(
        "/my/units/<int:unit_id>/payment_form", type="http", auth="user", website=True
    )
    def portal_my_unit_payment_form(self, unit_id, month=None, **kw):
        unit = self._hoa_unit_check_access(unit_id)
        today = fields.Date.context_today(unit)
        period = self._hoa_parse_month(month, today.replace(day=1))
        if not unit.virtual_account:
            return request.redirect(f"/my/units/{unit.id}?error=payment_form")
        return self._hoa_pdf_response(
            PAYMENT_FORM_REPORT,
            unit,
            {"period_date": fields.Date.to_string(period), "only_due": False},
            _(
                "Payment form %(unit)s %(month)s.pdf",
                unit=unit.display_name.replace("/", "-"),
                month=period.strftime("%Y-%m"),
            ),
        )

    # ---------------------------------------------------------------- pay online

    @http.route("/my/units/<int:unit_id>/pay", type="http", auth="user", website=True)
    def portal_my_unit_pay(self, unit_id, **kw):
        unit = self._hoa_unit_check_access(unit_id)
        [summary] = request.env["hoa.portal.finance"]._dashboard(unit)
        partner_sudo = request.env.user.partner_id.sudo()
        company = unit.company_id.sudo()
        currency = summary["currency"]
        amount = summary["amount_due"]
        availability_report = {}
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id,
                partner_sudo.id,
                amount,
                currency_id=currency.id,
                report=availability_report,
            )
        )
        payment_methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers_sudo.ids,
                partner_sudo.id,
                currency_id=currency.id,
                report=availability_report,
            )
        )
        tokens_sudo = (
            request.env["payment.token"]
            .sudo()
            ._get_available_tokens(providers_sudo.ids, partner_sudo.id)
        )
        tokenize_mapping = self._compute_show_tokenize_input_mapping(providers_sudo)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_unit_pay",
                "unit": unit,
                "summary": summary,
                "company_mismatch": not self._can_partner_pay_in_company(
                    partner_sudo, company
                ),
                "expected_company": company,
                "show_tokenize_input_mapping": tokenize_mapping,
                "amount": amount,
                "currency": currency,
                "partner_id": partner_sudo.id,
                "providers_sudo": providers_sudo,
                "payment_methods_sudo": payment_methods_sudo,
                "tokens_sudo": tokens_sudo,
                "availability_report": availability_report,
                "transaction_route": f"/my/units/{unit.id}/transaction",
                "landing_route": f"/my/units/{unit.id}",
                "access_token": None,
            }
        )
        return request.render("hoa_portal.portal_my_unit_pay", values)

    @http.route("/my/units/<int:unit_id>/transaction", type="json", auth="user")
    def portal_my_unit_transaction(self, unit_id, **kwargs):
        """Create the transaction of what the unit owes now (the amount is computed
        here, never taken from the browser) and return its processing values."""
        try:
            unit = self._hoa_unit_check_access(unit_id)
        except NotFound as error:
            raise ValidationError(_("This unit is not yours.")) from error
        self._validate_transaction_kwargs(
            kwargs, additional_allowed_keys={"access_token"}
        )
        if kwargs.pop("is_validation", False):
            raise ValidationError(_("A unit's charges cannot be paid by a validation."))
        kwargs.pop("access_token", None)
        kwargs.pop("amount", None)
        [summary] = request.env["hoa.portal.finance"]._dashboard(unit)
        if summary["currency"].is_zero(summary["amount_due"]):
            raise UserError(
                _("Nothing is due for unit %(unit)s.", unit=unit.display_name)
            )
        today = fields.Date.context_today(unit)
        tx_sudo = self._create_transaction(
            amount=summary["amount_due"],
            currency_id=summary["currency"].id,
            partner_id=request.env.user.partner_id.id,
            reference_prefix="{}-{}".format(
                unit.display_name.replace("/", "-"), today.strftime("%Y%m")
            ),
            custom_create_values={"hoa_unit_id": unit.id},
            **kwargs,
        )
        return tx_sudo._get_processing_values()

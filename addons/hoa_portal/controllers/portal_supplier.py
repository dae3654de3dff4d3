from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

SUPPLIER_PAGE_SIZE = 50


class HoaSupplierPortal(CustomerPortal):
    """Suppliers of the communities (water, heat, cleaning, contractors): their
    vendor bills and the payments the communities made to them. The record rules
    of hoa_portal give a supplier's portal login these and nothing of another
    supplier; the bills open in Odoo's own invoice page (/my/invoices/<id>)."""

    def _hoa_supplier_bill_domain(self):
        partner = request.env.user.commercial_partner_id
        return [
            ("state", "=", "posted"),
            ("move_type", "in", ("in_invoice", "in_refund")),
            ("partner_id", "child_of", partner.id),
        ]

    def _hoa_supplier_payment_domain(self):
        partner = request.env.user.commercial_partner_id
        return [
            ("payment_type", "=", "outbound"),
            ("state", "in", ("in_process", "paid")),
            ("partner_id", "child_of", partner.id),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hoa_supplier_count" in counters:
            Move = request.env["account.move"]
            values["hoa_supplier_count"] = (
                Move.search_count(self._hoa_supplier_bill_domain())
                if Move.has_access("read")
                else 0
            )
        return values

    @http.route("/my/supplier", type="http", auth="user", website=True)
    def portal_my_hoa_supplier(self, **kw):
        bills = request.env["account.move"].search(
            self._hoa_supplier_bill_domain(),
            order="invoice_date desc, id desc",
            limit=SUPPLIER_PAGE_SIZE,
        )
        Payment = request.env["account.payment"]
        payments = (
            Payment.search(
                self._hoa_supplier_payment_domain(),
                order="date desc, id desc",
                limit=SUPPLIER_PAGE_SIZE,
            )
            if Payment.has_access("read")
            else Payment
        )
        bills_sudo, payments_sudo = bills.sudo(), payments.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_supplier",
                # read for display only: the searches above went through the rules
                "bills": bills_sudo,
                "payments": payments_sudo,
                "bill_count": request.env["account.move"].search_count(
                    self._hoa_supplier_bill_domain()
                ),
            }
        )
        return request.render("hoa_portal.portal_my_hoa_supplier", values)

    @http.route(
        "/my/supplier/payments/<int:payment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hoa_supplier_payment(self, payment_id, **kw):
        try:
            payment_sudo = self._document_check_access("account.payment", payment_id)
        except (AccessError, MissingError):
            return request.redirect("/my/supplier")
        partner = request.env.user.commercial_partner_id
        bills_sudo = payment_sudo.reconciled_bill_ids.filtered(
            lambda bill: bill.commercial_partner_id == partner
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoa_supplier_payment",
                "payment": payment_sudo,
                "bills": bills_sudo,
            }
        )
        return request.render("hoa_portal.portal_my_hoa_supplier_payment", values)

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from odoo.addons.hoa_billing.tests.common import HoaBillingCase


class HoaPortalUnitsCase(HoaBillingCase):
    """The test community billed for last month and this month: flat 1 (Anna)
    809.00 a month, flat 2 (Jan) 737.00. Anna and Jan have portal logins; Ewa is a
    portal user without a unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.month = cls.today.replace(day=1)
        cls.last_month = cls.month - relativedelta(months=1)
        cls._run(cls, cls.last_month)
        cls._run(cls, cls.month)
        portal = cls.env.ref("base.group_portal")
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.users = {}
        for partner, login in (
            (cls.anna, "anna_portal_p1"),
            (cls.jan, "jan_portal_p1"),
            (cls.ewa, "ewa_portal_p1"),
        ):
            cls.users[login] = Users.create(
                {
                    "login": login,
                    "password": login,
                    "partner_id": partner.id,
                    "company_id": cls.community.id,
                    "company_ids": [Command.set([cls.community.id])],
                    "groups_id": [Command.set([portal.id])],
                }
            )
        cls.anna_user = cls.users["anna_portal_p1"]
        cls.jan_user = cls.users["jan_portal_p1"]
        cls.ewa_user = cls.users["ewa_portal_p1"]
        cls.provider = cls.env["payment.provider"]._hoa_demo_providers(cls.community)

    def _login(self, login):
        # the password is the login, as start_tour expects
        self.authenticate(login, login)

    def _pay_invoice(self, invoice, amount, on):
        """A payment of ``invoice`` carrying its unit, as matched payments do."""
        payments = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": on,
                    "payment_difference_handling": "open",
                }
            )
            ._create_payments()
        )
        payments.move_id.line_ids.write({"hoa_unit_id": invoice.hoa_unit_id[:1].id})
        return payments

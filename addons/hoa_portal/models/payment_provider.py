from odoo import api, models


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    @api.model
    def _hoa_demo_providers(self, companies):
        """The demo provider (payment_demo) in test mode for each community of
        ``companies``: the demonstration and the tests of online payment."""
        demo = self.env.ref("payment.payment_provider_demo", raise_if_not_found=False)
        if not demo:
            return self
        # the demo payment method is archived while no demo provider is enabled
        demo = demo.with_context(active_test=False)
        providers = self
        for company in companies:
            provider = demo.search(
                [("code", "=", "demo"), ("company_id", "=", company.id)], limit=1
            )
            if not provider:
                provider = demo.copy(
                    {"company_id": company.id, "name": demo.name, "state": "disabled"}
                )
            if not provider.payment_method_ids:
                provider.payment_method_ids = demo.payment_method_ids
            if provider.state == "disabled":
                # enabling it activates its payment method (payment.provider.write)
                provider.state = "test"
            providers |= provider
        return providers.with_context(active_test=True)

    @api.model
    def _hoa_demo_setup(self):
        """Demo data: online payment by the demo provider in every community."""
        self._hoa_demo_providers(
            self.env["res.company"].search([("is_hoa_community", "=", True)])
        )

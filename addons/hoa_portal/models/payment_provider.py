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
        providers = self
        for company in companies:
            provider = self.search(
                [("code", "=", "demo"), ("company_id", "=", company.id)], limit=1
            )
            if not provider:
                provider = demo.copy(
                    {"company_id": company.id, "name": demo.name, "state": "test"}
                )
            elif provider.state == "disabled":
                provider.state = "test"
            providers |= provider
        return providers

    @api.model
    def _hoa_demo_setup(self):
        """Demo data: online payment by the demo provider in every community."""
        self._hoa_demo_providers(
            self.env["res.company"].search([("is_hoa_community", "=", True)])
        )

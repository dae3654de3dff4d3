from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from odoo import _, api, models
from odoo.exceptions import ValidationError


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    @api.constrains("acc_number", "partner_id")
    def _check_hoa_community_iban(self):
        """A community's accounts are printed on every payment form: must be valid."""
        communities = (
            self.env["res.company"].sudo().search([("is_hoa_community", "=", True)])
        )
        community_partners = communities.partner_id
        for account in self.filtered(lambda a: a.partner_id in community_partners):
            number = (account.acc_number or "").replace(" ", "").upper()
            if number.isdigit():
                country = account.partner_id.country_id.code or ""
                number = country + number
            try:
                stdnum_iban.validate(number)
            except StdnumError as error:
                raise ValidationError(
                    _(
                        "The bank account %(number)s of %(community)s is not a valid "
                        "IBAN: "
                        "check the digits.",
                        number=account.acc_number,
                        community=account.partner_id.name,
                    )
                ) from error

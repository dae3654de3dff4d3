import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


class ResCompany(models.Model):
    _inherit = "res.company"

    # part 3: the community's look in the residents' portal
    hoa_portal_color = fields.Char(
        string="Portal Colour",
        help="Main colour of the portal pages of the community's residents, "
        "as #RRGGBB.",
    )
    hoa_portal_link_url = fields.Char(
        string="Portal Link",
        help="A link shown at the top of the portal pages, e.g. the community's "
        "website.",
    )
    hoa_portal_link_label = fields.Char(string="Portal Link Label")
    hoa_portal_email = fields.Char(
        string="Portal Contact E-mail",
        help="The address residents are asked to write to; the company's e-mail "
        "when empty.",
    )

    @api.constrains("hoa_portal_color", "hoa_portal_link_url", "hoa_portal_email")
    def _check_hoa_portal_look(self):
        for company in self:
            if company.hoa_portal_color and not COLOR_PATTERN.match(
                company.hoa_portal_color
            ):
                raise ValidationError(
                    _(
                        "The portal colour %(color)s is not a colour like #1F6FB2.",
                        color=company.hoa_portal_color,
                    )
                )
            url = company.hoa_portal_link_url
            if url and not url.startswith(("https://", "http://")):
                raise ValidationError(
                    _(
                        "The portal link %(url)s must start with https:// or "
                        "http://.",
                        url=url,
                    )
                )
            if company.hoa_portal_email and not email_normalize(
                company.hoa_portal_email
            ):
                raise ValidationError(
                    _(
                        "The portal contact e-mail %(email)s is not valid.",
                        email=company.hoa_portal_email,
                    )
                )

    def _hoa_portal_look(self):
        """What the portal layout shows for the community (values safe for
        templates: the colour is checked by the constraint above)."""
        self.ensure_one()
        return {
            "company": self,
            "name": self.name,
            "color": self.hoa_portal_color or False,
            "link_url": self.hoa_portal_link_url or False,
            "link_label": self.hoa_portal_link_label or self.hoa_portal_link_url,
            "email": self.hoa_portal_email or self.email or False,
            # bin_size: the logo's size, not its content read from the filestore
            "has_logo": bool(self.with_context(bin_size=True).logo),
        }

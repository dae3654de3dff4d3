import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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

    # the public page of the community (controllers/public.py)
    hoa_public_published = fields.Boolean(
        string="Publish Public Page",
        help="Anyone, without logging in, sees the community's public page: "
        "contact, office hours, board, public documents and announcements.",
    )
    hoa_public_slug = fields.Char(
        string="Public Page Address",
        copy=False,
        help="The last part of the page's address, /community/<address>: lower-case "
        "letters, digits and hyphens. Made from the name when empty.",
    )
    hoa_public_office_hours = fields.Text(string="Office Hours")
    hoa_public_emergency = fields.Text(
        string="Emergency Numbers",
        help="Emergency services and the caretaker's numbers, one per line.",
    )
    hoa_public_contact = fields.Text(
        string="Public Contact",
        help="The address, telephone and e-mail of the office shown on the page.",
    )
    hoa_public_description = fields.Char(
        string="Public Page Description",
        help="One sentence shown by search engines under the page's title.",
    )

    _sql_constraints = [
        (
            "hoa_public_slug_unique",
            "UNIQUE(hoa_public_slug)",
            "Another community already uses this public page address.",
        )
    ]

    @api.constrains("hoa_public_slug", "hoa_public_published")
    def _check_hoa_public_slug(self):
        for company in self:
            slug = company.hoa_public_slug
            if slug and not SLUG_PATTERN.match(slug):
                raise ValidationError(
                    _(
                        "The public page address %(slug)s may contain only lower-case "
                        "letters, digits and single hyphens.",
                        slug=slug,
                    )
                )
            if company.hoa_public_published and not company.is_hoa_community:
                raise ValidationError(
                    _(
                        "Only a housing community has a public page: %(name)s is not "
                        "one.",
                        name=company.name,
                    )
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

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._hoa_public_fill_slug()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if vals.get("hoa_public_published") or "hoa_public_slug" in vals:
            self._hoa_public_fill_slug()
        return result

    def _hoa_public_fill_slug(self):
        """A published community without an address gets one made from its name
        (a number added when another community has it already)."""
        for company in self.filtered(
            lambda c: c.hoa_public_published and not c.hoa_public_slug
        ):
            # ł does not decompose into l + a mark as other Polish letters do
            name = (company.name or "").replace("ł", "l").replace("Ł", "L")
            base = self.env["ir.http"]._slugify(name, max_length=60)
            base = "-".join(re.findall(r"[a-z0-9]+", base)) or f"community-{company.id}"
            slug, number = base, 1
            while self.sudo().search_count(
                [("hoa_public_slug", "=", slug), ("id", "!=", company.id)]
            ):
                number += 1
                slug = f"{base}-{number}"
            company.hoa_public_slug = slug

    def _hoa_public_url(self):
        self.ensure_one()
        return f"/community/{self.hoa_public_slug}"

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

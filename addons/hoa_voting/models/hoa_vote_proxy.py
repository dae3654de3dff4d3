from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HoaVoteProxy(models.Model):
    """A power of attorney to vote for a unit, on file with the office."""

    _name = "hoa.vote.proxy"
    _description = "Power of Attorney to Vote"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, string="Community"
    )
    unit_id = fields.Many2one(
        "hoa.unit", required=True, index=True, ondelete="restrict", tracking=True
    )
    grantor_id = fields.Many2one(
        "res.partner", string="Owner", required=True, tracking=True
    )
    proxy_partner_id = fields.Many2one(
        "res.partner", string="Proxy", required=True, index=True, tracking=True
    )
    resolution_id = fields.Many2one(
        "hoa.resolution",
        string="Only for Resolution",
        help="Leave empty for a power of attorney valid for every resolution of "
        "its period.",
    )
    meeting_id = fields.Many2one("hoa.meeting", string="Only for Meeting")
    date_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="Valid Until")
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Power of Attorney (scan)",
        required=True,
        help="The signed document, kept with the votes it allows.",
    )
    active = fields.Boolean(default=True, tracking=True)

    @api.depends("proxy_partner_id", "unit_id")
    def _compute_display_name(self):
        for proxy in self:
            proxy.display_name = _(
                "%(proxy)s for unit %(unit)s",
                proxy=proxy.proxy_partner_id.name or "",
                unit=proxy.unit_id.display_name or "",
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for proxy in self:
            if proxy.date_to and proxy.date_to < proxy.date_from:
                raise ValidationError(
                    _("A power of attorney cannot end before it starts.")
                )

    def _hoa_is_valid_for(self, resolution, date):
        self.ensure_one()
        return (
            self.active
            and self.attachment_id
            and self.date_from <= date
            and (not self.date_to or date <= self.date_to)
            and (not self.resolution_id or self.resolution_id == resolution)
            and (not self.meeting_id or self.meeting_id == resolution.meeting_id)
        )

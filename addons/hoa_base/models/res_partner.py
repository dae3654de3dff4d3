import base64
import io
import json
import zipfile

from odoo import _, api, fields, models

OFFICE_GROUPS = "hoa_base.group_hoa_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    hoa_ownership_ids = fields.One2many(
        "hoa.unit.ownership", "partner_id", string="Units and Roles"
    )
    hoa_unit_ids = fields.Many2many(
        "hoa.unit", compute="_compute_hoa_units", string="Units Today"
    )
    hoa_unit_count = fields.Integer(compute="_compute_hoa_units", string="Units")
    hoa_communication = fields.Selection(
        [("email", "E-mail"), ("paper", "Paper")],
        string="Documents By",
        default="email",
        help="How this person receives charges, reminders and notices.",
    )
    hoa_national_id = fields.Char(
        string="National ID",
        groups=OFFICE_GROUPS,
        help="PESEL or RNOKPP; visible to the office only.",
    )
    hoa_birthdate = fields.Date(string="Date of Birth", groups=OFFICE_GROUPS)
    hoa_correspondence_address = fields.Text(
        string="Correspondence Address", groups=OFFICE_GROUPS
    )

    @api.depends("hoa_ownership_ids.is_current", "hoa_ownership_ids.unit_id")
    def _compute_hoa_units(self):
        for partner in self:
            units = partner.hoa_ownership_ids.filtered("is_current").unit_id
            partner.hoa_unit_ids = units
            partner.hoa_unit_count = len(units)

    def action_view_hoa_ownership(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_base.hoa_unit_ownership_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_hoa_gdpr_export(self):
        """Download all the suite holds on this person as a ZIP (GDPR art. 15)."""
        self.ensure_one()
        self.check_access("read")
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("personal-data-%(id)s.zip", id=self.id),
                "raw": self._hoa_gdpr_zip(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/zip",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _hoa_gdpr_zip(self):
        self.ensure_one()
        partner_fields = [
            "name",
            "email",
            "phone",
            "mobile",
            "street",
            "street2",
            "zip",
            "city",
            "lang",
            "hoa_communication",
            "hoa_national_id",
            "hoa_birthdate",
            "hoa_correspondence_address",
        ]
        data = {
            "person": self.read(partner_fields)[0],
            "units": [
                {
                    "unit": ownership.unit_id.display_name,
                    "community": ownership.company_id.name,
                    "role": ownership.role,
                    "part": ownership.fraction,
                    "payer": ownership.is_payer,
                    "from": ownership.date_from,
                    "until": ownership.date_to,
                }
                for ownership in self.hoa_ownership_ids
            ],
        }
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "personal_data.json",
                json.dumps(data, default=str, ensure_ascii=False, indent=2),
            )
            for attachment in attachments.filtered(
                lambda a: a.mimetype != "application/zip"
            ):
                archive.writestr(
                    f"documents/{attachment.id}-{attachment.name}",
                    base64.b64decode(attachment.datas or b""),
                )
        return buffer.getvalue()

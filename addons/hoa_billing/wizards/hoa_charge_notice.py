from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HoaChargeNotice(models.TransientModel):
    """Notices of the monthly charges (zawiadomienie o wysokości opłat), printed in
    bulk or sent by email to each unit's payer, typically when rates change."""

    _name = "hoa.charge.notice"
    _description = "Notice of Charges"

    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=lambda self: self.env.company,
        domain=[("is_hoa_community", "=", True)],
    )
    period_date = fields.Date(
        string="Charges From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        + relativedelta(months=1),
        help="The first month of the new charges.",
    )
    building_ids = fields.Many2many(
        "hoa.building", domain="[('company_id', '=', company_id)]"
    )
    unit_ids = fields.Many2many(
        "hoa.unit",
        domain="[('company_id', '=', company_id)]",
        help="Empty: all units of the buildings chosen (or of the community).",
    )
    only_changed = fields.Boolean(
        string="Only Units Whose Charges Change", default=True
    )
    result = fields.Text(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hoa.unit":
            units = self.env["hoa.unit"].browse(self.env.context.get("active_ids"))
            values["unit_ids"] = [fields.Command.set(units.ids)]
            values["company_id"] = units.company_id[:1].id
            values["only_changed"] = False
        return values

    def _units(self):
        self.ensure_one()
        if self.unit_ids:
            units = self.unit_ids
        else:
            domain = [("company_id", "=", self.company_id.id)]
            if self.building_ids:
                domain.append(("building_id", "in", self.building_ids.ids))
            units = self.env["hoa.unit"].search(domain)
        month = self.period_date.replace(day=1)
        data = units._hoa_charge_notice_data(month)
        units = units.filtered(lambda u: data[u.id]["lines"])
        if self.only_changed:
            units = units.filtered(lambda u: data[u.id]["changed"])
        if not units:
            raise UserError(_("No unit has charges to notify of for that month."))
        return units

    def _report_action(self, units):
        return (
            self.env.ref("hoa_billing.action_report_hoa_charge_notice")
            .with_context(hoa_notice_month=str(self.period_date.replace(day=1)))
            .report_action(units, data={"month": str(self.period_date.replace(day=1))})
        )

    def action_print(self):
        self.ensure_one()
        return self._report_action(self._units())

    def action_send(self):
        """Email each payer his notice; the units whose payer has no email are
        listed to be printed."""
        self.ensure_one()
        units = self._units()
        month = self.period_date.replace(day=1)
        template = self.env.ref("hoa_billing.mail_template_hoa_charge_notice")
        sent, to_print = self.env["hoa.unit"], self.env["hoa.unit"]
        for unit in units:
            payer = unit._get_payer(month)
            if not payer.email:
                to_print |= unit
                continue
            template.with_context(hoa_notice_month=str(month)).send_mail(
                unit.id,
                email_values={"recipient_ids": [fields.Command.set(payer.ids)]},
            )
            sent |= unit
        lines = [_("Sent by email: %(count)s units.", count=len(sent))]
        if to_print:
            lines.append(
                _(
                    "No email address, to print (%(count)s): %(units)s",
                    count=len(to_print),
                    units=", ".join(to_print.mapped("display_name")),
                )
            )
        self.result = "\n".join(lines)
        self.unit_ids = [fields.Command.set(to_print.ids)] if to_print else False
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

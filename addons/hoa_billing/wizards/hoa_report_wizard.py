from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

REPORT_KINDS = [
    ("arrears", "Arrears by unit"),
    ("charges", "Charges per component and month"),
    ("payments", "Payments per month"),
    ("repair_fund", "Repair fund"),
    ("settlement", "Annual settlement"),
]


class HoaReportWizard(models.TransientModel):
    """Prints a report of a community (see hoa.report) as PDF or XLSX."""

    _name = "hoa.report.wizard"
    _description = "Community Report"

    def _default_company_id(self):
        company = self.env.company
        return company if company.is_hoa_community else False

    report = fields.Selection(REPORT_KINDS, required=True, default="arrears")
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        required=True,
        default=_default_company_id,
        domain="[('is_hoa_community', '=', True), ('id', 'in', allowed_company_ids)]",
    )
    allowed_company_ids = fields.Many2many(
        "res.company", compute="_compute_allowed_company_ids"
    )
    date_from = fields.Date(
        string="From",
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(string="To", default=fields.Date.context_today)
    year = fields.Integer(
        default=lambda self: fields.Date.context_today(self).year - 1,
        help="The year of the annual settlement.",
    )
    output = fields.Selection(
        [("pdf", "PDF"), ("xlsx", "Spreadsheet (XLSX)")],
        string="Format",
        required=True,
        default="pdf",
    )

    @api.depends_context("uid")
    def _compute_allowed_company_ids(self):
        for wizard in self:
            wizard.allowed_company_ids = self.env.user.company_ids

    @api.constrains("report", "date_from", "date_to", "year")
    def _check_period(self):
        for wizard in self:
            if wizard.report == "settlement":
                if not 1900 < wizard.year < 3000:
                    raise ValidationError(_("Enter the year of the settlement."))
                continue
            if wizard.report == "arrears":
                if not wizard.date_to:
                    raise ValidationError(_("Choose the day of the arrears."))
                continue
            if not wizard.date_from or not wizard.date_to:
                raise ValidationError(_("Choose the first and the last day."))
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    _(
                        "The report cannot start on %(date_from)s, after its last "
                        "day %(date_to)s.",
                        date_from=format_date(self.env, wizard.date_from),
                        date_to=format_date(self.env, wizard.date_to),
                    )
                )

    def _report_data(self):
        self.ensure_one()
        if self.report == "settlement":
            return {"year": self.year}
        if self.report == "arrears":
            # the arrears are those of one day
            date_to = fields.Date.to_string(self.date_to)
            return {"date_from": date_to, "date_to": date_to}
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }

    def action_print(self):
        self.ensure_one()
        data = self._report_data()
        # computed here first so that a refusal comes before the report
        self.env["hoa.report"]._hoa_report_data(self.report, self.company_id, data)
        suffix = "_xlsx" if self.output == "xlsx" else ""
        return self.env.ref(
            f"hoa_billing.action_report_hoa_{self.report}{suffix}"
        ).report_action(self.company_id, data=data)

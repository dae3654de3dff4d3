import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class HoaAuditLog(models.Model):
    """One change of an audited value: who, when, which record, old → new.

    Written only by ``hoa.audit.mixin`` (as superuser); nobody may edit or delete it
    through the interface."""

    _name = "hoa.audit.log"
    _description = "Housing: audit trail"
    _order = "date desc, id desc"
    _log_access = False

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Changed By", ondelete="set null")
    company_id = fields.Many2one(
        "res.company", string="Community", index=True, ondelete="cascade"
    )
    model = fields.Char(required=True, index=True)
    model_name = fields.Char(string="Document Type")
    res_id = fields.Integer(string="Record ID", index=True)
    record_name = fields.Char(string="Record")
    operation = fields.Selection(
        [("create", "Created"), ("write", "Changed"), ("unlink", "Deleted")],
        required=True,
    )
    field_name = fields.Char(string="Technical Field")
    field_label = fields.Char(string="Field")
    old_value = fields.Char()
    new_value = fields.Char()

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.model,
            "res_id": self.res_id,
            "view_mode": "form",
        }


class HoaAuditMixin(models.AbstractModel):
    """Writes ``hoa.audit.log`` lines for the fields named in ``_hoa_audit_fields``
    (creation and deletion of the record too)."""

    _name = "hoa.audit.mixin"
    _description = "Housing: audited model"

    _hoa_audit_fields = ()
    # a field: records created with it set are not logged on creation, because what
    # created them is their trace already (meter readings: import_id, the import
    # batch with its file, user and date); later changes are logged all the same
    _hoa_audit_create_trace = None

    def _hoa_audit_value(self, field_name):
        self.ensure_one()
        field = self._fields[field_name]
        value = self[field_name]
        if field.type in ("many2one", "many2many", "one2many"):
            return ", ".join(value.sudo().mapped("display_name"))
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if value is False or value is None:
            return ""
        return str(value)

    def _hoa_audit_snapshot(self, names):
        return {
            record.id: {name: record._hoa_audit_value(name) for name in names}
            for record in self
        }

    def _hoa_audit_write(self, operation, before=None, after=None):
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in self._hoa_audit_fields
        }
        model_name = self.env["ir.model"]._get(self._name).name
        vals_list = []
        for record in self:
            old = (before or {}).get(record.id, {})
            new = (after or {}).get(record.id, {})
            base = {
                "user_id": self.env.uid,
                "company_id": record.company_id.id if "company_id" in record else False,
                "model": self._name,
                "model_name": model_name,
                "res_id": record.id,
                "record_name": record.sudo().display_name,
                "operation": operation,
            }
            if operation != "write":
                # one line per created or deleted record, with its audited values
                values = new or old
                summary = "; ".join(
                    f"{labels[name]}: {values[name]}" for name in values if values[name]
                )
                key = "new_value" if operation == "create" else "old_value"
                vals_list.append(dict(base, **{key: summary}))
                continue
            for name in new:
                if new[name] == old.get(name):
                    continue
                vals_list.append(
                    dict(
                        base,
                        field_name=name,
                        field_label=labels[name],
                        old_value=old.get(name, ""),
                        new_value=new[name],
                    )
                )
        if vals_list:
            self.env["hoa.audit.log"].sudo().create(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        logged = records
        if self._hoa_audit_create_trace:
            logged = records.filtered(lambda r: not r[self._hoa_audit_create_trace])
        if self._hoa_audit_fields and logged:
            names = [name for name in self._hoa_audit_fields if name in self._fields]
            logged._hoa_audit_write("create", after=logged._hoa_audit_snapshot(names))
        return records

    def write(self, vals):
        names = [name for name in self._hoa_audit_fields if name in vals]
        if not names:
            return super().write(vals)
        before = self._hoa_audit_snapshot(names)
        result = super().write(vals)
        self._hoa_audit_write("write", before, self._hoa_audit_snapshot(names))
        return result

    def unlink(self):
        if self._hoa_audit_fields:
            names = [name for name in self._hoa_audit_fields if name in self._fields]
            self._hoa_audit_write("unlink", before=self._hoa_audit_snapshot(names))
        return super().unlink()

import base64
import io
import zipfile

from odoo import Command
from odoo.tests import tagged

from .common import HoaBaseCase


@tagged("post_install", "-at_install")
class TestAuditTrail(HoaBaseCase):
    """Who changed a share, an owner or a payer, when, and from what to what."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Office Manager",
                "login": "audit_manager",
                "company_id": cls.community.id,
                "company_ids": [Command.set([cls.community.id])],
                "groups_id": [
                    Command.set([cls.env.ref("hoa_base.group_hoa_manager").id])
                ],
            }
        )

    def _logs(self, record):
        return self.env["hoa.audit.log"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )

    def test_share_change_logged(self):
        self.unit.with_user(self.manager).write({"share": "3/5"})
        logs = self._logs(self.unit).filtered(lambda log: log.operation == "write")
        by_field = {log.field_name: log for log in logs}
        self.assertEqual(by_field["share_numerator"].old_value, "1")
        self.assertEqual(by_field["share_numerator"].new_value, "3")
        self.assertEqual(by_field["share_denominator"].old_value, "2")
        self.assertEqual(by_field["share_denominator"].new_value, "5")
        self.assertEqual(by_field["share_numerator"].user_id, self.manager)
        self.assertEqual(by_field["share_numerator"].company_id, self.community)
        self.assertEqual(by_field["share_numerator"].field_label, "Share Numerator")
        # a write that changes nothing audited writes nothing
        count = len(self._logs(self.unit))
        self.unit.write({"room_count": 3, "area_usable": 50.0})
        self.assertEqual(len(self._logs(self.unit)), count)

    def test_owner_and_payer_logged(self):
        ownership = self.env["hoa.unit.ownership"].create(
            {
                "unit_id": self.unit.id,
                "partner_id": self.anna.id,
                "is_payer": True,
                "date_from": "2024-01-01",
            }
        )
        created = self._logs(ownership)
        self.assertEqual(created.operation, "create")
        self.assertIn("Anna Nowak", created.new_value)
        ownership.write({"partner_id": self.jan.id})
        change = self._logs(ownership)[-1]
        self.assertEqual(change.field_name, "partner_id")
        self.assertEqual(
            (change.old_value, change.new_value), ("Anna Nowak", "Jan Nowak")
        )

    def test_report_and_access(self):
        self.unit.write({"area_usable": 51.5})
        report = (
            self.env["hoa.audit.report"]
            .with_user(self.manager)
            .create({"company_id": self.community.id})
        )
        action = report.action_view()
        logs = (
            self.env["hoa.audit.log"].with_user(self.manager).search(action["domain"])
        )
        self.assertIn("51.5", logs.mapped("new_value"))
        self.assertEqual(logs.company_id, self.community)
        report.action_export_xlsx()
        content = base64.b64decode(report.file)
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            sheet = book.read("xl/sharedStrings.xml").decode()
        self.assertIn("51.5", sheet)
        self.assertIn("Usable Area", sheet)
        # nobody edits the trail
        self.assertFalse(
            self.env["hoa.audit.log"].with_user(self.manager).has_access("write")
        )
        # another community's manager does not see it
        other = self.env["res.company"].create(
            {"name": "WM Inna", "is_hoa_community": True}
        )
        self.manager.write(
            {"company_ids": [Command.set([other.id])], "company_id": other.id}
        )
        self.assertFalse(
            self.env["hoa.audit.log"]
            .with_user(self.manager)
            .search([("company_id", "=", self.community.id)])
        )

from odoo.tests import tagged

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestChargeNotice(HoaBillingCase):
    def test_notice_lists_old_and_new_charges(self):
        self.env["hoa.tariff"].create(
            {
                "charge_type_id": self.maintenance.id,
                "date_from": "2026-12-01",
                "rate": 5,
            }
        )
        self.anna.lang = "pl_PL"
        data = (self.unit | self.unit_2)._hoa_charge_notice_data(
            self.env["hoa.billing.run"]._fields["period_date"].to_date("2026-12-01")
        )
        notice = data[self.unit.id]
        self.assertEqual(notice["payer"], self.anna)
        self.assertEqual(notice["total_before"], 809.0)
        self.assertEqual(notice["total"], 834.0)  # 50 m² × 5.00 instead of 4.50
        self.assertTrue(notice["changed"])
        maintenance = next(
            line for line in notice["lines"] if line["charge"] == "Maintenance"
        )
        self.assertEqual((maintenance["before"], maintenance["amount"]), (225, 250))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "hoa_billing.report_hoa_charge_notice",
                self.unit.ids,
                data={"month": "2026-12-01"},
            )[0]
            .decode()
        )
        # printed in Anna's language (Polish): decimal commas, month in words
        self.assertIn("250,00", html)
        self.assertIn("834,00", html)
        self.assertIn("grudzień 2026", html)
        self.assertIn("91 1020 2892 9876 0000 0000 0001", html)  # the unit's account

    def test_send_by_email_and_list_the_rest(self):
        self.env["hoa.tariff"].create(
            {"charge_type_id": self.lift.id, "date_from": "2026-12-01", "rate": 13}
        )
        self.jan.email = False
        wizard = self.env["hoa.charge.notice"].create(
            {"company_id": self.community.id, "period_date": "2026-12-01"}
        )
        wizard.action_send()
        self.assertRegex(wizard.result, "Sent by email: 1 units")
        self.assertIn(self.unit_2.display_name, wizard.result)
        self.assertEqual(wizard.unit_ids, self.unit_2)
        mail = self.env["mail.mail"].search(
            [("model", "=", "hoa.unit"), ("res_id", "=", self.unit.id)]
        )
        self.assertEqual(mail.recipient_ids, self.anna)
        self.assertTrue(mail.attachment_ids)

    def test_nothing_changes(self):
        wizard = self.env["hoa.charge.notice"].create(
            {"company_id": self.community.id, "period_date": "2026-12-01"}
        )
        with self.assertRefused("No unit has charges to notify"):
            wizard.action_print()

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.hoa_billing.tests.common import HoaBillingCase
from odoo.addons.mail.tests.common import MockEmail


@tagged("post_install", "-at_install")
class TestPortalP3Invite(HoaBillingCase, MockEmail, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.anna.lang = "pl_PL"
        cls.piotr = Partner.create({"name": "Piotr Bez Maila"})
        cls.olga = Partner.create({"name": "Olga Zły Mail", "email": "olga@"})
        cls.marek = Partner.create(
            {"name": "Marek Kowalski", "email": "JAN@example.com"}
        )
        cls.tenant = Partner.create(
            {"name": "Tomasz Najemca", "email": "tomasz@example.com"}
        )
        Ownership = cls.env["hoa.unit.ownership"]
        Ownership.search([("unit_id", "=", cls.unit_2.id)]).fraction = "1/4"
        for partner in cls.piotr | cls.olga | cls.marek:
            Ownership.create(
                {
                    "unit_id": cls.unit_2.id,
                    "partner_id": partner.id,
                    "role": "co_owner",
                    "date_from": "2025-01-01",
                    "fraction": "1/4",
                }
            )
        Ownership.create(
            {
                "unit_id": cls.unit.id,
                "partner_id": cls.tenant.id,
                "role": "tenant",
                "date_from": "2025-01-01",
            }
        )
        cls.env["hoa.board.member"].create(
            {
                "company_id": cls.community.id,
                "partner_id": cls.anna.id,
                "date_from": "2025-01-01",
            }
        )

    def _wizard(self, **vals):
        return (
            self.env["hoa.portal.invite"]
            .with_context(active_model="res.company", active_ids=self.community.ids)
            .create(vals)
        )

    def _status(self, wizard):
        return {line.partner_id: line.status for line in wizard.line_ids}

    def test_invite_the_community(self):
        wizard = self._wizard()
        self.assertEqual(wizard.company_id, self.community)
        status = self._status(wizard)
        self.assertEqual(
            status,
            {
                self.anna: "to_invite",
                self.jan: "to_invite",
                self.piotr: "no_email",
                self.olga: "invalid_email",
                # the same address as Jan's, who is invited first (by name)
                self.marek: "duplicate_email",
            },
        )
        with self.mock_mail_gateway():
            wizard.action_invite()
        self.assertEqual(wizard.state, "done")
        status = self._status(wizard)
        self.assertEqual(status[self.anna], "invited")
        self.assertEqual(status[self.jan], "invited")
        user = self.anna.user_ids
        self.assertTrue(user._is_portal())
        self.assertIn(self.community, user.company_ids)
        self.assertEqual(user.company_id, self.community)
        # Anna sits on the board: she gets the board's group, as from hoa_base
        self.assertTrue(user.has_group("hoa_base.group_hoa_board"))
        self.assertFalse(self.jan.user_ids.has_group("hoa_base.group_hoa_board"))
        # one invitation each, Anna's in Polish
        self.assertEqual(len(self._new_mails), 2)
        subjects = sorted(self._new_mails.mapped("subject"))
        self.assertTrue(subjects[0].startswith("Twoje konto w"), subjects)
        self.assertTrue(subjects[1].startswith("Your account at"), subjects)
        # the resident reaches his unit through the record rules
        units = self.env["hoa.unit"].with_user(self.jan.user_ids).search([])
        self.assertEqual(units, self.unit_2)

    def test_rerun_invites_nobody_twice(self):
        with self.mock_mail_gateway():
            self._wizard().action_invite()
        users = self.env["res.users"].search([("partner_id", "in", self.anna.ids)])
        wizard = self._wizard()
        self.assertEqual(self._status(wizard)[self.anna], "has_access")
        self.assertEqual(wizard.invite_count, 0)
        with self.assertRaises(Exception):  # noqa: B017 (UserError: nobody to invite)
            wizard.action_invite()
        self.assertEqual(
            self.env["res.users"].search([("partner_id", "in", self.anna.ids)]),
            users,
        )

    def test_tenants_optional_and_unit_selection(self):
        wizard = self.env["hoa.portal.invite"].create(
            {"unit_ids": [Command.set(self.unit.ids)]}
        )
        self.assertEqual(set(self._status(wizard)), {self.anna})
        wizard.include_others = True
        self.assertEqual(set(self._status(wizard)), {self.anna, self.tenant})

    def test_from_the_menu_current_community(self):
        wizard = (
            self.env["hoa.portal.invite"]
            .with_context(hoa_invite_current_community=True)
            .create({})
        )
        self.assertEqual(wizard.company_id, self.community)

    def test_from_selected_people(self):
        wizard = (
            self.env["hoa.portal.invite"]
            .with_context(active_model="res.partner", active_ids=self.jan.ids)
            .create({})
        )
        self.assertEqual(self._status(wizard), {self.jan: "to_invite"})
        with self.mock_mail_gateway():
            wizard.action_invite()
        self.assertTrue(self.jan.user_ids)
        self.assertFalse(self.anna.user_ids)

    def test_conservative_password_rules(self):
        """No expiry and no waiting time between two changes (password_security
        installs 60 days and 24 hours)."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("password_security.expiration_days", 60)
        params.set_param("hoa_portal.password_rules_initialized", False)
        self.env["res.users"]._hoa_portal_init_password_rules()
        self.assertEqual(params.get_param("password_security.expiration_days"), "0")
        self.assertEqual(params.get_param("password_security.minimum_hours"), "0")
        # once only: the administrator's later choice is kept
        params.set_param("password_security.expiration_days", 90)
        self.env["res.users"]._hoa_portal_init_password_rules()
        self.assertEqual(params.get_param("password_security.expiration_days"), "90")

    def test_password_rules_in_settings(self):
        settings = self.env["res.config.settings"].create(
            {"password_upper": 1, "password_numeric": 1, "password_special": 1}
        )
        settings.execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("password_security.upper"), "1")
        policy = self.env["res.users"].get_password_policy()
        self.assertEqual(policy["password_numeric"], 1)

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUnitTour(HttpCase):
    def test_manager_creates_unit_in_the_browser(self):
        self.start_tour("/odoo", "hoa_base_unit_tour", login="manager")
        unit = self.env["hoa.unit"].search(
            [("name", "=", "99"), ("building_id.code", "=", "L12")]
        )
        self.assertEqual(unit.share, "4550/312540")
        self.assertTrue(unit.virtual_account.startswith("PL"))

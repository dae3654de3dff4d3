from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRoundTour(HttpCase):
    def test_caretaker_round_in_the_browser(self):
        main = self.env.ref("hoa_meters.hoa_meter_main_l12")
        self.start_tour("/odoo", "hoa_meters_round_tour", login="caretaker")
        reading = self.env["hoa.meter.reading"].search(
            [
                ("meter_id", "=", main.id),
                ("source", "=", "caretaker"),
                ("value", "=", 1),
            ]
        )
        self.assertEqual(reading.state, "rejected")
        self.assertTrue(reading.rejection_reason)

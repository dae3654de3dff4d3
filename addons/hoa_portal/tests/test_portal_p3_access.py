import io

from freezegun import freeze_time
from PIL import Image

from odoo import fields, http
from odoo.tests import tagged

from .common_p3 import HoaPortalP3Case


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestPortalP3Access(HoaPortalP3Case):
    def _readings(self, meter):
        return self.env["hoa.meter.reading"].search([("meter_id", "=", meter.id)])

    def _post_reading(self, meter, value, date=None, **extra):
        data = {
            "value": value,
            "date": date or fields.Date.to_string(fields.Date.today()),
            "csrf_token": http.Request.csrf_token(self),
            **extra.pop("data", {}),
        }
        return self.url_open(
            f"/my/readings/{meter.id}/new", data=data, allow_redirects=False, **extra
        )

    # anonymous --------------------------------------------------------------------
    def test_anonymous_redirected_to_login(self):
        for url in (
            "/my/readings",
            f"/my/readings/{self.meter.id}/new",
            "/my/board",
            f"/my/board/{self.community.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("/web/login", response.url, url)
            self.assertIn("oe_login_form", response.text, url)

    # readings ---------------------------------------------------------------------
    def test_readings_page_lists_own_meters_only(self):
        self.authenticate("p3_anna", "p3_anna")
        response = self.url_open("/my/readings")
        self.assertEqual(response.status_code, 200)
        self.assertIn("CW-1", response.text)
        self.assertNotIn("CW-2", response.text)
        self.assertIn(f'data-meter="{self.meter.id}"', response.text)

    def test_other_residents_meter_is_not_found(self):
        self.authenticate("p3_jan", "p3_jan")
        response = self.url_open(f"/my/readings/{self.meter.id}/new")
        self.assertEqual(response.status_code, 404)
        before = self._readings(self.meter)
        response = self._post_reading(self.meter, "150")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._readings(self.meter), before)
        # a meter id that does not exist
        response = self.url_open("/my/readings/999999999/new")
        self.assertEqual(response.status_code, 404)

    def test_building_meter_is_not_found(self):
        main = self._meter("MAIN-1", initial_value=5)
        self.authenticate("p3_anna", "p3_anna")
        response = self.url_open(f"/my/readings/{main.id}/new")
        self.assertEqual(response.status_code, 404)

    def test_invalid_reading_shows_reason_and_saves_nothing(self):
        self.authenticate("p3_anna", "p3_anna")
        before = self._readings(self.meter)
        response = self._post_reading(self.meter, "50")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_hoa_reading_error", response.text)
        self.assertIn("lower than the previous one", response.text)
        self.assertEqual(self._readings(self.meter), before)
        # the date in the future and a value that is not a number
        response = self._post_reading(self.meter, "120", date="2999-01-01")
        self.assertIn("is in the future", response.text)
        response = self._post_reading(self.meter, "abc")
        self.assertIn("Enter the number shown on the meter", response.text)
        self.assertEqual(self._readings(self.meter), before)

    def test_reading_window_closed_shows_why_and_saves_nothing(self):
        day = fields.Date.today().day
        start, end = (2, 8) if 20 <= day <= 25 else (20, 25)
        self.building.write(
            {"reading_window_start_day": start, "reading_window_end_day": end}
        )
        self.authenticate("p3_anna", "p3_anna")
        page = self.url_open("/my/readings")
        self.assertIn("o_hoa_reading_locked", page.text)
        self.assertNotIn("o_hoa_reading_new", page.text)
        self.assertIn(
            f"Readings are entered from the {start}. to the {end}. day of the month",
            page.text,
        )
        self.assertIn("The next reading window is open from", page.text)
        form = self.url_open(f"/my/readings/{self.meter.id}/new")
        self.assertIn("The reading form is closed.", form.text)
        self.assertNotIn("o_hoa_reading_form", form.text)
        before = self._readings(self.meter)
        response = self._post_reading(self.meter, "104.5")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_hoa_reading_error", response.text)
        self.assertIn("The next reading window is open from", response.text)
        self.assertEqual(self._readings(self.meter), before)
        # a meter read remotely is closed whatever the window
        self.building.write(
            {"reading_window_start_day": 1, "reading_window_end_day": 31}
        )
        self.meter.radio_id = "RADIO-1"
        response = self._post_reading(self.meter, "104.5")
        self.assertIn("is read remotely", response.text)
        self.assertEqual(self._readings(self.meter), before)
        self.meter.radio_id = False
        response = self._post_reading(self.meter, "104.5")
        self.assertEqual(response.status_code, 303)

    def test_reading_reminders_follow_the_notification_settings(self):
        """Anna turned reminders off in /my/notifications: only Jan is reminded."""
        self.building.write(
            {"reading_window_start_day": 20, "reading_window_end_day": 25}
        )
        self.anna.hoa_notify_reminders = False
        with freeze_time("2026-03-20"):
            self.env["hoa.building"]._cron_reading_reminders()
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "hoa.unit"),
                ("res_id", "in", (self.unit | self.unit_2).ids),
            ]
        )
        self.assertEqual(mails.res_id, self.unit_2.id)
        self.assertEqual(mails.recipient_ids, self.jan)
        self.assertIn("CW-2", mails.body_html)

    def test_valid_reading_saved_with_photo(self):
        self.authenticate("p3_anna", "p3_anna")
        response = self._post_reading(
            self.meter,
            "104,5",
            files={"photo": ("meter.png", _png(), "image/png")},
        )
        self.assertEqual(response.status_code, 303)
        reading = self._readings(self.meter).filtered(lambda r: r.source == "portal")
        self.assertEqual(len(reading), 1)
        self.assertEqual(reading.state, "accepted")
        self.assertAlmostEqual(reading.value, 104.5)
        self.assertAlmostEqual(reading.consumption, 4.5)
        self.assertEqual(reading.user_id, self.user_anna)
        self.assertTrue(reading.photo)
        self.assertIn(f"saved={reading.id}", response.headers["Location"])
        page = self.url_open(response.headers["Location"])
        self.assertIn("o_hoa_reading_saved", page.text)

    def test_photo_that_is_not_an_image_is_refused(self):
        self.authenticate("p3_anna", "p3_anna")
        before = self._readings(self.meter)
        response = self._post_reading(
            self.meter,
            "104",
            files={"photo": ("meter.png", b"not an image", "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_hoa_reading_error", response.text)
        self.assertEqual(self._readings(self.meter), before)

    def test_saved_reading_of_another_resident_not_shown(self):
        reading = self._read(self.meter, fields.Date.today(), 101)
        self.authenticate("p3_jan", "p3_jan")
        response = self.url_open(f"/my/readings?saved={reading.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_hoa_reading_saved", response.text)

    def test_dashboard_readings_template(self):
        self._read(self.meter, fields.Date.today(), 101.25)
        html = str(
            self.env["ir.qweb"]
            .with_user(self.user_anna)
            ._render(
                "hoa_portal.hoa_dashboard_readings",
                {"unit": self.unit.with_user(self.user_anna)},
            )
        )
        self.assertIn("CW-1", html)
        self.assertIn("101.250", html)
        self.assertIn(f"/my/readings/{self.meter.id}/new", html)

    # board --------------------------------------------------------------------
    def test_board_area_for_board_member(self):
        self.authenticate("p3_ewa", "p3_ewa")
        response = self.url_open("/my/board")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.community.name, response.text)
        self.assertIn("o_hoa_board_balance", response.text)
        response = self.url_open(f"/my/board/{self.community.id}")
        self.assertEqual(response.status_code, 200)
        other = self.env.ref("base.main_company")
        response = self.url_open(f"/my/board/{other.id}")
        self.assertEqual(response.status_code, 404)

    def test_board_area_refused_to_residents(self):
        self.authenticate("p3_anna", "p3_anna")
        for url in ("/my/board", f"/my/board/{self.community.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)

    def test_board_area_refused_after_the_term(self):
        member = self.community.hoa_board_member_ids
        member.write({"date_from": "2020-01-01", "date_to": "2021-01-01"})
        self.authenticate("p3_ewa", "p3_ewa")
        response = self.url_open("/my/board")
        self.assertEqual(response.status_code, 404)

    def test_board_data_of_the_community(self):
        """Arrears from hoa.debtor, the bank journals' balance, restricted to
        the community."""
        self.authenticate("p3_ewa", "p3_ewa")
        bank = self.env["account.journal"].search(
            [("company_id", "=", self.community.id), ("type", "=", "bank")], limit=1
        )
        response = self.url_open("/my/board")
        self.assertIn(bank.name, response.text)
        self.assertIn("no adopted economic plan", response.text)

    # layout, security page ------------------------------------------------------
    def test_community_look_in_portal_layout(self):
        self.community.write(
            {
                "hoa_portal_color": "#AB12CD",
                "hoa_portal_link_url": "https://testowa.example.com",
                "hoa_portal_link_label": "Our website",
                "hoa_portal_email": "board@testowa.example.com",
            }
        )
        self.authenticate("p3_anna", "p3_anna")
        response = self.url_open("/my/readings")
        self.assertIn("--hoa-portal-color: #AB12CD", response.text)
        self.assertIn("https://testowa.example.com", response.text)
        self.assertIn("Our website", response.text)
        self.assertIn("board@testowa.example.com", response.text)
        # a user without units sees no community's look
        self.authenticate("p3_ewa", "p3_ewa")
        response = self.url_open("/my/board")
        self.assertNotIn("o_hoa_portal_look", response.text)

    def test_units_in_two_communities_show_the_first_look(self):
        other = self.env["res.company"].create(
            {
                "name": "WM Druga",
                "is_hoa_community": True,
                "hoa_kind": "homeowners",
                "country_id": self.env.ref("base.pl").id,
                "currency_id": self.env.ref("base.PLN").id,
                "hoa_portal_color": "#00FF00",
            }
        )
        building = self.env["hoa.building"].create(
            {"name": "ul. Druga 2", "company_id": other.id}
        )
        unit = self.env["hoa.unit"].create(
            {"name": "7", "building_id": building.id, "area_usable": 40.0}
        )
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": unit.id,
                "partner_id": self.anna.id,
                "role": "owner",
                "date_from": "2025-06-01",
            }
        )
        self.community.hoa_portal_color = "#AB12CD"
        self.assertEqual(self.user_anna._hoa_portal_community(), self.community)
        self.authenticate("p3_anna", "p3_anna")
        response = self.url_open("/my/readings")
        self.assertIn("#AB12CD", response.text)
        self.assertNotIn("#00FF00", response.text)

    def test_bad_portal_colour_refused(self):
        with self.assertRaises(Exception):  # noqa: B017 (ValidationError)
            self.community.hoa_portal_color = "red;}body{display:none"

    def test_two_factor_page_reachable(self):
        self.authenticate("p3_anna", "p3_anna")
        response = self.url_open("/my/security")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Two-factor", response.text)

    # tours ------------------------------------------------------------------------
    def test_tour_resident_reading(self):
        self.start_tour("/my/readings", "hoa_portal_p3_reading", login="p3_anna")
        readings = self._readings(self.meter)
        self.assertEqual(len(readings.filtered(lambda r: r.source == "portal")), 1)
        self.assertFalse(readings.filtered(lambda r: r.value == 50))

    def test_tour_board(self):
        self.start_tour("/my/board", "hoa_portal_p3_board", login="p3_ewa")

import base64
import re

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import HoaVotingCase


@tagged("post_install", "-at_install")
class TestVotingPortal(HoaVotingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna_user = cls._portal_user(cls, cls.anna, "anna.vote")
        cls.jan_user = cls._portal_user(cls, cls.jan, "jan.vote")
        cls.jan_user.groups_id |= cls.env.ref("hoa_base.group_hoa_board")
        cls.marek_user = cls._portal_user(cls, cls.marek, "marek.vote")
        cls.open = cls._resolution(cls, title="Tour: new bicycle shed")
        cls.document = cls.env["ir.attachment"].create(
            {"name": "kosztorys.pdf", "datas": base64.b64encode(b"%PDF-1.4 x")}
        )
        cls.awaiting = cls._resolution(
            cls, open_it=False, title="Tour: facade painting"
        )
        cls.awaiting.attachment_ids = [Command.link(cls.document.id)]
        cls.awaiting.action_submit()
        cls.draft = cls._resolution(cls, open_it=False, title="Secret draft")

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data):
        page = self.url_open("/my")
        token = re.search(r'csrf_token: "([^"]+)"', page.text) or re.search(
            r'name="csrf_token" value="([^"]+)"', page.text
        )
        data = dict(data, csrf_token=token.group(1))
        return self.url_open(url, data=data, allow_redirects=False)

    def _line(self, resolution, unit):
        return resolution.unit_line_ids.filtered(lambda ln: ln.unit_id == unit)

    def test_owner_votes_with_confirmation_and_receipt(self):
        self.authenticate("anna.vote", "anna.vote-pass-123")
        page = self._get("/my/resolutions")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tour: new bicycle shed", page.text)
        self.assertNotIn("Secret draft", page.text)
        page = self._get(f"/my/resolutions/{self.open.id}")
        self.assertIn("35/100", page.text)
        self.assertIn("20/100", page.text)
        choice = {f"choice_{self._line(self.open, self.unit).id}": "yes"}
        confirm = self._post(f"/my/resolutions/{self.open.id}/confirm", choice)
        self.assertEqual(confirm.status_code, 200)
        self.assertIn("o_hoa_vote_confirm_button", confirm.text)
        self.assertFalse(self.open.vote_ids)
        done = self._post(f"/my/resolutions/{self.open.id}/vote", choice)
        self.assertEqual(done.status_code, 303)
        vote = self.open.vote_ids
        self.assertEqual(vote.unit_id, self.unit)
        self.assertEqual(vote.channel, "portal")
        self.assertEqual(vote.voter_partner_id, self.anna)
        self.assertEqual(vote.user_id, self.anna_user)
        self.assertTrue(vote.ip_address)
        receipt = self._get(f"/my/votes/{vote.id}/receipt")
        self.assertEqual(receipt.status_code, 200)
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")
        mail = self.env["mail.mail"].search(
            [("model", "=", "hoa.vote"), ("res_id", "=", vote.id)]
        )
        self.assertEqual(mail.recipient_ids, self.anna)
        self.assertIn(vote.verification_code, mail.body_html)
        check = self._get(f"/my/resolutions/check?code={vote.verification_code}")
        self.assertIn("o_hoa_vote_found", check.text)
        # a unit that is not hers cannot be smuggled in the form
        other = {f"choice_{self._line(self.open, self.unit_2).id}": "no"}
        self._post(f"/my/resolutions/{self.open.id}/vote", other)
        self.assertFalse(
            self.open.vote_ids.filtered(lambda v: v.unit_id == self.unit_2)
        )

    def test_other_resident_and_anonymous_refused(self):
        self.authenticate("anna.vote", "anna.vote-pass-123")
        choice = {f"choice_{self._line(self.open, self.unit).id}": "yes"}
        self._post(f"/my/resolutions/{self.open.id}/vote", choice)
        vote = self.open.vote_ids
        routes = [
            f"/my/resolutions/{self.open.id}",
            f"/my/resolutions/{self.awaiting.id}",
            f"/my/resolutions/{self.draft.id}",
            f"/my/resolutions/{self.awaiting.id}/document/{self.document.id}",
            f"/my/votes/{vote.id}/receipt",
            f"/my/resolutions/{self.open.id}/protocol",
        ]
        # Marek owns nothing here
        self.authenticate("marek.vote", "marek.vote-pass-123")
        for url in routes:
            self.assertEqual(self._get(url).status_code, 404, url)
        for url in (
            f"/my/resolutions/{self.open.id}/confirm",
            f"/my/resolutions/{self.open.id}/vote",
            f"/my/resolutions/{self.awaiting.id}/approve",
        ):
            self.assertEqual(self._post(url, choice).status_code, 404, url)
        self.assertEqual(len(self.open.vote_ids), 1)
        # Anna is no board member: no draft, no approval
        self.authenticate("anna.vote", "anna.vote-pass-123")
        for url in routes[1:4]:
            self.assertEqual(self._get(url).status_code, 404, url)
        self.assertEqual(
            self._post(f"/my/resolutions/{self.awaiting.id}/approve", {}).status_code,
            404,
        )
        self.assertFalse(self.awaiting.approval_ids)
        # anonymous visitors go to the login
        self.authenticate(None, None)
        for url in routes + ["/my/resolutions", "/my/resolutions/check"]:
            response = self._get(url)
            self.assertEqual(response.status_code, 303, url)
            self.assertIn("/web/login", response.headers["Location"])

    def test_every_route_is_swept(self):
        """hoa_portal's abuse sweep leaves these routes to this module: each one is
        attacked in test_other_resident_and_anonymous_refused (a new route fails
        here until it is added there), and none switches off the CSRF check."""
        swept = {
            "/my/resolutions",
            "/my/resolutions/<int:resolution_id>",
            "/my/resolutions/<int:resolution_id>/confirm",
            "/my/resolutions/<int:resolution_id>/vote",
            "/my/resolutions/<int:resolution_id>/approve",
            "/my/resolutions/<int:resolution_id>/document/<int:attachment_id>",
            "/my/resolutions/<int:resolution_id>/protocol",
            "/my/votes/<int:vote_id>/receipt",
            "/my/resolutions/check",
        }
        rules = {}
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            if endpoint.__module__.startswith("odoo.addons.hoa_voting."):
                rules[rule.rule] = rule.endpoint.routing
        self.assertEqual(set(rules), swept)
        self.assertFalse(
            [rule for rule, routing in rules.items() if not routing.get("csrf", True)]
        )

    def test_board_member_approves_and_sees_turnout(self):
        self.authenticate("jan.vote", "jan.vote-pass-123")
        page = self._get(f"/my/resolutions/{self.awaiting.id}")
        self.assertIn("o_hoa_approve", page.text)
        document = self._get(
            f"/my/resolutions/{self.awaiting.id}/document/{self.document.id}"
        )
        self.assertEqual(document.status_code, 200)
        self._post(f"/my/resolutions/{self.awaiting.id}/approve", {})
        self.assertEqual(self.awaiting.approval_ids.partner_id, self.jan)
        self.assertEqual(self.awaiting.state, "approval")  # 1 of 3
        self.Vote._hoa_cast(self.open, self.unit, "yes", self.anna)
        page = self._get(f"/my/resolutions/{self.open.id}")
        self.assertIn("o_hoa_turnout", page.text)
        self.assertIn("35.00 %", page.text)
        # the owner does not see the turnout while the voting is open
        self.authenticate("anna.vote", "anna.vote-pass-123")
        self.assertNotIn(
            "o_hoa_turnout", self._get(f"/my/resolutions/{self.open.id}").text
        )

    def test_tour_owner_votes(self):
        self.start_tour("/my/resolutions", "hoa_voting_owner_vote", login="anna.vote")
        self.assertEqual(self.open.vote_ids.choice, "yes")

    def test_tour_board_approves(self):
        self.awaiting._hoa_approve_by_partner(self.ewa)
        self.Vote._hoa_cast(self.open, self.unit, "yes", self.anna)
        self.start_tour("/my/resolutions", "hoa_voting_board_approve", login="jan.vote")
        self.assertEqual(self.awaiting.state, "approved")

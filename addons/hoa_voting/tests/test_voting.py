from datetime import timedelta
from fractions import Fraction

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common import HoaVotingCase


@tagged("post_install", "-at_install")
class TestVoting(HoaVotingCase):
    def test_shares_sum_to_one_and_snapshot(self):
        resolution = self._resolution()
        tally = resolution._hoa_tally()
        self.assertEqual(tally["all_shares"], Fraction(1))
        self.assertEqual(tally["all_heads"], 3)
        self.assertEqual(len(resolution.unit_line_ids), 4)
        # a share changed after the opening does not change the weight
        self.unit.share = "36/100"
        vote = self._vote(resolution, self.unit, "yes", self.anna)
        self.assertEqual(vote.share, "35/100")

    def test_numbering_per_community_and_year(self):
        with freeze_time("2026-03-01 10:00:00"):
            first = self._resolution()
            second = self._resolution()
        self.assertEqual(first.name, "1/2026")
        self.assertEqual(second.name, "2/2026")

    def test_majority_of_all_shares_vs_votes_cast(self):
        # Anna for with flat 1 (35/100), Jan against (25/100), Ewa does not vote.
        for basis, expected in (("all", "rejected"), ("cast", "adopted")):
            resolution = self._resolution(basis=basis)
            self._vote(resolution, self.unit, "yes", self.anna)
            self._vote(resolution, self.unit_2, "no", self.jan)
            resolution.action_close()
            # all: 35/100 is not more than half; cast: 35/60 = 7/12 is
            self.assertEqual(resolution.result, expected, basis)
            self.assertEqual(resolution.tally_yes, "7/20")
            self.assertEqual(resolution.tally_no, "1/4")
            self.assertAlmostEqual(
                resolution.tally_yes_percent, 35.0 if basis == "all" else 700 / 12, 4
            )

    def test_shares_versus_one_owner_one_vote(self):
        # Anna (flats 1 and 4: 55/100) for; Jan and Ewa against (45/100).
        for rule, expected in (("shares", "adopted"), ("heads", "rejected")):
            resolution = self._resolution(majority_rule=rule)
            self._vote(resolution, self.unit, "yes", self.anna)
            self._vote(resolution, self.unit_4, "yes", self.anna)
            self._vote(resolution, self.unit_2, "no", self.jan)
            self._vote(resolution, self.unit_3, "no", self.ewa)
            resolution.action_close()
            self.assertEqual(resolution.result, expected, rule)
            self.assertEqual(resolution.tally_yes, "11/20")
            self.assertEqual(resolution.tally_no, "9/20")
            # Anna counts once although she owns two flats
            self.assertEqual(resolution.tally_yes_heads, 1)
            self.assertEqual(resolution.tally_no_heads, 2)

    def test_qualified_majority(self):
        # For: flats 1, 4 and 3 = 75/100
        for threshold, expected in ((66.67, "adopted"), (80.0, "rejected")):
            resolution = self._resolution(
                majority_rule="qualified", threshold_percent=threshold
            )
            self._vote(resolution, self.unit, "yes", self.anna)
            self._vote(resolution, self.unit_4, "yes", self.anna)
            self._vote(resolution, self.unit_3, "yes", self.ewa)
            self._vote(resolution, self.unit_2, "no", self.jan)
            resolution.action_close()
            self.assertEqual(resolution.tally_yes, "3/4")
            self.assertEqual(resolution.result, expected, threshold)

    def test_exactly_half_is_not_a_majority(self):
        resolution = self._resolution()
        self._vote(resolution, self.unit, "yes", self.anna)
        self._vote(resolution, self.unit_3, "yes", self.ewa)
        self._vote(resolution, self.unit_2, "no", self.jan)
        self.assertEqual(resolution.turnout_share_percent, 80.0)
        self.assertEqual(resolution.turnout_heads, "3 / 3")
        resolution.action_close()
        self.assertEqual(resolution.tally_yes, "11/20")
        self.assertEqual(resolution.result, "adopted")
        resolution = self._resolution()
        self._vote(resolution, self.unit, "yes", self.anna)
        self._vote(resolution, self.unit_2, "no", self.jan)
        self._vote(resolution, self.unit_3, "abstain", self.ewa)
        self._vote(resolution, self.unit_4, "no", self.anna)
        resolution.action_close()
        self.assertEqual(resolution.tally_yes, "7/20")
        self.assertEqual(resolution.result, "rejected")

    def test_co_owners_first_vote_counts(self):
        resolution = self._resolution(allow_change=False)
        self._vote(resolution, self.unit_3, "yes", self.ewa)
        with self.assertRefused("already voted"):
            self._vote(resolution, self.unit_3, "no", self.piotr)
        resolution = self._resolution()
        self._vote(resolution, self.unit_3, "yes", self.ewa)
        with self.assertRefused("only he can change"):
            self._vote(resolution, self.unit_3, "no", self.piotr)
        self.assertEqual(
            self.Vote.search([("resolution_id", "=", resolution.id)]).choice, "yes"
        )

    def test_co_owners_designated_voter(self):
        self.ownerships.filtered(
            lambda o: o.partner_id == self.piotr
        ).is_voting_representative = True
        resolution = self._resolution()
        with self.assertRefused("designated Piotr Kowalski"):
            self._vote(resolution, self.unit_3, "yes", self.ewa)
        vote = self._vote(resolution, self.unit_3, "no", self.piotr)
        self.assertEqual(vote.owner_partner_id, self.piotr)

    def test_stranger_and_proxy(self):
        resolution = self._resolution()
        with self.assertRefused("no power of attorney"):
            self._vote(resolution, self.unit_2, "yes", self.marek)
        expired = self._proxy(self.unit_2, self.jan, self.marek, date_to="2025-12-31")
        with self.assertRefused("no power of attorney"):
            self._vote(resolution, self.unit_2, "yes", self.marek)
        expired.date_to = False
        vote = self._vote(resolution, self.unit_2, "yes", self.marek)
        self.assertEqual(vote.proxy_id, expired)
        self.assertEqual(vote.voter_partner_id, self.marek)
        self.assertEqual(vote.owner_partner_id, self.jan)

    def test_changed_vote_keeps_history(self):
        resolution = self._resolution()
        first = self._vote(resolution, self.unit, "yes", self.anna)
        with self.assertRefused("already this one"):
            self._vote(resolution, self.unit, "yes", self.anna)
        second = self._vote(resolution, self.unit, "no", self.anna)
        self.assertFalse(first.active)
        self.assertEqual(second.replaces_vote_id, first)
        self.assertEqual(second.prev_hash, first.hash)
        self.assertNotEqual(first.verification_code, second.verification_code)
        tally = resolution._hoa_tally()
        self.assertEqual(tally["shares"]["yes"], 0)
        self.assertEqual(tally["shares"]["no"], Fraction(7, 20))
        self.assertFalse(resolution._hoa_verify_chain())
        no_change = self._resolution(allow_change=False)
        self._vote(no_change, self.unit, "yes", self.anna)
        with self.assertRefused("already voted"):
            self._vote(no_change, self.unit, "no", self.anna)

    def test_votes_only_in_the_window(self):
        resolution = self._resolution(open_it=False)
        with self.assertRefused("is not open"):
            self._vote(resolution, self.unit, "yes", self.anna)
        resolution.action_approve_manager()
        resolution.action_open()
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            with self.assertRefused("is not open"):
                self._vote(resolution, self.unit, "yes", self.anna)
        resolution.action_close()
        with self.assertRefused("is not open"):
            self._vote(resolution, self.unit, "yes", self.anna)

    def test_paper_vote_needs_scan_and_channel(self):
        resolution = self._resolution(collection_mode="electronic")
        with self.assertRefused("not collected this way"):
            self._vote(resolution, self.unit, "yes", self.anna, channel="meeting")
        resolution = self._resolution()
        with self.assertRefused("scanned voting card"):
            self._vote(resolution, self.unit, "yes", self.anna, channel="paper")
        scan = self.env["ir.attachment"].create({"name": "karta.pdf", "raw": b"%PDF"})
        wizard = self.env["hoa.vote.record"].create(
            {
                "resolution_id": resolution.id,
                "unit_line_id": resolution.unit_line_ids.filtered(
                    lambda ln: ln.unit_id == self.unit_2
                ).id,
                "voter_partner_id": self.jan.id,
                "choice": "no",
                "channel": "paper",
                "scan": scan.datas,
                "scan_name": "karta.pdf",
            }
        )
        wizard.action_record()
        vote = resolution.vote_ids
        self.assertEqual(vote.channel, "paper")
        self.assertTrue(vote.scan_attachment_id)
        self.assertEqual(vote.user_id, self.env.user)

    def test_tampering_detected(self):
        resolution = self._resolution()
        self._vote(resolution, self.unit, "yes", self.anna)
        second = self._vote(resolution, self.unit_2, "no", self.jan)
        self._vote(resolution, self.unit_3, "yes", self.ewa)
        self.assertFalse(resolution._hoa_verify_chain())
        self.assertEqual(resolution.action_verify_chain()["params"]["type"], "success")
        with self.assertRefused("cannot be edited"):
            second.write({"choice": "yes"})
        self.env.cr.execute(
            SQL("UPDATE hoa_vote SET choice = 'yes' WHERE id = %s", second.id)
        )
        self.env.invalidate_all()
        self.assertRegex(
            resolution._hoa_verify_chain(), r"Vote no\. 2 \(unit .*2\) was altered"
        )
        self.assertEqual(resolution.action_verify_chain()["params"]["type"], "danger")
        # put it back, then remove the last vote
        self.env.cr.execute(
            SQL("UPDATE hoa_vote SET choice = 'no' WHERE id = %s", second.id)
        )
        self.env.cr.execute(
            SQL(
                "DELETE FROM hoa_vote WHERE resolution_id = %s AND sequence = 3",
                resolution.id,
            )
        )
        self.env.invalidate_all()
        self.assertRegex(resolution._hoa_verify_chain(), "last vote")

    def test_board_approval_majority(self):
        resolution = self._resolution(open_it=False)
        resolution.action_submit()
        self.assertEqual(resolution.state, "approval")
        with self.assertRefused("active board member"):
            resolution._hoa_approve_by_partner(self.anna)
        resolution._hoa_approve_by_partner(self.jan)
        self.assertEqual(resolution.state, "approval")  # 1 of 3
        resolution._hoa_approve_by_partner(self.ewa)
        self.assertEqual(resolution.state, "approved")  # 2 of 3
        with self.assertRefused("cannot change once voting"):
            resolution.action_open()
            resolution.title = "Something else"

    def test_result_mail_to_every_owner_and_protocol(self):
        resolution = self._resolution()
        self._vote(resolution, self.unit, "yes", self.anna)
        resolution.action_close()
        resolution.action_notify_owners()
        mails = self.env["mail.mail"].search(
            [("model", "=", "hoa.resolution"), ("res_id", "=", resolution.id)]
        )
        # Anna, Jan, Ewa and Piotr: voters or not
        self.assertEqual(
            mails.recipient_ids, self.anna | self.jan | self.ewa | self.piotr
        )
        self.assertTrue(resolution.date_notified)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "hoa_voting.action_report_hoa_resolution_protocol", resolution.ids
            )[0]
            .decode()
        )
        self.assertIn("7/20", html)
        self.assertIn("Anna Nowak", html)

from odoo.tests import tagged

from .common import HoaVotingCase


@tagged("post_install", "-at_install")
class TestVotingNotices(HoaVotingCase):
    """Owners who chose SMS or a messenger for votings get a notice (hoa_portal's
    queue) when a voting opens and when its result is known."""

    def test_open_and_close_queue_notices(self):
        self.env["hoa.notice.gateway"].create(
            {
                "name": "SMS",
                "channel": "sms",
                "url": "http://127.0.0.1:9/sms",
                "body_template": '{"to": "{{recipient}}", "text": "{{text}}"}',
            }
        )
        # the notices are written in the owner's language: English here
        self.env["res.lang"]._activate_lang("en_US")
        self.anna.write(
            {
                "lang": "en_US",
                "hoa_notice_phone": "+48600100200",
                "hoa_channel_voting": "sms",
            }
        )
        self.marek.write(
            {"hoa_notice_phone": "+48600100300", "hoa_channel_voting": "sms"}
        )
        Message = self.env["hoa.notice.message"]
        resolution = self._resolution()
        opened = Message.search([("res_model", "=", "hoa.resolution")])
        # Anna is entitled to vote; Marek owns nothing; the others chose e-mail
        self.assertEqual(opened.partner_id, self.anna)
        self.assertRecordValues(
            opened, [{"kind": "voting", "state": "queued", "recipient": "+48600100200"}]
        )
        self.assertIn("is open until", opened.text)
        self.assertIn(resolution.display_name, opened.text)
        self._vote(resolution, self.unit, "yes", self.anna)
        resolution.action_close()
        closed = Message.search([("res_model", "=", "hoa.resolution")]) - opened
        self.assertEqual(closed.partner_id, self.anna)
        self.assertEqual(resolution.result, "rejected")  # 35 % of the shares for
        self.assertIn("has closed: Not adopted.", closed.text)

    def test_notice_in_the_owners_language(self):
        self.env["hoa.notice.gateway"].create(
            {
                "name": "SMS",
                "channel": "sms",
                "url": "http://127.0.0.1:9/sms",
                "body_template": '{"to": "{{recipient}}", "text": "{{text}}"}',
            }
        )
        self.env["res.lang"]._activate_lang("pl_PL")
        self.anna.write(
            {
                "lang": "pl_PL",
                "hoa_notice_phone": "+48600100200",
                "hoa_channel_voting": "sms",
            }
        )
        self._resolution()
        message = self.env["hoa.notice.message"].search(
            [("res_model", "=", "hoa.resolution")]
        )
        self.assertIn("głosowanie nad uchwałą", message.text)

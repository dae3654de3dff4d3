from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_p2 import HoaPortalP2Case


@tagged("post_install", "-at_install")
class TestPortalP2Models(HoaPortalP2Case):
    def _mails_to(self, partner, model, res_id):
        return self.env["mail.mail"].search(
            [
                ("model", "=", model),
                ("res_id", "=", res_id),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def test_ticket_stage_change_and_reply_mailed_through_queue(self):
        ticket = self._ticket(self.unit, self.anna, "Cold radiator")
        self.assertEqual(
            ticket.stage_id, self.env.ref("hoa_portal.hoa_ticket_stage_new")
        )
        self.assertIn(self.anna, ticket.message_partner_ids)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the ticket was created in an earlier request
        ticket.stage_id = self.env.ref("hoa_portal.hoa_ticket_stage_progress")
        self.env.flush_all()
        self.env.cr.precommit.run()
        mails = self._mails_to(self.anna, "hoa.ticket", ticket.id)
        self.assertEqual(len(mails), 1)
        self.assertIn("In Progress", mails.subject)
        self.assertEqual(mails.state, "outgoing")
        ticket.message_post(
            body="We will come tomorrow.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mails = self._mails_to(self.anna, "hoa.ticket", ticket.id)
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        ticket.stage_id = self.env.ref("hoa_portal.hoa_ticket_stage_done")
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.date_closed)

    def test_ticket_rules(self):
        ticket = self._ticket(self.unit, self.anna, "Cold radiator")
        Ticket = self.env["hoa.ticket"]
        self.assertEqual(Ticket.with_user(self.anna_user).search([]), ticket)
        self.assertFalse(Ticket.with_user(self.jan_user).search([]))
        self.assertFalse(Ticket.with_user(self.ewa_user).search([]))
        with self.assertRaises(AccessError):
            ticket.with_user(self.jan_user).read(["name"])
        with self.assertRaises(AccessError):
            ticket.with_user(self.anna_user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            Ticket.with_user(self.anna_user).create(
                {"name": "Direct", "reporter_partner_id": self.anna.id}
            )

    def test_announcement_visibility(self):
        Announcement = self.env["hoa.announcement"]
        today = fields.Date.today()

        def make(name, **vals):
            return Announcement.create(
                {
                    "name": name,
                    "company_id": self.community.id,
                    "body": "<p>Text</p>",
                    "date_from": today - relativedelta(days=1),
                    "is_published": True,
                    **vals,
                }
            )

        everyone = make("Everyone")
        owners = make("Owners", audience="owners")
        board = make("Board", audience="board")
        draft = make("Draft", is_published=False)
        past = make(
            "Past",
            date_to=today - relativedelta(days=1),
            date_from=today - relativedelta(days=10),
        )
        future = make("Future", date_from=today + relativedelta(days=3))
        other_building = self.env["hoa.building"].create(
            {"name": "ul. Testowa 3", "company_id": self.community.id}
        )
        elsewhere = make("Elsewhere", building_ids=[(6, 0, other_building.ids)])
        here = make("Here", building_ids=[(6, 0, self.building.ids)])
        other_community = Announcement.create(
            {
                "name": "Other",
                "company_id": self.community_b.id,
                "body": "<p>Text</p>",
                "is_published": True,
            }
        )
        self.assertEqual(
            Announcement.with_user(self.anna_user).search([]),
            everyone | owners | here,
        )
        self.assertEqual(
            Announcement.with_user(self.ewa_user).search([]), other_community
        )
        anna_sees = Announcement.with_user(self.anna_user).search([])
        for hidden in (board, draft, past, future, elsewhere):
            self.assertNotIn(hidden, anna_sees, hidden.name)
        # the board member (no unit) sees board announcements through his group
        piotr_sees = Announcement.with_user(self.piotr_user).search([])
        self.assertIn(draft, piotr_sees, "the board sees its community's drafts")
        self.assertIn(board, piotr_sees)
        self.assertNotIn(other_community, piotr_sees)
        # a tenant does not see announcements for owners
        tenant = self.env["res.partner"].create({"name": "Tom Tenant"})
        tenant_user = self._portal_user(tenant, "tom", self.community)
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": self.unit_2.id,
                "partner_id": tenant.id,
                "role": "tenant",
                "date_from": "2020-01-01",
            }
        )
        self.assertEqual(
            Announcement.with_user(tenant_user).search([]), everyone | here
        )

    def test_announcement_mail_respects_settings_and_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.jan.lang = "pl_PL"
        self.ewa.hoa_notify_announcements = False
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": self.unit_2.id,
                "partner_id": self.ewa.id,
                "role": "proxy",
                "date_from": "2020-01-01",
            }
        )
        announcement = self.env["hoa.announcement"].create(
            {
                "name": "Lift inspection",
                "company_id": self.community.id,
                "audience": "owners",
                "body": "<p>The lift stops on Tuesday.</p>",
                "send_email": True,
            }
        )
        announcement.action_publish()
        mails = self.env["mail.mail"].search(
            [("model", "=", "hoa.announcement"), ("res_id", "=", announcement.id)]
        )
        self.assertEqual(mails.recipient_ids, self.anna | self.jan)
        self.assertEqual(len(mails), 2, "one e-mail per language")
        self.assertTrue(all(m.state == "outgoing" for m in mails))
        self.assertTrue(announcement.date_sent)
        announcement.action_unpublish()
        announcement.action_publish()
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "hoa.announcement"), ("res_id", "=", announcement.id)]
            ),
            2,
            "published again, not e-mailed again",
        )

    def test_document_notification_respects_settings(self):
        self.jan.hoa_notify_documents = False
        document = self.env["hoa.document"].create(
            {
                "name": "Plan 2026",
                "company_id": self.community.id,
                "visibility": "owners",
            }
        )
        document.action_hoa_notify_owners()
        mails = self.env["mail.mail"].search(
            [("model", "=", "hoa.document"), ("res_id", "=", document.id)]
        )
        self.assertEqual(mails.recipient_ids, self.anna)

    @freeze_time("2026-03-14")
    def test_change_request_approval_sets_occupants_next_month(self):
        Occupancy = self.env["hoa.unit.occupancy"]
        old = Occupancy.create(
            {"unit_id": self.unit.id, "occupant_count": 2, "date_from": "2025-01-01"}
        )
        request = self.env["hoa.change.request"].create(
            {"unit_id": self.unit.id, "partner_id": self.anna.id, "requested_value": 3}
        )
        self.assertEqual(request.current_value, 2)
        self.assertEqual(request.date_effective, fields.Date.to_date("2026-04-01"))
        self.assertEqual(
            self.env["hoa.change.request"].with_user(self.anna_user).search([]), request
        )
        self.assertFalse(
            self.env["hoa.change.request"].with_user(self.jan_user).search([])
        )
        with self.assertRaises(AccessError):
            request.with_user(self.anna_user).write({"requested_value": 9})
        request.action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.env.user)
        self.assertEqual(old.date_to, fields.Date.to_date("2026-03-31"))
        new = request.occupancy_id
        self.assertEqual(new.date_from, fields.Date.to_date("2026-04-01"))
        self.assertEqual(new.occupant_count, 3)
        self.assertEqual(new.source, "portal")
        self.assertEqual(
            self.unit._get_occupant_count(fields.Date.to_date("2026-03-31")), 2
        )
        self.assertEqual(
            self.unit._get_occupant_count(fields.Date.to_date("2026-04-01")), 3
        )
        self.assertTrue(self._mails_to(self.anna, "hoa.change.request", request.id))

    def test_change_request_refusal_needs_reason_and_is_mailed(self):
        request = self.env["hoa.change.request"].create(
            {"unit_id": self.unit.id, "partner_id": self.anna.id, "requested_value": 1}
        )
        with self.assertRaises(UserError):
            request.action_refuse()
        request.refuse_reason = "Three people are registered in the flat."
        request.action_refuse()
        self.assertEqual(request.state, "refused")
        mails = self._mails_to(self.anna, "hoa.change.request", request.id)
        self.assertEqual(len(mails), 1)
        self.assertIn("Three people are registered", mails.body_html)
        self.assertEqual(mails.state, "outgoing")
        with self.assertRaises(UserError):
            request.action_approve()

    def test_dashboard_blocks_show_only_what_the_resident_may_see(self):
        mine = self._ticket(self.unit, self.anna, "Anna's broken lock")
        self._ticket(self.unit_2, self.jan, "Jan's noisy pipe")
        done = self._ticket(self.unit, self.anna, "Anna's old bulb")
        done.stage_id = self.env.ref("hoa_portal.hoa_ticket_stage_done")
        self.env["hoa.announcement"].create(
            [
                {
                    "name": name,
                    "company_id": company.id,
                    "body": "<p>Text</p>",
                    "date_from": "2020-01-01",
                    "is_published": True,
                }
                for name, company in (
                    ("Garden party", self.community),
                    ("Other roof", self.community_b),
                )
            ]
        )
        anna_env = self.env(user=self.anna_user)
        # the including page may hand over a sudo'ed unit: rules still apply
        values = {"unit": self.unit.with_env(anna_env).sudo()}
        QWeb = anna_env["ir.qweb"]
        tickets_html = str(QWeb._render("hoa_portal.hoa_dashboard_tickets", values))
        self.assertIn(mine.name.replace("'", "&#39;"), tickets_html)
        self.assertNotIn("noisy pipe", tickets_html)
        self.assertNotIn("old bulb", tickets_html)
        news_html = str(QWeb._render("hoa_portal.hoa_dashboard_announcements", values))
        self.assertIn("Garden party", news_html)
        self.assertNotIn("Other roof", news_html)

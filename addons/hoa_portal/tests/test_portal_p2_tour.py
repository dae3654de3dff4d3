from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_p2 import HoaPortalP2Case


@tagged("post_install", "-at_install")
class TestPortalP2Tour(HoaPortalP2Case, HttpCase):
    def test_resident_reports_and_reads_the_office_reply(self):
        self.start_tour("/my/tickets", "hoa_portal_ticket_report_tour", login="anna")
        ticket = self.env["hoa.ticket"].search(
            [("name", "=", "Water dripping from the ceiling")]
        )
        self.assertEqual(ticket.reporter_partner_id, self.anna)
        self.assertEqual(ticket.unit_id, self.unit)
        # the office answers from the back-end
        office = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Marta Biuro",
                    "login": "marta.office",
                    "email": "marta@office.example.com",
                    "company_id": self.community.id,
                    "company_ids": [Command.set(self.community.ids)],
                    "groups_id": [
                        Command.set(
                            [
                                self.env.ref("base.group_user").id,
                                self.env.ref("hoa_base.group_hoa_manager").id,
                            ]
                        )
                    ],
                }
            )
        )
        ticket.with_user(office).write(
            {"stage_id": self.env.ref("hoa_portal.hoa_ticket_stage_progress").id}
        )
        ticket.with_user(office).message_post(
            body="The plumber comes on Monday at 9.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.start_tour("/my/tickets", "hoa_portal_ticket_reply_tour", login="anna")
        answer = ticket.message_ids.filtered(
            lambda m: "I will be at home" in (m.body or "")
        )
        self.assertEqual(answer.author_id, self.anna)
        # the office (a follower) is told by e-mail through the queue
        self.assertEqual(set(answer.mail_ids.mapped("state")), {"outgoing"})

    def test_office_moves_a_ticket_on_the_kanban(self):
        self.env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Marek Biuro",
                "login": "marek.office",
                "password": "marek.office",
                # the tour reads the English stage names (the database is in Polish)
                "lang": "en_US",
                "company_id": self.community.id,
                "company_ids": [Command.set(self.community.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("hoa_base.group_hoa_manager").id,
                        ]
                    )
                ],
            }
        )
        ticket = self._ticket(self.unit, self.anna, "Backend tour ticket")
        self.start_tour(
            "/odoo/action-hoa_portal.hoa_ticket_action",
            "hoa_ticket_backend_tour",
            login="marek.office",
        )
        self.assertEqual(
            ticket.stage_id, self.env.ref("hoa_portal.hoa_ticket_stage_waiting")
        )
        stage_mail = self.env["mail.mail"].search(
            [
                ("model", "=", "hoa.ticket"),
                ("res_id", "=", ticket.id),
                ("recipient_ids", "in", self.anna.ids),
            ]
        )
        self.assertIn("Waiting", stage_mail.subject)

import threading
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

ATTEMPTS = 20


@tagged("post_install", "-at_install")
class TestParallelVotes(BaseCase):
    """20 simultaneous attempts to vote for one unit, each in its own transaction,
    leave exactly one vote. The data must be committed for other cursors to see it,
    so the test uses a unit of the database (demo data) and removes what it made."""

    @mute_logger("odoo.sql_db")
    def test_twenty_parallel_attempts_one_vote(self):
        registry = Registry(get_db_name())
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            line_unit = env["hoa.unit"].search(
                [
                    ("share_denominator", ">", 0),
                    ("ownership_ids.is_current", "=", True),
                    ("ownership_ids.role", "in", ["owner", "co_owner"]),
                ],
                limit=1,
            )
            if not line_unit:
                self.skipTest("no unit with a current owner in the database")
            resolution = env["hoa.resolution"].create(
                {
                    "company_id": line_unit.company_id.id,
                    "title": "Parallel test",
                    "allow_change": False,
                    "date_close": fields.Datetime.now() + timedelta(hours=1),
                }
            )
            resolution.action_approve_manager()
            resolution.action_open()
            line = resolution.unit_line_ids.filtered(lambda ln: ln.unit_id == line_unit)
            voter_id = (line.representative_id or line.owner_partner_id).id
            resolution_id = resolution.id
        barrier = threading.Barrier(ATTEMPTS)
        outcomes = []

        def attempt():
            try:
                barrier.wait(30)
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["hoa.vote"]._hoa_cast(
                        env["hoa.resolution"].browse(resolution_id),
                        env["hoa.unit"].browse(line_unit.id),
                        "yes",
                        env["res.partner"].browse(voter_id),
                    )
                outcomes.append("vote")
            except Exception as error:  # noqa: BLE001 - every refusal counts
                outcomes.append(f"{type(error).__name__}: {error}"[:80])

        threads = [threading.Thread(target=attempt) for __ in range(ATTEMPTS)]
        try:
            # The test runner holds the registries' lock while post-install tests
            # run; the threads only look their registry up, as in test mode.
            with patch.object(Registry, "_lock", DummyRLock()):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            with registry.cursor() as cr:
                cr.execute(
                    SQL(
                        "SELECT COUNT(*) FROM hoa_vote WHERE resolution_id = %s",
                        resolution_id,
                    )
                )
                self.assertEqual(cr.fetchone()[0], 1)
            self.assertEqual(outcomes.count("vote"), 1, outcomes)
            self.assertEqual(len(outcomes), ATTEMPTS)
        finally:
            with registry.cursor() as cr:
                cr.execute(
                    SQL("DELETE FROM hoa_vote WHERE resolution_id = %s", resolution_id)
                )
                cr.execute(
                    SQL(
                        "DELETE FROM mail_message WHERE model = 'hoa.resolution' "
                        "AND res_id = %s",
                        resolution_id,
                    )
                )
                cr.execute(
                    SQL("DELETE FROM hoa_resolution WHERE id = %s", resolution_id)
                )

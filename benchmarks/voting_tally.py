"""Benchmark (issue: hoa_voting): the tally of a resolution voted by 10,000 units,
in shares (summed exactly) and in owners, timed from the call of
``hoa.resolution._hoa_tally`` until the result by the rule is known. Target: under
one second.

Run: .venv/bin/python benchmarks/voting_tally.py
Settings (environment): HOA_BENCH_UNITS (10000), HOA_BENCH_VOTING_DB (hoa_vote: any
database with hoa_voting installed), HOA_BENCH_CONF (odoo.conf of the worktree).

Everything is created in one transaction that is rolled back: a community, 50
buildings, the units with shares 1/UNITS (they sum to exactly one), one owner per
unit, an open resolution with its units frozen and a vote per unit (60% for, 30%
against, 10% abstaining). The units and votes are inserted in SQL (set-up only); the
measured tally is the module's own code.
"""

import os
import platform
import sys
import time
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("HOA_BENCH_VOTING_DB", "hoa_vote")
UNITS = int(os.environ.get("HOA_BENCH_UNITS", "10000"))
CONF = os.environ.get("HOA_BENCH_CONF", str(ROOT / ".hoa" / "odoo.conf"))
ODOO = os.environ.get("HOA_ODOO", "/root/.cache/hoa-suite/odoo-18.0")
TARGET = 1.0


def main():
    sys.path.insert(0, ODOO)
    import odoo
    from odoo import SUPERUSER_ID, api, fields
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", CONF, "-d", DB, "--log-level=warn"])
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
        )
        community = env["res.company"].create(
            {"name": "WM Benchmark", "is_hoa_community": True}
        )
        building = env["hoa.building"].create(
            {"name": "Benchmark 1", "company_id": community.id}
        )
        cr.execute(
            """INSERT INTO hoa_unit (name, building_id, company_id, kind, active,
                                     share_numerator, share_denominator, name_sort)
               SELECT 'B' || n, %s, %s, 'flat', TRUE, 1, %s, lpad(n::text, 8, '0')
                 FROM generate_series(1, %s) AS n""",
            (building.id, community.id, UNITS, UNITS),
        )
        cr.execute(
            """INSERT INTO res_partner (name, active, type, autopost_bills)
               SELECT 'Owner ' || n, TRUE, 'contact', 'ask'
                 FROM generate_series(1, %s) n
               RETURNING id""",
            (UNITS,),
        )
        partner_ids = [row[0] for row in cr.fetchall()]
        resolution = env["hoa.resolution"].create(
            {
                "company_id": community.id,
                "title": "Benchmark",
                "date_close": fields.Datetime.now() + timedelta(days=1),
            }
        )
        resolution.action_approve_manager()
        resolution.write({"state": "open", "date_open": fields.Datetime.now()})
        cr.execute(
            """WITH units AS (
                   SELECT id, row_number() OVER (ORDER BY id) AS n
                     FROM hoa_unit WHERE company_id = %s),
                 owners AS (
                   SELECT p, row_number() OVER () AS n FROM unnest(%s::int[]) p)
               INSERT INTO hoa_resolution_unit
                   (resolution_id, company_id, unit_id, share_numerator,
                    share_denominator, owner_partner_id)
               SELECT %s, %s, units.id, 1, %s, owners.p
                 FROM units JOIN owners USING (n)""",
            (community.id, partner_ids, resolution.id, community.id, UNITS),
        )
        cr.execute(
            """INSERT INTO hoa_vote
                   (resolution_id, company_id, sequence, unit_id, owner_partner_id,
                    voter_partner_id, choice, share_numerator, share_denominator,
                    channel, cast_date, active)
               SELECT resolution_id, company_id,
                      row_number() OVER (ORDER BY unit_id), unit_id,
                      owner_partner_id, owner_partner_id,
                      CASE WHEN unit_id %% 10 < 6 THEN 'yes'
                           WHEN unit_id %% 10 < 9 THEN 'no' ELSE 'abstain' END,
                      share_numerator, share_denominator, 'portal', now(), TRUE
                 FROM hoa_resolution_unit WHERE resolution_id = %s""",
            (resolution.id,),
        )
        cr.execute("ANALYZE hoa_vote")
        env.invalidate_all()
        timings = []
        for __ in range(5):
            start = time.perf_counter()
            tally = resolution._hoa_tally()
            adopted, ratio = resolution._hoa_outcome(tally)
            timings.append(time.perf_counter() - start)
        cr.rollback()
    total = sum(tally["shares"].values(), Fraction(0))
    best = min(timings)
    print(
        f"voting_tally: {UNITS} units, {tally['vote_count']} votes, "
        f"for {tally['shares']['yes']} ({float(ratio) * 100:.2f}%), "
        f"owners {tally['heads']['yes']}/{tally['all_heads']}, cast shares {total}, "
        f"adopted={adopted}"
    )
    print(
        f"tally: best {best * 1000:.1f} ms, worst {max(timings) * 1000:.1f} ms "
        f"(target {TARGET * 1000:.0f} ms) on {platform.node()} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores), "
        f"Odoo {odoo.release.version}"
    )
    return 0 if best < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

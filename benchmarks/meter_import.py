"""Benchmark (issue: hoa_meters): 100,000 readings for 20,000 meters imported and
validated in under 60 seconds; baseline: the plain one-by-one ORM create.

Run: make benchmark BENCH=meter_import

It uses its own database (hoa_bench, created with hoa_meters and no demo data on the
first run; the 20,000 units and meters are created once and kept). Every measured
import is rolled back, so the script can be run again with the same figures.
"""

import base64
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("HOA_BENCH_DB", "hoa_bench")
METERS = int(os.environ.get("HOA_BENCH_METERS", "20000"))
READINGS_PER_METER = 5
BASELINE_SAMPLE = int(os.environ.get("HOA_BENCH_BASELINE", "2000"))
MONTH_ENDS = [
    date(2026, 1, 31),
    date(2026, 2, 28),
    date(2026, 3, 31),
    date(2026, 4, 30),
    date(2026, 5, 31),
]


def ensure_database(odoo_src, conf):
    exists = subprocess.run(
        [
            "psql",
            "-XtAc",
            f"select 1 from pg_database where datname='{DB}'",
            "postgres",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if exists != "1":
        print(f"creating database {DB} (hoa_meters, no demo data)...", flush=True)
        subprocess.run(
            [
                sys.executable,
                f"{odoo_src}/odoo-bin",
                "-c",
                conf,
                "-d",
                DB,
                "-i",
                "hoa_meters",
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
        )


def setup(env):
    Company = env["res.company"]
    community = Company.search([("name", "=", "Benchmark Community")])
    if community:
        return community
    print(f"creating {METERS} units and meters (once)...", flush=True)
    start = time.perf_counter()
    community = Company.create(
        {
            "name": "Benchmark Community",
            "is_hoa_community": True,
            "country_id": env.ref("base.pl").id,
            "currency_id": env.ref("base.PLN").id,
            "hoa_virtual_account_prefix": "10202892",
        }
    )
    env.user.company_ids |= community
    env = env(context=dict(env.context, allowed_company_ids=[community.id]))
    buildings = env["hoa.building"].create(
        [
            {"name": f"Building {b}", "company_id": community.id}
            for b in range(METERS // 200)
        ]
    )
    units = env["hoa.unit"].create(
        [
            {"name": str(u), "building_id": building.id, "area_usable": 50}
            for building in buildings
            for u in range(1, 201)
        ]
    )
    env["hoa.unit.occupancy"].create(
        [
            {"unit_id": unit.id, "occupant_count": 2, "date_from": "2025-01-01"}
            for unit in units
        ]
    )
    env["hoa.meter.norm"].create(
        {
            "company_id": community.id,
            "medium": "cold_water",
            "max_per_day": 0.35,
            "per_occupant": True,
        }
    )
    env["hoa.meter"].create(
        [
            {
                "name": f"CW{unit.id:07d}",
                "medium": "cold_water",
                "unit_id": unit.id,
                "install_date": "2025-12-31",
                "initial_value": 100,
                "digits": 5,
            }
            for unit in units
        ]
    )
    env.cr.commit()
    print(f"  setup took {time.perf_counter() - start:.1f} s", flush=True)
    return community


def csv_content(meters):
    lines = ["serial;date;value"]
    for index, meter in enumerate(meters):
        value = 100.0
        for month in MONTH_ENDS:
            value += 2 + (index % 7) * 0.5  # 2-5 m³ a month: within the norm
            lines.append(
                f"{meter['name']};{month.isoformat()};{value:.3f}".replace(".", ",")
            )
    return ("\n".join(lines) + "\n").encode()


def main():
    odoo_src = os.environ.get("ODOO_SRC") or str(
        Path.home() / ".cache/hoa-suite/odoo-18.0"
    )
    conf = str(ROOT / ".hoa" / "odoo.conf")
    ensure_database(odoo_src, conf)
    sys.path.insert(0, odoo_src)
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", conf, "-d", DB, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(DB)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        community = setup(env)
        env = env(context={"allowed_company_ids": [community.id]})
        meters = env["hoa.meter"].search_read(
            [("company_id", "=", community.id)], ["name"]
        )
        content = csv_content(meters)
        rows = len(meters) * READINGS_PER_METER
        profile = env["hoa.meter.import.profile"].create(
            {
                "name": "bench",
                "column_meter": "serial",
                "column_date": "date",
                "column_value": "value",
            }
        )
        cr.commit()

        # 1. the import: parse, match, validate, create, in batches
        batch = env["hoa.meter.import"].create(
            {
                "name": "bench",
                "company_id": community.id,
                "profile_id": profile.id,
                "file": base64.b64encode(content),
                "filename": "bench.csv",
            }
        )
        start = time.perf_counter()
        batch.action_import()
        env.flush_all()
        elapsed = time.perf_counter() - start
        accepted, rejected = batch.accepted_count, batch.rejected_count
        cr.rollback()

        # 2. baseline: one reading at a time through the plain ORM create
        Reading = env["hoa.meter.reading"]
        sample = []
        for meter in meters[:BASELINE_SAMPLE]:
            sample.append(
                {"meter_id": meter["id"], "date": MONTH_ENDS[0], "value": 103.0}
            )
        start = time.perf_counter()
        for vals in sample:
            Reading.create(dict(vals))
        env.flush_all()
        baseline = (time.perf_counter() - start) / len(sample)
        cr.rollback()

    print()
    print(
        f"machine: {platform.node()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"meters: {len(meters)}, readings in the file: {rows}")
    print(
        f"import + validation: {elapsed:.1f} s for {rows} readings "
        f"({elapsed / rows * 1000:.3f} ms per reading; target < 60 s)"
    )
    print(f"  accepted {accepted}, rejected {rejected}")
    print(
        f"baseline one-by-one ORM create: {baseline * 1000:.3f} ms per reading "
        f"(sample {len(sample)}), i.e. {baseline * rows:.1f} s for {rows}"
    )
    print(f"speed-up: {baseline * rows / elapsed:.1f}x")
    return 0 if elapsed < 60 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark (issue: hoa_billing): a billing run of a community of 10,000 units with
6 charge components each, timed from the start of the run until every invoice is
posted. Targets: at least 100 posted invoices a second, at least 5 times the rate of
OCA contract's recurring invoicing for the same units and lines (measured in the same
run), peak memory under 2 GiB.

Run: .venv/bin/pip install -r benchmarks/requirements.txt   (once: OCA contract)
     make benchmark BENCH=billing_run
     .venv/bin/python benchmarks/billing_run.py --profile   (cProfile of our run only)

Settings (environment): HOA_BENCH_UNITS (10000), HOA_BENCH_CONTRACTS (1000: contracts
sampled for the baseline, 0 skips it), HOA_BENCH_BILLING_DB (hoa_bench_billing).

It uses its own database (created with hoa_billing, l10n_pl and contract, no demo data;
updated when the hoa addons changed). The community, units, payers, occupants, charges
and the baseline's contracts are created once, in a separate process, and kept. Every
measured run is rolled back, so the script can be run again with the same figures.

The 6 components need no meters: maintenance by usable area, repair fund by share,
heating by usable + additional area, waste by declared occupants, lift per unit and an
administration fee (fixed amount).
"""

import cProfile
import hashlib
import io
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("HOA_BENCH_BILLING_DB", "hoa_bench_billing")
UNITS = int(os.environ.get("HOA_BENCH_UNITS", "10000"))
BASELINE = min(int(os.environ.get("HOA_BENCH_CONTRACTS", "1000")), UNITS)
MODULES = ("hoa_billing", "l10n_pl", "contract")
HOA_ADDONS = ("hoa_base", "hoa_meters", "hoa_billing")
FINGERPRINT_KEY = "hoa_bench.addons_fingerprint"
HTTP_PORT = "8769"  # this benchmark's port; nothing is served (--stop-after-init)
PERIOD = date(2026, 10, 1)
RATES_FROM = date(2026, 1, 1)
UNITS_PER_BUILDING = 200
GROSZ = Decimal("0.01")
TARGET_RATE = 100.0
TARGET_RATIO = 5.0
TARGET_MEMORY = 2 * 1024**3
# name, basis, rate from RATES_FROM (the repair fund's: 2 PLN per m² of the community)
CHARGES = [
    ("Maintenance", "area_usable", Decimal("4.50")),
    ("Repair fund", "share", None),
    ("Heating", "area_total", Decimal("3.20")),
    ("Waste", "occupants", Decimal("36.00")),
    ("Lift", "unit", Decimal("12.00")),
    ("Administration fee", "fixed", Decimal("25.00")),
]
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def psql(query, database=DB):
    return subprocess.run(
        ["psql", "-XtAc", query, database],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def addons_fingerprint():
    digest = hashlib.sha1()
    for addon in HOA_ADDONS:
        for path in sorted((ROOT / "addons" / addon).rglob("*")):
            if path.suffix in {".py", ".xml", ".csv"} and "tests" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def odoo_bin(odoo_src, conf, *args):
    subprocess.run(
        [
            sys.executable,
            f"{odoo_src}/odoo-bin",
            "-c",
            conf,
            "-d",
            DB,
            *args,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            f"--http-port={HTTP_PORT}",
        ],
        check=True,
    )


def ensure_database(odoo_src, conf):
    if psql(f"select 1 from pg_database where datname = '{DB}'", "postgres") != "1":
        print(f"creating database {DB} ({', '.join(MODULES)}; no demo data)...")
        odoo_bin(odoo_src, conf, "-i", ",".join(MODULES))
        return
    installed = set(
        psql("select name from ir_module_module where state = 'installed'").splitlines()
    )
    missing = [m for m in MODULES if m not in installed]
    if missing:
        print(f"installing {', '.join(missing)} in {DB}...", flush=True)
        odoo_bin(odoo_src, conf, "-i", ",".join(missing))
    stored = psql(
        f"select value from ir_config_parameter where key = '{FINGERPRINT_KEY}'"
    )
    if stored and stored != addons_fingerprint():
        print(f"the hoa addons changed: updating them in {DB}...", flush=True)
        odoo_bin(odoo_src, conf, "-u", ",".join(HOA_ADDONS))


def open_registry(odoo_src, conf):
    sys.path.insert(0, odoo_src)
    import odoo

    odoo.tools.config.parse_config(
        ["-c", conf, "-d", DB, "--log-level=warn", f"--http-port={HTTP_PORT}"]
    )
    return odoo.modules.registry.Registry(DB)


# ----------------------------------------------------------------------------- data


def community_name():
    return f"Billing Benchmark ({UNITS} units)"


def unit_plan(index):
    """Areas (m², 2 decimals) and occupants of the index-th unit: varied, fixed."""
    usable = Decimal(28 + (index * 37) % 71) + Decimal((index * 13) % 4) / 4
    additional = Decimal((index % 3) * 5) / 2
    occupants = 1 + (index * 7) % 5
    return usable, additional, occupants


def setup(env):
    """The community and everything a run needs, created once and committed."""
    Company = env["res.company"]
    community = Company.search([("name", "=", community_name())])
    if not community:
        community = create_community(env)
    create_contracts(env, community)
    env["ir.config_parameter"].set_param(FINGERPRINT_KEY, addons_fingerprint())
    env.cr.commit()


def create_community(env):
    print(f"creating a community of {UNITS} units (once)...", flush=True)
    start = time.perf_counter()
    community = env["res.company"].create(
        {
            "name": community_name(),
            "is_hoa_community": True,
            "country_id": env.ref("base.pl").id,
            "currency_id": env.ref("base.PLN").id,
            "hoa_virtual_account_prefix": "102028929876",
        }
    )
    env.user.company_ids |= community
    env["account.chart.template"].try_loading("pl", community, install_demo=False)
    env = env(context=dict(QUIET, allowed_company_ids=[community.id]))
    buildings = env["hoa.building"].create(
        [
            {"name": f"Building {number + 1}", "company_id": community.id}
            for number in range(-(-UNITS // UNITS_PER_BUILDING))
        ]
    )
    plans = [unit_plan(index) for index in range(UNITS)]
    numerators = [int(usable * 100) for usable, _a, _o in plans]
    denominator = sum(numerators)
    unit_vals = []
    for index, (usable, additional, _occupants) in enumerate(plans):
        unit_vals.append(
            {
                "name": str(index % UNITS_PER_BUILDING + 1),
                "building_id": buildings[index // UNITS_PER_BUILDING].id,
                "area_usable": float(usable),
                "area_additional": float(additional),
                "share": f"{numerators[index]}/{denominator}",
            }
        )
    units = env["hoa.unit"].browse()
    for chunk in range(0, UNITS, 2000):
        units |= env["hoa.unit"].create(unit_vals[chunk : chunk + 2000])
    partners = env["res.partner"].create(
        [{"name": f"Owner {index + 1:05d}"} for index in range(UNITS)]
    )
    env["hoa.unit.ownership"].create(
        [
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2025-01-01",
            }
            for unit, partner in zip(units, partners, strict=True)
        ]
    )
    env["hoa.unit.occupancy"].create(
        [
            {
                "unit_id": unit.id,
                "occupant_count": plan[2],
                "date_from": "2025-01-01",
                "state": "approved",
            }
            for unit, plan in zip(units, plans, strict=True)
        ]
    )
    income = env["account.account"].search(
        [("company_ids", "in", community.id), ("account_type", "=", "income")],
        limit=1,
    )
    total_area = sum(usable for usable, _a, _o in plans)
    charge_types = env["hoa.charge.type"].create(
        [
            {
                "name": name,
                "basis": basis,
                "company_id": community.id,
                "account_id": income.id,
                "tariff_ids": [
                    (
                        0,
                        0,
                        {
                            "date_from": RATES_FROM,
                            "rate": float(rate if rate is not None else 2 * total_area),
                        },
                    )
                ],
            }
            for name, basis, rate in CHARGES
        ]
    )
    for charge_type in charge_types:
        for chunk in range(0, UNITS, 5000):
            env["hoa.unit.charge"].create(
                [
                    {
                        "unit_id": unit.id,
                        "company_id": community.id,
                        "charge_type_id": charge_type.id,
                        "date_from": RATES_FROM,
                    }
                    for unit in units[chunk : chunk + 5000]
                ]
            )
    env.cr.commit()
    print(f"  took {time.perf_counter() - start:.0f} s", flush=True)
    return community


def expected_lines(env, community, units=None):
    """{unit id: (payer id, [(charge type, amount)])}: what each unit owes for the
    month, computed here from the data, exactly, to the grosz (half up)."""
    env = env(context={"allowed_company_ids": [community.id]})
    charge_types = env["hoa.charge.type"].search([("company_id", "=", community.id)])
    rates = {
        charge_type.id: Decimal(str(charge_type.tariff_ids[:1].rate))
        for charge_type in charge_types
    }
    if units is None:
        units = env["hoa.unit"].search([("company_id", "=", community.id)], order="id")
    occupants = {
        o.unit_id.id: o.occupant_count
        for o in env["hoa.unit.occupancy"].search([("unit_id", "in", units.ids)])
    }
    payers = {
        o.unit_id.id: o.partner_id.id
        for o in env["hoa.unit.ownership"].search(
            [("unit_id", "in", units.ids), ("is_payer", "=", True)]
        )
    }
    result = {}
    for unit in units:
        usable = Decimal(str(round(unit.area_usable, 2)))
        additional = Decimal(str(round(unit.area_additional, 2)))
        quantities = {
            "area_usable": usable,
            "area_total": usable + additional,
            "share": Decimal(unit.share_numerator) / Decimal(unit.share_denominator),
            "occupants": Decimal(occupants[unit.id]),
            "unit": Decimal(1),
            "fixed": Decimal(1),
        }
        result[unit.id] = (
            payers[unit.id],
            [
                (
                    charge_type,
                    (quantities[charge_type.basis] * rates[charge_type.id]).quantize(
                        GROSZ, ROUND_HALF_UP
                    ),
                )
                for charge_type in charge_types
            ],
        )
    return result


def create_contracts(env, community):
    """One OCA contract per unit of the baseline sample: the unit's payer, monthly,
    6 lines with the same amounts, the community's sales journal."""
    if not BASELINE:
        return
    env = env(context=dict(QUIET, allowed_company_ids=[community.id]))
    units = env["hoa.unit"].search(
        [("company_id", "=", community.id)], order="id", limit=BASELINE
    )
    have = set(
        env["contract.contract"]
        .search([("company_id", "=", community.id)])
        .mapped("code")
    )
    units = units.filtered(lambda unit: f"U{unit.id}" not in have)
    if not units:
        return
    print(f"creating {len(units)} contracts for the baseline (once)...", flush=True)
    start = time.perf_counter()
    journal = community._hoa_billing_journal()
    expected = expected_lines(env, community, units)
    vals_list = []
    for unit in units:
        payer_id, lines = expected[unit.id]
        vals_list.append(
            {
                "name": f"Charges {unit.display_name}",
                "code": f"U{unit.id}",
                "partner_id": payer_id,
                "company_id": community.id,
                "journal_id": journal.id,
                "contract_type": "sale",
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "recurring_invoicing_type": "pre-paid",
                "date_start": PERIOD,
                "contract_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": charge_type.product_id.id,
                            "name": charge_type.name,
                            "quantity": 1.0,
                            "price_unit": float(amount),
                            "date_start": PERIOD,
                            "recurring_next_date": PERIOD,
                        },
                    )
                    for charge_type, amount in lines
                ],
            }
        )
    for chunk in range(0, len(vals_list), 500):
        env["contract.contract"].create(vals_list[chunk : chunk + 500])
    env.cr.commit()
    print(f"  took {time.perf_counter() - start:.0f} s", flush=True)


# ----------------------------------------------------------------------- measuring


def run_ours(env, community, profile=False):
    """Our billing run, from action_start to every invoice posted. Returns
    (invoices, seconds, run)."""
    from odoo.addons.hoa_billing.models import hoa_billing_run

    hoa_billing_run.SYNC_LIMIT = UNITS + 1  # bill here, not in the background cron
    run = env["hoa.billing.run"].create(
        {"company_id": community.id, "period_date": PERIOD}
    )
    env.flush_all()
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    run.action_start()
    env.flush_all()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - start
    return run.move_count, elapsed, run, profiler


def check_ours(env, run, expected):
    cr = env.cr
    assert run.state == "done", f"the run ended {run.state}"
    assert not run.error_count, f"{run.error_count} units with errors"
    cr.execute(
        """
        SELECT hoa_unit_id, partner_id, count(*), sum(amount_total),
               bool_and(state = 'posted' AND move_type = 'out_invoice')
          FROM account_move
         WHERE hoa_billing_run_id = %s
         GROUP BY hoa_unit_id, partner_id
        """,
        (run.id,),
    )
    got = {row[0]: row[1:] for row in cr.fetchall()}
    assert set(got) == set(expected), (
        f"{len(set(expected) - set(got))} units without an invoice, "
        f"{len(set(got) - set(expected))} unexpected"
    )
    for unit_id, (partner_id, count, total, posted) in got.items():
        payer_id, lines = expected[unit_id]
        want = sum(amount for _c, amount in lines)
        assert count == 1 and posted, f"unit {unit_id}: {count} invoices, {posted=}"
        assert partner_id == payer_id, f"unit {unit_id}: invoiced to {partner_id}"
        assert Decimal(str(round(total, 2))) == want, f"unit {unit_id}: {total}≠{want}"
    # every invoice balanced, 6 charge lines and 1 receivable line, its own number
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE NOT ok), count(DISTINCT name), count(*)
          FROM (SELECT m.name, round(sum(l.balance), 2) = 0
                       AND count(*) FILTER (WHERE l.display_type = 'product') = 6
                       AND count(*) FILTER (WHERE l.display_type = 'payment_term') = 1
                       AS ok
                  FROM account_move m
                  JOIN account_move_line l ON l.move_id = m.id
                 WHERE m.hoa_billing_run_id = %s
                 GROUP BY m.id, m.name) AS moves
        """,
        (run.id,),
    )
    wrong, names, moves = cr.fetchone()
    assert not wrong, f"{wrong} invoices unbalanced or with wrong lines"
    assert names == moves, f"{moves - names} invoice numbers used twice"
    return sum(sum(a for _c, a in lines) for _p, lines in expected.values())


def run_contract(env, community, expected):
    """OCA contract's recurring invoicing of the sample (what its daily cron calls for
    each company), then posting the drafts it leaves. Returns (invoices, create
    seconds, post seconds)."""
    env = env(context={"allowed_company_ids": [community.id]})
    contracts = env["contract.contract"].search(
        [("company_id", "=", community.id)], order="id", limit=BASELINE
    )
    contracts.fetch(["recurring_next_date"])
    env.flush_all()
    start = time.perf_counter()
    moves = contracts.with_company(community)._recurring_create_invoice(PERIOD)
    env.flush_all()
    created = time.perf_counter()
    drafts = moves.filtered(lambda move: move.state == "draft")
    moves.action_post()
    env.flush_all()
    posted = time.perf_counter()
    assert len(moves) == len(contracts), f"{len(moves)} invoices"
    assert len(drafts) == len(moves), "contract posted some invoices itself"
    by_partner = {payer: lines for payer, lines in expected.values()}
    for move in moves:
        want = sum(amount for _c, amount in by_partner[move.partner_id.id])
        assert move.state == "posted" and move.invoice_date == PERIOD
        assert Decimal(str(round(move.amount_total, 2))) == want, move.name
    return len(moves), created - start, posted - created


def print_profile(profiler):
    for title, pattern, count in (
        ("hoa_billing code, by cumulative time", "hoa_billing", 25),
        ("everything, by cumulative time", "", 25),
    ):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("cumulative").print_stats(pattern, count)
        text = stream.getvalue()
        print(f"\n--- profile: {title}")
        print(text[text.find("   ncalls") :].rstrip())


def main():
    args = sys.argv[1:]
    odoo_src = os.environ.get("ODOO_SRC") or str(
        Path.home() / ".cache/hoa-suite/odoo-18.0"
    )
    conf = str(ROOT / ".hoa" / "odoo.conf")
    if "--setup" in args:  # the child process below
        registry = open_registry(odoo_src, conf)
        from odoo import SUPERUSER_ID, api

        with registry.cursor() as cr:
            setup(api.Environment(cr, SUPERUSER_ID, {}))
        return 0
    try:
        metadata.version("odoo-addon-contract")
    except metadata.PackageNotFoundError:
        print(
            "The baseline needs OCA contract (18.0). Install it with:\n"
            "  .venv/bin/pip install -r benchmarks/requirements.txt",
            file=sys.stderr,
        )
        return 2
    ensure_database(odoo_src, conf)
    # Setup in its own process: the peak memory measured below is the run's.
    subprocess.run([sys.executable, __file__, "--setup"], check=True)
    profile = "--profile" in args

    registry = open_registry(odoo_src, conf)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        community = env["res.company"].search([("name", "=", community_name())])
        env = env(context={"allowed_company_ids": [community.id]})
        memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

        # 1. our billing run; then every invoice checked against our own figures
        invoices, seconds, run, profiler = run_ours(env, community, profile)
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        expected = expected_lines(env, community)
        amount = check_ours(env, run, expected)
        cr.rollback()
        if profiler:
            print_profile(profiler)
            print(f"\n{invoices} invoices in {seconds:.1f} s (under the profiler)")
            return 0

        # 2. baseline: OCA contract, the same units and lines
        baseline = None
        if BASELINE:
            env.invalidate_all()
            sample = dict(list(expected.items())[:BASELINE])
            baseline = run_contract(env, community, sample)
            cr.rollback()

    rate = invoices / seconds
    print()
    print(
        f"machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} "
        f"GiB RAM, Python {platform.python_version()}, "
        f"contract {metadata.version('odoo-addon-contract')}"
    )
    print(
        f"community: {UNITS} units, 6 charges each (maintenance: usable area, "
        "repair fund: share, heating: total area, waste: occupants, lift: per unit, "
        "administration: fixed; no meters)"
    )
    print(f"month {PERIOD:%m/%Y}: {invoices} invoices, {amount:,.2f} PLN, all checked")
    print()
    rows = [("hoa_billing run (posted)", invoices, seconds)]
    if baseline:
        count, create, post = baseline
        rows += [
            ("contract: recurring invoicing (draft)", count, create),
            ("contract: posting them", count, post),
            ("contract: both (posted)", count, create + post),
        ]
    print(f"{'':40}{'invoices':>10}{'seconds':>10}{'invoices/s':>12}")
    for label, count, secs in rows:
        print(f"{label:40}{count:>10}{secs:>10.1f}{count / secs:>12.1f}")
    print()
    ok = rate >= TARGET_RATE
    print(f"rate {rate:.1f}/s, target >= {TARGET_RATE:.0f}/s: {'yes' if ok else 'NO'}")
    if baseline:
        ratio = rate / (baseline[0] / (baseline[1] + baseline[2]))
        holds = ratio >= TARGET_RATIO
        ok &= holds
        print(
            f"ratio to contract (posted): {ratio:.1f}x, target >= {TARGET_RATIO:.0f}x: "
            f"{'yes' if holds else 'NO'}"
            + (f" (contract sampled: {baseline[0]} units)" if BASELINE < UNITS else "")
        )
    holds = memory < TARGET_MEMORY
    ok &= holds
    print(
        f"peak memory {memory / 1024**2:.0f} MiB (before the run "
        f"{memory_before / 1024**2:.0f} MiB), target < 2 GiB: "
        f"{'yes' if holds else 'NO'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark (issue: hoa_portal, part 1): residents on the portal. 16 concurrent
resident sessions for 60 seconds on their dashboard (/my/units), a unit's finances
(/my/units/<id>) and Odoo's own invoice list (/my/invoices, the baseline) against an
Odoo server with workers. Targets: zero errors, p95 of our pages under 150 ms.

A session is a resident: after each page it pauses (think time, HOA_BENCH_THINK,
default 1-3 s drawn at random: a person reads the page before the next click; real
readers take longer, so this is a heavy load of 16 residents). Phases, one server:
1. ours (the target): the 16 sessions alternate the dashboard and the unit's page
   (its invoices, payments and documents) for HOA_BENCH_SECONDS;
2. baseline, in the same run: the same 16 sessions on Odoo's /my/invoices for
   HOA_BENCH_SECONDS;
3. for information (HOA_BENCH_SATURATION_SECONDS, default 20 each; 0 skips them):
   phases 1 and 2 again without any pause, 16 requests always in flight: the
   server's throughput on these cores and the queueing it causes.

Run: make benchmark BENCH=portal_load  (or .venv/bin/python benchmarks/portal_load.py)

Settings (environment): HOA_BENCH_PORTAL_DB (hoa_bench_portal), HOA_BENCH_BILLING_DB
(hoa_bench_billing: the 10,000-unit database of billing_run.py, copied once),
HOA_BENCH_SESSIONS (16), HOA_BENCH_SECONDS (60), HOA_BENCH_WORKERS (4),
HOA_BENCH_BILLED_BUILDINGS (5: buildings of 200 units billed), HOA_BENCH_MONTHS (6),
HOA_BENCH_UNITS (10000: the size of the community when the database cannot be copied),
HOA_BENCH_THINK ("1-3": seconds between a session's requests, "0" for none),
HOA_BENCH_SATURATION_SECONDS (20).

The database is a copy of billing_run.py's, so that its measured runs keep their
figures (when that one is missing or in use, a new database with a community of
HOA_BENCH_UNITS units made by billing_run.py's code); hoa_portal is installed in it
and, once, the community's first buildings are billed for the months before
December 2026 (invoices posted, every other month paid by a matched bank statement
line) and the payers of the first units get portal logins (bench_resident_NN,
password: password_of(login), which meets hoa_portal's password rules). Nothing is
rolled back: the pages read committed data. Before the load the database's
statistics are refreshed (VACUUM ANALYZE), as PostgreSQL's autovacuum keeps them in
production: right after the setup's bulk inserts the planner would still believe
the tables empty and scan 58,000 open items for one unit's balance (10-20 ms a
query instead of 0.3 ms).
"""

import os
import platform
import random
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import requests
from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("HOA_BENCH_PORTAL_DB", "hoa_bench_portal")
SOURCE_DB = os.environ.get("HOA_BENCH_BILLING_DB", "hoa_bench_billing")
SESSIONS = int(os.environ.get("HOA_BENCH_SESSIONS", "16"))
SECONDS = float(os.environ.get("HOA_BENCH_SECONDS", "60"))
WORKERS = int(os.environ.get("HOA_BENCH_WORKERS", "4"))
BUILDINGS = int(os.environ.get("HOA_BENCH_BILLED_BUILDINGS", "5"))
MONTHS = int(os.environ.get("HOA_BENCH_MONTHS", "6"))
LAST_MONTH = date(2026, 11, 1)
TARGET_P95 = 0.150
SETUP_PORT = "8770"  # nothing is served during the setup (--stop-after-init)
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
OURS = ("/my/units", "/my/units/<id>")
BASELINE = ("/my/invoices",)
PAGES = OURS + BASELINE
SATURATION_SECONDS = float(os.environ.get("HOA_BENCH_SATURATION_SECONDS", "20"))


def think_range():
    low, __, high = os.environ.get("HOA_BENCH_THINK", "1-3").partition("-")
    return float(low), float(high or low)


def password_of(login):
    """A password hoa_portal's rules accept (10 characters, upper and lower case,
    a digit)."""
    return f"Bench-{login}-Pw1"


def psql(query, database=DB):
    return subprocess.run(
        ["psql", "-XtAc", query, database],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def odoo_cmd(odoo_src, conf, *args):
    return [sys.executable, f"{odoo_src}/odoo-bin", "-c", conf, "-d", DB, *args]


def ensure_database(odoo_src, conf):
    if psql(f"select 1 from pg_database where datname = '{DB}'", "postgres") != "1":
        source = f"select 1 from pg_database where datname = '{SOURCE_DB}'"
        copied = False
        if psql(source, "postgres") == "1":
            print(f"copying {SOURCE_DB} to {DB}...", flush=True)
            copied = not subprocess.run(["createdb", "-T", SOURCE_DB, DB]).returncode
        if not copied:
            # no copy (missing, or in use): a new database; setup() creates the
            # community with billing_run.py's own code
            print(f"creating {DB} (hoa_portal, l10n_pl; no demo data)...", flush=True)
            subprocess.run(
                odoo_cmd(
                    odoo_src,
                    conf,
                    "-i",
                    "hoa_portal,l10n_pl",
                    "--without-demo=all",
                    "--stop-after-init",
                    "--log-level=warn",
                    f"--http-port={SETUP_PORT}",
                ),
                check=True,
            )
    state = psql("select state from ir_module_module where name = 'hoa_portal'")
    what = "-u" if state == "installed" else "-i"
    # an update takes every hoa module: a new model of hoa_base needs its table
    modules = (
        "hoa_base,hoa_meters,hoa_billing,hoa_portal" if what == "-u" else "hoa_portal"
    )
    print(f"{'updating' if what == '-u' else 'installing'} {modules} in {DB}...")
    subprocess.run(
        odoo_cmd(
            odoo_src,
            conf,
            what,
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            f"--http-port={SETUP_PORT}",
        ),
        check=True,
    )


def open_registry(odoo_src, conf):
    sys.path.insert(0, odoo_src)
    import odoo

    odoo.tools.config.parse_config(
        ["-c", conf, "-d", DB, "--log-level=warn", f"--http-port={SETUP_PORT}"]
    )
    return odoo.modules.registry.Registry(DB)


def login_of(index):
    return f"bench_resident_{index + 1:02d}"


def setup(env):
    """Invoices, payments and portal users, created once and committed."""
    community = env["res.company"].search(
        [("name", "=like", "Billing Benchmark (%"), ("is_hoa_community", "=", True)],
        limit=1,
    )
    if not community:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import billing_run  # noqa: PLC0415 - HOA_BENCH_UNITS sets its size

        community = billing_run.create_community(env)
    env = env(context=dict(QUIET, allowed_company_ids=[community.id]))
    if env["res.users"].search_count([("login", "=", login_of(0))]):
        return
    start = time.perf_counter()
    buildings = env["hoa.building"].search(
        [("company_id", "=", community.id)], order="id", limit=BUILDINGS
    )
    units = env["hoa.unit"].search([("building_id", "in", buildings.ids)], order="id")
    print(f"billing {len(units)} units for {MONTHS} months (once)...", flush=True)
    for months_back in range(MONTHS - 1, -1, -1):
        month = LAST_MONTH - relativedelta(months=months_back)
        # one run per building: up to SYNC_LIMIT units a run bills in the process
        for building in buildings:
            run = env["hoa.billing.run"].create(
                {
                    "company_id": community.id,
                    "period_date": month,
                    "building_ids": [(6, 0, building.ids)],
                }
            )
            run.action_start()
            env.cr.commit()
        if months_back % 2:
            pay_month(env, community, units, month)
            env.cr.commit()
    portal = env.ref("base.group_portal")
    Users = env["res.users"].with_context(no_reset_password=True)
    for index, unit in enumerate(units[:SESSIONS]):
        payer = unit._get_payer(LAST_MONTH)
        Users.create(
            {
                "login": login_of(index),
                "password": password_of(login_of(index)),
                "partner_id": payer.id,
                "company_id": community.id,
                "company_ids": [(6, 0, [community.id])],
                "groups_id": [(6, 0, [portal.id])],
            }
        )
    env.cr.commit()
    print(f"  took {time.perf_counter() - start:.0f} s", flush=True)


def pay_month(env, community, units, month):
    """A bank statement paying each unit's invoice of ``month``, matched to the
    units by their virtual accounts."""
    journal = env["account.journal"].search(
        [("company_id", "=", community.id), ("type", "=", "bank")], limit=1
    )
    invoices = env["account.move"].search(
        [
            ("hoa_unit_id", "in", units.ids),
            ("hoa_period_date", "=", month),
            ("state", "=", "posted"),
        ]
    )
    statement_lines = env["account.bank.statement.line"].create(
        [
            {
                "journal_id": journal.id,
                "date": month + relativedelta(days=8),
                "amount": invoice.amount_total,
                "payment_ref": invoice.name,
                "partner_id": invoice.partner_id.id,
                "hoa_virtual_account": invoice.hoa_unit_id.virtual_account,
            }
            for invoice in invoices
        ]
    )
    statement_lines._hoa_match()


# ------------------------------------------------------------------------ load


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(odoo_src, conf, port):
    log = open(ROOT / ".hoa" / f"portal_load_{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        odoo_cmd(
            odoo_src,
            conf,
            f"--http-port={port}",
            f"--workers={WORKERS}",
            "--max-cron-threads=0",
            f"--db-filter=^{DB}$",
            "--log-level=warn",
            "--limit-time-real=600",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            if requests.get(f"{base}/web/login", timeout=30).status_code == 200:
                return process, base
        except requests.RequestException:  # not listening yet, or loading
            pass
        time.sleep(1)
    process.terminate()
    sys.exit("The Odoo server did not start: see .hoa/portal_load_*.log")


def open_session(base, login):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=30).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{base}/web/login",
        data={
            "login": login,
            "password": password_of(login),
            "csrf_token": csrf,
            "db": DB,
        },
        timeout=30,
    )
    response.raise_for_status()
    # the pages as the resident reaches them (after the redirection to his language)
    units = session.get(f"{base}/my/units", timeout=30)
    if "o_hoa_unit_card" not in units.text:
        sys.exit(f"{login} does not see a unit on /my/units")
    unit_id = re.search(r'data-unit-id="(\d+)"', units.text).group(1)
    prefix = units.url[len(base) :].split("/my/units")[0]
    urls = {
        "/my/units": f"{base}{prefix}/my/units",
        "/my/units/<id>": f"{base}{prefix}/my/units/{unit_id}",
        "/my/invoices": f"{base}{prefix}/my/invoices",
    }
    return session, urls


def worker(session, urls, deadline, results, offset, think, pages):
    number = offset
    pause = random.Random(offset)
    if think[1]:
        # residents arrive one by one, not all in the same millisecond
        time.sleep(pause.uniform(*think))
    while time.perf_counter() < deadline:
        page = pages[number % len(pages)]
        number += 1
        start = time.perf_counter()
        try:
            response = session.get(urls[page], timeout=30, allow_redirects=False)
            ok = response.status_code == 200 and len(response.content) > 0
        except requests.RequestException:
            ok = False
        results.append((page, time.perf_counter() - start, ok))
        if think[1]:
            time.sleep(pause.uniform(*think))


def run_phase(sessions, seconds, think, pages):
    results = []
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=worker,
            args=(session, urls, deadline, results, index, think, pages),
        )
        for index, (session, urls) in enumerate(sessions)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def report(results, elapsed, check):
    """Print one line per page; True when ``check`` and a target is missed."""
    print(
        f"{'page':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'req/s':>8}"
    )
    failed = False
    for page in PAGES:
        times = [seconds for name, seconds, _ok in results if name == page]
        errors = sum(1 for name, _s, ok in results if name == page and not ok)
        if not times:
            continue
        p95 = percentile(times, 0.95)
        print(
            f"{page:<16}{len(times):>9}{errors:>8}"
            f"{percentile(times, 0.50) * 1000:>9.0f}{p95 * 1000:>9.0f}"
            f"{percentile(times, 0.99) * 1000:>9.0f}{len(times) / elapsed:>8.1f}"
        )
        if check and (errors or (page != "/my/invoices" and p95 > TARGET_P95)):
            failed = True
    return failed


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def main():
    odoo_src = os.environ.get("ODOO_SRC") or str(
        Path.home() / ".cache/hoa-suite/odoo-18.0"
    )
    conf = str(ROOT / ".hoa" / "odoo.conf")
    if "--setup" in sys.argv[1:]:  # the child process below
        registry = open_registry(odoo_src, conf)
        from odoo import SUPERUSER_ID, api

        with registry.cursor() as cr:
            setup(api.Environment(cr, SUPERUSER_ID, {}))
        return 0
    ensure_database(odoo_src, conf)
    subprocess.run([sys.executable, __file__, "--setup"], check=True)
    print("refreshing the planner's statistics (VACUUM ANALYZE)...", flush=True)
    subprocess.run(["psql", "-XqAc", "VACUUM ANALYZE", DB], check=True)
    think = think_range()
    load_before = os.getloadavg()[0]
    port = free_port()
    process, base = start_server(odoo_src, conf, port)
    try:
        sessions = [open_session(base, login_of(index)) for index in range(SESSIONS)]
        # warm-up: every page once per session (caches, workers' registries)
        for session, urls in sessions:
            for page in PAGES:
                session.get(urls[page], timeout=60)
        ours = run_phase(sessions, SECONDS, think, OURS)
        baseline = run_phase(sessions, SECONDS, think, BASELINE)
        saturation = (
            [
                run_phase(sessions, SATURATION_SECONDS, (0.0, 0.0), pages)
                for pages in (OURS, BASELINE)
            ]
            if SATURATION_SECONDS and think[1]
            else []
        )
    finally:
        process.terminate()
        process.wait(timeout=60)

    invoices = psql("select count(*) from account_move where hoa_unit_id is not null")
    print()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average before the run {load_before:.1f}; "
        f"database {DB}: {psql('select count(*) from hoa_unit')} units, "
        f"{invoices} unit invoices"
    )
    pause = f"{think[0]:g}-{think[1]:g} s" if think[1] else "none"
    print(
        f"{SESSIONS} resident sessions against Odoo with {WORKERS} workers on "
        f"127.0.0.1:{port}, think time {pause}"
    )
    print(f"1. our pages for {ours[1]:.0f} s:")
    failed = report(*ours, check=True)
    print(f"2. Odoo's own invoice list (baseline) for {baseline[1]:.0f} s:")
    report(*baseline, check=False)
    print(
        "targets: zero errors, p95 under 150 ms on /my/units and /my/units/<id> "
        "(/my/invoices is Odoo's page, the baseline): "
        + ("NOT MET" if failed else "met")
    )
    for number, (results, elapsed) in enumerate(saturation, start=3):
        print()
        print(
            f"{number}. for information, the same {SESSIONS} sessions without any "
            f"pause for {elapsed:.0f} s ({len(results) / elapsed:.1f} requests/s in "
            "all: the server's capacity on these cores):"
        )
        report(results, elapsed, check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

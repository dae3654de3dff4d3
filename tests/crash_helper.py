"""Prepares the crash-safety scenarios of test_crash_safety.py in a database while no
Odoo server runs on it (its own registry, committed), and prints a JSON answer.

    python crash_helper.py CONF DB billing UNITS   a community of UNITS units and a
                                                   started billing run (cron path)
    python crash_helper.py CONF DB meter_import    a meter import file, not imported
    python crash_helper.py CONF DB statement       a CAMT.053 file paying open invoices
    python crash_helper.py CONF DB trigger XMLID   trigger a scheduled action now
"""

import base64
import importlib.util
import json
import os
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benchmark(name):
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))  # they import one another
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def billing(env, units):
    os.environ["HOA_BENCH_UNITS"] = str(units)
    bench = _benchmark("billing_run")
    community = bench.create_community(env)
    run = (
        env["hoa.billing.run"]
        .with_context(allowed_company_ids=[community.id])
        .create({"company_id": community.id, "period_date": bench.PERIOD})
    )
    run.action_start()  # more than SYNC_LIMIT units: left to the cron
    return {"run_id": run.id, "company_id": community.id, "state": run.state}


def meter_import(env):
    company = env["hoa.meter"].search([], order="company_id desc", limit=1).company_id
    meters = env["hoa.meter"].search(
        [("company_id", "=", company.id), ("state", "=", "active")]
    )
    Reading = env["hoa.meter.reading"]
    day = date.today()
    rows = ["serial;date;value"]
    for meter in meters:
        last = Reading.search(
            [("meter_id", "=", meter.id)], order="date desc, id desc", limit=1
        )
        if last and last.date >= day:
            continue
        rows.append(f"{meter.name};{day.isoformat()};{(last.value or 0) + 7.5:.3f}")
    profile = env.ref("hoa_meters.hoa_meter_import_profile_generic")
    batch = env["hoa.meter.import"].create(
        {
            "name": "Crash test import",
            "company_id": company.id,
            "profile_id": profile.id,
            "file": base64.b64encode("\n".join(rows).encode()),
            "filename": "crash.csv",
        }
    )
    return {"import_id": batch.id, "company_id": company.id, "rows": len(rows) - 1}


def statement(env):
    bench = _benchmark("statement_matching")
    company = env["res.company"].search(
        [("is_hoa_community", "=", True), ("country_id.code", "=", "PL")],
        order="id",
        limit=1,
    )
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    if journal.bank_acc_number != bench.MAIN_ACCOUNT:
        journal.bank_acc_number = bench.MAIN_ACCOUNT
    invoices = env["account.move"].search(
        [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("amount_residual", ">", 0),
            ("hoa_unit_id.virtual_account", "!=", False),
        ],
        order="id",
        limit=40,
    )
    plans = {}
    day = date.today() - timedelta(days=1)
    for index, invoice in enumerate(invoices, start=1):
        plans[index] = {
            "paid": Decimal(str(invoice.amount_residual)).quantize(Decimal("0.01")),
            "vals": {
                "hoa_virtual_account": invoice.hoa_unit_id.virtual_account,
                "date": day,
                "partner_name": invoice.partner_id.name,
                "account_number": bench.iban_pl(f"10201010{index:016d}"),
                "payment_ref": invoice.name,
            },
        }
    data = bench.camt_file(plans)
    return {
        "company_id": company.id,
        "journal_id": journal.id,
        "file": base64.b64encode(data).decode(),
        "invoice_ids": invoices.ids,
    }


def trigger(env, xmlid):
    env.ref(xmlid)._trigger()
    return {"triggered": xmlid}


def main():
    conf, dbname, command, *args = sys.argv[1:]
    import odoo

    odoo.tools.config.parse_config(["-c", conf, "-d", dbname, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        if command == "billing":
            answer = billing(env, int(args[0]))
        elif command == "meter_import":
            answer = meter_import(env)
        elif command == "statement":
            answer = statement(env)
        elif command == "trigger":
            answer = trigger(env, args[0])
        else:
            raise SystemExit(f"unknown command {command}")
        # a script of its own, not a server: the scenario must be committed
        cr.commit()  # pylint: disable=invalid-commit
    sys.stdout.write("JSON:" + json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()

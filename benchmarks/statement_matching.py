"""Benchmark (issue: hoa_billing): 10,000 bank statement lines imported, matched to
units and reconciled with the units' open invoices in under 120 seconds; the baseline,
in the same run on the same data, is Odoo's own reconciliation models (the chart's
default "invoice matching" models; in 18.0 Community their matching code,
``account.reconcile.model._apply_rules``, lives in OCA account_reconcile_model_oca).

Run: .venv/bin/pip install -r benchmarks/requirements.txt   (once: OCA contract and
     account_reconcile_model_oca)
     make benchmark BENCH=statement_matching
     .venv/bin/python benchmarks/statement_matching.py --profile   (cProfile of our
     matching only)

Settings (environment): HOA_BENCH_UNITS (10000: billing_run.py's community of that
size, one statement line per unit), HOA_BENCH_RECONCILE_SAMPLE (1000: statement lines
the baseline runs on, 0 skips it), HOA_BENCH_BILLING_DB (hoa_bench_billing).

It uses billing_run.py's database and community (created by that script once and
kept; this one adds account_reconcile_model_oca to the database). Everything below
happens in one transaction, rolled back at the end, so the script can be run again:

1. October 2026 is billed for every unit with billing_run's code (not timed) and the
   payers' own bank accounts are recorded (res.partner.bank, not timed).
2. "Import" (timed): the month's CAMT.053 file of the community's main account
   (written by the script, not timed) imported with the statement import wizard, as
   the accountant does it: OCA account_statement_import parses it, hoa_billing checks
   it and writes the statement in bulk; each line's partner comes from the sender's
   account (OCA's import hook). The wizard's matching is held back and timed in 3.
   The lines:
   ~74 % pay the invoice total to the unit's virtual account, 10 % part of it, 10 %
   more than it (virtual accounts written as IBAN, as 26-digit NRB or in groups of
   four), 5 % pay the total to the main account with only the invoice number in the
   title, 1 % come from unknown senders with no reference.
3. Savepoint. Ours (timed): ``st_lines._hoa_match()`` on all lines. Checked with SQL.
4. Back to the savepoint. Baseline (timed) on the first HOA_BENCH_RECONCILE_SAMPLE
   lines: for each line the partner as OCA's reconciliation widget finds it
   (``_retrieve_partner``: the line's partner, else the sender's account, else the
   name...), then ``_apply_rules(st_line, partner)`` of the community's invoice
   matching models; what they propose is reconciled the way our matcher reconciles
   (counterpart receivable lines in place of the suspense line, ``_reconcile_plan``),
   proposals the models would only suggest (not auto-validate) included. Checked too.
"""

import cProfile
import io
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from importlib import metadata
from pathlib import Path
from xml.sax.saxutils import escape

import billing_run as billing

SAMPLE = min(int(os.environ.get("HOA_BENCH_RECONCILE_SAMPLE", "1000")), billing.UNITS)
TARGET_SECONDS = 120.0
TARGET_LINES = 10000
PAY_FROM = date(2026, 10, 5)
GROSZ = Decimal("0.01")
REQUIRED = ("odoo-addon-contract", "odoo-addon-account_reconcile_model_oca")
CATEGORIES = ("exact", "partial", "over", "reference", "unknown")


# ----------------------------------------------------------------------------- data


def category(index):
    """What the index-th unit's statement line is: fixed, spread evenly."""
    if index % 100 == 99:
        return "unknown"
    if index % 20 == 7:
        return "reference"
    if index % 10 == 3:
        return "partial"
    if index % 10 == 5:
        return "over"
    return "exact"


def paid_amount(index, total):
    kind = category(index)
    if kind == "partial":
        return (total * (30 + index % 50) / 100).quantize(GROSZ, ROUND_HALF_UP)
    if kind == "over":
        return total + 10 * (1 + index % 5)
    if kind == "unknown":
        return Decimal("150.13") + index % 97
    return total


def iban_pl(bban):
    """A Polish IBAN with its check digits (ISO 13616: PL = 25 21)."""
    return f"PL{98 - int(bban + '252100') % 97:02d}{bban}"


def sender_account(index):
    if category(index) == "unknown":
        return iban_pl(f"10500000{900000 + index:016d}")
    return iban_pl(f"11402004{index:016d}")


def as_shown(virtual_account, index):
    """The credited account as banks write it: IBAN, NRB (no PL), groups of four."""
    if index % 3 == 1:
        return virtual_account[2:]
    if index % 3 == 2:
        return " ".join(
            virtual_account[pos : pos + 4] for pos in range(0, len(virtual_account), 4)
        )
    return virtual_account


def plan_lines(env, community, run):
    """One statement line per unit (by unit id): {index: dict} with the unit, its
    invoice, the amount and the line's values (journal, partner added at import)."""
    env.cr.execute(
        """
        SELECT m.hoa_unit_id, m.id, m.name, m.payment_reference, m.amount_total,
               m.partner_id, p.name, u.virtual_account
          FROM account_move m
          JOIN res_partner p ON p.id = m.partner_id
          JOIN hoa_unit u ON u.id = m.hoa_unit_id
         WHERE m.hoa_billing_run_id = %s
         ORDER BY m.hoa_unit_id
        """,
        (run.id,),
    )
    plans = {}
    for index, row in enumerate(env.cr.fetchall()):
        unit_id, move_id, name, title, total, payer_id, payer_name, account = row
        total = Decimal(str(round(total, 2)))
        kind = category(index)
        amount = paid_amount(index, total)
        vals = {
            "date": PAY_FROM + timedelta(days=index % 20),
            "amount": float(amount),
            "payment_ref": title,
            "partner_name": payer_name.upper(),
            "account_number": sender_account(index),
            "hoa_virtual_account": as_shown(account, index),
        }
        if kind == "reference":  # to the main account, the invoice number as title
            vals.update(payment_ref=name, hoa_virtual_account=False)
        elif kind == "unknown":
            vals.update(
                payment_ref="Darowizna na rzecz wspolnoty",
                partner_name=f"JAN NIEZNANY {index:05d}",
                hoa_virtual_account=False,
            )
        plans[index] = {
            "kind": kind,
            "unit_id": unit_id,
            "payer_id": payer_id,
            "move_id": move_id,
            "total": total,
            "paid": amount,
            "vals": vals,
        }
    assert len(plans) == billing.UNITS, f"{len(plans)} invoices billed"
    return plans


def record_sender_accounts(env, plans):
    """The payers' own bank accounts, known to the community (bank imports set the
    partner of a line from them)."""
    env["res.partner.bank"].create(
        [
            {
                "acc_number": plan["vals"]["account_number"],
                "partner_id": plan["payer_id"],
            }
            for plan in plans.values()
            if plan["kind"] != "unknown"
        ]
    )
    env.flush_all()


# ----------------------------------------------------------------------- measuring


MAIN_ACCOUNT = "PL61109010140000071219812874"


def camt_entry(index, plan):
    """One CAMT.053 entry (Ntry) as Polish banks write an incoming transfer."""
    vals = plan["vals"]
    credited = vals["hoa_virtual_account"] or MAIN_ACCOUNT
    if credited.replace(" ", "")[:2].isalpha():
        creditor = f"<IBAN>{credited.replace(' ', '')}</IBAN>"
    else:  # written without the country: not an IBAN in CAMT terms
        creditor = f"<Othr><Id>{credited}</Id></Othr>"
    return f"""<Ntry><NtryRef>{index:08d}</NtryRef>
<Amt Ccy="PLN">{plan["paid"]}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{vals["date"].isoformat()}</Dt></BookgDt>
<ValDt><Dt>{vals["date"].isoformat()}</Dt></ValDt>
<AcctSvcrRef>BENCH{index:08d}</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly>
</Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><AcctSvcrRef>BENCH{index:08d}</AcctSvcrRef></Refs>
<AmtDtls><TxAmt><Amt Ccy="PLN">{plan["paid"]}</Amt></TxAmt></AmtDtls>
<RltdPties><Dbtr><Nm>{escape(vals["partner_name"])}</Nm></Dbtr>
<DbtrAcct><Id><IBAN>{vals["account_number"]}</IBAN></Id></DbtrAcct>
<CdtrAcct><Id>{creditor}</Id></CdtrAcct></RltdPties>
<RmtInf><Ustrd>{escape(vals["payment_ref"])}</Ustrd></RmtInf>
</TxDtls></NtryDtls></Ntry>"""


def camt_file(plans):
    """The month's CAMT.053 statement of the community's main account: one entry
    per statement line of ``plans``, in their order."""
    total = sum(plan["paid"] for plan in plans.values())
    entries = "\n".join(camt_entry(index, plan) for index, plan in plans.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>BENCH-2026-10</MsgId>
<CreDtTm>2026-10-31T23:00:00</CreDtTm></GrpHdr>
<Stmt><Id>2026/10/001</Id><CreDtTm>2026-10-31T23:00:00</CreDtTm>
<Acct><Id><IBAN>{MAIN_ACCOUNT}</IBAN></Id><Ccy>PLN</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="PLN">0.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="PLN">{total}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>
{entries}
</Stmt></BkToCstmrStmt></Document>
""".encode()


def import_statement(env, community, plans):
    """The month's CAMT.053 file (written here, not timed) imported with the
    import wizard as the accountant does it (timed): OCA account_statement_import
    parses it, our checks and bulk writing, each line's partner from the sender's
    account. The wizard matches the lines right after; that is timed apart
    (run_ours), so it is held back here. Returns (statement, its lines in plan
    order, seconds, file size)."""
    import base64
    from unittest.mock import patch

    journal = env["account.journal"].search(
        [("company_id", "=", community.id), ("type", "=", "bank")], limit=1
    )
    if journal.bank_acc_number != MAIN_ACCOUNT:
        journal.bank_acc_number = MAIN_ACCOUNT
    data = camt_file(plans)
    Line = type(env["account.bank.statement.line"])
    env.flush_all()
    start = time.perf_counter()
    wizard = (
        env["account.statement.import"]
        .with_context(journal_id=journal.id)
        .create(
            {
                "statement_file": base64.b64encode(data),
                "statement_filename": "wyciag_2026_10.xml",
            }
        )
    )
    with patch.object(Line, "_hoa_match", lambda lines: None):
        result = wizard._import_file()
    env.flush_all()
    elapsed = time.perf_counter() - start
    statement = env["account.bank.statement"].browse(result["statement_ids"])
    st_lines = statement.line_ids.sorted("sequence")
    assert len(statement) == 1 and len(st_lines) == len(plans), len(st_lines)
    assert statement.is_complete, "the statement's balance does not add up"
    return statement, st_lines, elapsed, len(data)


STEPS = (
    ("hoa.payment.matcher", "_find_units", "finding the units"),
    ("hoa.payment.matcher", "_suggest", "hints for unmatched lines"),
    ("hoa.payment.matcher", "_open_lines", "the units' open charges"),
    ("account.move.line", "create", "counterpart lines created"),
    ("hoa.payment.matcher", "_mark_matched", "lines marked matched"),
    ("hoa.payment.matcher", "_set_counterparts", "suspense lines turned"),
    ("hoa.payment.matcher", "_reconcile_bulk", "reconciled in bulk"),
    ("hoa.payment.matcher", "_bulk_write", "  of which the inserts"),
    ("hoa.payment.matcher", "_bulk_recompute", "  of which the ORM's recompute"),
    ("hoa.payment.matcher", "_reconcile_orm", "reconciled by Odoo"),
    ("hoa.payment.matcher", "_reconcile", "all of the reconciling step"),
)


def timed_steps(env):
    """Patches that add up the wall time and the process's CPU time of each step
    of the matching (a machine shared with other work shows in wall time only)."""
    from unittest.mock import patch

    totals = {label: [0.0, 0.0, 0] for _m, _f, label in STEPS}
    patches = []
    for model, method, label in STEPS:
        cls = type(env[model])
        original = getattr(cls, method)

        def wrapper(self, *args, _original=original, _label=label, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            queries = self.env.cr.sql_log_count
            try:
                return _original(self, *args, **kwargs)
            finally:
                totals[_label][0] += time.perf_counter() - wall
                totals[_label][1] += time.process_time() - cpu
                totals[_label][2] += self.env.cr.sql_log_count - queries

        patches.append(patch.object(cls, method, wrapper))
    return totals, patches


def run_ours(env, st_lines, profile=False):
    """Our matching of ``st_lines``: (wall seconds, CPU seconds of this process,
    {step: [wall, cpu]}, profiler)."""
    profiler = cProfile.Profile() if profile else None
    totals, patches = timed_steps(env) if not profile else ({}, [])
    env.flush_all()
    for active in patches:
        active.start()
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    try:
        st_lines._hoa_match()
        env.flush_all()
    finally:
        for active in patches:
            active.stop()
    if profiler:
        profiler.disable()
    return (
        time.perf_counter() - start,
        time.process_time() - cpu,
        totals,
        profiler,
    )


def run_baseline(env, community, st_lines):
    """Odoo's reconciliation models on ``st_lines``. Returns ({line id: result},
    proposal seconds, reconciliation seconds)."""
    rec_models = env["account.reconcile.model"].search(
        [("company_id", "=", community.id), ("rule_type", "=", "invoice_matching")]
    )
    env.flush_all()
    start = time.perf_counter()
    results = {}
    for st_line in st_lines:
        partner = st_line._retrieve_partner()
        results[st_line.id] = (partner, rec_models._apply_rules(st_line, partner))
    proposed = time.perf_counter()
    reconcile_proposals(env, community, st_lines, results)
    env.flush_all()
    return results, rec_models, proposed - start, time.perf_counter() - proposed


def reconcile_proposals(env, community, st_lines, results):
    """What the models propose, reconciled as hoa.payment.matcher._reconcile does."""
    currency = community.currency_id
    Line = env["account.move.line"].with_context(
        skip_account_move_synchronization=True,
        check_move_validity=False,
        force_delete=True,
    )
    create_vals, suspense_lines, wanted, residual = [], Line, [], {}
    for st_line in st_lines:
        partner, result = results[st_line.id]
        if not result.get("amls"):
            continue
        _liquidity, suspense, _other = st_line._seek_for_lines()
        suspense_lines |= suspense
        remaining = st_line.amount
        for aml in result["amls"]:
            if currency.is_zero(remaining):
                break
            available = residual.get(aml.id, aml.amount_residual)
            if currency.compare_amounts(available, 0.0) <= 0:
                continue
            part = min(available, remaining)
            remaining = currency.round(remaining - part)
            residual[aml.id] = currency.round(available - part)
            create_vals.append(
                counterpart_vals(st_line, aml.partner_id, aml.account_id, part)
            )
            wanted.append(aml)
        if not currency.is_zero(remaining):
            receivable = partner.with_company(community).property_account_receivable_id
            create_vals.append(
                counterpart_vals(st_line, partner, receivable, remaining)
            )
            wanted.append(None)
    counterparts = Line.create(create_vals)
    suspense_lines.unlink()
    plan = [
        counterpart | aml
        for counterpart, aml in zip(counterparts, wanted, strict=True)
        if aml
    ]
    if plan:
        env["account.move.line"]._reconcile_plan(plan)


def counterpart_vals(st_line, partner, account, amount):
    return {
        "move_id": st_line.move_id.id,
        "name": st_line.payment_ref or "Payment",
        "account_id": account.id,
        "partner_id": partner.id,
        "currency_id": st_line.currency_id.id,
        "amount_currency": -amount,
        "debit": 0.0,
        "credit": amount,
    }


# ----------------------------------------------------------------------- checking


def reconciled_rows(cr, st_line_ids):
    """(statement line, invoice, invoice's unit, amount) of every partial
    reconciliation between a statement line's counterpart and an invoice."""
    cr.execute(
        """
        SELECT sl.id, d.move_id, d.hoa_unit_id, p.amount
          FROM account_partial_reconcile p
          JOIN account_move_line d ON d.id = p.debit_move_id
          JOIN account_move_line c ON c.id = p.credit_move_id
          JOIN account_bank_statement_line sl ON sl.move_id = c.move_id
         WHERE sl.id IN %s
        """,
        (tuple(st_line_ids),),
    )
    return cr.fetchall()


def invoice_residuals(cr, plans):
    cr.execute(
        "SELECT id, amount_residual FROM account_move WHERE id IN %s",
        (tuple(plan["move_id"] for plan in plans),),
    )
    return {move_id: Decimal(str(round(value, 2))) for move_id, value in cr.fetchall()}


def st_line_state(cr, st_line_ids):
    """{line id: (is_reconciled, lines left on the suspense account, unit's credit
    left open on the receivable account)}."""
    cr.execute(
        """
        SELECT sl.id, sl.is_reconciled,
               count(l.id) FILTER (WHERE l.account_id = j.suspense_account_id),
               coalesce(-sum(l.amount_residual) FILTER (
                   WHERE a.account_type = 'asset_receivable' AND NOT l.reconciled), 0)
          FROM account_bank_statement_line sl
          JOIN account_journal j ON j.id = sl.journal_id
          JOIN account_move_line l ON l.move_id = sl.move_id
          JOIN account_account a ON a.id = l.account_id
         WHERE sl.id IN %s
         GROUP BY sl.id, sl.is_reconciled
        """,
        (tuple(st_line_ids),),
    )
    return {
        row[0]: (row[1], row[2], Decimal(str(round(row[3], 2))))
        for row in cr.fetchall()
    }


def expected_result(plan, matched):
    """(invoice residual, credit left) when the line is (not) reconciled."""
    if not matched:
        return plan["total"], Decimal(0)
    paid, total = plan["paid"], plan["total"]
    return max(total - paid, Decimal(0)), max(paid - total, Decimal(0))


def check_lines(cr, plans, st_lines, matched_ids):
    """Every line in ``matched_ids`` reconciled with its own unit's invoice only,
    the invoice's residual = total - paid, an overpayment left as the unit's credit;
    every other line untouched. Returns the number of problems (0) and prints them."""
    by_line = {
        line.id: plans[index] for index, line in zip(plans, st_lines, strict=True)
    }
    rows = reconciled_rows(cr, list(by_line))
    residuals = invoice_residuals(cr, by_line.values())
    states = st_line_state(cr, list(by_line))
    problems = []
    paid_to = Counter()
    for line_id, move_id, unit_id, amount in rows:
        plan = by_line[line_id]
        if unit_id != plan["unit_id"] or move_id != plan["move_id"]:
            problems.append(f"line {line_id}: paid to another invoice ({move_id})")
        paid_to[line_id] += Decimal(str(round(amount, 2)))
    for line_id, plan in by_line.items():
        matched = line_id in matched_ids
        residual, credit = expected_result(plan, matched)
        reconciled, suspense, open_credit = states[line_id]
        if residuals[plan["move_id"]] != residual:
            problems.append(
                f"line {line_id} ({plan['kind']}): invoice residual "
                f"{residuals[plan['move_id']]}, expected {residual}"
            )
        if matched and not (reconciled and not suspense):
            problems.append(f"line {line_id} ({plan['kind']}): not reconciled")
        if matched and open_credit != credit:
            problems.append(f"line {line_id}: credit {open_credit}, expected {credit}")
        if matched and paid_to[line_id] + open_credit != plan["paid"]:
            problems.append(f"line {line_id}: {paid_to[line_id]} + {open_credit} paid")
        if not matched and (reconciled or paid_to[line_id]):
            problems.append(f"line {line_id} ({plan['kind']}): reconciled, not matched")
    for problem in problems[:20]:
        print("  PROBLEM:", problem)
    return len(problems)


def check_ours(env, plans, st_lines):
    """Counts per state/method and kind; every problem printed."""
    cr = env.cr
    cr.execute(
        """
        SELECT id, hoa_match_state, hoa_match_method, hoa_unit_id
          FROM account_bank_statement_line WHERE id IN %s
        """,
        (tuple(st_lines.ids),),
    )
    info = {row[0]: row[1:] for row in cr.fetchall()}
    counts = Counter()
    wrong_unit = 0
    matched_ids = set()
    for (_index, plan), line in zip(plans.items(), st_lines, strict=True):
        state, method, unit_id = info[line.id]
        counts[(plan["kind"], state or "-", method or "-")] += 1
        if state == "matched":
            matched_ids.add(line.id)
            wrong_unit += unit_id != plan["unit_id"]
    expected = {
        "exact": ("matched", "virtual_account"),
        "partial": ("matched", "virtual_account"),
        "over": ("matched", "virtual_account"),
        "reference": ("matched", "reference"),
        "unknown": ("unmatched", "-"),
    }
    unexpected = sum(
        count
        for (kind, state, method), count in counts.items()
        if (state, method) != expected[kind]
    )
    problems = check_lines(cr, plans, st_lines, matched_ids) + wrong_unit + unexpected
    return counts, len(matched_ids), problems


def check_baseline(env, plans, st_lines, results):
    counts = Counter()
    matched_ids = set()
    for (_index, plan), line in zip(plans.items(), st_lines, strict=True):
        partner, result = results[line.id]
        if result.get("auto_reconcile"):
            outcome = "auto-validated"
        elif result.get("amls"):
            outcome = "proposed"
        else:
            outcome = "nothing found"
        if result.get("amls"):
            matched_ids.add(line.id)
        counts[(plan["kind"], outcome, "partner" if partner else "no partner")] += 1
    problems = check_lines(env.cr, plans, st_lines, matched_ids)
    return counts, len(matched_ids), problems


# ----------------------------------------------------------------------- reporting


def print_counts(title, counts):
    print(f"  {title}:")
    for key, count in sorted(
        counts.items(), key=lambda item: (CATEGORIES.index(item[0][0]), item[0])
    ):
        print(f"    {' / '.join(key):55}{count:>7}")


def print_profile(profiler):
    for heading, pattern, count in (
        ("hoa_billing code, by cumulative time", "hoa_billing", 30),
        ("everything, by cumulative time", "", 40),
        ("everything, by own time", "", 25),
    ):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("tottime" if "own" in heading else "cumulative")
        stats.print_stats(pattern, count)
        text = stream.getvalue()
        print(f"\n--- profile: {heading}")
        print(text[text.find("   ncalls") :].rstrip())
    # where the reconciliation's time goes: the Odoo calls it makes
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_callees(
        r"hoa_payment_matcher.py:\d+\(_reconcile\)"
    )
    text = stream.getvalue()
    print("\n--- profile: what hoa.payment.matcher._reconcile calls")
    print(text[text.find("Function ") :].rstrip())


def reset_peak_rss():
    """Reset the process's peak RSS (Linux: VmHWM), so that the peak measured is
    the import's and the matching's, not the billing run's. False if unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss():
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def code_version():
    """The commit the matcher is measured at, and whether it has local changes."""
    git = ["git", "-C", str(billing.ROOT)]
    commit = subprocess.run(
        [*git, "log", "-1", "--format=%h", "--", "addons/hoa_billing"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "addons/hoa_billing/models"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{commit or '?'}" + (" + uncommitted changes" if changed else "")


def main():  # noqa: C901
    args = sys.argv[1:]
    odoo_src = os.environ.get("ODOO_SRC") or str(
        Path.home() / ".cache/hoa-suite/odoo-18.0"
    )
    conf = str(billing.ROOT / ".hoa" / "odoo.conf")
    for package in REQUIRED:
        try:
            metadata.version(package)
        except metadata.PackageNotFoundError:
            print(
                f"This benchmark needs {package} (18.0). Install it with:\n"
                "  .venv/bin/pip install -r benchmarks/requirements.txt",
                file=sys.stderr,
            )
            return 2
    billing.MODULES = (*billing.MODULES, "account_reconcile_model_oca")
    billing.ensure_database(odoo_src, conf)
    # billing_run's own set-up (community, units, payers, charges; kept), in its
    # process, as billing_run.py does it.
    subprocess.run([sys.executable, billing.__file__, "--setup"], check=True)
    profile = "--profile" in args
    version = code_version()

    registry = billing.open_registry(odoo_src, conf)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        community = env["res.company"].search([("name", "=", billing.community_name())])
        env = env(context=dict(billing.QUIET, allowed_company_ids=[community.id]))

        # 1. the month billed (billing_run's code) and the senders' accounts: not timed
        print(
            f"billing October 2026 for {billing.UNITS} units (not timed)...", flush=True
        )
        start = time.perf_counter()
        invoices, _seconds, run, _profiler = billing.run_ours(env, community)
        plans = plan_lines(env, community, run)
        record_sender_accounts(env, plans)
        print(f"  {invoices} invoices posted, took {time.perf_counter() - start:.0f} s")
        env.invalidate_all()
        memory_before = current_rss()
        has_peak = reset_peak_rss()

        # 2. the import
        statement, st_lines, import_seconds, size = import_statement(
            env, community, plans
        )
        print(
            f"imported {len(st_lines)} lines ({size / 1024**2:.1f} MiB CAMT.053) in "
            f"{import_seconds:.1f} s",
            flush=True,
        )

        # 3. ours
        savepoint = cr.savepoint()
        env.invalidate_all()
        match_seconds, match_cpu, steps, profiler = run_ours(env, st_lines, profile)
        memory = peak_rss()
        print(
            f"our matching: {match_seconds:.1f} s (this process's CPU "
            f"{match_cpu:.1f} s)",
            flush=True,
        )
        for label, (wall, cpu, queries) in steps.items():
            print(f"  {label:34}{wall:8.1f} s wall{cpu:8.1f} s CPU{queries:8} queries")
        if profiler:
            print_profile(profiler)
            print(
                f"\n{len(st_lines)} lines matched in {match_seconds:.1f} s (profiled)"
            )
            cr.rollback()
            return 0
        ours_counts, ours_matched, ours_problems = check_ours(env, plans, st_lines)

        # 4. the baseline, on the same lines as they were before our matching
        baseline = None
        if SAMPLE:
            savepoint.rollback()
            env.invalidate_all()
            sample_plans = dict(list(plans.items())[:SAMPLE])
            sample_lines = st_lines[:SAMPLE]
            print(f"baseline on {SAMPLE} lines...", flush=True)
            results, rec_models, propose_seconds, reconcile_seconds = run_baseline(
                env, community, sample_lines
            )
            counts, matched, problems = check_baseline(
                env, sample_plans, sample_lines, results
            )
            model_names = ", ".join(
                f"{m.name} (auto-validate {'on' if m.auto_reconcile else 'off'})"
                for m in rec_models.sorted()
            )
            baseline = (propose_seconds, reconcile_seconds, counts, matched, problems)
        savepoint.close()
        cr.rollback()

    lines = len(st_lines)
    total_seconds = import_seconds + match_seconds
    print()
    print(
        f"machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} "
        f"GiB RAM, Python {platform.python_version()}, account_reconcile_model_oca "
        f"{metadata.version('odoo-addon-account_reconcile_model_oca')}; hoa_billing "
        f"at {version}; load average at the end "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg())
    )
    amount = sum(plan["paid"] for plan in plans.values())
    print(
        f"community: {billing.UNITS} units, October 2026 billed ({invoices} invoices); "
        f"statement: {lines} lines, {amount:,.2f} PLN"
    )
    print_counts("ours: kind of line / state / method", ours_counts)
    print(f"  ours: {ours_matched} lines matched, checked: {ours_problems} problems")
    if baseline:
        print(f"  baseline models: {model_names}")
        print_counts("baseline: kind of line / outcome / partner", baseline[2])
        print(
            f"  baseline: {baseline[3]} of {SAMPLE} lines reconciled, checked: "
            f"{baseline[4]} problems"
        )
    print()
    rows = [
        ("import (CAMT.053 file, import wizard)", lines, import_seconds),
        ("ours: _hoa_match (match + reconcile)", lines, match_seconds),
        ("ours: import + matching", lines, total_seconds),
    ]
    if baseline:
        propose, reconcile = baseline[0], baseline[1]
        rows += [
            ("Odoo models: partner + _apply_rules", SAMPLE, propose),
            ("Odoo models: reconciling the proposals", SAMPLE, reconcile),
            ("Odoo models: both", SAMPLE, propose + reconcile),
        ]
    print(f"{'':42}{'lines':>8}{'seconds':>10}{'lines/s':>10}")
    for label, count, secs in rows:
        print(f"{label:42}{count:>8}{secs:>10.1f}{count / secs:>10.1f}")
    print()
    ok = not ours_problems
    if baseline:
        ratio = (lines / match_seconds) / (SAMPLE / (baseline[0] + baseline[1]))
        print(
            f"matching rate ours / Odoo models: {ratio:.1f}x"
            + (f" (models sampled: {SAMPLE} lines)" if SAMPLE < lines else "")
        )
    # the target is for 10,000 lines: a smaller run is projected at its rate
    projected = total_seconds * TARGET_LINES / lines
    holds = projected < TARGET_SECONDS
    print(
        f"import + matching of {lines} lines: {total_seconds:.1f} s"
        + ("" if lines == TARGET_LINES else f", {projected:.0f} s for {TARGET_LINES}")
        + f" at this rate; target < {TARGET_SECONDS:.0f} s for {TARGET_LINES}: "
        + ("yes" if holds else "NO")
    )
    print(
        f"  our matching alone: {match_seconds * TARGET_LINES / lines:.0f} s for "
        f"{TARGET_LINES} lines; the import alone: "
        f"{import_seconds * TARGET_LINES / lines:.0f} s"
    )
    ok &= holds
    print(
        f"peak memory during import + matching {memory / 1024**2:.0f} MiB "
        f"(process before the import {memory_before / 1024**2:.0f} MiB"
        + ("" if has_peak else "; peak of the whole process, billing run included")
        + ")"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

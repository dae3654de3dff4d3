"""Crash safety: the Odoo server is killed (SIGKILL, no clean shutdown) half way through
a billing run, a meter import and a bank statement import, then restarted.

"Half way" is made exact, not left to timing: the test holds a row lock (FOR NO KEY
UPDATE, so inserts referring to the row still go through) on a row the operation
writes late (a run unit of the second batch, the import record, an invoice
the statement pays), waits until the server's transaction is blocked on it — its
earlier work done but not committed — and kills the server then.

Each scenario works on a copy of the test database (restored with make restore's
tool), so the other tests never see it.
"""

import base64
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
HELPER = str(Path(__file__).with_name("crash_helper.py"))
BACKUP = str(ROOT / "scripts" / "hoa_backup.py")
UNITS = 600  # more than hoa_billing's SYNC_LIMIT (300): billed by the cron in batches
BATCH = 250  # hoa_billing's BATCH_SIZE
_logger = logging.getLogger(__name__)


def _sql(dbname, query, params=None):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall() if cr.description else None


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    database = os.environ.get("HOA_TEST_DB")
    conf = os.environ.get("HOA_ODOO_CONF")
    src = os.environ.get("ODOO_SRC")
    if not (database and conf and src):
        pytest.skip(
            "HOA_TEST_DB/HOA_ODOO_CONF/ODOO_SRC not set: run through `make test`"
        )
    folder = tmp_path_factory.mktemp("crash")
    done = subprocess.run(
        [
            sys.executable,
            BACKUP,
            "backup",
            "--conf",
            conf,
            "--dir",
            str(folder),
            database,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    port = int(os.environ.get("HOA_E2E_PORT", "8269")) + 1
    return {
        "db": database,
        "conf": conf,
        "src": src,
        "archive": done.stdout.strip(),
        "port": port,
    }


@pytest.fixture
def crash_db(setting):
    name = setting["db"] + "_crash"
    _drop(setting, name)
    subprocess.run(
        [
            sys.executable,
            BACKUP,
            "restore",
            "--conf",
            setting["conf"],
            setting["archive"],
            name,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    yield name
    _drop(setting, name)


def _drop(setting, name):
    subprocess.run(["dropdb", "--if-exists", "--force", name], check=False)
    for line in Path(setting["conf"]).read_text().splitlines():
        if line.replace(" ", "").startswith("data_dir="):
            filestore = Path(line.split("=", 1)[1].strip()) / "filestore" / name
            subprocess.run(["rm", "-rf", str(filestore)], check=True)


def _helper(setting, dbname, *args):
    done = subprocess.run(
        [sys.executable, HELPER, setting["conf"], dbname, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=setting["src"],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("JSON:")][-1]
    return json.loads(line[5:])


class Server:
    def __init__(self, setting, dbname, crons=1):
        self.url = f"http://127.0.0.1:{setting['port']}"
        self.db = dbname
        self.log = ROOT / ".hoa" / f"test-crash-{dbname}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(Path(setting["src"]) / "odoo-bin"),
                "-c",
                setting["conf"],
                "-d",
                dbname,
                f"--db-filter=^{dbname}$",
                f"--http-port={setting['port']}",
                f"--max-cron-threads={crons}",
                f"--logfile={self.log}",
            ],
            start_new_session=True,
        )
        deadline = time.time() + 120
        while True:
            try:
                requests.get(self.url + "/web/login", timeout=5)
                break
            except requests.RequestException:
                if self.process.poll() is not None or time.time() > deadline:
                    self.kill()
                    pytest.fail(f"Odoo did not start, see {self.log}")
                time.sleep(1)

    def kill(self):
        """SIGKILL: no clean shutdown, no rollback by Odoo; PostgreSQL rolls back."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)

    def call(self, model, method, args, kwargs=None, timeout=600):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.db, 2, "admin", model, method, args, kwargs or {}],
            },
            "id": 1,
        }
        answer = requests.post(self.url + "/jsonrpc", json=payload, timeout=timeout)
        return answer.json()


class RowLock:
    """A transaction of the test that holds a row lock until released."""

    def __init__(self, dbname, query, params):
        self.conn = psycopg2.connect(dbname=dbname)
        self.cr = self.conn.cursor()
        self.cr.execute(query, params)
        assert self.cr.fetchall(), "nothing to lock"

    def release(self):
        self.conn.rollback()
        self.conn.close()


def _wait_blocked(dbname, timeout=300):
    """The server's statement blocked on our lock (its work so far uncommitted)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        rows = _sql(
            "postgres",
            "SELECT query FROM pg_stat_activity WHERE datname = %s "
            "AND wait_event_type = 'Lock' AND state = 'active'",
            (dbname,),
        )
        if rows:
            return rows[0][0]
        time.sleep(0.2)
    pytest.fail("the server never reached the locked row")


def _in_background(function, *args):
    thread = threading.Thread(target=_swallow, args=(function, *args), daemon=True)
    thread.start()
    return thread


def _swallow(function, *args):
    try:
        function(*args)
    except requests.RequestException as error:
        # the server was killed under the request: expected
        _logger.info("request cut by the crash: %s", error)


def _wait(predicate, timeout=300, what="the condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(1)
    pytest.fail(f"timed out waiting for {what}")


# ------------------------------------------------------------------ billing run


def _moves_consistent(dbname, run_id):
    """Every invoice of the run is posted, has lines and balances; returns
    {unit id: number of invoices}."""
    rows = _sql(
        dbname,
        """
        SELECT m.id, m.state, m.hoa_unit_id, count(l.id),
               coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0)
        FROM account_move m LEFT JOIN account_move_line l ON l.move_id = m.id
        WHERE m.hoa_billing_run_id = %s
        GROUP BY m.id
        """,
        (run_id,),
    )
    per_unit = {}
    for move_id, state, unit_id, lines, balance in rows:
        assert state == "posted", f"invoice {move_id} is {state}"
        assert lines >= 2, f"invoice {move_id} has {lines} lines"
        assert abs(balance) < 0.005, f"invoice {move_id} does not balance"
        per_unit[unit_id] = per_unit.get(unit_id, 0) + 1
    return per_unit


def _run_units(dbname, run_id):
    return dict(
        _sql(
            dbname,
            "SELECT state, count(*) FROM hoa_billing_run_unit WHERE run_id = %s "
            "GROUP BY state",
            (run_id,),
        )
    )


def test_billing_run_killed_between_batches(setting, crash_db):
    prepared = _helper(setting, crash_db, "billing", str(UNITS))
    run_id = prepared["run_id"]
    assert prepared["state"] == "running"
    # the second batch blocks on its last write (its units' state), after its invoices
    # (found first: FOR UPDATE with OFFSET would lock the skipped rows too)
    second_batch_unit = _sql(
        crash_db,
        "SELECT id FROM hoa_billing_run_unit WHERE run_id = %s ORDER BY id "
        "OFFSET %s LIMIT 1",
        (run_id, BATCH + 10),
    )[0][0]
    lock = RowLock(
        crash_db,
        "SELECT id FROM hoa_billing_run_unit WHERE id = %s FOR UPDATE",
        (second_batch_unit,),
    )
    server = Server(setting, crash_db, crons=1)
    try:
        blocked = _wait_blocked(crash_db)
        assert "hoa_billing_run_unit" in blocked
        server.kill()
    finally:
        lock.release()
        server.kill()
    # after the crash: the first batch billed and committed, nothing of the second
    states = _run_units(crash_db, run_id)
    assert states == {"done": BATCH, "todo": UNITS - BATCH}, states
    per_unit = _moves_consistent(crash_db, run_id)
    done_units = {
        row[0]
        for row in _sql(
            crash_db,
            "SELECT unit_id FROM hoa_billing_run_unit WHERE run_id = %s "
            "AND state = 'done'",
            (run_id,),
        )
    }
    assert set(per_unit) == done_units
    assert set(per_unit.values()) == {1}
    assert (
        _sql(crash_db, "SELECT state FROM hoa_billing_run WHERE id = %s", (run_id,))[0][
            0
        ]
        == "running"
    )

    # restarted: the scheduled action finishes the run, each unit billed once
    _helper(setting, crash_db, "trigger", "hoa_billing.ir_cron_hoa_billing_run")
    server = Server(setting, crash_db, crons=1)
    try:
        _wait(
            lambda: _sql(
                crash_db, "SELECT state FROM hoa_billing_run WHERE id = %s", (run_id,)
            )[0][0]
            == "done",
            what="the billing run to finish",
        )
    finally:
        server.stop()
    assert _run_units(crash_db, run_id) == {"done": UNITS}
    per_unit = _moves_consistent(crash_db, run_id)
    assert len(per_unit) == UNITS and set(per_unit.values()) == {1}
    # the invoices hold exactly the run's billed lines
    totals = _sql(
        crash_db,
        """
        SELECT (SELECT sum(amount_total) FROM account_move
                WHERE hoa_billing_run_id = %s),
               (SELECT sum(amount) FROM hoa_billing_line
                WHERE run_id = %s AND state = 'posted')
        """,
        (run_id, run_id),
    )[0]
    assert float(totals[0]) == pytest.approx(float(totals[1]), abs=0.005)


# ------------------------------------------------------------------ meter import


def test_meter_import_killed_half_way(setting, crash_db):
    prepared = _helper(setting, crash_db, "meter_import")
    import_id = prepared["import_id"]
    assert prepared["rows"] > 50
    before = _sql(crash_db, "SELECT count(*) FROM hoa_meter_reading")[0][0]
    # the import writes its own record last (state, counts), after every reading
    lock = RowLock(
        crash_db,
        "SELECT id FROM hoa_meter_import WHERE id = %s FOR NO KEY UPDATE",
        (import_id,),
    )
    server = Server(setting, crash_db, crons=0)
    try:
        _in_background(
            server.call,
            "hoa.meter.import",
            "action_import",
            [[import_id]],
            {"context": {"allowed_company_ids": [prepared["company_id"]]}},
        )
        blocked = _wait_blocked(crash_db)
        assert "hoa_meter_import" in blocked
        server.kill()
    finally:
        lock.release()
        server.kill()
    # nothing of the import is left: no reading, no error line, still to import
    assert _sql(crash_db, "SELECT count(*) FROM hoa_meter_reading")[0][0] == before
    assert _sql(
        crash_db,
        "SELECT count(*) FROM hoa_meter_import_error WHERE import_id = %s",
        (import_id,),
    ) == [(0,)]
    assert _sql(
        crash_db, "SELECT state FROM hoa_meter_import WHERE id = %s", (import_id,)
    ) == [("draft",)]

    # restarted: the same import runs to the end, once
    server = Server(setting, crash_db, crons=0)
    try:
        context = {"allowed_company_ids": [prepared["company_id"]]}
        answer = server.call(
            "hoa.meter.import", "action_import", [[import_id]], {"context": context}
        )
        assert "error" not in answer, answer
        again = server.call(
            "hoa.meter.import", "action_import", [[import_id]], {"context": context}
        )
        assert "already been imported" in json.dumps(again.get("error"))
    finally:
        server.stop()
    state, rows, accepted, rejected = _sql(
        crash_db,
        "SELECT state, row_count, accepted_count, rejected_count "
        "FROM hoa_meter_import WHERE id = %s",
        (import_id,),
    )[0]
    assert state == "done"
    assert rows == prepared["rows"] + 1  # hoa_meters counts the header row too
    assert accepted + rejected == prepared["rows"]
    assert (
        _sql(crash_db, "SELECT count(*) FROM hoa_meter_reading")[0][0]
        == before + prepared["rows"]
    )


# ------------------------------------------------------------------ bank statement


def _statement_state(dbname, journal_id):
    return _sql(
        dbname,
        """
        SELECT (SELECT count(*) FROM account_bank_statement WHERE journal_id = %s),
               (SELECT count(*) FROM account_bank_statement_line WHERE journal_id = %s)
        """,
        (journal_id, journal_id),
    )[0]


def _open_of_units(dbname, invoices):
    """What the units of ``invoices`` owe on all their posted invoices."""
    return float(
        _sql(
            dbname,
            """
            SELECT sum(amount_residual) FROM account_move
            WHERE state = 'posted' AND move_type = 'out_invoice'
              AND hoa_unit_id IN (SELECT hoa_unit_id FROM account_move WHERE id IN %s)
            """,
            (tuple(invoices),),
        )[0][0]
    )


def test_statement_import_killed_half_way(setting, crash_db):
    prepared = _helper(setting, crash_db, "statement")
    invoices = prepared["invoice_ids"]
    assert len(invoices) >= 5
    before = _statement_state(crash_db, prepared["journal_id"])
    open_before = _open_of_units(crash_db, invoices)
    paid = float(
        _sql(
            crash_db,
            "SELECT sum(amount_residual) FROM account_move WHERE id IN %s",
            (tuple(invoices),),
        )[0][0]
    )
    residual_before = _sql(
        crash_db,
        "SELECT sum(amount_residual) FROM account_move WHERE id IN %s",
        (tuple(invoices),),
    )[0][0]
    # matching pays the invoices after the statement and its lines are written: the
    # last invoice is locked, so the import stops there
    lock = RowLock(
        crash_db,
        "SELECT id FROM account_move WHERE id = %s FOR NO KEY UPDATE",
        (invoices[-1],),
    )
    server = Server(setting, crash_db, crons=0)
    context = {
        "allowed_company_ids": [prepared["company_id"]],
        "journal_id": prepared["journal_id"],
    }

    def import_file():
        created = server.call(
            "account.statement.import",
            "create",
            [{"statement_file": prepared["file"], "statement_filename": "crash.xml"}],
            {"context": context},
        )
        return server.call(
            "account.statement.import",
            "import_file_button",
            [[created["result"]]],
            {"context": context},
        )

    try:
        _in_background(import_file)
        blocked = _wait_blocked(crash_db)
        assert "account_move" in blocked
        server.kill()
    finally:
        lock.release()
        server.kill()
    # no statement, no statement line, no payment of the import is left
    assert _statement_state(crash_db, prepared["journal_id"]) == before
    assert (
        _sql(
            crash_db,
            "SELECT sum(amount_residual) FROM account_move WHERE id IN %s",
            (tuple(invoices),),
        )[0][0]
        == residual_before
    )

    # restarted: the same file imports completely and pays every invoice
    server = Server(setting, crash_db, crons=0)
    try:
        created = server.call(
            "account.statement.import",
            "create",
            [{"statement_file": prepared["file"], "statement_filename": "crash.xml"}],
            {"context": context},
        )
        answer = server.call(
            "account.statement.import",
            "import_file_button",
            [[created["result"]]],
            {"context": context},
        )
        assert "error" not in answer, answer
    finally:
        server.stop()
    statements, lines = _statement_state(crash_db, prepared["journal_id"])
    assert statements == before[0] + 1
    assert lines == before[1] + len(invoices)
    # every zloty of the statement went to its unit's open invoices
    assert _open_of_units(crash_db, invoices) == pytest.approx(
        open_before - paid, abs=0.005
    )
    assert base64.b64decode(prepared["file"]).startswith(b"<?xml")

"""Cross-module end-to-end tests: a real Odoo server on the test database, over HTTP.

`make test` sets HOA_TEST_DB (the database its Odoo tests just installed, with demo
data), HOA_ODOO_CONF and HOA_E2E_PORT. The server runs once per session.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _odoo_bin():
    src = os.environ.get("ODOO_SRC")
    if not src:
        pytest.skip("ODOO_SRC is not set: run the end-to-end tests through `make test`")
    return str(Path(src) / "odoo-bin")


@pytest.fixture(scope="session")
def odoo_server():
    database = os.environ.get("HOA_TEST_DB")
    conf = os.environ.get("HOA_ODOO_CONF")
    if not (database and conf):
        pytest.skip("HOA_TEST_DB/HOA_ODOO_CONF not set: run through `make test`")
    port = int(os.environ.get("HOA_E2E_PORT", "8269"))
    log = ROOT / ".hoa" / "test-e2e-odoo.log"
    process = subprocess.Popen(
        [
            sys.executable,
            _odoo_bin(),
            "-c",
            conf,
            "-d",
            database,
            f"--db-filter=^{database}$",
            f"--http-port={port}",
            "--max-cron-threads=0",
            f"--logfile={log}",
        ],
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(url + "/web/login", timeout=5).read()
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                pytest.fail(f"Odoo did not start, see {log}")
            time.sleep(1)
    yield {"url": url, "db": database}
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)

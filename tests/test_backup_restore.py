"""make backup / make restore on the test database (with demo data): the restored copy
has the same ledger, to the grosz, and a tampered archive is refused."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(ROOT / "scripts" / "hoa_backup.py")

LEDGER = """
    SELECT company_id, account_id, sum(debit - credit)
    FROM account_move_line WHERE parent_state = 'posted'
    GROUP BY company_id, account_id ORDER BY company_id, account_id
"""
UNITS = """
    SELECT u.id, u.company_id, coalesce(sum(l.debit - l.credit), 0), count(l.id)
    FROM hoa_unit u LEFT JOIN account_move_line l
        ON l.hoa_unit_id = u.id AND l.parent_state = 'posted'
    GROUP BY u.id, u.company_id ORDER BY u.id
"""
ATTACHMENTS = """
    SELECT store_fname, checksum FROM ir_attachment
    WHERE store_fname IS NOT NULL ORDER BY store_fname
"""


def _query(dbname, sql, params=None):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def _tool(*args):
    return subprocess.run(
        [sys.executable, SCRIPT, *args], capture_output=True, text=True, check=False
    )


def _filestore(conf, dbname):
    for line in Path(conf).read_text().splitlines():
        if line.replace(" ", "").startswith("data_dir="):
            return Path(line.split("=", 1)[1].strip()) / "filestore" / dbname
    pytest.skip("no data_dir in the Odoo configuration")


@pytest.fixture(scope="module")
def setting():
    database = os.environ.get("HOA_TEST_DB")
    conf = os.environ.get("HOA_ODOO_CONF")
    if not (database and conf):
        pytest.skip("HOA_TEST_DB/HOA_ODOO_CONF not set: run through `make test`")
    return {"db": database, "conf": conf}


@pytest.fixture(scope="module")
def archive(setting, tmp_path_factory):
    folder = tmp_path_factory.mktemp("backups")
    done = _tool(
        "backup", "--conf", setting["conf"], "--dir", str(folder), setting["db"]
    )
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path.parent == folder and path.name.startswith(setting["db"] + "_")
    return path


def _drop(conf, dbname):
    subprocess.run(["dropdb", "--if-exists", "--force", dbname], check=False)
    filestore = _filestore(conf, dbname)
    if filestore.exists():
        subprocess.run(["rm", "-rf", str(filestore)], check=True)


def test_backup_restore_same_ledger(setting, archive):
    copy = setting["db"] + "_restored"
    _drop(setting["conf"], copy)
    try:
        done = _tool("restore", "--conf", setting["conf"], str(archive), copy)
        assert done.returncode == 0, done.stderr
        ledger = _query(setting["db"], LEDGER)
        assert ledger, "the demo database has no posted entries"
        assert _query(copy, LEDGER) == ledger
        units = _query(setting["db"], UNITS)
        assert any(row[3] for row in units), "no unit has posted lines"
        assert _query(copy, UNITS) == units
        # the filestore came back: every stored attachment file is there, same bytes
        filestore = _filestore(setting["conf"], copy)
        for fname, _checksum in _query(copy, ATTACHMENTS):
            assert (filestore / fname).is_file(), fname
        # a second restore under the same name is refused, nothing touched
        again = _tool("restore", "--conf", setting["conf"], str(archive), copy)
        assert again.returncode != 0
        assert "already exists" in again.stderr
    finally:
        _drop(setting["conf"], copy)


def test_manifest(archive, setting):
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == [
            "db.dump",
            "filestore.tar.gz",
            "manifest.json",
        ]
    done = _tool("verify", str(archive))
    assert done.returncode == 0, done.stderr
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"] == setting["db"]
    assert manifest["odoo_series"] == "18.0"
    assert manifest["modules"]["hoa_billing"].startswith("18.0.")
    assert len(manifest["files"]["db.dump"]["sha256"]) == 64


def test_tampered_archive_refused(setting, archive, tmp_path):
    tampered = tmp_path / archive.name
    data = bytearray(archive.read_bytes())
    # flip one byte inside the dump (after the manifest and the dump's tar header)
    with tarfile.open(archive) as tar:
        member = tar.getmember("db.dump")
        offset = member.offset_data + member.size // 2
    data[offset] ^= 0xFF
    tampered.write_bytes(bytes(data))
    copy = setting["db"] + "_tampered"
    _drop(setting["conf"], copy)
    done = _tool("restore", "--conf", setting["conf"], str(tampered), copy)
    assert done.returncode != 0
    assert "checksum of db.dump does not match" in done.stderr
    exists = _query(
        "postgres", "SELECT count(*) FROM pg_database WHERE datname = %s", (copy,)
    )
    assert exists == [(0,)]

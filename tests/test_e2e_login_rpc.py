"""First end-to-end test: log in over HTTP as a resident and as staff; read a unit over
JSON-RPC; a resident cannot read another community's unit."""

import itertools
import re

import requests

_ids = itertools.count(1)


def _login(base, login, password):
    session = requests.Session()
    page = session.get(base["url"] + "/web/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(
        base["url"] + "/web/login",
        data={
            "login": login,
            "password": password,
            "csrf_token": token,
            "db": base["db"],
        },
        timeout=60,
    )
    return session, response


def _rpc(base, service, method, *args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": list(args)},
        "id": next(_ids),
    }
    return requests.post(base["url"] + "/jsonrpc", json=payload, timeout=60).json()


def test_resident_logs_in_to_the_portal(odoo_server):
    session, response = _login(odoo_server, "resident", "resident")
    assert response.status_code == 200
    assert "/my" in response.url
    account = session.get(odoo_server["url"] + "/my/account", timeout=30)
    assert account.status_code == 200
    assert 'name="email"' in account.text  # the resident's own account form


def test_wrong_password_is_refused(odoo_server):
    _session, response = _login(odoo_server, "resident", "not-the-password")
    assert response.url.endswith("/web/login")
    assert "alert-danger" in response.text


def test_staff_logs_in_to_the_backend(odoo_server):
    session, response = _login(odoo_server, "accountant", "accountant")
    assert response.status_code == 200
    assert "/odoo" in response.url or "/web" in response.url
    info = session.post(
        odoo_server["url"] + "/web/session/get_session_info",
        json={"jsonrpc": "2.0", "method": "call", "params": {}},
        timeout=30,
    ).json()["result"]
    assert info["username"] == "accountant"
    assert len(info["user_companies"]["allowed_companies"]) >= 2


def test_jsonrpc_reads_a_unit(odoo_server):
    db = odoo_server["db"]
    uid = _rpc(odoo_server, "common", "login", db, "accountant", "accountant")["result"]
    assert uid
    units = _rpc(
        odoo_server,
        "object",
        "execute_kw",
        db,
        uid,
        "accountant",
        "hoa.unit",
        "search_read",
        [[["building_id.code", "=", "L12"], ["name", "=", "5"]]],
        {"fields": ["name", "share", "virtual_account", "area_usable"]},
    )["result"]
    assert len(units) == 1
    assert units[0]["virtual_account"].startswith("PL")
    assert "/" in units[0]["share"]


def test_jsonrpc_resident_cannot_read_other_community(odoo_server):
    db = odoo_server["db"]
    uid = _rpc(odoo_server, "common", "login", db, "resident", "resident")["result"]
    own = _rpc(
        odoo_server,
        "object",
        "execute_kw",
        db,
        uid,
        "resident",
        "hoa.unit",
        "search_read",
        [[]],
        {"fields": ["name", "company_id"]},
    )["result"]
    assert len(own) == 1
    admin = _rpc(odoo_server, "common", "login", db, "admin", "admin")["result"]
    kyiv_ids = _rpc(
        odoo_server,
        "object",
        "execute_kw",
        db,
        admin,
        "admin",
        "hoa.unit",
        "search",
        [[["company_id.country_id.code", "=", "UA"]]],
        {"limit": 1},
    )["result"]
    answer = _rpc(
        odoo_server,
        "object",
        "execute_kw",
        db,
        uid,
        "resident",
        "hoa.unit",
        "read",
        [kyiv_ids],
        {"fields": ["name"]},
    )
    assert "error" in answer
    assert "AccessError" in answer["error"]["data"]["name"]

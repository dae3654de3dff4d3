"""The office accountant bills a month over JSON-RPC, as the web client does:
preview, bill, a second run that bills nothing, and the XLSX export."""

import itertools

import requests
from test_e2e_login_rpc import _login

_ids = itertools.count(1000)


def _call(base, uid, password, model, method, args, kwargs=None):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [base["db"], uid, password, model, method, args, kwargs or {}],
        },
        "id": next(_ids),
    }
    answer = requests.post(base["url"] + "/jsonrpc", json=payload, timeout=300).json()
    assert "error" not in answer, answer.get("error")
    return answer["result"]


def _uid(base, login):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "common",
            "method": "login",
            "args": [base["db"], login, login],
        },
        "id": next(_ids),
    }
    return requests.post(base["url"] + "/jsonrpc", json=payload, timeout=60).json()[
        "result"
    ]


def test_accountant_bills_a_month(odoo_server):
    uid = _uid(odoo_server, "accountant")
    company = _call(
        odoo_server,
        uid,
        "accountant",
        "res.company",
        "search_read",
        [[["name", "ilike", "Lea"]]],
        {"fields": ["id"]},
    )[0]["id"]
    context = {"allowed_company_ids": [company], "lang": "en_US"}
    run_id = _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "create",
        [{"company_id": company, "period_date": "2027-03-01"}],
        {"context": context},
    )
    _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "action_preview",
        [[run_id]],
        {"context": context},
    )
    fields = ["state", "amount_total", "move_count", "error_count", "line_count"]
    preview = _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "read",
        [[run_id], fields],
        {"context": context},
    )[0]
    assert preview["state"] == "preview"
    assert preview["amount_total"] > 0
    assert preview["move_count"] == 0
    _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "action_start",
        [[run_id]],
        {"context": context},
    )
    billed = _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "read",
        [[run_id], fields],
        {"context": context},
    )[0]
    assert billed["state"] == "done"
    assert billed["move_count"] > 0
    assert round(billed["amount_total"], 2) == round(preview["amount_total"], 2)
    invoices = _call(
        odoo_server,
        uid,
        "accountant",
        "account.move",
        "search_read",
        [[["hoa_billing_run_id", "=", run_id]]],
        {"fields": ["state", "amount_total", "hoa_unit_id"], "context": context},
    )
    assert len(invoices) == billed["move_count"]
    assert {i["state"] for i in invoices} == {"posted"}
    assert round(sum(i["amount_total"] for i in invoices), 2) == round(
        billed["amount_total"], 2
    )

    # the same month again: nothing is billed twice
    again = _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "create",
        [{"company_id": company, "period_date": "2027-03-01"}],
        {"context": context},
    )
    _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "action_start",
        [[again]],
        {"context": context},
    )
    second = _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "read",
        [[again], fields],
        {"context": context},
    )[0]
    assert (second["state"], second["move_count"]) == ("done", 0)

    # the spreadsheet of the run downloads in the accountant's session
    action = _call(
        odoo_server,
        uid,
        "accountant",
        "hoa.billing.run",
        "action_export_xlsx",
        [[run_id]],
        {"context": context},
    )
    session, _response = _login(odoo_server, "accountant", "accountant")
    download = session.get(odoo_server["url"] + action["url"], timeout=60)
    assert download.status_code == 200
    assert download.content[:2] == b"PK"  # a zip: the xlsx


def test_resident_cannot_start_a_run(odoo_server):
    uid = _uid(odoo_server, "resident")
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [
                odoo_server["db"],
                uid,
                "resident",
                "hoa.billing.run",
                "search_read",
                [[]],
                {"fields": ["name"]},
            ],
        },
        "id": next(_ids),
    }
    answer = requests.post(
        odoo_server["url"] + "/jsonrpc", json=payload, timeout=60
    ).json()
    assert "error" in answer
    assert "AccessError" in answer["error"]["data"]["name"]

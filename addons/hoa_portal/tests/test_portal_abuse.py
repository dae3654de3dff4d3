"""Abuse sweep over every portal route the server serves (/my/* and hoa_* routes):
anonymous visitors, another resident's ids, missing CSRF tokens, and malformed or
oversized input (hypothesis) on the portal forms.

ROUTES must list every such route: a new route fails test_every_route_is_covered
until it is added here (and so is attacked by the sweep). Routes of the modules built
on hoa_portal are theirs to sweep (``_portal_rules(env, exclude=...)``)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command, fields
from odoo.tests import tagged

from .common_p3 import HoaPortalP3Case

# rule -> how it is attacked:
#   "list"    a page of the visitor's own records: anonymous visitors are sent to log in
#   "object"  a page of one record: another resident's id is refused (403/404 or sent
#             away), anonymous visitors are sent to log in
#   "json"    a JSON route: anonymous calls answer an error
#   "public"  auth="public" with an access token: without the token, nothing shown
#   "published" auth="public" pages of published communities (controllers/public.py):
#             anyone gets 200 for a published community's public content, 404 for
#             anything else (the sweep's ids: an unpublished community's)
ROUTES = {
    "/my": "list",
    "/my/home": "list",
    "/my/account": "list",
    "/my/counters": "json",
    "/my/deactivate_account": "list",
    "/my/payment_method": "list",
    "/my/security": "list",
    "/my/invoices": "list",
    "/my/invoices/page/<int:page>": "list",
    "/my/invoices/overdue": "list",
    "/my/invoices/<int:invoice_id>": "public",
    "/my/units": "list",
    "/my/units/<int:unit_id>": "object",
    "/my/units/<int:unit_id>/statement": "object",
    "/my/units/<int:unit_id>/payment_form": "object",
    "/my/units/<int:unit_id>/pay": "object",
    "/my/units/<int:unit_id>/transaction": "json",
    "/my/readings": "list",
    "/my/readings/<int:meter_id>/new": "object",
    "/my/board": "list",
    "/my/board/<int:community_id>": "object",
    "/my/tickets": "list",
    "/my/tickets/page/<int:page>": "list",
    "/my/tickets/new": "list",
    "/my/tickets/<int:ticket_id>": "public",
    "/my/announcements": "list",
    "/my/announcements/page/<int:page>": "list",
    "/my/announcements/new": "list",
    "/my/announcements/<int:announcement_id>": "object",
    "/my/documents": "list",
    "/my/documents/page/<int:page>": "list",
    "/my/documents/<int:document_id>/files/<int:attachment_id>": "object",
    "/my/contact": "list",
    "/my/notifications": "list",
    "/my/requests": "list",
    "/my/requests/occupants": "list",
    "/my/requests/quantity": "list",
    "/my/autopay": "list",
    "/my/autopay/new": "list",
    "/my/autopay/<int:mandate_id>": "object",
    "/my/autopay/<int:mandate_id>/cancel": "object",
    "/my/notifications/channels": "list",
    "/communities": "published",
    "/community/<string:slug>": "published",
    "/community/<string:slug>/documents/<int:document_id>/files/<int:attachment_id>": (
        "published"
    ),
    "/my/supplier": "list",
    "/my/supplier/payments/<int:payment_id>": "object",
}

NUMBERS = st.one_of(
    st.integers(max_value=-1).map(str),
    st.integers(min_value=10**12, max_value=10**30).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "1e999", "0x10", "1_000", ""]),
    st.text(min_size=1, max_size=40).filter(lambda t: not _number(t)),
    st.just("<script>alert(1)</script>"),
    st.text(min_size=5000, max_size=20000),
)


def _number(text):
    try:
        value = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return False
    return value == value and abs(value) < 10**9  # noqa: PLR0124 - NaN check


def _portal_rules(env, exclude=None):
    """{rule: (methods, type, auth, csrf)} of the routes under /my and of hoa_*,
    but those of the modules built on hoa_portal (``exclude``; by default found in
    the database): each sweeps its own routes (e.g. hoa_voting's tests)."""
    if exclude is None:
        exclude = (
            env["ir.module.module"]
            .search([("name", "=", "hoa_portal")])
            .downstream_dependencies()
            .mapped("name")
        )
    prefixes = tuple(f"odoo.addons.{name}." for name in exclude)
    found = {}
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        module = getattr(endpoint, "original_endpoint", endpoint).__module__
        if prefixes and module.startswith(prefixes):
            continue
        if rule.rule.startswith("/my") or module.startswith("odoo.addons.hoa_"):
            routing = endpoint.routing
            methods, kind, auth, csrf = found.get(rule.rule, (set(), "", "", True))
            found[rule.rule] = (
                methods | set(rule.methods or {"GET", "POST"}),
                routing.get("type"),
                routing.get("auth"),
                csrf and routing.get("csrf", True),
            )
    return found


@tagged("post_install", "-at_install")
class TestPortalAbuse(HoaPortalP3Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Jan's records, attacked by Anna; another community's, attacked by both
        cls.jan_invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.jan.id,
                "hoa_unit_id": cls.unit_2.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Maintenance", "price_unit": 100.0, "tax_ids": []}
                    )
                ],
            }
        )
        cls.jan_invoice.action_post()
        cls.jan_ticket = cls.env["hoa.ticket"].create(
            {
                "name": "Jan's leaking pipe",
                "unit_id": cls.unit_2.id,
                "company_id": cls.community.id,
                "reporter_partner_id": cls.jan.id,
            }
        )
        cls.other = cls.env["res.company"].create(
            {"name": "WM Obca", "is_hoa_community": True}
        )
        cls.other_announcement = cls.env["hoa.announcement"].create(
            {
                "name": "Not yours",
                "company_id": cls.other.id,
                "body": "<p>Other community</p>",
                "is_published": True,
            }
        )
        cls.other_document = cls.env["hoa.document"].create(
            {
                "name": "Board minutes",
                "company_id": cls.other.id,
                "visibility": "owners",
            }
        )
        cls.other_attachment = cls.env["ir.attachment"].create(
            {
                "name": "minutes.txt",
                "raw": b"secret",
                "res_model": "hoa.document",
                "res_id": cls.other_document.id,
            }
        )
        provider = cls.env["payment.provider"]._hoa_demo_providers(cls.community)
        jan_token = cls.env["payment.token"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": cls.env.ref("payment_demo.payment_method_demo").id,
                "partner_id": cls.jan.id,
                "payment_details": "1111",
                "provider_ref": "demo-jan",
                "demo_simulated_state": "done",
            }
        )
        cls.jan_mandate = cls.env["hoa.autopay.mandate"].create(
            {
                "partner_id": cls.jan.id,
                "company_id": cls.community.id,
                "unit_ids": [Command.set(cls.unit_2.ids)],
                "token_id": jan_token.id,
            }
        )
        # a payment of the community to a supplier: not Anna's
        supplier = cls.env["res.partner"].create({"name": "Dostawca Obcy"})
        cls.supplier_payment = cls.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": supplier.id,
                "amount": 100.0,
                "journal_id": cls.env["account.journal"]
                .search(
                    [("company_id", "=", cls.community.id), ("type", "=", "bank")],
                    limit=1,
                )
                .id,
            }
        )
        cls.supplier_payment.action_post()
        cls.foreign = {
            "unit_id": cls.unit_2.id,
            "meter_id": cls.meter_2.id,
            "invoice_id": cls.jan_invoice.id,
            "ticket_id": cls.jan_ticket.id,
            "announcement_id": cls.other_announcement.id,
            "document_id": cls.other_document.id,
            "attachment_id": cls.other_attachment.id,
            "community_id": cls.other.id,
            "mandate_id": cls.jan_mandate.id,
            "slug": "wm-obca",
            "payment_id": cls.supplier_payment.id,
            "page": 1,
        }
        cls.other.hoa_public_slug = "wm-obca"  # not published
        # a published community with a public document, for the "published" kind
        cls.community.hoa_public_published = True
        cls.public_document = cls.env["hoa.document"].create(
            {
                "name": "Statute",
                "company_id": cls.community.id,
                "visibility": "public",
            }
        )
        cls.public_attachment = cls.env["ir.attachment"].create(
            {
                "name": "statute.txt",
                "raw": b"public",
                "res_model": "hoa.document",
                "res_id": cls.public_document.id,
            }
        )
        cls.public_document.attachment_ids = cls.public_attachment
        cls.published = dict(
            cls.foreign,
            slug=cls.community.hoa_public_slug,
            document_id=cls.public_document.id,
            attachment_id=cls.public_attachment.id,
        )

    def _url(self, rule, ids=None):
        ids = ids or self.foreign
        return re.sub(r"<(?:int|string):(\w+)>", lambda m: str(ids[m.group(1)]), rule)

    @staticmethod
    def _path(url):
        """The path without host, query and language prefix (/en/my -> /my)."""
        path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
        return re.sub(r"^/[a-z]{2}(_[A-Za-z]{2,4})?(?=/)", "", path)

    def _refused(self, response, url):
        """403/404 (or 400/405 for a form), or, redirects followed, another page
        than the one asked for (log in, /my, the list)."""
        if response.status_code in (400, 403, 404, 405):
            return True
        return self._path(response.url) != self._path(url)

    def _counts(self):
        return {
            model: self.env[model].sudo().search_count([])
            for model in (
                "hoa.meter.reading",
                "hoa.ticket",
                "hoa.announcement",
                "hoa.change.request",
                "payment.transaction",
                "hoa.autopay.mandate",
                "hoa.read.receipt",
            )
        }

    def test_every_route_is_covered(self):
        rules = _portal_rules(self.env)
        missing = sorted(set(rules) - set(ROUTES))
        self.assertFalse(
            missing, f"portal routes not covered by the abuse sweep: {missing}"
        )
        # no portal form may switch off Odoo's CSRF check
        without_csrf = [rule for rule, spec in rules.items() if not spec[3]]
        self.assertFalse(without_csrf, f"routes without CSRF check: {without_csrf}")

    def test_anonymous_visitor(self):
        before = self._counts()
        rules = _portal_rules(self.env)
        for rule, kind in ROUTES.items():
            if rule not in rules:
                continue
            url = self._url(rule)
            with self.subTest(rule=rule):
                if kind == "published":
                    self._assert_published(rule)
                    continue
                if kind == "json":
                    answer = self.url_open(
                        url,
                        data='{"jsonrpc": "2.0", "method": "call", "params": {}}',
                        headers={"Content-Type": "application/json"},
                    ).json()
                    self.assertIn("error", answer)
                    continue
                response = self.url_open(url)
                self.assertTrue(self._refused(response, url), response.status_code)
                if response.status_code == 200:
                    self.assertEqual(self._path(response.url), "/web/login", url)
        self.assertEqual(self._counts(), before)

    def test_other_residents_ids(self):
        self.authenticate("p3_anna", "p3_anna")
        before = self._counts()
        for rule, kind in ROUTES.items():
            if kind not in ("object", "public", "published"):
                continue
            if kind == "published" and "<" not in rule:
                continue  # the landing page: public by design
            url = self._url(rule)
            with self.subTest(rule=rule):
                response = self.url_open(url)
                self.assertTrue(
                    self._refused(response, url),
                    f"{url} answered {response.status_code} to another resident",
                )
        # JSON: paying Jan's unit from Anna's session
        answer = self.url_open(
            self._url("/my/units/<int:unit_id>/transaction"),
            data='{"jsonrpc": "2.0", "method": "call", "params": {"amount": 10}}',
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("error", answer)
        # POST with a valid token on Jan's meter: refused, nothing written
        token = self._csrf_token()
        url = self._url("/my/readings/<int:meter_id>/new")
        response = self.url_open(
            url, data={"csrf_token": token, "value": "999", "date": str(self.today())}
        )
        self.assertTrue(self._refused(response, url))
        self.assertEqual(self._counts(), before)

    def _assert_published(self, rule):
        """200 for the published community's content; 404 for the unpublished
        community's ids (the landing page has none: it is always there)."""
        response = self.url_open(self._url(rule, self.published))
        self.assertEqual(response.status_code, 200, rule)
        if "<" in rule:
            response = self.url_open(self._url(rule))
            self.assertEqual(response.status_code, 404, rule)

    def test_csrf_required_on_every_post(self):
        self.authenticate("p3_anna", "p3_anna")
        rules = _portal_rules(self.env)
        before = self._counts()
        own = dict(self.foreign, unit_id=self.unit.id, meter_id=self.meter.id)
        for rule, (methods, kind, _auth, _csrf) in rules.items():
            if kind != "http" or "POST" not in methods:
                continue
            url = re.sub(r"<int:(\w+)>", lambda m, own=own: str(own[m.group(1)]), rule)
            with self.subTest(rule=rule):
                response = self.url_open(
                    url,
                    data={"value": "123", "name": "No token", "description": "x" * 30},
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 400, url)
        self.assertEqual(self._counts(), before)

    def _csrf_token(self):
        page = self.url_open("/my/tickets/new").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def today(self):
        return fields.Date.context_today(self.env.user)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(value=NUMBERS, note=st.text(max_size=3000))
    def test_malformed_readings_refused(self, value, note):
        """Negative, huge, non-numeric or script values: a clear error, no reading."""
        if "_abuse_token" not in vars(self):  # once per test, not per example
            self.authenticate("p3_anna", "p3_anna")
            self._abuse_token = self._csrf_token()
        before = self.env["hoa.meter.reading"].sudo().search_count([])
        response = self.url_open(
            f"/my/readings/{self.meter.id}/new",
            data={
                "csrf_token": self._abuse_token,
                "value": value,
                "date": str(self.today()),
                "note": note,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200, value[:50])
        self.assertIn("alert-danger", response.text, value[:50])
        self.assertNotIn("<script>alert(1)</script>", response.text)
        self.assertEqual(self.env["hoa.meter.reading"].sudo().search_count([]), before)

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        title=st.one_of(
            st.text(max_size=2),
            st.text(min_size=121, max_size=5000),
            st.just("   "),
        ),
        description=st.text(max_size=20000),
    )
    def test_malformed_tickets_refused(self, title, description):
        """Too short or too long titles: a clear error and no ticket."""
        if "_abuse_token" not in vars(self):  # once per test, not per example
            self.authenticate("p3_anna", "p3_anna")
            self._abuse_token = self._csrf_token()
        before = self.env["hoa.ticket"].sudo().search_count([])
        response = self.url_open(
            "/my/tickets/new",
            data={
                "csrf_token": self._abuse_token,
                "unit_id": str(self.unit.id),
                "kind": "other",
                "name": title,
                "description": description,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.text, "invalid-feedback|alert-danger")
        self.assertEqual(self.env["hoa.ticket"].sudo().search_count([]), before)

    def test_nul_characters_never_crash(self):
        """PostgreSQL refuses NUL characters in text: a form answers, never a 500."""
        self.authenticate("p3_anna", "p3_anna")
        token = self._csrf_token()
        response = self.url_open(
            f"/my/readings/{self.meter.id}/new",
            data={
                "csrf_token": token,
                "value": "101.5",
                "date": str(self.today()),
                "note": "before\x00after",
            },
        )
        self.assertEqual(response.status_code, 200)
        reading = self.env["hoa.meter.reading"].search(
            [("meter_id", "=", self.meter.id)], order="id desc", limit=1
        )
        self.assertEqual(reading.note, "beforeafter")
        response = self.url_open(
            "/my/tickets/new",
            data={
                "csrf_token": token,
                "unit_id": str(self.unit.id),
                "kind": "other",
                "name": "Door\x00bell",
                "description": "The door bell\x00 does not ring at all.",
            },
        )
        self.assertNotEqual(response.status_code, 500)

    def test_login_cooldown(self):
        """Repeated failed logins are slowed down (hoa_base sets Odoo's cooldown)."""
        params = self.env["ir.config_parameter"].sudo()
        after = int(params.get_param("base.login_cooldown_after"))
        self.assertLessEqual(after, 10)
        self.assertGreaterEqual(
            int(params.get_param("base.login_cooldown_duration")), 60
        )
        try:
            for _attempt in range(after):
                page = self.url_open("/web/login").text
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                response = self.url_open(
                    "/web/login",
                    data={"login": "p3_anna", "password": "wrong", "csrf_token": token},
                )
                self.assertIn("Wrong login/password", response.text)
            page = self.url_open("/web/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            # even the right password is refused during the cooldown
            response = self.url_open(
                "/web/login",
                data={"login": "p3_anna", "password": "p3_anna", "csrf_token": token},
            )
            self.assertIn("Too many login failures", response.text)
        finally:
            # the failures are kept per address in the registry: clear ours
            self.registry._login_failures.clear()

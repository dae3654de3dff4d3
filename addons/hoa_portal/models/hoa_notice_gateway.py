"""An HTTP gateway that delivers SMS or messenger notices (an SMS provider's API, a
messenger bot API): the office configures its address, token and templates; the
messages queued for it are sent by a cron (hoa.notice.message)."""

import json
import re
from urllib.parse import quote_plus, urlparse

import requests

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
PLACEHOLDERS = ("recipient", "text", "token")
# Values used to check the templates on save: quotes, ampersands and non-ASCII text
# prove that each placeholder is inside a JSON string and escaped right.
SAMPLE = {
    "recipient": '+48 600 "100" 200',
    "text": 'Zaległość: 12,50 zł & "odsetki" {}',
    "token": "t0k&n\"'",
}


class HoaNoticeGateway(models.Model):
    _name = "hoa.notice.gateway"
    _description = "Notice Gateway"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    channel = fields.Selection(
        [("sms", "SMS"), ("messenger", "Messenger")],
        required=True,
        default="sms",
        help="The notices this gateway delivers: to phone numbers (SMS) or to "
        "messenger chat ids.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Community",
        index=True,
        help="Leave empty to use the gateway for every community of the office.",
    )
    url = fields.Char(
        string="URL",
        required=True,
        help="The address the notices are sent to. {{token}}, {{recipient}} and "
        "{{text}} may be used in it (e.g. a bot API that takes the token in the "
        "address).",
    )
    method = fields.Selection(
        [("POST", "POST"), ("PUT", "PUT")], required=True, default="POST"
    )
    content_type = fields.Selection(
        [("json", "JSON"), ("form", "Form (URL-encoded)")],
        required=True,
        default="json",
    )
    token = fields.Char(
        groups="hoa_base.group_hoa_manager",
        copy=False,
        help="The secret key of the gateway's account; put it where needed with "
        "{{token}}.",
    )
    headers_template = fields.Text(
        string="Headers",
        default='{"Authorization": "Bearer {{token}}"}',
        help="A JSON object of HTTP headers; {{token}} is replaced by the token.",
    )
    body_template = fields.Text(
        string="Body",
        required=True,
        default='{"to": "{{recipient}}", "text": "{{text}}"}',
        help="The request body with {{recipient}} (phone number or chat id) and "
        "{{text}}: a JSON document, or name=value pairs joined by & for a form.",
    )
    timeout = fields.Float(
        string="Timeout (s)", default=10.0, help="Seconds to wait for an answer."
    )
    max_attempts = fields.Integer(
        default=5,
        help="After this many failed attempts (time-out, server error, connection "
        "refused) a message is marked failed.",
    )
    retry_delay = fields.Integer(
        string="First Retry After (min)",
        default=5,
        help="Minutes before the first retry; each next retry waits twice as long.",
    )
    message_ids = fields.One2many("hoa.notice.message", "gateway_id")
    message_count = fields.Integer(compute="_compute_message_count")

    def _compute_message_count(self):
        counts = dict(
            self.env["hoa.notice.message"]._read_group(
                [("gateway_id", "in", self.ids)], ["gateway_id"], ["__count"]
            )
        )
        for gateway in self:
            gateway.message_count = counts.get(gateway, 0)

    @api.constrains(
        "url",
        "method",
        "content_type",
        "headers_template",
        "body_template",
        "timeout",
        "max_attempts",
        "retry_delay",
    )
    def _check_templates(self):
        for gateway in self:
            if not 0.5 <= gateway.timeout <= 120:
                raise ValidationError(
                    _("The timeout must be between 0.5 and 120 seconds.")
                )
            if not 1 <= gateway.max_attempts <= 20:
                raise ValidationError(
                    _("The number of attempts must be between 1 and 20.")
                )
            if not 1 <= gateway.retry_delay <= 1440:
                raise ValidationError(
                    _("The first retry must wait between 1 and 1440 minutes.")
                )
            for label, template in (
                (_("URL"), gateway.url),
                (_("Headers"), gateway.headers_template),
                (_("Body"), gateway.body_template),
            ):
                unknown = set(PLACEHOLDER.findall(template or "")) - set(PLACEHOLDERS)
                if unknown:
                    raise ValidationError(
                        _(
                            "%(field)s of gateway %(name)s uses unknown placeholders "
                            "%(unknown)s; allowed are {{recipient}}, {{text}} and "
                            "{{token}}.",
                            field=label,
                            name=gateway.name,
                            unknown=", ".join(sorted(unknown)),
                        )
                    )
            body = gateway.body_template or ""
            if not {"recipient", "text"} <= set(PLACEHOLDER.findall(body)) | set(
                PLACEHOLDER.findall(gateway.url or "")
            ):
                raise ValidationError(
                    _(
                        "Gateway %(name)s must put {{recipient}} and {{text}} in its "
                        "body or URL.",
                        name=gateway.name,
                    )
                )
            gateway._render(SAMPLE["recipient"], SAMPLE["text"], SAMPLE["token"])

    # ------------------------------------------------------------------ sending
    def _render(self, recipient, text, token):
        """(url, headers, body bytes) of a request; a ValidationError naming the
        part of the configuration that does not give a valid request."""
        self.ensure_one()
        values = {"recipient": recipient, "text": text, "token": token or ""}

        def fill(template, escape):
            return PLACEHOLDER.sub(lambda m: escape(values[m.group(1)]), template)

        def json_escape(value):
            return json.dumps(value, ensure_ascii=False)[1:-1]

        url = fill(self.url or "", lambda value: quote_plus(value, safe=""))
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValidationError(
                _(
                    "The URL %(url)s of gateway %(name)s is not an http:// or https:// "
                    "address.",
                    url=self.url,
                    name=self.name,
                )
            )
        headers = {}
        if (self.headers_template or "").strip():
            try:
                headers = json.loads(fill(self.headers_template, json_escape))
            except ValueError:
                headers = None
            if not isinstance(headers, dict) or not all(
                isinstance(value, str) for value in headers.values()
            ):
                raise ValidationError(
                    _(
                        "The headers of gateway %(name)s must be a JSON object of "
                        'texts, e.g. {"Authorization": "Bearer {{token}}"}.',
                        name=self.name,
                    )
                )
        if self.content_type == "json":
            body = fill(self.body_template or "", json_escape)
            try:
                json.loads(body)
            except ValueError as error:
                raise ValidationError(
                    _(
                        "The body of gateway %(name)s is not valid JSON once filled "
                        "in (put each placeholder inside quotes): %(error)s",
                        name=self.name,
                        error=str(error),
                    )
                ) from error
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
        else:
            body = fill(
                (self.body_template or "").strip(),
                lambda value: quote_plus(value, safe=""),
            )
            headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8"
            )
        return url, headers, body.encode()

    def _deliver(self, recipient, text):
        """Send one notice. Returns (outcome, detail, response text) where outcome
        is "sent", "retry" (time-out, connection refused, HTTP 5xx, 408 or 429: the
        gateway may succeed later) or "failed" (HTTP 4xx, a broken request: it
        never will). The token never appears in what is returned."""
        self.ensure_one()
        token = self.sudo().token or ""
        url, headers, body = self._render(recipient, text, token)

        def scrub(value):
            value = value or ""
            for secret in {token, quote_plus(token, safe="")} - {""}:
                value = value.replace(secret, "***")
            return value[:2000]

        try:
            response = requests.request(
                self.method, url, data=body, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            return (
                "retry",
                _("No answer within %(seconds)s s.", seconds=self.timeout),
                "",
            )
        except requests.ConnectionError as error:
            return "retry", scrub(_("Connection failed: %(error)s", error=error)), ""
        except requests.RequestException as error:
            return "failed", scrub(_("Request refused: %(error)s", error=error)), ""
        answer = scrub(response.text)
        status = response.status_code
        if 200 <= status < 300:
            return "sent", "", answer
        detail = _("HTTP %(status)s %(reason)s", status=status, reason=response.reason)
        if status >= 500 or status in (408, 429):
            return "retry", detail, answer
        return "failed", detail, answer

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hoa_portal.hoa_notice_message_action"
        )
        action["domain"] = [("gateway_id", "=", self.id)]
        return action

"""A fake SMS / messenger gateway for the tests: a real HTTP server on 127.0.0.1
(http.server in a thread, on a free port) that answers each request as its plan
says: a status code, or "timeout" (it answers too late)."""

import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_logger = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with server.lock:
            server.received.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            plan = server.plans.get(self.path.split("?")[0], [])
            answer = plan.pop(0) if plan else server.default
        if answer == "timeout":
            time.sleep(server.slow_seconds)
            answer = 200
        payload = json.dumps({"status": answer, "id": len(server.received)}).encode()
        try:
            self.send_response(answer)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError as error:
            # the client gave up waiting (the time-out case)
            _logger.debug("fake gateway: client gone: %s", error)

    do_PUT = do_POST

    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        return  # keep the test log quiet


class FakeGateway:
    """``with FakeGateway() as gateway``: ``gateway.url(path)``, ``gateway.plans``
    (path -> list of answers), ``gateway.received`` (the requests)."""

    def __init__(self, default=200, slow_seconds=1.5):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.lock = threading.Lock()
        self.server.received = []
        self.server.plans = {}
        self.server.default = default
        self.server.slow_seconds = slow_seconds
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    @property
    def received(self):
        return self.server.received

    @property
    def plans(self):
        return self.server.plans

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"


def closed_port():
    """A port of 127.0.0.1 nobody listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

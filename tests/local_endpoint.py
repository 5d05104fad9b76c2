"""What the fake AWS endpoints share: the ``awsJson1_1`` protocol, served on localhost in a thread.

A request is ``POST /`` with ``X-Amz-Target: <Service>.<Operation>`` and a JSON body; an error is
HTTP 400 with ``{"__type": code, "message": ...}`` and ``x-amzn-ErrorType``, as botocore parses
it. Each fake subclasses ``JsonHandler`` with its ``answer`` and serves it with ``LocalServer``.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ApiError(Exception):
    """An error the endpoint answers with (HTTP 400 and an error code)."""

    def __init__(self, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


class JsonHandler(BaseHTTPRequestHandler):
    """Answers each ``POST`` with ``answer(target, body)``, or the ``ApiError`` it raises."""

    def answer(self, target: str, body: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        try:
            status, payload = 200, self.answer(self.headers.get("X-Amz-Target", ""), body)
        except ApiError as error:
            status, payload = 400, {"__type": error.code, "message": error.message, **error.extra}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        if status != 200:
            self.send_header("x-amzn-ErrorType", payload["__type"])
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines."""


class LocalServer:
    """``handler`` (given ``fake``) served on a free localhost port, in a thread."""

    def __init__(self, handler: type[JsonHandler], fake: object):
        bound = type("Handler", (handler,), {"fake": fake})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), bound)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

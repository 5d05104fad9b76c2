"""A fake IAM Access Analyzer on localhost: ``CheckNoNewAccess``, in the ``rest-json`` protocol.

moto has no Access Analyzer policy checks, so the tests point ``AWS_ENDPOINT_URL_ACCESSANALYZER``
at this server: ``POST /policy/check-no-new-access`` with a JSON body, a JSON answer
``{"result": "PASS" | "FAIL", "message", "reasons"}``. Its judgement is a plain rule on the
statements, enough for the tests' changes: the new document grants new access when it holds an
Allow statement the existing one lacks, or lacks a Deny statement the existing one holds
(statements compared in canonical form). Real Access Analyzer reasons about the policies'
meaning; only AWS can confirm its answers.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from local_endpoint import LocalServer

from components.aws.verify.canonical import text

PATH = "/policy/check-no-new-access"


def _statements(document: str, effect: str) -> set[str]:
    parsed = json.loads(document)
    statements = parsed.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    return {
        text({k: v for k, v in s.items() if k != "Sid"})
        for s in statements
        if s.get("Effect") == effect
    }


@dataclass
class FakeAccessAnalyzer:
    """The checks received: ``(new document, existing document, policy type)``."""

    checks: list[tuple[str, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, body: dict[str, Any]) -> dict[str, Any]:
        new, existing = body["newPolicyDocument"], body["existingPolicyDocument"]
        with self.lock:
            self.checks.append((new, existing, body["policyType"]))
        more = _statements(new, "Allow") - _statements(existing, "Allow")
        fewer = _statements(existing, "Deny") - _statements(new, "Deny")
        if more or fewer:
            return {
                "result": "FAIL",
                "message": "The modified permissions grant new access compared to your existing policy.",
                "reasons": [{"description": "New access in the statement", "statementIndex": 0}],
            }
        return {
            "result": "PASS",
            "message": "The policy document does not grant new access.",
            "reasons": [],
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeAccessAnalyzer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.path.split("?")[0] != PATH:
            status, payload = 404, {"message": f"no route {self.path}"}
        else:
            status, payload = 200, self.fake.check(body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status != 200:
            self.send_header("x-amzn-ErrorType", "ResourceNotFoundException")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines."""


class FakeAccessAnalyzerServer(LocalServer):
    """``FakeAccessAnalyzer`` served on a free localhost port, in a thread."""

    def __init__(self, fake: FakeAccessAnalyzer):
        super().__init__(_Handler, fake)  # type: ignore[arg-type]

"""Count the AWS API calls a command makes, per service and operation.

The audit must stay cheap at scale (2,000 profiles, 10,000 principals): its cost is stated as a
number of calls, so the code counts them where botocore makes them, through its ``before-call``
event, which fires once per API call (one per page of a paginated list; retries are inside it).
Commands print the total; tests assert on it.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


class CallCounter:
    """A thread-safe tally of ``(service, operation)`` calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: Counter[tuple[str, str]] = Counter()

    def attach(self, client: Any, service: str) -> None:
        """Count every call ``client`` makes, under ``service`` (the IAM prefix, ``sagemaker``)."""

        def count(model: Any, **_: Any) -> None:
            with self._lock:
                self._calls[(service, model.name)] += 1

        client.meta.events.register("before-call", count)

    def count(self, service: str | None = None, operation: str | None = None) -> int:
        """How many calls were made, optionally to one service and one operation."""
        with self._lock:
            return sum(
                n
                for (s, o), n in self._calls.items()
                if (service is None or s == service) and (operation is None or o == operation)
            )

    def by_operation(self) -> dict[str, int]:
        """``{"service:Operation": calls}``, sorted, for reports."""
        with self._lock:
            return {f"{s}:{o}": n for (s, o), n in sorted(self._calls.items())}

    def summary(self) -> str:
        """``12 AWS API calls (iam 1, sagemaker 11)``."""
        per_service: Counter[str] = Counter()
        with self._lock:
            for (service, _), n in self._calls.items():
                per_service[service] += n
        total = sum(per_service.values())
        parts = ", ".join(f"{s} {n}" for s, n in sorted(per_service.items()))
        return f"{total} AWS API call{'s' if total != 1 else ''}" + (f" ({parts})" if parts else "")

"""One overall deadline per AWS command: no endpoint holds a command past ``--timeout``.

The per-call timeouts (``session``) bound an endpoint that never answers, not one that drips a
byte every few seconds: each read then succeeds in time and the answer never ends. So each AWS
command runs its work on a worker thread and waits at most ``--timeout`` seconds for it; past
that it stops with one line (exit 1). The worker is a daemon thread, abandoned where it hangs,
and every later call it would make refuses to start (``check``), so nothing more is read or
written after the command gave up. Commands added later get this through the CLI's
``calling_aws`` without a line of their own.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from components.aws.client.errors import AwsError

Result = TypeVar("Result")

#: The monotonic time the command running in this thread must end by; set in its worker thread
#: and carried into the threads it starts (``parallel``), so an abandoned command's threads keep
#: their own deadline and nothing else is bound by it.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "studio_access_aws_deadline", default=None
)


def run_within(
    seconds: float, work: Callable[[], Result], command: str = "the command", limit: str = ""
) -> Result:
    """``work()``, or ``AwsError`` once ``seconds`` have passed without it finishing.

    ``limit`` words the deadline for the message (default: ``<seconds> s (--timeout)``).
    Whatever ``work`` raises is raised here, unchanged.
    """
    outcome: dict[str, object] = {}
    deadline = time.monotonic() + seconds

    def run() -> None:
        _DEADLINE.set(deadline)
        try:
            outcome["result"] = work()
        except BaseException as error:  # handed to the waiting thread, raised there
            outcome["error"] = error

    worker = threading.Thread(target=run, name="aws-command", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise AwsError(
            f"{command} did not finish within {limit or f'{seconds:g} s (--timeout)'}: an AWS "
            "endpoint answers "
            "too slowly or not at all. Check the network, the region and any AWS_ENDPOINT_URL in "
            "the environment; a longer --timeout waits longer"
        )
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def check(where: str) -> None:
    """Refuse to start a call once the command's deadline has passed.

    Raises:
        AwsError: the deadline has passed.
    """
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise AwsError(f"{where}: not called, the command's --timeout has passed")

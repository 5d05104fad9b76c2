"""``label: done/total`` on one line of a terminal, so a long run shows that it is moving.

Auditing thousands of profiles or waiting for SageMaker to delete apps takes minutes; without a
sign of life an operator cannot tell a slow account from a hung endpoint. The line goes to
stderr and only when stderr is a terminal: logs, CI and pipes get the command's output alone.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

#: At most this many redraws a second; the last one (done == total) is always drawn.
_REDRAWS_PER_SECOND = 5


class Progress:
    """A progress line, safe to tick from several threads; a context manager that clears it.

    Args:
        label: what is counted ("profiles read").
        total: how many there are; nothing is shown for zero.
        stream: where to draw (default: ``sys.stderr`` at the time of the call).
    """

    def __init__(self, label: str, total: int, stream: TextIO | None = None):
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._shown = total > 0 and _is_terminal(self._stream)
        self._lock = threading.Lock()
        self._last_draw = 0.0
        self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()

    def tick(self, count: int = 1) -> None:
        """Count ``count`` more done, and redraw if it is time to."""
        with self._lock:
            self.done += count
            if not self._shown:
                return
            now = time.monotonic()
            if self.done < self.total and now - self._last_draw < 1 / _REDRAWS_PER_SECOND:
                return
            self._last_draw = now
            line = f"{self.label}: {self.done}/{self.total}"
            self._stream.write("\r" + line.ljust(self._width))
            self._stream.flush()
            self._width = max(self._width, len(line))

    def clear(self) -> None:
        """Erase the line, so that what is printed next starts on a clean one."""
        with self._lock:
            if self._shown and self._width:
                self._stream.write("\r" + " " * self._width + "\r")
                self._stream.flush()
                self._width = 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False

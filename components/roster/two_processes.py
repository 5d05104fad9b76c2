"""Run one function over many independent items on two processes, where the platform can fork.

User files are independent of each other until ``users.across_files`` compares them, and CI
runners have at least two cores: a large folder is read in about half the time. The second half
runs in a forked child, whose results come back pickled through a pipe; anything that goes
wrong there (no ``fork``, the child failing or dying) is redone here, so the result is always
the one a single process gives: the same values, in the same order, and the same exceptions.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Below this many items a second process costs more than it saves (forking a process of this
#: size takes a few milliseconds; reading a user file about a tenth of one).
MIN_ITEMS = 1000


def map_in_two(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[function(item) for item in items]``, the second half computed by a forked child."""
    if len(items) < MIN_ITEMS or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [function(item) for item in items]
    half = len(items) // 2
    try:
        read, write = os.pipe()
        child = os.fork()
    except OSError:
        return [function(item) for item in items]
    if child == 0:
        _child(function, items[half:], read, write)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            first = [function(item) for item in items[:half]]
            data = pipe.read()
        except BaseException:
            os.kill(child, signal.SIGKILL)  # it may wait to write to a pipe nobody reads
            os.waitpid(child, 0)
            raise
    _, status = os.waitpid(child, 0)
    if status == 0 and data:
        second: list[Result] = pickle.loads(data)
    else:
        second = [function(item) for item in items[half:]]
    return first + second


def _child(
    function: Callable[[Item], Result], items: Sequence[Item], read: int, write: int
) -> None:
    """Compute ``items`` and write them, pickled, to ``write``; never return (``os._exit``).

    Nothing but this runs here: no collection of the parent's garbage, whose finalizers could
    write to files the parent shares (``gc.disable``), no exit handlers, no buffers flushed.
    """
    gc.disable()
    status = 1
    try:
        os.close(read)
        data = pickle.dumps([function(item) for item in items], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)

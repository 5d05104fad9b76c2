"""Run one AWS call per item on a few threads, because some calls cannot be batched.

SageMaker has no call that lists the tags of many profiles at once: ``ListTags`` takes one ARN.
For 2,000 profiles, 2,000 calls made one after the other take minutes; made on a few threads
they take seconds, while botocore's standard retry mode absorbs any throttling. A failure stops
the work that has not started and is raised as it is (an ``AwsError`` with its message).

The threads are daemons: a command that gives up at its deadline (``deadline``) leaves a thread
stuck in a slow read behind, and the process must still be able to exit.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from components.aws.client.progress import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Concurrent calls; below botocore's default connection pool (10) and SageMaker's read rates.
WORKERS = 8


def concurrently(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int = WORKERS,
    label: str = "AWS reads",
) -> list[Result]:
    """``[work(item) for item in items]``, in order, computed on up to ``workers`` threads.

    On a terminal, ``label: done/total`` shows on stderr while it runs (``Progress``).
    """
    with Progress(label, len(items)) as progress:

        def counted(item: Item) -> Result:
            result = work(item)
            progress.tick()
            return result

        if len(items) <= 1:
            return [counted(item) for item in items]
        return _on_threads(counted, items, min(workers, len(items)))


def _on_threads(
    work: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> list[Result]:
    """``[work(item) …]`` on ``workers`` daemon threads; the first failure is raised."""
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(items)):
        todo.put(index)
    results: dict[int, Result] = {}
    failures: list[BaseException] = []
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            try:
                index = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results[index] = work(items[index])
            except BaseException as error:  # raised by the caller's thread
                failures.append(error)
                stop.set()

    # Each thread runs in a copy of the caller's context: the command's deadline goes along.
    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(worker,), daemon=True)
        for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [results[index] for index in range(len(items))]

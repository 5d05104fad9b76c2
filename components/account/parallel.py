"""Run one AWS call per item on a few threads, because some calls cannot be batched.

SageMaker has no call that lists the tags of many profiles at once: ``ListTags`` takes one ARN.
For 2,000 profiles, 2,000 calls made one after the other take minutes; made on a few threads
they take seconds, while botocore's standard retry mode absorbs any throttling. A failure stops
the work that has not started and is raised as it is (an ``AwsError`` with its message).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .progress import Progress

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
        executor = ThreadPoolExecutor(max_workers=min(workers, len(items)))
        try:
            futures = [executor.submit(counted, item) for item in items]
            return [future.result() for future in futures]
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

"""What every command that calls AWS shares: the ``--timeout`` option and the way it is run.

``calling_aws`` runs a command's work within its overall deadline (``aws.client.deadline``) and
prints an ``AwsError`` (a denied call, no credentials, a timeout, an answer that is not AWS's)
as one line on stderr with exit code 1; a usage mistake (an ``AWS_*`` setting boto3 cannot use)
propagates to ``main``, which exits 2. A new AWS command adds ``add_timeout`` to its parser and
runs through ``calling_aws``, and gets all of this without a line of its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from components.core.problems import printable

#: The overall deadline of an AWS command, in seconds, unless ``--timeout`` says otherwise.
AWS_TIMEOUT = 300.0
#: The longest ``--timeout``: one day. A command that has not finished by then is stuck, and a
#: longer wait (``inf``, ``1e10``) is more than the thread wait it becomes can hold.
MAX_SECONDS = 86400.0
#: The longest time between two looks at something AWS is doing (``drain --poll``).
MAX_POLL = 600.0


def add_timeout(parser: argparse.ArgumentParser, default: float | None = None) -> None:
    """``--timeout SECONDS``: the command's overall deadline (``aws.client.deadline``)."""
    seconds = AWS_TIMEOUT if default is None else default
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=seconds,
        metavar="SECONDS",
        help=f"give up, with exit code 1, after this long (default {seconds:g})",
    )


def calling_aws(args: argparse.Namespace, command: Callable[[], int], grace: float = 0.0) -> int:
    """Run ``command`` within ``args.timeout`` (and ``grace``); an AWS failure is one line on
    stderr and exit code 1."""
    from components.aws.client.deadline import run_within
    from components.aws.client.errors import AwsError

    limit = f"{args.timeout:g} s (--timeout)"
    if grace:
        limit = f"{args.timeout + grace:g} s (--timeout {args.timeout:g} and {grace:g} s to finish)"
    try:
        return run_within(args.timeout + grace, command, args.command, limit)
    except AwsError as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 1


def positive_seconds(text: str, most: float = MAX_SECONDS) -> float:
    """``--timeout``'s type: more than 0 seconds, at most ``most`` (a usage error otherwise)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= most:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds above 0 and at most {most:g}"
        )
    return value


def poll_seconds(text: str) -> float:
    """``--poll``'s type: more than 0 seconds, at most ``MAX_POLL``."""
    return positive_seconds(text, MAX_POLL)

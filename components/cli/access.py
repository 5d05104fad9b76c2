"""``expire`` and ``read-request``: the commands that end access and that start it from an issue.

``expire`` is what the nightly job runs before it opens the "Offboard expired access" pull
request; ``read-request`` turns the body of an access-request issue into the values ``new-user``
takes. Both are offline.
"""

from __future__ import annotations

import argparse
import sys

from ..roster.stack_files import load_stack_settings
from .check import add_users_and_stack, users_dir


def add_expire_parser(commands: argparse._SubParsersAction) -> None:
    expire = commands.add_parser(
        "expire", help="set status: offboarded in the file of every active user past expires"
    )
    add_users_and_stack(expire)
    expire.set_defaults(run=_expire)


def _expire(args: argparse.Namespace) -> int:
    """Print each file changed, one per line (scripts read them); problems go to stderr."""
    from ..roster.access_dates import today
    from ..roster.expiry import expire_users

    settings = load_stack_settings(args.stack)
    changed, problems = expire_users(
        users_dir(args, settings), settings.tag_key, settings.partition, today()
    )
    for path in changed:
        print(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not changed and not problems:
        print("no active user is past expires", file=sys.stderr)
    return 1 if problems else 0

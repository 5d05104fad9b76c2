"""``expire`` and ``read-request``: the commands that end access and that start it from an issue.

``expire`` is what the nightly job runs before it opens the "Offboard expired access" pull
request; ``read-request`` turns the body of an access-request issue into the values ``new-user``
takes. Both are offline.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from components.cli.commands.check import add_users_and_stack, refusals, users_dir
from components.core.problems import UsageError
from components.roster.stack_files import load_stack_settings


def add_expire_parser(commands: argparse._SubParsersAction) -> None:
    expire = commands.add_parser(
        "expire", help="set status: offboarded in the file of every active user past expires"
    )
    add_users_and_stack(expire)
    expire.add_argument(
        "--allow-unproven",
        action="store_true",
        help="as check's: accept what the seed policy leaves open to members",
    )
    expire.set_defaults(run=_expire)


def add_read_request_parser(commands: argparse._SubParsersAction) -> None:
    read = commands.add_parser(
        "read-request",
        help="read the body of an access-request issue (stdin) into new-user's values",
    )
    read.add_argument(
        "--github-output",
        type=Path,
        metavar="FILE",
        help="append the values to FILE as step outputs ($GITHUB_OUTPUT); default: print JSON",
    )
    read.set_defaults(run=_read_request)


def _expire(args: argparse.Namespace) -> int:
    """Print each file changed, one per line (scripts read them); problems go to stderr."""
    from components.core.access_dates import today
    from components.lifecycle.expiry import expire_users

    settings = load_stack_settings(args.stack)
    folder = users_dir(args, settings)
    errors = refusals(folder, settings, args.stack, args.allow_unproven)
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print(
            f"nothing changed: {folder} fails check (fix the errors above first)", file=sys.stderr
        )
        return 1
    changed, problems = expire_users(folder, settings, today())
    for path in changed:
        print(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not changed and not problems:
        print("no active user is past expires", file=sys.stderr)
    return 1 if problems else 0


def _read_request(args: argparse.Namespace) -> int:
    """Exit 1 with the problems when the body is not a complete access request."""
    from components.cli.commands.issue_form import read_request

    request = read_request(sys.stdin.buffer.read().decode("utf-8", "replace"))
    if args.github_output is None:
        print(json.dumps(dict(request.values), indent=2))
        return 0
    try:
        with open(args.github_output, "a", encoding="utf-8") as out:
            out.write(request.github_output())
    except (
        OSError
    ) as error:  # a missing folder, a directory: the workflow's mistake, not the body's
        raise UsageError(
            f"--github-output {args.github_output}: {error.strerror}; name a file to append to "
            "(in a workflow, $GITHUB_OUTPUT)"
        ) from None
    return 0

"""``drain``, ``adopt``, ``audit``: the commands that call AWS (boto3, imported only when they run).

Each command reads the stack's settings here, then hands over to ``components.aws``, which
is imported inside the command's function so that every other command stays offline and fast.
An ``AwsError`` (a denied call, no credentials, no region, a timeout, an answer that is not
AWS's) is printed as one line on stderr and exits 1, like any other problem; usage mistakes
(an ``AWS_*`` setting boto3 cannot use among them) exit 2. Every command runs within an overall
deadline, ``--timeout`` (``add_timeout``, ``calling_aws``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from components.cli.commands.aws_calls import add_timeout, calling_aws, poll_seconds
from components.cli.options import folder
from components.roster.stack_files import load_stack_settings, stack_file

#: How long ``drain`` waits for SageMaker to delete everything, and how often it looks.
DRAIN_TIMEOUT = 1800.0
#: ``drain`` gives up waiting for SageMaker at ``--timeout`` with its own message; the overall
#: deadline, for a slow endpoint, comes later by ``--timeout`` and ``DRAIN_START``, at most this.
DRAIN_GRACE = 60.0
#: What ``drain`` may take before its wait starts (reading git and users/), within that grace.
DRAIN_START = 5.0
DRAIN_POLL = 10.0
AUDIT_FORMATS = ("text", "markdown", "json")
#: Where ``adopt`` writes the file for ``pulumi import --file`` unless told otherwise.
IMPORT_FILE = "adopt-import.json"


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``drain``, ``adopt`` and ``audit``, in that order."""
    _add_drain(commands)
    _add_adopt(commands)
    _add_audit(commands)


def _add_drain(commands: argparse._SubParsersAction) -> None:
    drain = commands.add_parser(
        "drain",
        help="delete the apps, then the spaces, of the profiles pulumi up is about to delete",
    )
    drain.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    drain.add_argument(
        "--base", metavar="REF", required=True, help="the git ref last deployed (the change's base)"
    )
    drain.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    add_timeout(drain, DRAIN_TIMEOUT)
    drain.add_argument(
        "--poll",
        type=poll_seconds,
        default=DRAIN_POLL,
        metavar="SECONDS",
        help=f"time between two looks at a deletion (default {DRAIN_POLL:g})",
    )
    drain.set_defaults(run=_drain)


def _add_adopt(commands: argparse._SubParsersAction) -> None:
    adopt = commands.add_parser(
        "adopt", help="write users/ files and a pulumi import file for an existing domain"
    )
    adopt.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    adopt.add_argument(
        "--users", type=folder, metavar="DIR", help="default: the stack's usersDir, else users"
    )
    adopt.add_argument(
        "--import-file",
        type=Path,
        metavar="PATH",
        help=f"the file for pulumi import --file (default: {IMPORT_FILE} in the project folder)",
    )
    adopt.add_argument(
        "--only-users",
        action="store_true",
        help="leave the group, the policies and their attachments out of the import file "
        "(when the stack already manages them)",
    )
    add_timeout(adopt)
    adopt.set_defaults(run=_adopt)


def _add_audit(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser(
        "audit", help="compare the live account with users/ and the stack (read-only)"
    )
    audit.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    audit.add_argument("--format", choices=AUDIT_FORMATS, default="text")
    add_timeout(audit)
    audit.set_defaults(run=_audit)


def _drain(args: argparse.Namespace) -> int:
    from components.aws.drain.command import run_drain

    settings = load_stack_settings(args.stack)
    return calling_aws(
        args,
        lambda: run_drain(
            settings,
            Path(settings.users_dir),
            args.base,
            dry_run=args.dry_run,
            timeout=args.timeout,
            poll=args.poll,
            source=_source(args),
        ),
        grace=min(DRAIN_GRACE, args.timeout + DRAIN_START),
    )


def _adopt(args: argparse.Namespace) -> int:
    from components.aws.adopt.command import run_adopt

    settings = load_stack_settings(args.stack)
    users = args.users if args.users is not None else Path(settings.users_dir)
    return calling_aws(
        args,
        lambda: run_adopt(
            settings,
            users,
            args.import_file or Path(IMPORT_FILE),
            only_users=args.only_users,
            source=_source(args),
        ),
    )


def _audit(args: argparse.Namespace) -> int:
    from components.aws.audit.command import run_audit
    from components.aws.audit.findings import ERROR
    from components.cli.render.audit_report import render

    settings = load_stack_settings(args.stack)

    def audit() -> int:
        result = run_audit(settings, source=_source(args))
        print(render(result, args.format), end="")
        return 1 if result.count(ERROR) else 0

    return calling_aws(args, audit)


def _source(args: argparse.Namespace) -> str:
    return str(stack_file(args.stack)) if args.stack else "Pulumi.yaml"

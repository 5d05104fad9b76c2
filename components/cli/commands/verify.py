"""``verify``: the live account holds what ``check`` proved, and AWS's evaluator agrees (read-only).

Exit codes as everywhere: 0 when the account holds the proven documents and the simulator agrees
(warnings allowed), 1 on any error finding or AWS failure, 2 for a usage mistake. The report is
text for a terminal, Markdown for a job summary or the drift issue, or JSON for scripts.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from components.cli.commands.aws_calls import add_timeout, calling_aws
from components.cli.render import findings_report
from components.cli.render.findings_report import ERROR, WARNING
from components.roster.stack_files import load_stack_settings, stack_file
from components.roster.users import load_roster

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from components.aws.verify.command import VerifyResult

FORMATS = ("text", "markdown", "json")


def add_verify_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``verify``."""
    verify = commands.add_parser(
        "verify",
        help="check that the live account holds what check proved, with AWS's policy simulator "
        "as a second opinion (read-only)",
    )
    verify.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    verify.add_argument("--format", choices=FORMATS, default="text")
    add_timeout(verify)
    verify.set_defaults(run=_verify)


def _verify(args: argparse.Namespace) -> int:
    from components.aws.verify.command import run_verify
    from components.cli.commands.verify_probes import ProbeBuilder

    settings = load_stack_settings(args.stack)
    source = str(stack_file(args.stack)) if args.stack else "Pulumi.yaml"

    def verify() -> int:
        users = load_roster(settings.users_dir, settings).users
        roles = tuple(dict.fromkeys(u.execution_role_arn for u in users if u.execution_role_arn))
        result = run_verify(settings, source=source, build_probes=ProbeBuilder(settings, roles))
        print(render(result, args.format), end="")
        return 0 if result.ok else 1

    return calling_aws(args, verify)


def render(result: VerifyResult, fmt: str) -> str:
    """The report in ``text``, ``markdown`` or ``json``."""
    return findings_report.render(
        result,
        fmt,
        ("verify", "Verified"),
        _scope(result),
        _verdict(result),
        simulated=result.simulated,
    )


def _scope(result: VerifyResult) -> str:
    return f"domain {result.domain_id} in account {result.account} ({result.region})"


def _verdict(result: VerifyResult) -> str:
    errors, warnings = result.count(ERROR), result.count(WARNING)
    calls = sum(result.calls.values())
    cost = f"{result.simulated} simulated requests, {calls} AWS API calls"
    if not result.findings:
        return f"the account holds what check proved and AWS's simulator agrees ({cost})"
    return f"{errors} error(s), {warnings} warning(s) ({cost})"

"""The options several commands share, judged before any command runs.

An empty value is what an unset CI variable gives (``--stack "$STACK"``): read as "no stack" or
"this folder", it would silently judge the wrong thing, so it is a usage error instead. A stack
name that is a path (``../prod``, ``a\\b``) would read a file outside the project, or one the user
did not mean.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from components.core.problems import UsageError, printable

#: A Pulumi stack name, optionally ``org/stack`` or ``org/project/stack`` (the stack file is
#: ``Pulumi.<stack>.yaml`` either way).
_PART = r"[A-Za-z0-9_.-]+"
STACK_NAME_RE = re.compile(rf"(?:{_PART}/){{0,2}}{_PART}")


def folder(text: str) -> Path:
    """``--users DIR``: a folder's path; ``''`` (which ``Path`` would read as ``.``) is refused."""
    if not text:
        raise argparse.ArgumentTypeError(
            "'': name the users folder (e.g. --users users); is the variable that should hold "
            "it empty?"
        )
    return Path(text)


def check_stack(stack: str | None) -> None:
    """Raise ``UsageError`` unless ``stack`` (when given) is a Pulumi stack name."""
    if stack is None:
        return
    if not stack:
        raise UsageError(
            "--stack '': name the stack whose Pulumi.<stack>.yaml to read (e.g. --stack dev); "
            "is the variable that should hold it empty?"
        )
    parts = stack.split("/")
    if not STACK_NAME_RE.fullmatch(stack) or any(part in (".", "..") for part in parts):
        raise UsageError(
            f"--stack {printable(stack)} is not a stack name: write the name alone (letters, digits, "
            "'-', '_' and '.'; e.g. --stack dev, or org/project/dev), not a path: the CLI reads "
            "Pulumi.<stack>.yaml of the project"
        )


def check_users_folder(args: argparse.Namespace) -> None:
    """Raise ``UsageError`` when ``--users`` names an existing file: the option is mistyped, not
    the roster wrong, and every command that takes it says so alike (exit 2). A folder that does
    not exist yet is each command's business: ``new-user`` creates it, ``check`` reports it."""
    users = getattr(args, "users", None)
    if isinstance(users, Path) and users.exists() and not users.is_dir():
        raise UsageError(
            f"{args.command} --users {printable(str(users))}: is a file, not a folder; name the "
            "users folder (e.g. --users users)"
        )


def check_combinations(args: argparse.Namespace) -> None:
    """Raise ``UsageError`` for an option that would be ignored silently in this combination."""
    if getattr(args, "full_report", None) is not None and args.format != "markdown":
        raise UsageError(
            f"--full-report {args.full_report}: only with --format markdown (the full report is "
            "the PR report's Markdown, nothing left out)"
        )

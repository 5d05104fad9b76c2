"""``python -m components`` (or ``studio-access``): parse the command line, run one command.

The CLI never imports ``pulumi`` (importing it alone costs about half a second, and the CLI must
run where only the requirements are installed), and imports ``boto3`` only in the commands that
call AWS. It runs from any directory of the repository: it finds the project by its
``Pulumi.yaml`` and works from there, so paths in messages are the repository's.

Exit codes, everywhere: 0 ok, 1 problems in the input (files, settings, a failed proof, an AWS
error), 2 usage (an unknown option, a missing argument, a stack or git ref that does not exist).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..roster.problems import InputError, UsageError
from . import access, activity, aws_commands, check, documents, people, studio, verify_command

OK, PROBLEMS, USAGE = 0, 1, 2
#: Options that name a path, which stays relative to where the user is when the CLI moves to the
#: project folder.
PATH_OPTIONS = ("users", "import_file", "github_output")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    _work_from_project_root(args)
    try:
        return args.run(args)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return PROBLEMS
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return OK
    except KeyboardInterrupt:
        return 130


def parser() -> argparse.ArgumentParser:
    """Every command, in the order docs/cli.md lists them."""
    top = argparse.ArgumentParser(
        prog="studio-access",
        description="Studio Access: who may open which SageMaker Studio user profile.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check.add_parser(commands)
    documents.add_policy_parser(commands)
    people.add_matrix_parser(commands)
    studio.add_settings_parser(commands)
    people.add_new_user_parser(commands)
    access.add_expire_parser(commands)
    access.add_read_request_parser(commands)
    documents.add_schema_parser(commands)
    documents.add_scp_parser(commands)
    documents.add_ci_policy_parser(commands)
    aws_commands.add_parsers(commands)
    verify_command.add_verify_parser(commands)
    activity.add_parser(commands)
    return top


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``Pulumi.yaml``."""
    for folder in (start, *start.parents):
        if (folder / "Pulumi.yaml").is_file():
            return folder
    return None


def _work_from_project_root(args: argparse.Namespace) -> None:
    """Change to the project folder, keeping paths given relative to where the user is."""
    here = Path.cwd()
    root = find_project_root(here)
    if root is None or root == here:
        return
    for option in PATH_OPTIONS:
        path = getattr(args, option, None)
        if isinstance(path, Path) and not path.is_absolute():
            setattr(args, option, Path(os.path.relpath(here / path, root)))
    os.chdir(root)

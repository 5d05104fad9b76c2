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

from components.cli.commands import access, activity, check, documents, people, studio
from components.cli.commands import aws as aws_commands
from components.cli.commands import meter as meter_commands
from components.cli.commands import verify as verify_command
from components.cli.options import check_combinations, check_stack, check_users_folder
from components.core.problems import InputError, StudioAccessError, UsageError
from components.roster.stack_files import stack_file

OK, PROBLEMS, USAGE = 0, 1, 2
#: Options that name a path, which stays relative to where the user is when the CLI moves to the
#: project folder.
PATH_OPTIONS = ("users", "import_file", "github_output")
#: The commands that print a document the project's settings shape.
DOCUMENT_COMMANDS = ("policy", "scp", "ci-policy")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        check_stack(getattr(args, "stack", None))
        check_combinations(args)
        _work_from_project_root(args)
        check_users_folder(args)
        _refuse_empty_base(args)
        return args.run(args)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return PROBLEMS
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    except StudioAccessError as error:  # any other, should a command not report it itself
        print(f"error: {error}", file=sys.stderr)
        return PROBLEMS
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
    top.add_argument(
        "--version", action=_Version, nargs=0, help="show program's version number and exit"
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
    meter_commands.add_parsers(commands)
    return top


class _Version(argparse.Action):
    """``--version``, read from ``pyproject.toml`` only when asked for (not on every run)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"studio-access {version()}")
        parser.exit()


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``Pulumi.yaml``."""
    for folder in (start, *start.parents):
        if (folder / "Pulumi.yaml").is_file():
            return folder
    return None


def version() -> str:
    """The project's version, from ``pyproject.toml`` beside the package (``unknown`` without it)."""
    import tomllib

    try:
        with open(Path(__file__).resolve().parents[2] / "pyproject.toml", "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _work_from_project_root(args: argparse.Namespace) -> None:
    """Change to the project folder, keeping paths given relative to where the user is.

    Raises:
        UsageError: outside a checkout (no ``Pulumi.yaml`` here or above), for ``new-user`` and
            for a command that would look for a users folder that is not there; ``new-user
            --users`` naming no folder of the repository.
    """
    here = Path.cwd()
    root = find_project_root(here)
    if root is None:
        if _needs_a_checkout(args):
            raise UsageError(
                f"{args.command}: no Pulumi.yaml in {here} or any folder above it: run "
                "studio-access inside a checkout of the Studio Access repository (it reads users/ "
                "and Pulumi.<stack>.yaml there)"
            )
        return
    for option in PATH_OPTIONS:
        path = getattr(args, option, None)
        if isinstance(path, Path) and not path.is_absolute():
            setattr(args, option, Path(os.path.relpath(here / path, root)))
    if args.command == "new-user" and args.users is not None:
        _refuse_new_user_folder(args.users, root)
    os.chdir(root)


def _refuse_new_user_folder(users: Path, root: Path) -> None:
    """``new-user --users`` must name a users folder of the repository: not a path outside it,
    not git's own folder (a file there would corrupt the checkout); an existing file is refused
    for every command (``check_users_folder``)."""
    target = (root / users).resolve()
    if not target.is_relative_to(root.resolve()):
        raise UsageError(
            f"new-user --users {users}: the folder is outside the repository "
            f"{root}; new-user writes user files into the repository only (its users folder)"
        )
    if ".git" in target.relative_to(root.resolve()).parts:
        raise UsageError(
            f"new-user --users {users}: the folder is inside git's own folder .git; name the "
            "repository's users folder (e.g. --users users)"
        )


def _needs_a_checkout(args: argparse.Namespace) -> bool:
    """Outside a checkout: ``new-user`` (it writes into the repository), a ``--stack`` whose file
    is not here either, a document command without ``--stack`` (it prints what the project's
    ``Pulumi.yaml`` configures, and there is none), and a command that would read a users folder
    that is not there (no ``--users``, no ``--stack``, no ``users/``)."""
    if args.command == "new-user":
        return True
    stack = getattr(args, "stack", None)
    if stack and not stack_file(stack).is_file():
        return True  # "no stack file" would hide that the whole project is missing
    if args.command in DOCUMENT_COMMANDS and not stack:
        return True
    return (
        getattr(args, "users", False) is None
        and not getattr(args, "stack", None)
        and not Path("users").is_dir()
    )


def _refuse_empty_base(args: argparse.Namespace) -> None:
    """``--base ''`` (an unset CI variable) would silently compare with nothing."""
    if getattr(args, "base", None) == "":
        raise UsageError(
            "--base '': name the git ref to compare with (a branch, tag or commit, e.g. "
            "--base origin/main); is the variable that should hold it empty?"
        )

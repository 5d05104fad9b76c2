"""``check``: validate every file, prove isolation per kind of principal, compare with a base ref."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from components.cli.options import folder
from components.cli.render import operator_verdict, verdict
from components.cli.render.formats import code, text_problem
from components.core.problems import InputError, Problem, UsageError
from components.core.settings.stack import Settings
from components.roster.stack_files import load_stack_settings, setting_place, stack_file

FORMATS = ("text", "github", "markdown")


def add_parser(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="validate users/ and prove isolation")
    add_users_and_stack(check)
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument(
        "--allow-unproven",
        action="store_true",
        help="accept what the seed policy leaves open to members (warnings instead of errors)",
    )
    check.add_argument(
        "--base",
        metavar="REF",
        help="also list what happens to the users added, removed and changed since this git ref",
    )
    check.add_argument(
        "--full-report",
        type=Path,
        metavar="FILE",
        help="with --format markdown: also write the whole report, nothing left out, to FILE",
    )
    check.set_defaults(run=run)


def add_users_and_stack(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--users",
        type=folder,
        metavar="DIR",
        help="the users folder (default: the stack's usersDir)",
    )
    parser.add_argument(
        "--stack", help="read settings from Pulumi.<stack>.yaml (default: built-in defaults)"
    )


def users_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return args.users if args.users is not None else Path(settings.users_dir)


def run(args: argparse.Namespace) -> int:
    from components.changes.access import access_problems
    from components.core.access_dates import today

    problems: list[Problem] = []
    users: tuple = ()
    proof = changes = changed = operator = reading = None
    try:
        settings = load_stack_settings(args.stack)
    except InputError as error:
        # Reported in the chosen format, like every other problem, and nothing else is judged.
        problems += error.problems
        settings = Settings()
    folder = users_dir(args, settings)
    if args.base:
        _resolve_base(args.base, folder)  # a usage error before anything is judged or printed
    if not problems:
        reading = _read(folder, settings)
        users, found = _judged(reading, settings, folder)
        problems += found
    if not _failed(problems):
        proof, operator, found = _proofs(users, settings, args.stack, folder, args.allow_unproven)
        problems += found
    if args.base:
        if reading is not None:  # what can be read is compared, errors or not
            changes = _changes(args, reading, folder, settings, problems)
        changed = _changed_lines(args.base, folder)
        if changes is not None:  # what the base was already warned for stays standing
            changed = dataclasses.replace(changed, standing=changes.folder_messages)
    # Dates near or past warn on main; a pull request (--base) may not set them too far ahead.
    # Every file that could be read is judged, even while another fails: one broken file must
    # not hide an expired grant.
    dated = reading.users if reading is not None else users
    problems += access_problems(dated, settings, changes, today())
    _print(args, users, settings, proof, problems, changes, changed, operator)
    return 1 if _failed(problems) else 0


def folder_problems(folder: Path, settings: Settings) -> tuple[tuple, list[Problem]]:
    """The valid users of ``folder`` and every problem of its files with the stack's settings.

    What ``check`` judges before the proof (the files, each one's effective Studio settings, the
    stack's quotas); ``refusals`` adds the proofs.
    """
    return _judged(_read(folder, settings), settings, folder)


def _read(folder: Path, settings: Settings):
    from components.roster.users import read_roster

    return read_roster(folder, settings, in_two=True)


def _judged(reading, settings: Settings, folder: Path) -> tuple[tuple, list[Problem]]:
    """No user when a file fails (nothing is proven from part of a roster), else every user
    with the roster's warnings, their effective settings' problems and the stack's quotas."""
    from components.roster.quotas import quota_problems
    from components.roster.studio_effective import resolve

    if reading.failed:
        return (), list(reading.problems)
    users = reading.users
    problems = [*sorted(reading.problems), *resolve(users, settings)[1]]
    return users, problems + quota_problems(users, settings, folder)


def refusals(
    folder: Path, settings: Settings, stack: str | None, allow_unproven: bool = False
) -> list[Problem]:
    """The errors for which ``check`` (on main, without ``--base``) refuses ``folder``.

    ``folder_problems`` and then, as ``check`` does, the isolation proof and the operator roles'
    proof: ``expire`` edits only a folder ``check`` accepts, and a stack whose proof fails (say
    ``policy: seed``) fails ``check`` with every file valid.
    """
    users, problems = folder_problems(folder, settings)
    if not _failed(problems):
        problems += _proofs(users, settings, stack, folder, allow_unproven)[2]
    return [p for p in problems if p.severity == "error"]


def _proofs(
    users: tuple, settings: Settings, stack: str | None, folder: Path, allow_unproven: bool
):
    """The isolation proof, the operator roles' proof and the problems of both, each placed where
    the stack decides it (``policy``, ``orgGuard``, the stack file)."""
    from components.proof.isolation import prove

    problems: list[Problem] = []
    source = str(stack_file(stack)) if stack else "Pulumi.yaml"
    proof = None
    try:
        proof = prove(users, settings, allow_unproven=allow_unproven)
    except InputError as error:  # an organization guard over AWS's size limit
        problems += error.problems
    else:
        place = setting_place(stack, "policy") if settings.policy == "seed" else None
        guard = setting_place(stack, "orgGuard") or (source, 0, 0)
        problems += verdict.proof_problems(proof, str(folder), place, guard)
    operator = operator_verdict.prove(users, settings)
    problems += operator_verdict.problems(operator, settings, source)
    return proof, operator, problems


def _failed(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _resolve_base(base: str, folder: Path) -> None:
    """Raise ``UsageError`` unless ``base`` names a commit of the users folder's repository."""
    from components.changes.users import ChangesError, resolve

    where = folder if folder.is_dir() else Path()
    try:
        resolve(base, where)
    except ChangesError as error:
        raise UsageError(f"--base {base}: {error}") from None


def _changes(args: argparse.Namespace, reading, folder: Path, settings, problems: list[Problem]):
    """Compare what can be read with ``--base``, errors or not: a file that fails to parse is
    named as unreadable, never "removed" (``Changes.unreadable``).

    Deleting an active user's file and renaming an active user's profile are refused while
    removed profiles are retained (``removal_problems``, ``rename_problems``).
    """
    from components.changes.users import ChangesError, compare, removal_problems, rename_problems

    try:
        changes = compare(
            args.base, reading.users, folder, settings, args.stack, reading.unreadable
        )
    except ChangesError as error:  # the ref was resolved above; the folder may still be unreadable
        raise UsageError(f"--base {args.base}: {error}") from None
    problems += removal_problems(changes, settings) + rename_problems(changes, settings)
    return changes


def _changed_lines(base: str, folder: Path):
    """The files and lines changed since ``base`` (reports and annotations speak of those)."""
    from components.changes.lines import changed_lines
    from components.changes.users import ChangesError

    try:
        return changed_lines(base, folder if folder.is_dir() else Path())
    except ChangesError as error:
        raise UsageError(f"--base {base}: {error}") from None


def _print(
    args, users, settings: Settings, proof, problems: list[Problem], changes, changed, operator=None
):
    if args.format == "markdown":
        _print_report(args, users, settings, proof, problems, changes, changed, operator)
        return
    if args.format == "github":
        from components.cli.render.annotations import github_annotations

        for line in github_annotations(problems, changed):
            print(line)
    else:
        for problem in problems:
            print(text_problem(problem))
    if changes is not None:
        from components.cli.render.changes_text import changes_text

        print(changes_text(changes, settings))
    if proof is not None:
        print("\n".join(verdict.verdict_lines(proof)))
        if operator is not None:
            print("\n".join(operator_verdict.lines(operator)))
        print(
            verdict.summary_line(users, proof)
            if not _failed(problems) or not proof.ok
            else _failed_line(problems)
        )
    else:
        print(_failed_line(problems))


def _print_report(args, users, settings, proof, problems, changes, changed, operator) -> None:
    """The PR comment on stdout (under GitHub's limit); with ``--full-report``, all of it too."""
    from components.cli.render import report
    from components.proof.matrix import access_matrix

    matrix = access_matrix(users, settings) if proof is not None else None
    parts = (users, settings, proof, problems, changes, matrix)
    if args.full_report is not None:
        full = report.markdown_report(*parts, changed=changed, limit=None, operator=operator)
        try:
            args.full_report.write_text(full, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"--full-report {args.full_report}: {error.strerror}") from None
    where = report.FULL_REPORT_HINT
    if args.full_report is not None:
        where = f"{code(str(args.full_report))} ({report.WORKFLOW_FULL_REPORT})"
    sys.stdout.write(
        report.markdown_report(*parts, changed=changed, full_report=where, operator=operator)
    )


def _failed_line(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    return f"FAILED: {errors} problem(s); nothing can be deployed until they are fixed"

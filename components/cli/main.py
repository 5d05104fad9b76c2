"""``python -m components``: check, policy, matrix, new-user, schema, ci-policy.

The CLI never imports ``pulumi`` (importing it alone costs about half a second, and the CLI must
run where only the requirements are installed). Exit codes: 0 ok, 1 problems found, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..roster.problems import InputError, Problem
from ..roster.settings import POLICY_VARIANTS, Settings, load_stack_settings
from . import report

OK, PROBLEMS, USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return PROBLEMS
    except BrokenPipeError:
        return OK
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m components",
        description="Studio Access: who may open which SageMaker Studio user profile.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate users/ and prove isolation")
    _users_and_stack(check)
    check.add_argument("--format", choices=("text", "github", "markdown"), default="text")
    check.add_argument(
        "--base",
        metavar="REF",
        help="also list users added, removed and changed since this git ref",
    )
    check.set_defaults(run=_check)

    policy = commands.add_parser("policy", help="print the policy document exactly as deployed")
    policy.add_argument(
        "--policy", choices=POLICY_VARIANTS, help="default: the stack's, else hardened"
    )
    policy.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    policy.set_defaults(run=_policy)

    matrix = commands.add_parser("matrix", help="who can open which profile")
    _users_and_stack(matrix)
    matrix.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    matrix.set_defaults(run=_matrix)

    new_user = commands.add_parser("new-user", help="write a valid users/ID.yaml")
    new_user.add_argument("id", metavar="ID", help="the user's id: letters, digits, inner hyphens")
    new_user.add_argument(
        "--users", type=Path, metavar="DIR", help="default: the stack's usersDir, else users"
    )
    new_user.add_argument("--email", metavar="E")
    new_user.add_argument("--profile-name", metavar="NAME", help="default: the id")
    new_user.add_argument("--role", action="store_true", help="an IAM role instead of an IAM user")
    new_user.add_argument(
        "--trusted",
        nargs="+",
        action="extend",
        default=[],
        metavar="ARN",
        help="with --role: who may assume it (repeatable)",
    )
    new_user.add_argument("--stack", help="read the access tag key from Pulumi.<stack>.yaml")
    new_user.set_defaults(run=_new_user)

    schema = commands.add_parser("schema", help="print the JSON Schema of users/*.yaml")
    schema.set_defaults(run=_schema)

    ci_policy = commands.add_parser("ci-policy", help="print the IAM policy a CI role needs")
    ci_policy.add_argument("--role", choices=("preview", "deploy"), required=True)
    ci_policy.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    ci_policy.set_defaults(run=_ci_policy)
    return parser


def _users_and_stack(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--users", type=Path, metavar="DIR", help="the users folder (default: users)"
    )
    parser.add_argument(
        "--stack", help="read settings from Pulumi.<stack>.yaml (default: built-in defaults)"
    )


def _users_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return args.users if args.users is not None else Path(settings.users_dir)


def _check(args: argparse.Namespace) -> int:
    from ..proof.isolation import prove
    from ..proof.matrix import access_matrix
    from ..roster.changes import ChangesError, compare
    from ..roster.users import load_roster

    problems: list[Problem] = []
    users: tuple = ()
    proof = changes = None
    changes_error = None
    try:
        settings = load_stack_settings(args.stack)
    except InputError as error:
        # Reported in the chosen format, like every other problem, and nothing else is judged.
        problems += error.problems
        settings = Settings()
    users_dir = _users_dir(args, settings)
    if not problems:
        try:
            roster = load_roster(users_dir, settings.tag_key)
            users = roster.users
            problems += roster.warnings
        except InputError as error:
            problems += error.problems
    if not any(p.severity == "error" for p in problems):
        proof = prove(users, settings)
        problems += report.proof_problems(proof, str(users_dir))
        if args.base:
            # Only a complete roster can be compared: a file that fails to parse is not "removed".
            try:
                changes = compare(args.base, users, users_dir, settings)
            except ChangesError as error:
                changes_error = f"error: --base {args.base}: {error}"
    failed = any(p.severity == "error" for p in problems)

    if args.format == "markdown":
        matrix = access_matrix(users, settings) if proof is not None else None
        sys.stdout.write(report.markdown_report(users, settings, proof, problems, changes, matrix))
    else:
        line = report.github_problem if args.format == "github" else report.text_problem
        for problem in problems:
            print(line(problem))
        if changes is not None:
            print(_changes_text(changes, settings))
        if proof is not None:
            print(report.summary_line(users, proof))
        else:
            errors = sum(p.severity == "error" for p in problems)
            print(f"FAILED: {errors} problem(s); nothing can be deployed until they are fixed")
    if changes_error:
        print(changes_error, file=sys.stderr)
        return USAGE
    return PROBLEMS if failed else OK


def _changes_text(changes, settings: Settings) -> str:
    from ..roster.changes import removal_effect

    lines = [f"changes since {changes.base}:"]
    lines += [
        f"  added   {u.id} ({u.principal_type}, profile {u.profile_name})" for u in changes.added
    ]
    lines += [f"  removed {u.id}: {removal_effect(u, settings)}" for u in changes.removed]
    lines += [f"  changed {u.id}: {', '.join(fields)}" for _, u, fields in changes.changed]
    if changes.empty:
        lines.append("  none")
    return "\n".join(lines)


def _policy(args: argparse.Namespace) -> int:
    from ..policies.member import policy_text

    settings = load_stack_settings(args.stack)
    print(policy_text(settings, args.policy))
    return OK


def _matrix(args: argparse.Namespace) -> int:
    from ..proof.matrix import access_matrix, is_isolated
    from ..roster.users import load_roster

    settings = load_stack_settings(args.stack)
    roster = load_roster(_users_dir(args, settings), settings.tag_key)
    for warning in roster.warnings:
        print(warning, file=sys.stderr)
    users = roster.users
    rows = access_matrix(users, settings)
    if args.format == "json":
        document = {
            "policy": settings.policy,
            "isolated": is_isolated(rows, users),
            "principals": [
                {"principal": r.principal, "type": r.principal_type, "profiles": list(r.profiles)}
                for r in rows
            ],
        }
        print(json.dumps(document, indent=2))
    elif args.format == "markdown":
        sys.stdout.write(report.markdown_matrix(rows))
    else:
        sys.stdout.write(report.text_matrix(rows))
    return OK if is_isolated(rows, users) else PROBLEMS


def _new_user(args: argparse.Namespace) -> int:
    from ..roster.scaffold import write_new_user

    settings = load_stack_settings(args.stack)
    if args.trusted and not args.role:
        print("error: --trusted needs --role", file=sys.stderr)
        return USAGE
    path = write_new_user(
        _users_dir(args, settings),
        args.id,
        email=args.email,
        profile_name=args.profile_name,
        role=args.role,
        trusted=args.trusted,
        tag_key=settings.tag_key,
    )
    print(f"wrote {path}; review it, then open a pull request")
    return OK


def _schema(args: argparse.Namespace) -> int:
    from ..roster.schema import schema_text

    print(schema_text(), end="")
    return OK


def _ci_policy(args: argparse.Namespace) -> int:
    from ..policies.ci import ci_policy_text

    settings = load_stack_settings(args.stack)
    print(ci_policy_text(args.role, settings))
    return OK

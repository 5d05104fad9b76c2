"""``matrix`` and ``new-user``: who can open what, and the scaffold a data scientist starts from."""

from __future__ import annotations

import argparse
import json
import sys

from components import kinds
from components.cli.commands.check import add_users_and_stack, users_dir
from components.cli.options import folder
from components.core.problems import UsageError
from components.kinds.base import CliOption
from components.roster.stack_files import load_stack_settings


def add_matrix_parser(commands: argparse._SubParsersAction) -> None:
    matrix = commands.add_parser("matrix", help="who can open which profile")
    add_users_and_stack(matrix)
    matrix.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    matrix.set_defaults(run=_matrix)


def add_new_user_parser(commands: argparse._SubParsersAction) -> None:
    new_user = commands.add_parser("new-user", help="write a valid users/ID.yaml")
    new_user.add_argument("id", metavar="ID", help="the user's id: letters, digits, inner hyphens")
    new_user.add_argument(
        "--users", type=folder, metavar="DIR", help="default: the stack's usersDir, else users"
    )
    new_user.add_argument("--email", metavar="E")
    new_user.add_argument("--profile-name", metavar="NAME", help="default: the id")
    for kind in kinds.KINDS:
        for option in kind.cli_options():
            if option.metavar is None:
                new_user.add_argument(option.flag, action="store_true", help=option.help)
            elif option.repeat:
                new_user.add_argument(
                    option.flag,
                    action="append",
                    default=[],
                    metavar=option.metavar,
                    help=option.help,
                )
            else:
                new_user.add_argument(option.flag, metavar=option.metavar, help=option.help)
    new_user.add_argument(
        "--team", metavar="NAME", help="a team of the stack's teams, whose Studio settings apply"
    )
    new_user.add_argument("--reason", metavar="TEXT", help="why this person needs access")
    new_user.add_argument("--expires", metavar="YYYY-MM-DD", help="the last day of access")
    new_user.add_argument(
        "--review-after", metavar="YYYY-MM-DD", help="the day the access is due for review"
    )
    new_user.add_argument(
        "--stack", help="read the access tag key and partition from Pulumi.<stack>.yaml"
    )
    new_user.set_defaults(run=_new_user)


def _matrix(args: argparse.Namespace) -> int:
    from components.cli.render import report
    from components.proof.matrix import access_matrix, is_isolated
    from components.roster.users import load_roster

    settings = load_stack_settings(args.stack)
    roster = load_roster(users_dir(args, settings), settings)
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
    return 0 if is_isolated(rows, users) else 1


def _new_user(args: argparse.Namespace) -> int:
    from components.lifecycle.new_user import Access, write_new_user

    settings = load_stack_settings(args.stack)
    path = write_new_user(
        users_dir(args, settings),
        args.id,
        email=args.email,
        profile_name=args.profile_name,
        principal=_principal(args, settings),
        settings=settings,
        access=Access(args.team, args.reason, args.expires, args.review_after),
    )
    print(f"wrote {path}; review it, then open a pull request")
    return 0


def _given(values: dict, option: CliOption) -> bool:
    value = values.get(option.dest)
    return bool(value) if option.metavar is None or option.repeat else value is not None


def _principal(args: argparse.Namespace, settings):
    """The principal the options describe, or ``None`` for the stack's default kind: the kind
    whose first option is given reads the options (``Kind.from_cli``), else the default kind."""
    values = vars(args)
    chosen = []
    for kind in kinds.KINDS:
        first, *details = kind.cli_options() or (None,)
        if first is None:
            continue
        if _given(values, first):
            chosen.append((first.flag, kind))
        for detail in details:
            if _given(values, detail) and not _given(values, first):
                raise UsageError(f"{detail.flag} needs {first.flag}")
    if len(chosen) > 1:
        flags = " and ".join(flag for flag, _ in chosen)
        raise UsageError(f"{flags} name different kinds of principal: choose one")
    kind = chosen[0][1] if chosen else kinds.default_kind(settings)
    return kind.from_cli(values, settings)

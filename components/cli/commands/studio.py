"""``settings``: every user's effective Studio settings, and where each value comes from."""

from __future__ import annotations

import argparse
import json
import sys

from components.cli.commands.check import add_users_and_stack, users_dir
from components.roster.stack_files import load_stack_settings


def add_settings_parser(commands: argparse._SubParsersAction) -> None:
    settings = commands.add_parser(
        "settings", help="print every user's effective Studio settings (stack, team, user file)"
    )
    add_users_and_stack(settings)
    settings.add_argument("--format", choices=("text", "json"), default="text")
    settings.set_defaults(run=_settings)


def _settings(args: argparse.Namespace) -> int:
    from components.roster.studio_effective import effective_settings
    from components.roster.users import load_roster

    settings = load_stack_settings(args.stack)
    roster = load_roster(users_dir(args, settings), settings)
    for warning in roster.warnings:
        print(warning, file=sys.stderr)
    effective = effective_settings(roster.users, settings)
    if args.format == "json":
        print(json.dumps({"users": {i: _document(e) for i, e in effective.items()}}, indent=2))
    else:
        sys.stdout.write(_text(effective))
    return 0


def _document(effective) -> dict[str, object]:
    """One user's settings as JSON: lists for tuples, lifecycle configurations per app."""
    values = {}
    for key, value in effective.values:
        if key == "lifecycle_config_arns":
            value = {app: list(arns) for app, arns in value}
        values[key] = list(value) if isinstance(value, tuple) else value
    return {
        "team": effective.team,
        "settings": values,
        "sources": dict(effective.sources),
        "hidden_instance_types": list(effective.hidden_instance_types),
    }


def _text(effective) -> str:
    from components.changes.studio import show

    lines = []
    for user_id, settings in effective.items():
        team = f" (team {settings.team})" if settings.team else ""
        lines.append(f"{user_id}{team}")
        rows = [(key, show(key, value)) for key, value in settings.values]
        sources = dict(settings.sources)
        key_width = max((len(key) for key, _ in rows), default=0)
        value_width = max((len(value) for _, value in rows), default=0)
        for key, value in rows:
            lines.append(f"  {key:<{key_width}}  {value:<{value_width}}  from {sources[key]}")
        if not rows:
            lines.append("  (nothing set: the domain's settings apply)")
    return "".join(f"{line}\n" for line in lines)

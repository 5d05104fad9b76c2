"""What a pull request changes in anyone's effective Studio settings, for the PR report.

A user's settings change when their file changes, but also when the stack's ``studio`` defaults
or their team's settings do: one line in ``Pulumi.prod.yaml`` can change the idle shutdown of
hundreds of people. So both sides are resolved in full, the base one with the stack files as they
were at the base ref, and users with the same change are listed together.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.core.problems import InputError, UsageError
from components.core.settings import budgets as budget_settings
from components.core.settings.stack import Settings
from components.roster.stack_files import load_stack_settings, stack_file
from components.roster.studio_effective import Effective, resolve
from components.roster.users import UserSpec

#: How each key's value reads in the report: the unit after a number.
_UNITS = {"gb": "GB", "minutes": "min"}


@dataclass(frozen=True)
class SettingsChange:
    """One change of effective settings, and everyone it applies to.

    Attributes:
        users: the ids whose settings change exactly so, sorted.
        keys: ``(key, before, after)`` for each key that changes; ``None``: no level sets it.
    """

    users: tuple[str, ...]
    keys: tuple[tuple[str, object, object], ...]


def settings_changes(
    old_settings: Settings,
    before: Sequence[UserSpec],
    after: Sequence[UserSpec],
    settings: Settings,
) -> tuple[SettingsChange, ...]:
    """The changes of effective settings from the base (``old_settings``, ``before``) to the
    working tree, grouped.

    Users removed by the change are left out (they have no settings to change), and so are
    users added: a new person's settings are part of what they gain, not a move.
    """
    old, _ = resolve(before, old_settings)
    new, _ = resolve(after, settings)
    groups: dict[tuple, list[str]] = {}
    for user_id, effective in new.items():
        if user_id not in old:
            continue
        keys = differences(old[user_id], effective)
        if keys:
            groups.setdefault(keys, []).append(user_id)
    return tuple(
        SettingsChange(tuple(sorted(ids)), keys)
        for keys, ids in sorted(groups.items(), key=lambda item: sorted(item[1]))
    )


def differences(before: Effective, after: Effective) -> tuple[tuple[str, object, object], ...]:
    """``(key, before, after)`` for each key whose value differs, in the keys' order."""
    old, new = before.as_dict(), after.as_dict()
    keys = [key for key, _ in after.values] + [key for key in old if key not in new]
    return tuple(
        (key, old.get(key), new.get(key))
        for key in dict.fromkeys(keys)
        if old.get(key) != new.get(key)
    )


def show(key: str, value: Any) -> str:
    """A value as a reviewer reads it: ``240 min``, ``ml.t3.medium, ml.g5.xlarge``, ``not set``."""
    if value is None:
        return "not set"
    if key in budget_settings.BUDGET_KEYS:
        return budget_settings.show(key, value)
    if isinstance(value, int):
        return f"{value:,} {_UNITS[key.rsplit('_', 1)[-1]]}"
    if key == "lifecycle_config_arns":
        apps = dict(value)
        if len(apps) == 2 and len(set(apps.values())) == 1:
            return ", ".join(next(iter(apps.values()))) or "none"
        return "; ".join(f"{app}: {', '.join(arns) or 'none'}" for app, arns in apps.items())
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def base_settings(base: str, stack: str | None, settings: Settings) -> Settings:
    """The stack's settings at ``base``, read from git by the same reader as the working tree's.

    Without a stack the working tree's settings stand for the base too. A stack file that did
    not exist at the base means the project's settings alone; one that was invalid there means
    the working tree's, so only the users' part of the change is shown.
    """
    if not stack:
        return settings
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for path in (Path("Pulumi.yaml"), stack_file(stack)):
            text = _show(base, path)
            if text is not None:
                (folder / path.name).write_bytes(text)
        existed = (folder / stack_file(stack).name).exists()
        try:
            return load_stack_settings(stack if existed else None, folder)
        except (InputError, UsageError):
            return settings


def _show(base: str, path: Path) -> bytes | None:
    """``path`` (relative to the project folder, the working directory) as it was at ``base``."""
    result = subprocess.run(
        ["git", "show", f"{base}:./{path.as_posix()}"], capture_output=True, check=False
    )
    return result.stdout if result.returncode == 0 else None

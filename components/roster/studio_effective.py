"""Each user's effective Studio settings: the stack's defaults ← the user's team ← the user's file.

A key set at a more specific level replaces the whole value of the level before it (a list is
replaced, not extended). What only the merged result can show is judged here, each problem placed
at the more specific of the values involved, with the other one's place in the message: a timeout
outside the minimum and maximum, a default instance type that is not allowed, a default EBS size
above the maximum, a team the stack does not define, and instance types SageMaker does not have.

SageMaker takes the two EBS sizes as one pair. Where the merged settings hold only one of them,
the other is filled: a lone ``ebs_max_gb`` gets SageMaker's default size, 5 GB (the smallest a
space can have), and a lone ``ebs_default_gb`` becomes the maximum too, so nobody grows a space
beyond what was reviewed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from components.core import aws_values, limits
from components.core.problems import InputError, Problem
from components.core.settings import budgets as budget_settings
from components.core.settings.stack import Settings
from components.core.settings.studio import EBS_KEYS, EMPTY, IDLE_KEYS, STUDIO_KEYS, StudioLevel
from components.core.yaml_values import Position
from components.roster.users import UserSpec

#: What a lone ``ebs_max_gb`` is paired with: SageMaker's default space size.
EBS_DEFAULT_FILL_GB = limits.SPACE_EBS_GB_MIN
#: The levels, from the most general; a value of a later one wins.
LEVELS = ("studio", "team", "user")


@dataclass(frozen=True)
class Effective:
    """One user's settings after merging, and where each value came from.

    Attributes:
        team: the user's team, if any.
        values: ``(key, value)`` for each key in force, in ``STUDIO_KEYS`` order.
        sources: ``(key, source)``: ``studio`` (the stack's defaults), ``team <name>``, ``user``,
            or ``filled`` (the EBS size that completes the pair).
        hidden_instance_types: the instance types the Studio portal hides: every type SageMaker
            has except the allowed ones (empty when no list is set).
    """

    team: str | None = None
    values: tuple[tuple[str, object], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    hidden_instance_types: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return dict(self.values)


#: The settings of a user no level sets anything for.
NO_SETTINGS = Effective()


@dataclass(frozen=True)
class _Value:
    """A merged value: what it is, which level set it, and where."""

    value: Any  # an int, a string or a tuple, as the key's rule says
    level: StudioLevel
    source: str
    key: str

    @property
    def place(self) -> Position:
        return self.level.where(self.key)


def resolve(
    users: Sequence[UserSpec], settings: Settings
) -> tuple[dict[str, Effective], list[Problem]]:
    """Every user's effective settings, and every problem of the levels and their merges.

    Problems are given once each, even when many users inherit them from the same level.
    """
    defaults = settings.studio or EMPTY
    teams = dict(settings.teams or {})
    problems: list[Problem] = []
    known = _instance_type_set([defaults, *teams.values(), *(u.studio for u in users)], problems)
    _check(_merge([("studio", defaults)]), known, problems)
    for name, team in teams.items():
        _check(_merge([("studio", defaults), (f"team {name}", team)]), known, problems)
    effective = {}
    # Most people set nothing of their own: they share their team's result, merged once.
    inherited: dict[str | None, Effective] = {}
    for user in users:
        levels = [("studio", defaults)]
        if user.team is not None:
            if user.team in teams:
                levels.append((f"team {user.team}", teams[user.team]))
            else:
                problems.append(_unknown_team(user, teams))
        own = bool(user.studio.values)
        if not own and user.team in inherited:
            effective[user.id] = inherited[user.team]
            continue
        merged = _merge([*levels, ("user", user.studio)])
        _check(merged, known, problems)
        effective[user.id] = _effective(user.team, merged, known)
        if not own:
            inherited[user.team] = effective[user.id]
    problems += budget_settings.user_budget_problems(users, settings)
    return effective, sorted(dict.fromkeys(problems))


def effective_settings(users: Sequence[UserSpec], settings: Settings) -> dict[str, Effective]:
    """``resolve``, for callers that deploy: any problem stops them.

    Raises:
        InputError: listing every problem, each at its file and line.
    """
    effective, problems = resolve(users, settings)
    if problems:
        raise InputError(problems)
    return effective


def _merge(levels: Iterable[tuple[str, StudioLevel]]) -> dict[str, _Value]:
    merged: dict[str, _Value] = {}
    for source, level in levels:
        for key, value in level.values:
            merged[key] = _Value(value, level, source, key)
    return merged


def _effective(
    team: str | None, merged: dict[str, _Value], known: tuple[str, ...] | None
) -> Effective:
    values = {key: item.value for key, item in merged.items()}
    sources = {key: item.source for key, item in merged.items()}
    default, maximum = EBS_KEYS
    if default in values and maximum not in values:
        values[maximum], sources[maximum] = values[default], "filled"
    elif maximum in values and default not in values:
        values[default] = min(EBS_DEFAULT_FILL_GB, values[maximum])
        sources[default] = "filled"
    hidden: tuple[str, ...] = ()
    if "allowed_instance_types" in values and known:
        allowed = set(values["allowed_instance_types"])
        hidden = tuple(t for t in known if t not in allowed)
    order = [key for key in STUDIO_KEYS if key in values]
    return Effective(
        team,
        tuple((key, values[key]) for key in order),
        tuple((key, sources[key]) for key in order),
        hidden,
    )


def _check(
    merged: dict[str, _Value], known: tuple[str, ...] | None, problems: list[Problem]
) -> None:
    """Judge what the merge shows: the order of the idle and EBS values, the default type."""
    for chain, unit in ((IDLE_KEYS, "minutes"), (EBS_KEYS, "GB")):
        problems += _order_problems(merged, chain, unit)
    default, allowed = merged.get("default_instance_type"), merged.get("allowed_instance_types")
    if default is None or allowed is None or default.value in allowed.value:
        return
    if known is not None and any(t not in known for t in (default.value, *allowed.value)):
        return  # an unknown instance type is reported once, as such
    if _specificity(default) >= _specificity(allowed):
        near = difflib.get_close_matches(default.value, allowed.value, n=1, cutoff=0.0)
        problems.append(
            Problem(
                *default.place,
                f"{_name(default)} {default.value!r} is not among the allowed_instance_types "
                f"({', '.join(allowed.value)}, {_at(allowed)}); nearest allowed: {near[0]}",
            )
        )
    else:
        problems.append(
            Problem(
                *allowed.place,
                f"{_name(allowed)} leaves out the default_instance_type {default.value!r} "
                f"({_at(default)}): add it, or change the default",
            )
        )


def _order_problems(merged: dict[str, _Value], chain: tuple[str, ...], unit: str) -> list[Problem]:
    """Values of ``chain`` must not decrease (min ≤ timeout ≤ max; default ≤ maximum)."""
    present = [key for key in chain if key in merged]
    problems = []
    for i, low in enumerate(present):
        for high in present[i + 1 :]:
            if merged[low].value <= merged[high].value:
                continue
            blamed = low if _specificity(merged[low]) > _specificity(merged[high]) else high
            problems.append(_out_of_range(merged, present, blamed, unit))
    return problems


def _out_of_range(merged: dict[str, _Value], present: list[str], key: str, unit: str) -> Problem:
    """``key``'s value is outside what the other values of its chain allow: say the range."""
    index = present.index(key)
    item = merged[key]
    lower = [merged[k] for k in present[:index]]
    upper = [merged[k] for k in present[index + 1 :]]
    low = max([v.value for v in lower], default=None)
    high = min([v.value for v in upper], default=None)
    allowed = " to ".join(f"{bound:,}" for bound in (low, high) if bound is not None)
    if low is not None and high is None:
        allowed = f"at least {low:,}"
    elif high is not None and low is None:
        allowed = f"at most {high:,}"
    bounds = "; ".join(f"{v.key} {v.value:,} {_at(v)}" for v in [*lower, *upper])
    return Problem(
        *item.place,
        f"{_name(item)} is {item.value:,} {unit}, outside the allowed range: {allowed} {unit} "
        f"({bounds})",
    )


def _instance_type_set(
    levels: list[StudioLevel], problems: list[Problem]
) -> tuple[str, ...] | None:
    """SageMaker's instance types, if any level names one; each unknown name is a problem."""
    named = [
        (level, path, value) for level in levels for path, value in _named_instance_types(level)
    ]
    if not named:
        return None
    try:
        known = aws_values.app_instance_types()
    except aws_values.ModelMissing as error:
        level, path, _ = named[0]
        problems.append(Problem(*level.where(path), str(error)))
        return None
    for level, path, value in named:
        if value not in known:
            problems.append(
                Problem(
                    *level.where(path),
                    f"{level.name}.{path.split('[')[0]}: {value!r} is not a SageMaker Studio "
                    f"instance type; nearest valid value: {aws_values.nearest(value, known)}",
                )
            )
    return known


def _named_instance_types(level: StudioLevel) -> list[tuple[str, str]]:
    values = level.as_dict()
    named = []
    if "default_instance_type" in values:
        named.append(("default_instance_type", values["default_instance_type"]))
    for index, value in enumerate(values.get("allowed_instance_types", ())):
        named.append((f"allowed_instance_types[{index}]", value))
    return named


def _unknown_team(user: UserSpec, teams: dict[str, StudioLevel]) -> Problem:
    place = user.studio.where("team")
    if not teams:
        return Problem(
            *place,
            f"team {user.team!r} is not defined: the stack configuration has no teams "
            "(studio-access:teams)",
        )
    near = difflib.get_close_matches(user.team or "", sorted(teams), n=1, cutoff=0.0)
    return Problem(
        *place,
        f"team {user.team!r} is not one of the stack's teams ({', '.join(sorted(teams))}); "
        f"nearest: {near[0]}",
    )


def _specificity(item: _Value) -> int:
    return LEVELS.index(item.source.split()[0])


def _name(item: _Value) -> str:
    return f"{item.level.name}.{item.key}"


def _at(item: _Value) -> str:
    file, line, _ = item.place
    return f"set at {file}:{line}" if line else f"set in {file}"

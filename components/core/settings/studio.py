"""Studio settings of one level: the stack's ``studio`` defaults, one of its ``teams``, or a user's.

The same keys are allowed at all three levels, and every level is read here by one validator,
whichever way it arrived: nested YAML from a user file or a stack file (turned into plain values
by ``yaml_values``, with the place of every part), or the JSON text the engine passes for a
structured configuration value. Each key is checked on its own (type, AWS's range, ARN grammar);
``studio_effective`` then merges the levels and checks what only the merged result can show
(minimum ≤ timeout ≤ maximum, a default among the allowed types, instance types that exist).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from components.core import limits
from components.core.problems import Problem
from components.core.settings import budgets as budget_settings
from components.core.yaml_values import Position, kind, locate, not_text, plain_value, spelled

IDLE_KEYS = ("min_idle_timeout_minutes", "idle_timeout_minutes", "max_idle_timeout_minutes")
EBS_KEYS = ("ebs_default_gb", "ebs_max_gb")
#: Every key, in the order the docs list them.
STUDIO_KEYS = (
    "idle_timeout_minutes",
    "min_idle_timeout_minutes",
    "max_idle_timeout_minutes",
    "default_instance_type",
    "allowed_instance_types",
    "lifecycle_config_arns",
    "ebs_default_gb",
    "ebs_max_gb",
    *budget_settings.BUDGET_KEYS,
)
#: The apps the settings apply to, as ``lifecycle_config_arns`` names them in its mapping form.
APPS = ("jupyterlab", "code_editor")
#: Team names are keys of ``teams`` and path segments of ``pulumi config set --path``: no dots.
TEAM_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$"
TEAM_NAME_RE = re.compile(TEAM_NAME_PATTERN.replace("$", r"\Z"), re.ASCII)

_RANGES = {
    **{key: (limits.IDLE_TIMEOUT_MIN, limits.IDLE_TIMEOUT_MAX, "minutes") for key in IDLE_KEYS},
    **{key: (limits.SPACE_EBS_GB_MIN, limits.SPACE_EBS_GB_MAX, "GB") for key in EBS_KEYS},
}


@dataclass(frozen=True)
class StudioLevel:
    """The settings one level sets, and where each was set.

    Attributes:
        name: how messages name the level's keys: ``studio-access:studio``,
            ``studio-access:teams.gpu`` or ``studio`` (a user file).
        values: ``(key, value)`` for each key set, in ``STUDIO_KEYS`` order. Numbers are ints,
            instance types text or tuples of text, ``lifecycle_config_arns`` ``(app, arns)``
            pairs (a plain list becomes the same list for each app).
        origins: path (``idle_timeout_minutes``, ``allowed_instance_types[1]``, ``team``) to
            where it was set; not compared, so moving a line changes nothing.
    """

    name: str = field(default="studio", compare=False)
    values: tuple[tuple[str, object], ...] = ()
    origins: tuple[tuple[str, Position], ...] = field(default=(), compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.values)

    def where(self, path: str) -> Position:
        """Where ``path`` (a key, or an item of a list) was set."""
        origins = dict(self.origins)
        return locate(origins, path, origins.get("", ("", 0, 0)))


#: A level that sets nothing.
EMPTY = StudioLevel()

#: The stack's Studio keys and the ``Settings`` attributes they set, in the README's table order
#: (after the sign-in keys); structured maps (``pulumi config set --path``), read by ``read_level``.
STUDIO_CONFIG_KEYS: tuple[tuple[str, str], ...] = (("studio", "studio"), ("teams", "teams"))


@dataclass(frozen=True)
class StudioSettings:
    """The stack's Studio settings, part of ``Settings`` (docs/studio-settings.md).

    Attributes:
        studio: ``studio``; the Studio settings of everyone; ``None``: the domain's own.
        teams: ``teams``; ``(team name, Studio settings of its members)``, over ``studio``
            (pairs, so that settings stay hashable).
    """

    studio: StudioLevel | None = None
    teams: tuple[tuple[str, StudioLevel], ...] | None = None


@dataclass
class Source:
    """Where a level's raw values come from, and where the problems met reading them go.

    Attributes:
        positions: path (``studio.idle_timeout_minutes``) to place, for the YAML sources.
        default: the place of anything without one (the stack as a whole, for the engine).
        partition: the stack's partition, which every ARN must use.
        problems: collects every problem, in order.
        prefix: put before a path in messages (``studio-access:`` for the stack's keys).
    """

    positions: Mapping[str, Position]
    default: Position
    partition: str
    problems: list[Problem]
    prefix: str = ""

    def place(self, path: str) -> Position:
        return locate(self.positions, path, self.default)

    def report(self, path: str, message: str) -> None:
        self.problems.append(Problem(*self.place(path), message))


def read_level(value: object, path: str, source: Source) -> StudioLevel:
    """Read one level's mapping (or its JSON text) at ``path``; problems go to ``source``.

    Unknown keys are refused with the nearest known one; a key whose value is wrong is left out,
    so the problem is reported once, where it stands.
    """
    name = f"{source.prefix}{path}"
    mapping = _mapping(value, path, source, f"{name} must be a mapping of settings")
    if mapping is None:
        return StudioLevel(name)
    values: dict[str, object] = {}
    for key, raw in mapping.items():
        if key not in STUDIO_KEYS:
            near = difflib.get_close_matches(str(key), STUDIO_KEYS, n=1)
            hint = (
                f"; did you mean {near[0]!r}?"
                if near
                else f"; expected one of: {', '.join(STUDIO_KEYS)}"
            )
            source.report(f"{path}.{key}", f"unknown key {key!r} in {name}{hint}")
            continue
        read = _READERS.get(key, _whole)
        result = read(raw, f"{path}.{key}", f"{name}.{key}", source)
        if result is not None:
            values[key] = result
    origins = {"": source.place(path)}
    for sub, place in source.positions.items():
        if sub.startswith(f"{path}.") or sub.startswith(f"{path}["):
            origins[sub[len(path) + 1 :]] = place
    for key in values:
        origins.setdefault(key, source.place(f"{path}.{key}"))
    return StudioLevel(
        name,
        tuple((key, values[key]) for key in STUDIO_KEYS if key in values),
        tuple(origins.items()),
    )


def read_teams(value: object, path: str, source: Source) -> dict[str, StudioLevel]:
    """Read the ``teams`` mapping: team name to its level."""
    name = f"{source.prefix}{path}"
    mapping = _mapping(value, path, source, f"{name} must be a mapping of team name: settings")
    teams: dict[str, StudioLevel] = {}
    for team, settings in (mapping or {}).items():
        if not TEAM_NAME_RE.match(str(team)):
            source.report(
                f"{path}.{team}",
                f"team name {team!r} in {name} must be 1-63 letters, digits, '-' or '_', "
                "starting with a letter or digit",
            )
            continue
        teams[team] = read_level(settings, f"{path}.{team}", source)
    return teams


def _mapping(value: object, path: str, source: Source, message: str) -> dict[str, object] | None:
    """A mapping, from plain values or from the engine's JSON text; ``None`` if absent or bad."""
    if value is None:
        return None
    if isinstance(value, str):
        value = _json(value)
    if not isinstance(value, dict):
        source.report(path, f"{message}, got {kind(value)}")
        return None
    return value


def _whole(value: object, path: str, name: str, source: Source) -> int | None:
    """A whole number within the key's AWS range; digits in quotes are read as the number."""
    low, high, unit = _RANGES[path.rsplit(".", 1)[-1]]
    number = value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        number = int(value)
    if not isinstance(number, int) or isinstance(number, bool) or not low <= number <= high:
        shown = spelled(value) if isinstance(value, str | int | float) else kind(value)
        source.report(
            path, f"{name} must be a whole number of {unit} from {low:,} to {high:,}, got {shown}"
        )
        return None
    return number


def _instance_type(value: object, path: str, name: str, source: Source) -> str | None:
    """An instance type's text; whether SageMaker knows it is judged once all levels are read."""
    if not isinstance(value, str) or not value:
        shown = repr(value) if isinstance(value, str) else kind(value)
        source.report(path, f"{name} must be an instance type such as ml.t3.medium, got {shown}")
        return None
    return value


def _instance_types(value: object, path: str, name: str, source: Source) -> tuple[str, ...] | None:
    items = _text_list(value, path, name, source, "instance types such as [ml.t3.medium]")
    if items is not None and not items:
        source.report(path, f"{name} must list at least one instance type")
        return None
    return items


def _lifecycle_configs(
    value: object, path: str, name: str, source: Source
) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """``(app, arns)`` for each app: a list applies to both, a mapping names them per app."""
    if isinstance(value, dict):
        pairs = []
        for app, arns in value.items():
            if app not in APPS:
                source.report(
                    f"{path}.{app}",
                    f"{name}: {app!r} is not an app; expected one of: {', '.join(APPS)}",
                )
                continue
            checked = _lifecycle_arns(arns, f"{path}.{app}", f"{name}.{app}", source)
            if checked is not None:
                pairs.append((app, checked))
        return tuple(sorted(pairs, key=lambda pair: APPS.index(pair[0])))
    arns = _lifecycle_arns(value, path, name, source)
    return None if arns is None else tuple((app, arns) for app in APPS)


def _lifecycle_arns(value: object, path: str, name: str, source: Source) -> tuple[str, ...] | None:
    example = (
        f"arn:{source.partition}:sagemaker:eu-west-1:123456789012:studio-lifecycle-config/name"
    )
    items = _text_list(value, path, name, source, f"ARNs such as [{example}]")
    if items is None:
        return None
    good = True
    for index, arn in enumerate(items):
        if (
            len(arn) > limits.STUDIO_LIFECYCLE_CONFIG_ARN_MAX
            or not limits.STUDIO_LIFECYCLE_CONFIG_ARN_RE.match(arn)
        ):
            source.report(
                f"{path}[{index}]",
                f"{name}: {arn!r} is not a Studio lifecycle configuration ARN; for example {example}",
            )
            good = False
        elif problem := limits.partition_problem(arn, source.partition):
            source.report(f"{path}[{index}]", f"{name}: {problem}")
            good = False
    return items if good else None


def _text_list(
    value: object, path: str, name: str, source: Source, what: str
) -> tuple[str, ...] | None:
    """A list of non-empty strings without repeats (the engine's JSON text of one, too)."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        value = _json(value)
    if not isinstance(value, list):
        source.report(path, f"{name} must be a list of {what}, got {kind(value)}")
        return None
    good = True
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item:
            source.report(
                f"{path}[{index}]", f"{name}: each entry must be text, got {not_text(item)}"
            )
            good = False
        elif item in value[:index]:
            source.report(f"{path}[{index}]", f"{name}: {item!r} is listed twice")
            good = False
    return tuple(value) if good else None


_READERS = {
    "default_instance_type": _instance_type,
    "allowed_instance_types": _instance_types,
    "lifecycle_config_arns": _lifecycle_configs,
    **budget_settings.READERS,
}


def _json(text: str) -> object:
    """The engine passes a structured value as its JSON text; text that is not JSON stays text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def read_user_studio(
    label: str, fields: Mapping[str, yaml.Node], partition: str, problems: list[Problem]
) -> tuple[str | None, StudioLevel]:
    """Read a user file's ``team`` and ``studio`` keys: the team's name and the user's level.

    The team is only named here; whether the stack defines it is judged with the stack's
    settings (``studio_effective``). Its place is kept in the level's origins under ``team``.
    """
    team_node = fields.get("team")
    node = fields.get("studio")
    if team_node is None and node is None:
        return None, EMPTY  # most files: neither key
    positions: dict[str, Position] = {}
    source = Source(positions, (label, 0, 0), partition, problems)
    team = None
    if team_node is not None:
        positions["team"] = (label, team_node.start_mark.line + 1, team_node.start_mark.column + 1)
        if team_node.tag == "tag:yaml.org,2002:str" and TEAM_NAME_RE.match(team_node.value):
            team = team_node.value
        else:
            shown = (
                repr(team_node.value)
                if isinstance(team_node, yaml.ScalarNode)
                else "a list or mapping"
            )
            source.report(
                "team", f"team must be the name of a team of the stack's teams, got {shown}"
            )
    if node is None:
        level = StudioLevel()
    else:
        level = read_level(
            plain_value(label, node, "studio", positions, problems), "studio", source
        )
    if team is not None:
        level = StudioLevel(level.name, level.values, (*level.origins, ("team", positions["team"])))
    return team, level

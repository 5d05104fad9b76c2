"""Nested YAML values as plain Python values, with the place of every part.

The Studio settings arrive as nested maps from three places: a user file's ``studio:`` block, the
stack file's ``studio`` and ``teams`` keys (which the CLI reads), and the engine's JSON text
(which the program reads). To judge all three by one validator, the YAML ones are turned into the
same plain values the JSON gives (dict, list, int, str, bool, None), and the place of each part is
kept beside them, keyed by its path (``teams.gpu.idle_timeout_minutes``,
``allowed_instance_types[1]``), so every problem still names its file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import yaml

from components.core.problems import Problem
from components.core.yaml_source import problem_at

#: Where a value was set: the file, and its 1-based line and column (0, 0: the file as a whole).
Position = tuple[str, int, int]

_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:bool": lambda text: text.lower() in ("true", "yes", "on", "y"),
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:int": lambda text: yaml.safe_load(text),
    "tag:yaml.org,2002:float": lambda text: yaml.safe_load(text),
}


def plain_value(
    label: str,
    node: yaml.Node,
    path: str,
    positions: dict[str, Position],
    problems: list[Problem],
) -> object:
    """Return ``node`` as plain values; record each part's place in ``positions`` under its path.

    A mapping entry is placed at its key, a list item at the item. Keys must be plain words;
    a key given twice is a problem (PyYAML would keep the last one silently).
    """
    positions[path] = _place(label, node)
    if isinstance(node, yaml.ScalarNode):
        convert = _SCALARS.get(node.tag)
        return convert(node.value) if convert else node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            plain_value(label, item, f"{path}[{index}]", positions, problems)
            for index, item in enumerate(node.value)
        ]
    result: dict[str, object] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(problem_at(label, key_node.start_mark, "keys must be plain words"))
            continue
        key = key_node.value
        if key in result:
            first = positions[f"{path}.{key}"][1]
            problems.append(
                problem_at(
                    label, key_node.start_mark, f"duplicate key {key!r} (first set on line {first})"
                )
            )
            continue
        result[key] = plain_value(label, value_node, f"{path}.{key}", positions, problems)
        positions[f"{path}.{key}"] = _place(label, key_node)
    return result


def locate(positions: Mapping[str, Position], path: str, default: Position) -> Position:
    """The place of ``path``, else of the nearest enclosing part that has one, else ``default``."""
    while path:
        if path in positions:
            return positions[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return default


def _place(label: str, node: yaml.Node) -> Position:
    return (label, node.start_mark.line + 1, node.start_mark.column + 1)


def kind(value: object) -> str:
    """``a number``, ``a boolean``, …: what YAML made of a value, in a reader's words."""
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def spelled(value: object) -> str:
    """A plain value as a YAML file spells it (``true``, ``null``), never as Python does (``True``):
    the reader fixes the file, not a Python value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def not_text(value: object) -> str:
    """Why ``value`` is no text, and the fix: unquoted digits or ``true`` are read as a number or
    a boolean, so an account id written bare in a list needs quotes."""
    if isinstance(value, bool | int | float):
        return f"{kind(value)}, {spelled(value)}: quote it to make it text ('{spelled(value)}')"
    if value is None or value == "":
        return "empty"
    return kind(value)

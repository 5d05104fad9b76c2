"""Read ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` as strictly as user files, for the CLI.

The program gets its configuration from the engine; the CLI reads the same files itself so that
``check --stack S`` judges exactly what ``pulumi up`` would deploy. A stack file arrives through
pull requests like a user file, so it gets the same rules: one YAML document, a mapping, no
duplicate keys, no anchors, every problem with ``file:line:column``, all of them in one run.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import InputError, Problem, UsageError
from .settings import PROJECT, REGION_KEY, STRUCTURED_KEYS, Settings
from .yaml_source import SourceError, compose_file, problem_at
from .yaml_values import plain_value

_MAP = "tag:yaml.org,2002:map"
_STR = "tag:yaml.org,2002:str"
#: Where a key was set: the file, and its 1-based line and column.
Position = tuple[str, int, int]


def stack_file(stack: str, project_dir: Path = Path()) -> Path:
    """Return ``Pulumi.<stack>.yaml`` for a stack name, also for ``org/project/stack`` names."""
    return project_dir / f"Pulumi.{stack.rsplit('/', 1)[-1]}.yaml"


def load_stack_settings(stack: str | None, project_dir: Path = Path()) -> Settings:
    """Read the settings as Pulumi would: ``Pulumi.yaml``'s project config, then the stack's file.

    Values of the stack file (``Pulumi.<stack>.yaml``) override the project's ``config:`` block
    (a plain value, ``value:`` or ``default:``), as they do for ``pulumi up``; without a stack only
    the project's values and the defaults apply. This project's namespace is read, and
    ``aws:region`` for the partition; other keys are left to Pulumi. Values from a Pulumi ESC
    ``environment:`` cannot be resolved offline.

    Raises:
        UsageError: ``stack`` names no stack file.
        InputError: every problem of either file (syntax, structure, unknown keys, bad values).
    """
    config = _ConfigBlock()
    config.read(project_dir / "Pulumi.yaml", project=True)
    source = "Pulumi.yaml"
    if stack:  # None, or an empty CI variable, means: no stack file
        path = stack_file(stack, project_dir)
        if not path.is_file():
            raise UsageError(f"{path}: no stack file for stack {stack!r}")
        config.read(path, project=False)
        source = str(path)
    if config.problems:
        raise InputError(config.problems)
    return Settings.from_mapping(
        config.values, source=source, positions=config.positions, region=config.region
    )


class _ConfigBlock:
    """The ``studio-access`` keys (and ``aws:region``) of one or more Pulumi YAML files."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.positions: dict[str, Position] = {}
        self.region: str | None = None
        self.problems: list[Problem] = []

    def read(self, path: Path, *, project: bool) -> None:
        """Merge ``path``'s ``config:`` block over what was read before; a missing project file is empty."""
        label = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            if project:
                return
            self.problems.append(Problem(label, 0, 0, "stack file does not exist"))
            return
        except OSError as error:
            self.problems.append(Problem(label, 0, 0, f"cannot read: {error.strerror}"))
            return
        try:
            root = compose_file(label, data, kind="stack file")
        except SourceError as error:
            if "file is empty" not in error.problem.message:
                self.problems.append(error.problem)
            return
        before = len(self.problems)
        _refuse_duplicate_keys(label, root, self.problems)
        if len(self.problems) > before:
            return
        if root.tag != _MAP:
            self.problems.append(
                problem_at(
                    label, root.start_mark, "a Pulumi file must be a mapping such as 'config: {…}'"
                )
            )
            return
        for key_node, value_node in root.value:
            if key_node.value == "config" and value_node.tag != "tag:yaml.org,2002:null":
                self._read_config(label, value_node, project)

    def _read_config(self, label: str, node: yaml.Node, project: bool) -> None:
        if node.tag != _MAP:
            self.problems.append(
                problem_at(label, node.start_mark, "'config' must be a mapping of key: value")
            )
            return
        prefix = f"{PROJECT}:"
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR else None
            if key is None:
                self.problems.append(
                    problem_at(label, key_node.start_mark, "configuration keys must be strings")
                )
                continue
            if key.startswith(prefix):
                name = key[len(prefix) :]
            elif project and ":" not in key:
                name = key  # project-level keys without a namespace belong to the project
            elif key == REGION_KEY:
                name = REGION_KEY
            else:
                continue
            if project and value_node.tag == _MAP:
                value_node = _declared_value(value_node)
                if value_node is None:
                    continue  # a declaration (type, description) without a value
            if name in STRUCTURED_KEYS and isinstance(value_node, yaml.MappingNode):
                value = self._structured(label, name, value_node)
            else:
                value = self._plain(label, key, value_node)
            if value is _INVALID:
                continue
            position = (label, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if name == REGION_KEY:
                self._read_region(label, key_node, value)
            else:
                self.values[name] = value
                self.positions[name] = position

    def _structured(self, label: str, name: str, node: yaml.MappingNode) -> object:
        """A nested map (``studio``, ``teams``), each part placed by its path for the messages."""
        if any(k.value == "secure" for k, _ in node.value):
            return self._plain(label, name, node)  # refused: a secret
        for path in [p for p in self.positions if p.startswith(f"{name}.")]:
            del self.positions[path]  # the stack's value replaces the project's as a whole
        return plain_value(label, node, name, self.positions, self.problems)

    def _read_region(self, label: str, key_node: yaml.Node, value: object) -> None:
        if isinstance(value, str):
            self.region = value
        else:
            self.problems.append(
                problem_at(
                    label,
                    key_node.start_mark,
                    f"{REGION_KEY} must be a region name such as eu-west-1",
                )
            )

    def _plain(self, label: str, key: str, node: yaml.Node) -> object:
        """A scalar (text, boolean, number) or a list of scalars; anything else is a problem.

        Only ``studio`` and ``teams`` take nested maps (``_structured``).
        """
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode) and all(
            isinstance(i, yaml.ScalarNode) for i in node.value
        ):
            return [_scalar(item) for item in node.value]
        what = (
            "a secret"
            if node.tag == _MAP and any(k.value == "secure" for k, _ in node.value)
            else "nested"
        )
        self.problems.append(
            problem_at(
                label,
                node.start_mark,
                f"{key} must be a plain value or a list of values, not {what}",
            )
        )
        return _INVALID


_INVALID = object()


def _declared_value(node: yaml.MappingNode) -> yaml.Node | None:
    """The ``value:`` (else ``default:``) of a project-level key declaration, if it has one."""
    entries = {k.value: v for k, v in node.value if k.tag == _STR}
    return entries.get("value", entries.get("default"))


def _scalar(node: yaml.ScalarNode) -> object:
    """A scalar as YAML resolves it: booleans and numbers typed, everything else text."""
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in ("true", "yes", "on", "y")
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return yaml.safe_load(node.value)
    return node.value


def _refuse_duplicate_keys(label: str, root: yaml.Node, problems: list[Problem]) -> None:
    """Report every key given twice in any mapping (PyYAML would keep the last one silently)."""
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            first: dict[object, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key in first:
                    problems.append(
                        problem_at(
                            label,
                            key_node.start_mark,
                            f"duplicate key {key!r} (first set on line {first[key]})",
                        )
                    )
                else:
                    first[key] = key_node.start_mark.line + 1
                pending.append(value_node)

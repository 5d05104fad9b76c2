"""Read ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` as strictly as user files, for the CLI.

The program gets its configuration from the engine; the CLI reads the same files itself so that
``check --stack S`` judges exactly what ``pulumi up`` would deploy. A stack file arrives through
pull requests like a user file, so it gets the same rules: one YAML document, a mapping, no
duplicate keys, no anchors, every problem with ``file:line:column``, all of them in one run.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from components import kinds
from components.core.problems import InputError, Problem, UsageError
from components.core.settings import budgets as budget_settings
from components.core.settings import provider_keys
from components.core.settings.reader import PROJECT, REGION_KEY
from components.core.settings.stack import CONFIG_KEYS, STRUCTURED_KEYS, Settings
from components.core.yaml_source import SourceError, compose_file, problem_at
from components.core.yaml_values import plain_value

#: The top-level keys of a stack file, as Pulumi's ``workspace.ProjectStack`` declares them. A
#: misspelled ``config:`` would otherwise leave every value unread and be reported only as a
#: missing required key. ``Pulumi.yaml`` is not held to a list: Pulumi's project schema admits
#: keys it does not declare.
STACK_FILE_KEYS = ("config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment")
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
    ``aws:region`` for the partition; other providers' keys (``aws:``, ``pulumi:``, …) are left to
    Pulumi, but a namespace that misspells this project's (``studio-acess:``) and, in a stack
    file, a key without any namespace are refused, since Pulumi would ignore or refuse them and
    the default would silently stay in force. With a stack, the keys a deployment needs
    (``domainId``, ``defaultExecutionRoleArn``) are required. Scalars are read as Pulumi reads them,
    in YAML 1.2 (``yes`` is text). Values from a Pulumi ESC ``environment:`` cannot be resolved
    offline.

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
        config.values,
        source=source,
        positions=config.positions,
        region=config.region,
        require_domain=bool(stack),
        checks=(kinds.settings_problems, budget_settings.settings_problems),
    )


def setting_place(stack: str | None, key: str, project_dir: Path = Path()) -> Position | None:
    """Where the stack (or ``Pulumi.yaml``) sets ``key``, for a message about its consequence.

    A setting that is valid but decides an outcome (``policy: seed`` leaves attacks open) is
    reported where it is set, not at the users folder; ``None`` when it is not set in a file.
    """
    config = _ConfigBlock()
    config.read(project_dir / "Pulumi.yaml", project=True)
    if stack:
        config.read(stack_file(stack, project_dir), project=False)
    return config.positions.get(key)


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
            if not project and key_node.value not in STACK_FILE_KEYS:
                self.problems.append(_unknown_stack_key(label, key_node))
            elif key_node.value == "config" and value_node.tag != "tag:yaml.org,2002:null":
                self._read_config(label, value_node, project)

    def _read_config(self, label: str, node: yaml.Node, project: bool) -> None:
        if node.tag != _MAP:
            self.problems.append(
                problem_at(label, node.start_mark, "'config' must be a mapping of key: value")
            )
            return
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR else None
            if key is None:
                self.problems.append(
                    problem_at(label, key_node.start_mark, "configuration keys must be strings")
                )
                continue
            name = self._name(label, key_node, key, project)
            if name is None:
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
            self.positions[name] = (
                label,
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            if name == REGION_KEY:
                self._read_region(label, key_node, value)
            else:
                self.values[name] = value

    def _name(self, label: str, key_node: yaml.Node, key: str, project: bool) -> str | None:
        """The setting a configuration key names: ours, ``aws:region``, or ``None`` (Pulumi's).

        A key of a namespace that is nearly this project's, or a stack file's key without a
        namespace, is reported (with the key it probably means) and also gives ``None``.
        """
        namespace, colon, name = key.partition(":")
        if namespace == PROJECT and colon:
            return name
        if key == REGION_KEY:
            return REGION_KEY
        if namespace == provider_keys.NAMESPACE and (
            why := provider_keys.unknown_key_problem(name)
        ):
            self.problems.append(problem_at(label, key_node.start_mark, why))
        if not colon:
            if project:
                return key  # project-level keys without a namespace belong to the project
            hint = _near_key(key)
            self.problems.append(
                problem_at(
                    label,
                    key_node.start_mark,
                    f"configuration key {key!r} has no namespace, which Pulumi refuses in a "
                    f"stack file; write {hint} (pulumi config set {key} … does)",
                )
            )
            return None
        if _misspells_project(namespace):
            self.problems.append(
                problem_at(
                    label,
                    key_node.start_mark,
                    f"unknown configuration namespace {namespace!r}: Pulumi would pass {key!r} "
                    f"to no one and the default would stay in force; did you mean "
                    f"{_near_key(name)}?",
                )
            )
        return None

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
        if node.tag == _MAP and any(k.value == "secure" for k, _ in node.value):
            message = f"{key} must be a plain value or a list of values, not a secret"
        elif key.partition(":")[2] in STRUCTURED_KEYS or key in STRUCTURED_KEYS:
            name = key.partition(":")[2] or key
            message = (
                f"{key} must be a mapping ({'team name: settings' if name == 'teams' else 'key: value'}"
                f"), got {'a list' if isinstance(node, yaml.SequenceNode) else 'another value'}"
            )
        else:
            message = f"{key} must be a plain value or a list of values, not nested"
        self.problems.append(problem_at(label, node.start_mark, message))
        return _INVALID


_INVALID = object()


def _unknown_stack_key(label: str, key_node: yaml.Node) -> Problem:
    """A stack file's top-level key that Pulumi does not know, with the known key it is nearest."""
    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a mapping or list"
    near = difflib.get_close_matches(str(key).lower(), STACK_FILE_KEYS, n=1, cutoff=0.6)
    hint = (
        f" (did you mean {near[0]!r}?)"
        if near
        else f" (a stack file takes {', '.join(STACK_FILE_KEYS)})"
    )
    return problem_at(label, key_node.start_mark, f"unknown top-level key {key!r}{hint}")


def _declared_value(node: yaml.MappingNode) -> yaml.Node | None:
    """The ``value:`` (else ``default:``) of a project-level key declaration, if it has one."""
    entries = {k.value: v for k, v in node.value if k.tag == _STR}
    return entries.get("value", entries.get("default"))


def _misspells_project(namespace: str) -> bool:
    """Whether ``namespace`` is a near miss of this project's (``studio-acess``, ``Studio-Access``).

    Other providers' namespaces (``aws``, ``pulumi``, ``kubernetes``, …) are far from it and are
    Pulumi's business.
    """
    folded = namespace.lower().replace("_", "-")
    return folded == PROJECT or bool(difflib.get_close_matches(folded, [PROJECT], cutoff=0.8))


def _near_key(name: str) -> str:
    """``studio-access:<the known key nearest to name>``, or the name in the namespace."""
    known = [key for key, _ in CONFIG_KEYS]
    near = difflib.get_close_matches(name, known, n=1) or [
        key for key in known if key.lower() == name.lower()
    ]
    return f"{PROJECT}:{near[0] if near else name}"


#: The booleans of YAML 1.2's core schema, which Pulumi reads (YAML 1.1 adds yes, no, on, off…).
_YAML_12_BOOLEANS = {"true": True, "True": True, "TRUE": True}
_YAML_12_BOOLEANS |= {"false": False, "False": False, "FALSE": False}


def _scalar(node: yaml.ScalarNode) -> object:
    """A scalar as Pulumi resolves it: booleans and numbers typed, everything else text.

    PyYAML implements YAML 1.1, where ``yes``, ``on`` and ``y`` are booleans; Pulumi reads its
    files as YAML 1.2, where they are text. Such a value is kept as the text Pulumi sees, so a
    setting that needs a boolean refuses it instead of reading it as ``true``.
    """
    if node.tag == "tag:yaml.org,2002:bool":
        return _YAML_12_BOOLEANS.get(node.value, node.value)
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

"""Read one YAML file into a node tree, refusing what a users/ file must never contain.

PyYAML's loaders are too forgiving for input that arrives through pull requests: they keep the
last of two duplicate keys, expand anchors and aliases (an "alias bomb" grows exponentially),
and raise errors that print as tracebacks. This module composes the file with libyaml (the
``CSafeLoader``, or the pure-Python ``SafeLoader`` where libyaml is missing), so every node keeps
its line and column, and turns every failure into a ``Problem`` naming file, line and column.
Nothing here knows what a user file means; ``roster`` does.
"""

from __future__ import annotations

import re
from typing import Protocol

import yaml

from components.core.problems import Problem, StudioAccessError

#: A user file is a dozen lines; anything this large is a mistake or an attack.
MAX_FILE_BYTES = 64 * 1024

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _composing_loader(base: type[yaml.SafeLoader] = _SafeLoader) -> type:
    """``base`` (a safe loader), resolving each node's tag as it does but without its overhead.

    Composing calls the resolver once per node: PyYAML's steps through path resolvers, which a
    safe loader has none of, and joins two lists of implicit resolvers for every scalar. Here each
    first character's resolvers are looked up once: the very same nodes, in about a tenth less
    time, which counts at thousands of files. A loader with path or wildcard resolvers is kept.
    """
    resolvers = base.yaml_implicit_resolvers
    if base.yaml_path_resolvers or resolvers.get(None):
        return base
    implicit: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
        first: tuple(found) for first, found in resolvers.items() if first is not None
    }
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    default_scalar = base.DEFAULT_SCALAR_TAG
    default_sequence = base.DEFAULT_SEQUENCE_TAG
    default_mapping = base.DEFAULT_MAPPING_TAG

    def resolve(kind: type, value: str, implicit_flags: tuple[bool, bool]) -> str:
        if kind is scalar:
            if implicit_flags[0]:
                for tag, pattern in implicit.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return default_scalar
        return default_sequence if kind is sequence else default_mapping

    def nothing(*_: object) -> None:
        return None

    # libyaml's parser composes on its own: the constructor and resolver state the C loader also
    # sets up for every file would go unused.
    parser = getattr(getattr(yaml, "cyaml", None), "CParser", None)
    return type(
        "ComposingLoader",
        (parser,) if parser is not None and issubclass(base, parser) else (base,),
        {
            "resolve": staticmethod(resolve),
            "descend_resolver": staticmethod(nothing),
            "ascend_resolver": staticmethod(nothing),
        },
    )


_Loader = _composing_loader()


class Mark(Protocol):
    """A place in a YAML text, 0-based: PyYAML's ``Mark`` and its C loader's have the same."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def problem_at(label: str, mark: Mark | None, message: str) -> Problem:
    """A problem at a PyYAML mark (0-based line and column), in the 1-based terms editors use."""
    if mark is None:
        return Problem(label, 0, 0, message)
    return Problem(label, mark.line + 1, mark.column + 1, message)


class SourceError(StudioAccessError):
    """Raised with the one problem that makes a file unreadable as YAML."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def compose_file(label: str, data: bytes, kind: str = "user file") -> yaml.Node:
    """Decode and compose one single-document YAML file.

    Args:
        label: the file as shown in messages.
        data: the raw bytes.
        kind: what the file is, in messages ("user file", "stack file").

    Returns:
        The root node (any kind; the caller decides whether it is the right one).

    Raises:
        SourceError: size over ``MAX_FILE_BYTES``, bytes that are not UTF-8, a file with no
            document, anchors or aliases, several documents, a YAML syntax error, or an
            explicit tag that contradicts its value (``!!str [a]``).
    """
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(
            Problem(label, 0, 0, f"file is {len(data)} bytes; a {kind} is at most {MAX_FILE_BYTES}")
        )
    text = _decode(label, data)
    if "&" in text or "*" in text:
        # Only these characters start anchors and aliases; scanning events for them stops at the
        # first one, before any alias could be expanded.
        _refuse_anchors(label, text, kind)
    try:
        loader = _Loader(text)
        try:
            node: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError) as error:
        raise SourceError(_yaml_problem(label, text, error)) from None
    if node is None:
        raise SourceError(
            Problem(label, 1, 1, "file is empty: expected a mapping such as 'id: alice'")
        )
    if "!" in text:
        # Explicit tags (``!!str [a]``) need a "!"; without one there is nothing to walk.
        _refuse_misfit_tags(label, node)
    return node


#: The node kind each core tag belongs to; an explicit ``!!str [a]`` or ``!!map x`` contradicts it.
_TAG_KINDS = {
    "tag:yaml.org,2002:str": yaml.ScalarNode,
    "tag:yaml.org,2002:seq": yaml.SequenceNode,
    "tag:yaml.org,2002:map": yaml.MappingNode,
}

_KIND_WORDS = {
    yaml.ScalarNode: "a plain value",
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a mapping",
}


def _refuse_misfit_tags(label: str, root: yaml.Node) -> None:
    """Raise at the first node whose explicit tag names another kind (``!!str [a]``).

    Composing keeps such tags as written, so a list would pass for a string downstream.
    """
    pending = [root]
    while pending:
        node = pending.pop()
        kind = _TAG_KINDS.get(node.tag)
        if kind is not None and not isinstance(node, kind):
            raise SourceError(
                problem_at(
                    label,
                    node.start_mark,
                    f"the tag !!{node.tag.rpartition(':')[2]} cannot mark {_KIND_WORDS[type(node)]}; "
                    "remove it",
                )
            )
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(item for pair in node.value for item in pair)


def _decode(label: str, data: bytes) -> str:
    """Return the text of ``data``, which must be UTF-8 (a byte-order mark is allowed)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            Problem(label, line, column, f"file is not UTF-8 text (byte 0x{data[error.start]:02x})")
        ) from None
    return text.removeprefix("\ufeff")


def _refuse_anchors(label: str, text: str, kind: str) -> None:
    """Raise at the first anchor (``&a``) or alias (``*a``) in ``text``."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise SourceError(
                    problem_at(
                        label,
                        event.start_mark,
                        f"YAML anchors and aliases (&name, *name) are not allowed in a {kind}",
                    )
                )
    except yaml.YAMLError as error:
        raise SourceError(_yaml_problem(label, text, error)) from None


def _yaml_problem(label: str, text: str, error: Exception) -> Problem:
    """One problem for any error PyYAML (or a runaway recursion) raised while reading ``text``."""
    if isinstance(error, yaml.MarkedYAMLError):
        return _syntax_problem(label, text, error)
    if isinstance(error, yaml.reader.ReaderError):
        return _character_problem(label, text, error)
    return Problem(label, 0, 0, f"not valid YAML: {error}")


def _character_problem(label: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """Place a character YAML refuses (a control character), on one line with its position.

    libyaml counts the position in bytes and PyYAML in characters, so the character is looked
    up instead: the reader stops at its first occurrence.
    """
    code = error.character
    if isinstance(code, str) and len(code) == 1:
        code = ord(code)
    if not isinstance(code, int):
        return Problem(label, 0, 0, f"not valid YAML: {error.reason}")
    index = text.find(chr(code))
    line = text.count("\n", 0, index) + 1 if index >= 0 else 0
    column = index - (text.rfind("\n", 0, index) + 1) + 1 if index >= 0 else 0
    return Problem(label, line, column, f"character U+{code:04X} is not allowed in a YAML file")


def _syntax_problem(label: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """Turn a PyYAML error into one line: where, and what, in the user's terms."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = error.problem or "syntax error"
    if isinstance(error, yaml.composer.ComposerError) and "single document" in (
        error.context or ""
    ):
        return Problem(
            label,
            line,
            column,
            "only one YAML document per file is allowed; remove the '---' and what follows",
        )
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        # libyaml words this several ways; the cause is always a tab where YAML wants spaces.
        return Problem(
            label,
            line,
            lines[line - 1].index("\t") + 1,
            "tab character: indent YAML with spaces, not tabs",
        )
    context = f" ({error.context})" if error.context else ""
    return Problem(label, line, column, f"YAML syntax error: {problem}{context}")

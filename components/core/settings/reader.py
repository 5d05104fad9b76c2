"""Raw configuration values made typed: the reader ``Settings.from_mapping`` collects problems with.

Values arrive typed from YAML (the CLI reads ``Pulumi.<stack>.yaml``) and as text from the engine
(the program's ``pulumi.Config``); both are accepted, and each problem is placed at its key's
line in the stack file when that is known.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from components.core.problems import Problem
from components.core.yaml_values import kind, not_text, spelled

#: The Pulumi project name, which is also the configuration namespace.
PROJECT = "studio-access"
#: The region key of the AWS provider, which decides the partition of every ARN.
REGION_KEY = "aws:region"
#: What YAML 1.1 reads as a boolean besides true and false; YAML 1.2, which Pulumi reads, as text.
YAML_11_BOOLEANS = ("yes", "no", "on", "off", "y", "n")


class Reader:
    """Turns raw configuration values into typed ones, collecting problems with their place."""

    def __init__(self, source: str, positions: Mapping[str, tuple[str, int, int]]):
        self.source = source
        self.positions = positions
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        """Report ``message`` at ``key``'s place in the source (the file as a whole if unknown)."""
        label, line, column = self.positions.get(key, (self.source, 0, 0))
        self.problems.append(Problem(label, line, column, message))

    def invalid(self, key: str, message: str) -> None:
        """Report a bad value; ``message`` starts with the key, which gets its namespace."""
        self.problem(key, message if key == REGION_KEY else f"{PROJECT}:{message}")

    def typed(self, key: str, value: object, default: object) -> object:
        """``value`` as the type of ``default`` (text, boolean, number or list of text); the default if empty."""
        if value is None or value == "":
            return default
        if isinstance(default, bool):
            return self._boolean(key, value, default)
        if isinstance(default, tuple):
            return self._text_list(key, value)
        if isinstance(default, int):
            return self._whole_number(key, value, default)
        if not isinstance(value, str):
            self.invalid(key, f"{key} must be a string, got {_type_name(value)}")
            return default
        return value

    def _boolean(self, key: str, value: object, default: bool) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        hint = ""
        if isinstance(value, str) and value.lower() in YAML_11_BOOLEANS:
            # YAML 1.1 (PyYAML's default) reads these as booleans; Pulumi reads YAML 1.2, where
            # they are text, so the stack would not mean what it seems to.
            hint = f" (Pulumi reads YAML 1.2, where {value} is text, not a boolean: write true or false)"
        self.invalid(key, f"{key} must be true or false, got {spelled(value)}{hint}")
        return default

    def _whole_number(self, key: str, value: object, default: int) -> int:
        """A whole number, typed in YAML or as the engine's text (``"365"``)."""
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value.strip())
        self.invalid(key, f"{key} must be a whole number, got {_type_name(value)} {spelled(value)}")
        return default

    def _text_list(self, key: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            # The engine passes a structured value as its JSON text; a single word is a list of one.
            try:
                value = json.loads(value) if value.lstrip().startswith("[") else [value]
            except json.JSONDecodeError:
                self.invalid(key, f"{key} must be a list of strings")
                return ()
        if not isinstance(value, list):
            self.invalid(key, f"{key} must be a list of strings, got {_type_name(value)}")
            return ()
        for number, item in enumerate(value, 1):
            if not isinstance(item, str) or not item:
                self.invalid(
                    key, f"{key} must be a list of strings: item {number} is {not_text(item)}"
                )
                return ()
        if len(set(value)) != len(value):
            self.invalid(key, f"{key} lists a value twice")
        return tuple(value)


def _type_name(value: object) -> str:
    return kind(value)


def environment_region() -> str | None:
    """The region the AWS provider and SDKs fall back to when the stack names none."""
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None

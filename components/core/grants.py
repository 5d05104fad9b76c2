"""One Allow statement as plain data: what a kind needs an operator role to be allowed, which
``policies`` renders (``policies.statements.allow``) without knowing which kind asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Grant:
    """``sid`` allows ``actions`` on ``resources``, under ``conditions`` (operator -> {key: value},
    as IAM writes a Condition, in the order given)."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

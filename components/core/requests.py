"""The proof's data: the callers it judges and the requests (scenarios) it asks each of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from components.core.settings.stack import Settings


#: A scenario's condition on the stack: a ``Settings`` attribute (``attribute`` or
#: ``attribute=value``, alternatives separated by ``|``), or a question asked of the settings
#: (a kind's answer: ``kinds.uses_identity_center``).
Requirement = str | Callable[["Settings"], bool]


def _required(settings: Settings, requirement: Requirement) -> bool:
    """Whether ``settings`` meet a scenario's ``requires``: ``attribute`` or ``attribute=value``,
    or several of them separated by ``|``, any of which will do; or the question's answer."""
    if callable(requirement):
        return requirement(settings)
    if not requirement:
        return True
    return any(_meets(settings, alternative) for alternative in requirement.split("|"))


def _meets(settings: Settings, requirement: str) -> bool:
    attribute, equals, value = requirement.partition("=")
    actual = getattr(settings, attribute)
    return actual == value if equals else bool(actual)


#: A request context value: text, a flag, or a list of text for a multivalued key (``aws:TagKeys``),
#: as the proof's evaluator takes it.
ContextValue = str | bool | Sequence[str]

#: alice's tags, as templates the proof fills with the stack's tag keys.
ALICE = {"{key}": "alice", "{profile_key}": "alice"}


@dataclass(frozen=True)
class Caller:
    """One kind of caller the proof judges, as "alice" (or alice's notebook) would act.

    Attributes:
        kind: a stable key (``member-user``, ``execution-default``, …).
        title: what a reviewer calls it.
        arn: the principal's ARN (``aws:PrincipalArn``).
        tags: the principal tags its sessions carry (``aws:PrincipalTag/…``).
        studio: whether its requests carry alice's Studio context (a notebook's execution role).
        bound_by: ``member``, ``execution``, ``none`` or ``exempt``.
    """

    kind: str
    title: str
    arn: str
    tags: Mapping[str, str] = field(default_factory=dict)
    studio: bool = False
    bound_by: str = "member"

    @property
    def tagged(self) -> bool:
        return bool(self.tags)


@dataclass(frozen=True)
class Scenario:
    """One request and what must happen to it; the proof fills the templates per stack and caller.

    Attributes:
        name: what the caller tries, in a reviewer's words.
        action: the IAM action.
        resource: the resource ARN (a template: ``{sm}``, ``{iam}``, ``{domain}``, ``{self}``…).
        context: extra request context (keys and values are templates).
        allowed: whether it must be allowed (benign) or denied (attack).
        closes: for attacks, the statement ids meant to stop it, in any of the documents.
        kinds: the callers it is asked of: caller kinds (``member-user``) or how callers are
            bound (``none``: every outsider the organization guard binds).
        needs_guard: judged only when the organization guard is on.
        requires: judged only when this ``Settings`` attribute is set (a name the attack needs),
            or, written ``attribute=value``, has that value; alternatives separated by ``|``; or
            when this question of the settings says so (``Requirement``).
        untagged: the caller's tags are left out of the request.
        session_tags: tags the caller's session carries over its principal's own (templates):
            what a rewritten trust policy, a web identity or a federation token would bring.
        unless_guard: for benign requests, expected to be denied once the guard is on.
    """

    name: str
    action: str
    resource: str
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    allowed: bool = False
    closes: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    needs_guard: bool = False
    requires: Requirement = ""
    untagged: bool = False
    session_tags: Mapping[str, str] = field(default_factory=dict)
    unless_guard: bool = False

    def applies(self, settings: Settings, caller: Caller) -> bool:
        """Whether this scenario is asked of ``caller`` in a stack of ``settings``."""
        return (
            (caller.kind in self.kinds or caller.bound_by in self.kinds)
            and (settings.org_guard or not self.needs_guard)
            and _required(settings, self.requires)
        )

    def expected(self, guard_on: bool) -> bool:
        """Whether the request must be allowed, with or without the organization guard."""
        return self.allowed and not (guard_on and self.unless_guard)

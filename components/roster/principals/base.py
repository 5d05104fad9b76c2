"""What every kind of principal answers, and the plain data it answers with.

A kind of principal is one way a person signs in (an IAM user, an IAM role, an Identity Center
user, a federated session). Each kind lives in one module of this package and answers the same
questions, as data, so that each layer above reads the answer it needs and no layer grows an
``if`` per kind:

* the roster: which keys its ``principal:`` mapping takes, how they are validated, and in which
  stacks it may be used (``Kind.read``, ``Kind.unavailable``);
* the program: what ``pulumi up`` registers for one person and, once, for the stack
  (``Kind.registrations``, ``Kind.stack_registrations``: ``Registration`` values that
  ``resources`` turns into Pulumi resources and ``account`` turns into ``pulumi import`` entries);
* the documents: the principal ARNs whose access tag counts (``Kind.bound_arns``);
* the proof: the callers it adds and the requests they make (``Kind.callers``, ``Kind.scenarios``);
* ``adopt`` and ``audit``: how an existing principal is recognised (``Kind.recognise``).

Nothing here imports ``pulumi`` or ``boto3``: a kind is a description, interpreted above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    import yaml

    from ..fields import FieldReader
    from ..settings import Settings

#: The IAM path every principal the program creates lives under. Only the deploy role may create
#: users or roles here (the documents deny it to everyone else), so a principal's ARN under it is
#: proof that the program made it, for the person its tags name.
MANAGED_PATH = "/studio-access/"
#: The IAM path for the roles and users that member roles trust (``principal.trusted``). Whoever
#: becomes one of them becomes the member, so the guards protect their trust policies and
#: credentials; outside this path nothing does.
TRUSTED_PATH = "/studio-access-trusted/"


def managed_path(profile_name: str) -> str:
    """The IAM path of a person's principals: ``/studio-access/<profile name>/``.

    The profile name is in the path so that the principal's ARN spells both of its tags: the
    documents compare ``aws:PrincipalArn`` with a pattern built from them.
    """
    return f"{MANAGED_PATH}{profile_name}/"


@dataclass(frozen=True)
class Principal:
    """A user file's ``principal:`` as its kind read it; each kind adds its own fields."""

    kind: ClassVar[str] = ""


class Person(Protocol):
    """What a kind reads of one person: the roster's ``UserSpec`` is one.

    A description rather than the class, so that the kinds (and the per-user execution roles)
    depend on nothing the roster parses: ``users`` reads files through the kinds, never the
    other way round.
    """

    @property
    def id(self) -> str: ...
    @property
    def profile_name(self) -> str: ...
    @property
    def principal(self) -> Principal: ...
    @property
    def execution_role_arn(self) -> str | None: ...
    @property
    def active(self) -> bool: ...
    @property
    def source(self) -> str: ...
    @property
    def source_line(self) -> int: ...
    def principal_tags(self, tag_key: str) -> dict[str, str]: ...


@dataclass(frozen=True)
class Ref:
    """An output of another registration, resolved when the program runs.

    ``resource`` is a logical name of the same person's registrations, or ``STACK`` for the
    stack-wide outputs (``group_name``, ``policy_arns``, ``guard_arns``).
    """

    resource: str
    attribute: str


#: ``Ref.resource`` of the stack-wide outputs (``StudioAccess``).
STACK = "<stack>"


@dataclass(frozen=True)
class Registration:
    """One resource ``pulumi up`` creates, as data.

    Attributes:
        type: the Pulumi type token (``aws:iam/user:User``).
        name: the logical name; from the person's id, never from a position.
        inputs: the resource's arguments by their Python names; values may hold ``Ref``.
        retain_on_delete: leave it in AWS when it leaves the program (profiles under ``retain``).
        delete_before_replace: delete it before creating its replacement (a fixed name).
        provider: ``None`` for the stack's provider, else the name of another one
            (``identity-center``: where Identity Center lives).
        depends_on: logical names of the same person's registrations that must exist first,
            though no input refers to them (SageMaker creates an Identity Center user's profile
            only once the user is assigned to the domain's application).
    """

    type: str
    name: str
    inputs: Mapping[str, Any]
    retain_on_delete: bool = False
    delete_before_replace: bool = False
    provider: str | None = None
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """A data source the program reads while it runs (``aws.identitystore.get_user``).

    Its result is referenced with ``Ref(name, attribute)`` like a registration's outputs. A
    lookup that finds nothing fails the preview with ``failure``, which names the file.
    """

    function: str
    name: str
    inputs: Mapping[str, Any]
    failure: str
    provider: str | None = None


def _required(settings: Settings, requirement: str) -> bool:
    """Whether ``settings`` meet a scenario's ``requires``: ``attribute`` or ``attribute=value``,
    or several of them separated by ``|``, any of which will do."""
    if not requirement:
        return True
    return any(_meets(settings, alternative) for alternative in requirement.split("|"))


def _meets(settings: Settings, requirement: str) -> bool:
    attribute, equals, value = requirement.partition("=")
    actual = getattr(settings, attribute)
    return actual == value if equals else bool(actual)


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
            or, written ``attribute=value``, has that value; alternatives separated by ``|``.
        untagged: the caller's tags are left out of the request.
        session_tags: tags the caller's session carries over its principal's own (templates):
            what a rewritten trust policy, a web identity or a federation token would bring.
        unless_guard: for benign requests, expected to be denied once the guard is on.
    """

    name: str
    action: str
    resource: str
    context: Mapping[str, object] = field(default_factory=dict)
    allowed: bool = False
    closes: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    needs_guard: bool = False
    requires: str = ""
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


class Found(Protocol):
    """An IAM user or role of the account, as ``adopt`` and ``audit`` read it (duck-typed)."""

    kind: str
    name: str
    path: str
    tags: Mapping[str, str]
    trust: Mapping[str, Any] | None


class Kind:
    """The questions every kind of principal answers; each module subclasses it once.

    Class attributes:
        name: ``principal.type`` in a user file.
        word: what a reviewer calls such a principal (``IAM user``).
        keys: the keys its ``principal:`` mapping takes besides ``type``.
        description: one sentence for the schema, new files and docs/users.md.
        iam: whether the program creates an IAM principal per person (IAM quotas count them).
        signs_in_by: what ``pulumi up`` creates per person so that they sign in, and deletes when
            they leave, in a reviewer's words; empty when nothing is (the identity provider
            decides who signs in).
    """

    name: ClassVar[str]
    word: ClassVar[str]
    keys: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str]
    iam: ClassVar[bool] = False
    signs_in_by: ClassVar[str] = ""

    def unavailable(self, settings: Settings) -> str | None:
        """Why this kind cannot be used in the stack, naming the setting; ``None`` if it can."""
        return None

    def settings_problems(self, settings: Settings) -> list[tuple[str, str]]:
        """``(key, message)`` for each stack setting of this kind that is missing or invalid."""
        return []

    def read(
        self,
        reader: FieldReader,
        node: yaml.Node,
        fields: Mapping[str, yaml.Node],
        settings: Settings,
    ) -> Principal | None:
        """Validate the ``principal:`` keys of one file, reporting each mistake where it stands."""
        raise NotImplementedError

    def roster_problems(self, users: Sequence[Person]) -> list[tuple[Person, str]]:
        """Problems across files of this kind (a value two people may not share)."""
        return []

    def registrations(self, user: Person, settings: Settings) -> list[Registration | Lookup]:
        """What the program registers for an active person of this kind, besides the profile."""
        return []

    def offboarded_registrations(
        self, user: Person, settings: Settings
    ) -> list[Registration | Lookup]:
        """What stays registered for an offboarded person, besides the untagged profile."""
        return []

    def principal_ref(self, user: Person) -> Ref | None:
        """The output that is the person's principal ARN (the ``users`` export), if any."""
        return None

    def session_arn(self, user: Person, settings: Settings) -> str | None:
        """The ``aws:PrincipalArn`` of the person's sessions under the member policy (a template
        with ``{iam}``), or ``None`` when this kind signs in without one."""
        return None

    def profile_inputs(self, user: Person, settings: Settings) -> Mapping[str, Any]:
        """Inputs this kind adds to the person's ``UserProfile`` (Identity Center binding)."""
        return {}

    def profile_after(self, user: Person, settings: Settings) -> tuple[str, ...]:
        """The registrations an active person's profile must wait for (``Registration.depends_on``)."""
        return ()

    def stack_warnings(
        self, users: Sequence[Person], settings: Settings, everyone: Sequence[Person] = ()
    ) -> list[str]:
        """What the stack shares between this kind's ``users`` (and ``everyone`` else in the
        roster) that a reviewer should know (``check`` and ``pulumi preview`` print it as a
        warning)."""
        return []

    def stack_registrations(self, settings: Settings) -> list[Registration]:
        """What the program registers once per stack for this kind (a shared role)."""
        return []

    def bound_arns(self, settings: Settings) -> list[str]:
        """The principal ARN patterns whose access tag counts, for this kind, in this stack."""
        return []

    def callers(self, settings: Settings) -> list[Caller]:
        """The callers this kind adds to the proof."""
        return []

    def scenarios(self) -> list[Scenario]:
        """The attacks and benign requests this kind adds to the proof."""
        return []

    def recognise(self, user_id: str, found: Found, settings: Settings) -> str | None:
        """Why ``found`` cannot be taken over as this kind's principal of ``user_id`` (``adopt``
        then skips the profile), or ``None`` when it can."""
        return f"IAM {found.kind} {found.name} is not a {self.word}"

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        """The ``principal:`` lines ``new-user`` writes (commented examples when ``None``)."""
        return []

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this kind's ``principal:`` keys besides ``type``."""
        return {}


#: The value a policy variable takes when its key is missing (``${key, '-'}``): no id or profile
#: name can be ``-`` (both start with a letter or digit), so a missing tag never equals one.
NO_VALUE = "'-'"


def variable(key: str) -> str:
    """``${key, '-'}``: the context key's value in a policy, or ``-`` when the request has none."""
    return f"${{{key}, {NO_VALUE}}}"


def iam_arn(settings: Settings, resource: str) -> str:
    """An IAM ARN pattern in any account of the stack's partition."""
    return f"arn:{settings.partition}:iam::*:{resource}"


def spelled_by_tags(settings: Settings, resource_type: str, suffix: str = "") -> str:
    """``arn:…:iam::*:<type>/studio-access/${profile tag}/${access tag}<suffix>``.

    The ARN a managed principal must have for its own tags to count: the program creates each
    person's principal under ``/studio-access/<profile name>/`` named after the id. A caller
    missing either tag reads ``-`` for it, which no id or profile name is: it matches nothing.
    """
    profile = variable(f"aws:PrincipalTag/{settings.profile_tag_key}")
    user_id = variable(f"aws:PrincipalTag/{settings.tag_key}")
    return iam_arn(settings, f"{resource_type}{MANAGED_PATH}{profile}/{user_id}{suffix}")

"""What every kind of principal answers, with the plain data of ``core`` (``registrations``,
``requests``).

A kind of principal is one way a person signs in (an IAM user, an IAM role, an Identity Center
user, a federated session). Each kind lives in one module of this package and answers the same
questions, as data, so that each layer above reads the answer it needs and no layer grows an
``if`` per kind:

* the roster: which keys its ``principal:`` mapping takes, how they are validated, and in which
  stacks it may be used (``Kind.read``, ``Kind.unavailable``);
* the program: what ``pulumi up`` registers for one person and, once, for the stack
  (``Kind.registrations``, ``Kind.stack_registrations``: ``Registration`` values that
  ``resources`` turns into Pulumi resources and ``aws.adopt`` turns into ``pulumi import`` entries);
* the documents: the principal ARNs whose access tag counts (``Kind.bound_arns``);
* the proof: the callers it adds and the requests they make (``Kind.callers``, ``Kind.scenarios``);
* ``adopt`` and ``audit``: how an existing principal is recognised (``Kind.recognise``).

Nothing here imports ``pulumi`` or ``boto3``: a kind is a description, interpreted above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from components.core.grants import Grant
from components.core.registrations import Lookup, Ref, Registration
from components.core.requests import Caller, Scenario

if TYPE_CHECKING:
    import yaml

    from components.core.fields import FieldReader
    from components.core.settings.stack import Settings


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
    def line_of(self, key: str) -> int: ...
    def principal_tags(self, tag_key: str) -> dict[str, str]: ...


@dataclass(frozen=True)
class RosterProblem:
    """A value two people of one kind may not share, found at the second person's file.

    Attributes:
        person: whose file the problem is reported at.
        message: what is wrong and how to fix it.
        line: the line of the value at fault, so that the reviewer lands on it rather than on
            the file's ``id``; 0 for the line of the ``id``.
        column: its 1-based column, 1 when only the line is known.
    """

    person: Person
    message: str
    line: int = 0
    column: int = 1


class Found(Protocol):
    """An IAM user or role of the account, as ``adopt`` and ``audit`` read it (duck-typed)."""

    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def tags(self) -> Mapping[str, str]: ...
    @property
    def trust(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True)
class Adopted:
    """What ``adopt`` writes as a profile's principal, as a kind decides it (``Kind.adopt``).

    Attributes:
        principal: the ``principal:`` the file declares; ``None`` when the profile is skipped.
        notes: what the reviewer should know (what ``pulumi up`` changes on what it takes over).
        refusal: why the profile is skipped, and what to do instead.
    """

    principal: Principal | None = None
    notes: tuple[str, ...] = ()
    refusal: str = ""


@dataclass(frozen=True)
class CliOption:
    """An option of ``new-user`` that a kind adds (``--role``, ``--trusted``).

    Attributes:
        flag: the option as typed (``--identity-center``).
        help: what ``new-user --help`` says of it.
        metavar: the value's placeholder; ``None`` for a switch.
        repeat: whether it may be given several times (each value is kept, in order).
    """

    flag: str
    help: str
    metavar: str | None = None
    repeat: bool = False

    @property
    def dest(self) -> str:
        """The attribute ``argparse`` stores the value in (``identity_center``)."""
        return self.flag.lstrip("-").replace("-", "_")


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
        iam_users: how many IAM users the program creates per active person (IAM's quota of
            users per account counts them; ``created_roles`` names the roles).
        issue_form_label: the option of the access-request form's "Kind of principal" dropdown
            that asks for this kind; ``None`` when the form does not offer it.
        iam_entity: the IAM entity the program creates per person, named as the id, in IAM's word
            (``user``, ``role``); ``None`` when it creates none.
        joins_group: whether that IAM principal gets the member policy as a member of the group
            (otherwise the policy is attached to it).
        each_user: what the proof means for one person of this kind, when everybody is one (the
            PR report's sentence after "Each of the N users"); empty: the general sentence.
    """

    name: ClassVar[str]
    word: ClassVar[str]
    keys: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str]
    iam: ClassVar[bool] = False
    signs_in_by: ClassVar[str] = ""
    iam_users: ClassVar[int] = 0
    issue_form_label: ClassVar[str | None] = None
    iam_entity: ClassVar[str | None] = None
    joins_group: ClassVar[bool] = False
    each_user: ClassVar[str] = ""
    #: The proof's callers of this kind that act as an execution role in a person's Studio.
    execution_callers: ClassVar[tuple[str, ...]] = ()

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

    def roster_problems(self, users: Sequence[Person]) -> list[RosterProblem]:
        """Problems across files of this kind (a value two people may not share)."""
        return []

    def change_problems(self, before: Person, after: Person) -> list[tuple[int, str]]:
        """``(line, message)`` for each change of a person's principal of this kind (``before``
        and ``after`` both of it) that cannot be deployed (``check --base`` refuses it)."""
        return []

    def created_roles(self, user: Person) -> list[tuple[str, str]]:
        """``(name, what it is)`` of each IAM role the program creates for this person."""
        return []

    def stack_roles(self, settings: Settings) -> list[tuple[str, str]]:
        """``(name, what it is)`` of each IAM role the program creates once per stack for this
        kind (IAM role names are unique in an account; IAM's role quota counts them)."""
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

    def stack_registrations(self, settings: Settings) -> list[Registration | Lookup]:
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

    def adopt(
        self, user_id: str, profile_name: str, found: Found | None, settings: Settings
    ) -> Adopted | None:
        """What ``adopt`` writes as the principal of the profile ``profile_name`` of ``user_id``:
        with ``found`` (the IAM user or role named as the id, which this kind recognised) that
        principal as a file declares it; without, the principal this kind gives the person in
        this stack. ``None`` when this kind has no answer (another kind is asked)."""
        return None

    def cli_options(self) -> tuple[CliOption, ...]:
        """The options ``new-user`` takes for this kind: the first picks the kind, the others add
        to it; none for a kind that is only ever the stack's default."""
        return ()

    def from_cli(self, values: Mapping[str, Any], settings: Settings) -> Principal | None:
        """The principal ``new-user``'s options describe (``values``: each option's ``dest``),
        called when this kind's first option is given or, with no kind's option given, on the
        stack's default kind; ``None`` writes the default kind with commented examples.

        Raises:
            UsageError: an option this kind needs is missing.
        """
        return None

    def scaffold(self, principal: Principal | None, partition: str) -> list[str]:
        """The ``principal:`` lines ``new-user`` writes (commented examples when ``None``)."""
        return []

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this kind's ``principal:`` keys besides ``type``."""
        return {}

    # What the floors above ask besides, each with a neutral answer.

    def in_use(self, settings: Settings) -> bool:
        """Whether the stack's settings turn this kind's stack-wide machinery on (a sign-in mode
        or a federation), whoever the roster names."""
        return False

    def sign_in_roles(self, settings: Settings, *, any_permission_set: bool = False) -> list[str]:
        """The role ARN patterns whose sessions carry tags an identity provider sends (shared by
        everyone of this kind); the guards keep them as they keep a member's role."""
        return []

    def principal_trust(self, user: Person, settings: Settings) -> dict[str, Any] | None:
        """The trust policy the program writes on the person's principal, if it has one."""
        return None

    def ci_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """What the CI roles need for this kind's stack-wide resources outside IAM Identity
        Center: reads for preview and audit, and with ``write`` what deploy changes."""
        return []

    def identity_center_grants(self, settings: Settings, *, write: bool) -> list[Grant]:
        """What this kind needs in IAM Identity Center (held by the CI roles, or by the Identity
        Center roles the stack names); none when it uses no Identity Center in this stack."""
        return []

    def identity_center_reads(self, command: str, settings: Settings) -> tuple[str, ...]:
        """The IAM Identity Center actions the AWS command ``command`` (``adopt``, ``audit``,
        ``activity``) calls for this kind in this stack (as ``identityCenterReadRoleArn`` when
        it is set); none when it reads nothing there."""
        return ()

    def binds_directory_users(self, settings: Settings) -> bool:
        """Whether, in this stack, a person of this kind signs in as a directory user assigned to
        the domain's application (``ssoApplicationArn``), whom SageMaker binds to one profile by
        user name (``SingleSignOnUserValue``): ``adopt`` and ``audit`` then read the
        application's assignments and each profile's binding."""
        return False

    def directory_user_name(self, principal: Principal) -> str | None:
        """The directory user ``principal`` (of this kind) names, if it names one."""
        return None

    def directory_principal(self, user_name: str) -> Principal:
        """The principal of the directory user ``user_name`` (``adopt``, for a bound profile).

        Raises:
            NotImplementedError: this kind binds no directory user.
        """
        raise NotImplementedError

    def permission_set(self, settings: Settings) -> tuple[str, dict[str, str]] | None:
        """The IAM Identity Center permission set the program creates for this kind in this
        stack, with the tag it sets on it at creation (``{key: value}``); ``None`` without one."""
        return None

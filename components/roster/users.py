"""The roster: ``users/*.yaml`` read into validated, frozen ``UserSpec`` values.

This is the product's main input and its main attack surface: files arrive through pull requests
written by many people. Every rule of docs/users.md's key table is enforced here, before a
single resource is registered, and every problem in every file is collected with its file, line
and column so that one run shows them all. This module knows YAML and validation only; it never
imports ``pulumi``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from components import kinds
from components.core import limits
from components.core.access_dates import read_access
from components.core.fields import MAP, STR, FieldReader
from components.core.fields import kind as kind_word
from components.core.problems import InputError, Problem, printable
from components.core.settings import regions
from components.core.settings.access import profile_tag_key
from components.core.settings.stack import Settings
from components.core.settings.studio import EMPTY, StudioLevel, read_user_studio
from components.core.yaml_source import MAX_FILE_BYTES, SourceError, compose_file
from components.kinds.base import Principal
from components.roster import role_names

#: The tag that records a user's e-mail address, on the principal and on the profile.
EMAIL_TAG = "email"

#: Keys of a user file, in the order docs/users.md documents them.
USER_KEYS = (
    "id",
    "email",
    "profile_name",
    "principal",
    "execution_role_arn",
    "tags",
    "status",
    "team",
    "studio",
    "reason",
    "expires",
    "review_after",
)
#: The kinds of principal a file may name in ``principal.type``.
PRINCIPAL_TYPES = tuple(k.name for k in kinds.KINDS)
#: Every key a ``principal`` mapping can hold, whichever its kind.
PRINCIPAL_KEYS = ("type", *dict.fromkeys(key for k in kinds.KINDS for key in k.keys))
#: ``active``: principal and tagged profile; ``offboarded``: no principal, profile kept untagged.
STATUSES = ("active", "offboarded")

#: Tag key prefixes AWS keeps for itself (SageMaker sets ``sagemaker:user-profile-arn`` on spaces).
RESERVED_TAG_PREFIXES = ("aws:", "sagemaker:")

#: Tags the program sets itself (access tag, profile tag, e-mail), leaving the rest to ``tags``.
EXTRA_TAGS_MAX = limits.TAGS_PER_RESOURCE_MAX - 3


@dataclass(frozen=True)
class UserSpec:
    """One person, as one ``users/<id>.yaml`` declares them.

    Attributes:
        id: the access tag value, the IAM principal name and the default profile name.
        profile_name: the SageMaker user profile name (default: ``id``).
        principal: how the person signs in: one of ``kinds``' kinds, as read.
        email: optional; recorded as the ``email`` tag.
        execution_role_arn: optional per-user execution role; otherwise the domain's default.
        tags: extra tags for the principal and the profile, sorted by key.
        status: ``active`` or ``offboarded`` (principal deleted, profile kept without access tag).
        team: optional; a team of the stack's ``teams``, whose Studio settings apply.
        studio: the user's own Studio settings, over the team's and the stack's.
        reason: optional; why the person needs access (``access_dates``).
        expires: optional; the last day of access, after which ``expire`` offboards the user.
        review_after: optional; the day from which the access is due for review.
        source: the file it came from.
        source_line: the line of its ``id``, for messages about the file as a whole.
        key_lines: ``(key, line)`` of each top-level key, for messages about one value.
    """

    id: str
    profile_name: str
    principal: Principal = field(default_factory=kinds.default_principal)
    email: str | None = None
    execution_role_arn: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    status: str = "active"
    team: str | None = None
    studio: StudioLevel = EMPTY
    reason: str | None = None
    expires: date | None = None
    review_after: date | None = None
    source: str = field(default="", compare=False)
    source_line: int = field(default=1, compare=False)
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, key: str) -> int:
        """The line of ``key`` in the file, else the line of its ``id``."""
        return dict(self.key_lines).get(key, self.source_line)

    @property
    def principal_type(self) -> str:
        """The kind of principal (``user``, ``role``, …), as ``principal.type`` names it."""
        return self.principal.kind

    @property
    def active(self) -> bool:
        """Whether the user has a principal and a profile that opens (``status: active``)."""
        return self.status == "active"

    def profile_tags(self, tag_key: str) -> dict[str, str]:
        """The profile's tags: extras, e-mail, then the access tag, which an offboarded user loses.

        Without the access tag no principal, present or future, can open the profile.
        """
        tags = dict(self.tags)
        if self.email is not None:
            tags[EMAIL_TAG] = self.email
        if self.active:
            tags[tag_key] = self.id
        return tags

    def principal_tags(self, tag_key: str) -> dict[str, str]:
        """The principal's tags: the profile's, then the profile tag that names its profile."""
        return {**self.profile_tags(tag_key), profile_tag_key(tag_key): self.profile_name}


@dataclass(frozen=True)
class Roster:
    """Every valid user of a folder, sorted by id, plus the warnings met while reading it."""

    users: tuple[UserSpec, ...]
    warnings: tuple[Problem, ...] = ()


def load_roster(users_dir: str | os.PathLike[str], settings: Settings | None = None) -> Roster:
    """Read and validate every ``*.yaml`` file of ``users_dir``.

    Args:
        users_dir: the folder; file names in messages are ``users_dir/<name>`` as given.
        settings: the stack's settings (default: the built-in defaults): the access tag key,
            which extra tags may not use; the partition every ARN must be of; the sign-in mode,
            which decides the kinds of principal a file may name.

    Raises:
        InputError: with every problem of every file (warnings included), when any is an error.
    """
    settings = settings or Settings()
    problems: list[Problem] = []
    users: list[UserSpec] = []
    files = _read_user_files(Path(users_dir), problems)
    for label, data in files:
        user = parse_user(label, data, problems, settings)
        if user is not None:
            users.append(user)
    if not files and not problems:
        problems.append(Problem(str(users_dir), 0, 0, "no user files (*.yaml) found", "warning"))
    problems += across_files(users, settings, users_dir)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    users.sort(key=lambda u: u.id)
    return Roster(tuple(users), tuple(sorted(problems)))


def across_files(
    users: list[UserSpec], settings: Settings, users_dir: str | os.PathLike[str]
) -> list[Problem]:
    """What the files say together: colliding ids and profile names, each kind's shared rules."""
    problems: list[Problem] = []
    _check_unique(users, problems)
    problems += role_names.roster_problems(users, settings)
    problems += regions.roster_problems((user.studio for user in users), settings.region)
    by_kind: dict[str, list[UserSpec]] = {kind.name: [] for kind in kinds.KINDS}
    for user in users:  # one pass: at 50,000 people, a pass per kind costs
        by_kind[user.principal.kind].append(user)
    for kind in kinds.KINDS:
        mine = by_kind[kind.name]
        for person, message in kind.roster_problems(mine):
            problems.append(Problem(person.source, person.source_line, 1, message))
        for message in kind.stack_warnings(mine, settings, users):
            problems.append(Problem(str(users_dir), 0, 0, message, "warning"))
    return problems


def _read_user_files(folder: Path, problems: list[Problem]) -> list[tuple[str, bytes]]:
    """Return ``(label, bytes)`` for each regular ``*.yaml`` file, reporting everything else."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        problems.append(Problem(str(folder), 0, 0, "users folder does not exist"))
        return []
    except NotADirectoryError:
        problems.append(Problem(str(folder), 0, 0, "users folder is not a directory"))
        return []
    except OSError as error:
        problems.append(Problem(str(folder), 0, 0, f"cannot read users folder: {error.strerror}"))
        return []
    files = []
    prefix = os.path.join(folder, "")
    for entry in entries:
        name = entry.name
        if not (name.isascii() and name.isprintable()):
            name = _printable(name)
        label = prefix + name
        if name.startswith("."):
            # Editor and VCS files stay silent; a hidden *.yaml may be a user meant to be read.
            if name.lower().endswith((".yaml", ".yml")):
                problems.append(
                    Problem(label, 0, 0, "ignored: hidden files are not read", "warning")
                )
            continue
        stem, dot, suffix = name.rpartition(".")
        if entry.is_dir(follow_symlinks=False):
            problems.append(Problem(label, 0, 0, "ignored: subfolders are not read", "warning"))
            continue
        if not dot or not stem or suffix.lower() not in ("yaml", "yml"):
            problems.append(
                Problem(label, 0, 0, "ignored: only *.yaml files are user files", "warning")
            )
            continue
        if suffix != "yaml":
            problems.append(
                Problem(label, 0, 0, f"user files must end in .yaml: rename it to {stem}.yaml")
            )
            continue
        if entry.is_symlink():
            problems.append(
                Problem(label, 0, 0, "symbolic links are not allowed in the users folder")
            )
            continue
        try:
            # The directory entry's type needs no system call where the file system reports it
            # (at 5,000 files, a stat each is a measurable share of check's time).
            if not entry.is_file(follow_symlinks=False):
                problems.append(Problem(label, 0, 0, "not a regular file"))
                continue
            with open(entry.path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                size = entry.stat(follow_symlinks=False).st_size
                problems.append(
                    Problem(
                        label,
                        0,
                        0,
                        f"file is {size} bytes; a user file is at most {MAX_FILE_BYTES}",
                    )
                )
                continue
            files.append((label, data))
        except OSError as error:
            problems.append(Problem(label, 0, 0, f"cannot read file: {error.strerror}"))
    return files


def _printable(name: str) -> str:
    """Return a file name safe to print: undecodable bytes and control characters escaped."""
    return printable(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def parse_user(
    label: str, data: bytes, problems: list[Problem], settings: Settings | None = None
) -> UserSpec | None:
    """Validate one file's bytes; append its problems and return the spec, or ``None``.

    The file's stem (``alice`` for ``users/alice.yaml``) must equal its ``id``; every ARN must be
    of the stack's partition; the kind of principal must be one the stack signs in with.
    """
    settings = settings or Settings()
    tag_key = settings.tag_key
    try:
        root = compose_file(label, data)
    except SourceError as error:
        problems.append(error.problem)
        return None
    reader = FieldReader(label, problems, settings.partition)
    before = len(problems)
    fields = reader.mapping(root, "the file", USER_KEYS, required=("id",))
    if fields is None:
        return None

    user_id = reader.string(fields, "id", _check_user_id)
    expected = os.path.basename(label)[: -len(".yaml")]
    if user_id is not None and user_id != expected:
        reader.report(
            fields["id"],
            f"id {user_id!r} must equal the file name: {expected!r} "
            f"(or rename the file to {user_id}.yaml)",
        )
    email = reader.string(fields, "email", _check_email)
    profile_name = reader.string(fields, "profile_name", _check_profile_name)
    role_arn = reader.string(fields, "execution_role_arn", reader.check_role_arn)
    principal = _read_principal(reader, fields.get("principal"), fields.get("id"), settings)
    tags = _read_tags(reader, fields.get("tags"), tag_key)
    status = reader.string(fields, "status", _check_status) or "active"
    team, studio = read_user_studio(label, fields, settings.partition, problems)
    reason, expires, review_after = read_access(reader, fields)

    if reader.errors_since(before) or user_id is None or principal is None:
        return None
    return UserSpec(
        id=user_id,
        profile_name=profile_name or user_id,
        principal=principal,
        email=email,
        execution_role_arn=role_arn,
        tags=tags,
        status=status,
        team=team,
        studio=studio,
        reason=reason,
        expires=expires,
        review_after=review_after,
        source=label,
        source_line=fields["id"].start_mark.line + 1,
        key_lines=tuple((key, node.start_mark.line + 1) for key, node in fields.items()),
    )


def _read_principal(
    reader: FieldReader, node: yaml.Node | None, id_node: yaml.Node | None, settings: Settings
) -> Principal | None:
    """The ``principal`` mapping, read by the kind its ``type`` names (default: the stack's)."""
    kind = kinds.default_kind(settings)
    type_node = None
    if node is not None and node.tag == MAP:
        type_node = next((v for k, v in node.value if k.tag == STR and k.value == "type"), None)
    if type_node is not None:
        if type_node.tag != STR or type_node.value not in kinds.BY_NAME:
            reader.report(
                type_node,
                f"principal.type must be one of {', '.join(PRINCIPAL_TYPES)}, got "
                f"{type_node.value if type_node.tag == STR else kind_word(type_node)!r}",
            )
            return None
        kind = kinds.kind_of(type_node.value)
    fields: dict[str, yaml.Node] = {}
    if node is not None:
        node = _without_keys_of_other_kinds(reader, node, kind)
        found = reader.mapping(node, "principal", ("type", *kind.keys))
        if found is None:
            return None
        fields = found
    if why := kind.unavailable(settings):
        where = type_node or node or id_node
        if where is not None:
            reader.report(where, why)
        return None
    return kind.read(reader, node if node is not None else id_node, fields, settings)


def _without_keys_of_other_kinds(
    reader: FieldReader, node: yaml.Node, kind: kinds.Kind
) -> yaml.Node:
    """Report each key that belongs to another kind of principal, and drop it."""
    if node.tag != MAP:
        return node
    if all(k.tag == STR and (k.value == "type" or k.value in kind.keys) for k, _ in node.value):
        return node  # the usual case: nothing of another kind to drop
    kept = []
    for key_node, value_node in node.value:
        owners = [
            k.name
            for k in kinds.KINDS
            if k is not kind and key_node.tag == STR and key_node.value in k.keys
        ]
        if owners and key_node.value not in kind.keys:
            reader.report(
                key_node,
                f"principal.{key_node.value} applies to {' and '.join(owners)} principals only; "
                f"add 'type: {owners[0]}' or remove it",
            )
        else:
            kept.append((key_node, value_node))
    return yaml.MappingNode(node.tag, kept, node.start_mark, node.end_mark, node.flow_style)


def _read_tags(
    reader: FieldReader, node: yaml.Node | None, tag_key: str
) -> tuple[tuple[str, str], ...]:
    """Return the extra tags, refusing reserved keys and text AWS would reject."""
    if node is None:
        return ()
    if node.tag != MAP:
        reader.report(node, f"tags must be a mapping of key: value, got {kind_word(node)}")
        return ()
    tags: dict[str, str] = {}
    seen: set[str] = set()
    access_key, profile_key = tag_key.lower(), profile_tag_key(tag_key).lower()
    for key_node, value_node in node.value:
        key = reader.scalar_text(key_node, "a tag key")
        value = reader.scalar_text(value_node, f"the value of tag {key!r}" if key else "tag values")
        if key is None or value is None:
            continue
        folded = key.lower()
        if folded in seen:
            reader.report(key_node, f"duplicate tag key {key!r}")
        elif not 1 <= len(key) <= limits.TAG_KEY_MAX or not limits.is_tag_text(key):
            reader.report(
                key_node,
                f"tag key {key!r} must be 1-{limits.TAG_KEY_MAX} letters, digits, spaces or _.:/=+-@",
            )
        elif folded.startswith(RESERVED_TAG_PREFIXES):
            prefix = folded.partition(":")[0]
            reader.report(key_node, f"tag key {key!r}: the '{prefix}:' prefix is reserved by AWS")
        elif folded == access_key:
            reader.report(
                key_node,
                f"tag key {key!r} is the access tag; it is set from id and cannot be overridden",
            )
        elif folded == profile_key:
            reader.report(
                key_node,
                f"tag key {key!r} names the profile for the guards; it is set from profile_name",
            )
        elif folded == EMAIL_TAG:
            reader.report(key_node, "tag key 'email' is set from the email field; use that instead")
        elif len(value) > limits.TAG_VALUE_MAX or not limits.is_tag_text(value):
            reader.report(
                value_node,
                f"tag {key!r}: value must be at most {limits.TAG_VALUE_MAX} letters, digits, spaces or _.:/=+-@",
            )
        else:
            tags[key] = value
            seen.add(folded)
    if len(tags) > EXTRA_TAGS_MAX:
        reader.report(
            node,
            f"at most {EXTRA_TAGS_MAX} extra tags are allowed (AWS allows 50 per resource), got {len(tags)}",
        )
    return tuple(sorted(tags.items()))


def _check_user_id(value: str) -> str | None:
    if not limits.ID_RE.match(value):
        return (
            f"id {value!r} must be 1-{limits.PROFILE_NAME_MAX} lowercase letters, digits and "
            f"inner hyphens (it names the IAM principal and the SageMaker profile){_case_hint(value)}"
        )
    return None


def _check_profile_name(value: str) -> str | None:
    if not limits.ID_RE.match(value):
        return (
            f"profile_name {value!r} must be 1-{limits.PROFILE_NAME_MAX} lowercase letters, "
            f"digits and inner hyphens{_case_hint(value)}"
        )
    return None


def _case_hint(value: str) -> str:
    """Why upper case is refused, when it is the only thing wrong."""
    if value != value.lower() and limits.ID_RE.match(value.lower()):
        return (
            f"; write {value.lower()!r}: SageMaker lower-cases some profile ARNs while the guards "
            "compare ARNs case-sensitively, so a name with upper case would lock its owner out"
        )
    return ""


def _check_email(value: str) -> str | None:
    if len(value) > limits.TAG_VALUE_MAX or not limits.EMAIL_RE.match(value):
        return f"email {value!r} is not an e-mail address such as alice@example.com"
    return None


def _check_status(value: str) -> str | None:
    if value not in STATUSES:
        return (
            f"status must be 'active' or 'offboarded', got {value!r} (offboarded: the principal is "
            "deleted, the profile and its data kept without the access tag)"
        )
    return None


def _check_unique(users: list[UserSpec], problems: list[Problem]) -> None:
    """Refuse ids and profile names that collide, also when they differ only in case.

    IAM names are unique case-insensitively, while the policy compares tags case-sensitively:
    ``Alice`` and ``alice`` must never both exist.
    """
    reported: set[tuple[str, str]] = set()
    for attribute, what in (("id", "id"), ("profile_name", "profile name")):
        seen: dict[str, UserSpec] = {}
        for user in users:
            value = getattr(user, attribute)
            other = seen.setdefault(value.lower(), user)
            if other is user or (other.source, user.source) in reported:
                continue
            reported.add((other.source, user.source))
            same = "" if getattr(other, attribute) == value else " (ignoring case)"
            message = f"{what} {value!r} collides{same} with {getattr(other, attribute)!r} in {other.source}"
            problems.append(Problem(user.source, user.source_line, 1, message))

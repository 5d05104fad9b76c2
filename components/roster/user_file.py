"""One user file read into a ``UserSpec``: every key of docs/users.md's table, checked.

Files arrive through pull requests written by many people: every problem is collected with its
file, line and column, so that one run shows them all. A file's ``principal:`` is read by the
kind its ``type`` names (``kinds``). This module knows YAML and validation only.
"""

from __future__ import annotations

import os

import yaml

from components import kinds
from components.core import limits
from components.core.access_dates import read_access
from components.core.fields import MAP, STR, FieldReader
from components.core.fields import kind as kind_word
from components.core.problems import Problem
from components.core.settings.access import profile_tag_key
from components.core.settings.stack import Settings
from components.core.settings.studio import read_user_studio
from components.core.yaml_source import SourceError, compose_file
from components.kinds.base import Kind, Principal
from components.roster.user_spec import EMAIL_TAG, STATUSES, UserSpec

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

#: Tag key prefixes AWS keeps for itself (SageMaker sets ``sagemaker:user-profile-arn`` on spaces).
RESERVED_TAG_PREFIXES = ("aws:", "sagemaker:")

#: Tags the program sets itself (access tag, profile tag, e-mail), leaving the rest to ``tags``.
EXTRA_TAGS_MAX = limits.TAGS_PER_RESOURCE_MAX - 3


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
    partition = settings.partition
    reader = FieldReader(label, problems, partition)
    before = len(problems)
    fields = reader.mapping(root, "the file", USER_KEYS, required=("id",))
    if fields is None:
        return None

    user_id = reader.string(fields, "id", id_problem)
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
    team, studio = read_user_studio(label, fields, partition, problems)
    reason, expires, review_after = read_access(reader, fields)

    if reader.errors_since(before) or user_id is None or principal is None:
        return None
    return _user_spec(
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
        key_lines=tuple([(key, node.start_mark.line + 1) for key, node in fields.items()]),
    )


def _user_spec(**values: object) -> UserSpec:
    """``UserSpec(**values)`` given every field, in a third of the time.

    The frozen dataclass's ``__init__`` sets each of its fifteen fields through
    ``object.__setattr__``: a tenth of reading a file, at 50,000 files a tenth of a second.
    """
    spec = object.__new__(UserSpec)
    vars(spec).update(values)
    return spec


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
        found = reader.mapping(node, "principal", ("type", *kind.keys), example="type: role")
        if found is None:
            return None
        fields = found
    if why := kind.unavailable(settings):
        where = type_node or node or id_node
        if where is not None:
            reader.report(where, why)
        return None
    at = node if node is not None else id_node
    if at is None:  # no id either: that is reported, and a kind has nowhere to place a problem
        return None
    return kind.read(reader, at, fields, settings)


def _without_keys_of_other_kinds(reader: FieldReader, node: yaml.Node, kind: Kind) -> yaml.Node:
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
    flow_style = node.flow_style if isinstance(node, yaml.CollectionNode) else None
    return yaml.MappingNode(node.tag, kept, node.start_mark, node.end_mark, flow_style)


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
        # The words of a message are only put together for a value that needs one.
        if key_node.tag == STR and isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:
            key = reader.scalar_text(key_node, "a tag key")
        if value_node.tag == STR and isinstance(value_node, yaml.ScalarNode):
            value = value_node.value
        else:
            what = f"the value of tag {key!r}" if key else "tag values"
            value = reader.scalar_text(value_node, what)
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


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, or ``None``: the one wording of the rule, which ``new-user``
    and ``read-request`` give too, so that a person hears the same refusal wherever they start."""
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

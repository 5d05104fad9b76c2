"""``python -m components new-user``: write a commented, valid ``users/<id>.yaml``.

The text is generated, then read back through ``roster.parse_user`` (the same rules ``check``
applies) before anything touches the disk, so this command can never write a file that ``check``
would refuse on its own. Comments come from the schema's field descriptions, so the file, the
schema and docs/users.md say the same thing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from components import kinds
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.kinds.base import Principal
from components.lifecycle.new_user_checks import new_user_problems
from components.roster.schema import field_descriptions
from components.roster.user_file import id_problem
from components.roster.users import load_roster, parse_user

#: The first line of every user file: editors that speak yaml-language-server validate as you type.
SCHEMA_COMMENT = "# yaml-language-server: $schema=../components/user.schema.json"


@dataclass(frozen=True)
class Access:
    """What an access request adds to a new user file, each as given (``parse_user`` judges it).

    Attributes:
        team: the team of the stack's ``teams`` whose Studio settings apply.
        reason: why the person needs access.
        expires: the last day of access, ``YYYY-MM-DD``.
        review_after: the day the access is due for review, ``YYYY-MM-DD``.
    """

    team: str | None = None
    reason: str | None = None
    expires: str | None = None
    review_after: str | None = None


#: Plain scalars that YAML 1.2's core schema reads as numbers.
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def new_user_text(
    user_id: str,
    *,
    email: str | None = None,
    profile_name: str | None = None,
    principal: Principal | None = None,
    settings: Settings | None = None,
    access: Access | None = None,
) -> str:
    """Return the text of ``users/<user_id>.yaml``: every key explained, unused ones as examples.

    The text is not validated here; ``write_new_user`` does that before writing.

    Args:
        user_id: the id (also the file name).
        email: recorded as the ``email`` tag; a commented example when ``None``.
        profile_name: the SageMaker profile name; a commented example (the id) when ``None``.
        principal: how the person signs in; ``None``: the stack's default kind, written as a
            commented example of the alternative.
        settings: the stack's settings: the access tag key named in the comments, the partition
            the example ARNs are written in.
        access: the team, reason and dates; commented examples for what it leaves out.
    """
    settings = settings or Settings()
    access = access or Access()
    partition = settings.partition
    text = field_descriptions(_comment_safe(settings.tag_key))
    account = f"arn:{partition}:iam::123456789012"
    lines = [
        SCHEMA_COMMENT,
        "# Check it with: python -m components check",
        "",
        *_comment(f"id: {text['id']}"),
        f"id: {_scalar(user_id)}",
        "",
        *_comment(f"email: {text['email']}"),
        _entry("email", email, f"{user_id}@example.com"),
        "",
        *_comment(f"profile_name: {text['profile_name']}"),
        _entry("profile_name", profile_name, user_id),
        "",
        *_comment(f"principal: {text['principal']}"),
        *_comment(f"type: {text['principal.type']}", indent="  "),
    ]
    for kind in kinds.KINDS:
        if not kind.unavailable(settings):
            for key in kind.keys:
                lines += _comment(f"{key}: {text[f'principal.{key}']}", indent="  ")
    lines += [
        *_principal_lines(principal, settings),
        "",
        *_comment(f"execution_role_arn: {text['execution_role_arn']}"),
        f"# execution_role_arn: {account}:role/service-role/SageMakerExecution",
        "",
        *_comment(f"tags: {text['tags']}"),
        "# tags:",
        '#   cost-center: "4711"',
        "",
        *_comment(f"status: {text['status']}"),
        "# status: offboarded",
        "",
        *_comment(f"team: {text['team']}"),
        _entry("team", access.team, "gpu"),
        "",
        *_comment(f"studio: {text['studio']}"),
        "# studio:",
        "#   idle_timeout_minutes: 240",
        "",
        *_comment(f"reason: {text['reason']}"),
        _entry("reason", access.reason, "Churn model for the retention team (ticket DS-42)"),
        "",
        *_comment(f"expires: {text['expires']}"),
        _entry("expires", access.expires, "YYYY-MM-DD"),
        "",
        *_comment(f"review_after: {text['review_after']}"),
        _entry("review_after", access.review_after, "YYYY-MM-DD"),
    ]
    return "\n".join(lines) + "\n"


def _principal_lines(principal: Principal | None, settings: Settings) -> list[str]:
    """The ``principal:`` block: the kind's own lines, or an example when it is the default."""
    default = kinds.default_kind(settings)
    if principal is not None and (
        principal.kind != default.name or kinds.kind_of(principal.kind).keys
    ):
        return kinds.kind_of(principal.kind).scaffold(principal, settings.partition)
    examples = [k for k in kinds.KINDS if k is not default and not k.unavailable(settings)]
    return examples[0].scaffold(None, settings.partition) if examples else []


def write_new_user(
    users_dir: str | os.PathLike[str],
    user_id: str,
    *,
    email: str | None = None,
    profile_name: str | None = None,
    principal: Principal | None = None,
    settings: Settings | None = None,
    access: Access | None = None,
) -> Path:
    """Write ``users_dir/<user_id>.yaml`` from ``new_user_text`` and return its path.

    The folder is created when missing. Nothing is written unless the generated file passes
    ``roster.parse_user``, its kind's rules and its team's settings (as ``check`` judges them),
    and neither its id nor its profile name collides with an existing user.

    Raises:
        InputError: an invalid id, e-mail, profile name or principal (a trusted principal, a
            kind the stack does not sign in with); an existing file or id (also ignoring case)
            or profile name; a folder that cannot be written.
    """
    settings = settings or Settings()
    folder = Path(users_dir)
    path = folder / f"{user_id}.yaml"
    _refuse_bad_id(folder, user_id)
    text = new_user_text(
        user_id,
        email=email,
        profile_name=profile_name,
        principal=principal,
        settings=settings,
        access=access,
    )
    label = str(path)
    found: list[Problem] = []
    spec = parse_user(label, text.encode("utf-8"), found, settings)
    errors = [p for p in found if p.severity == "error"]
    if spec is None or errors:
        # The roster's messages name the field and the value; the lines are the generated text's.
        raise InputError([Problem(label, 0, 0, p.message) for p in errors])
    # What check --base judges beyond the file: the folder around it, the stack, the dates.
    problems = [
        Problem(label, 0, 0, m) for m in _collisions(folder, spec.id, spec.profile_name, settings)
    ]
    if not problems:
        found += new_user_problems(folder, spec, settings)
        problems = [
            dataclasses.replace(p, line=0, column=0) for p in found if p.severity == "error"
        ]
    if problems:
        raise InputError(problems)
    _write_new_file(path, text)
    for warning in found:
        print(dataclasses.replace(warning, line=0, column=0), file=sys.stderr)
    return path


def _refuse_bad_id(folder: Path, user_id: str) -> None:
    """Refuse what no generated text could fix, a malformed id, before it names a path: in
    ``check``'s words (``id_problem``), at the file it would have been."""
    problem = id_problem(user_id)
    if problem:
        raise InputError([Problem(str(folder / f"{user_id}.yaml"), 0, 0, problem)])


def _write_new_file(path: Path, text: str) -> None:
    """Create ``path`` (and its folder) with ``text``; never overwrite an existing file."""
    label = str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            [Problem(str(path.parent), 0, 0, f"cannot create the users folder: {error.strerror}")]
        ) from None
    try:
        # "x": never overwrite, even a file that appeared since the checks above.
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise InputError([Problem(label, 0, 0, f"user {path.stem!r} already exists")]) from None
    except OSError as error:
        raise InputError([Problem(label, 0, 0, f"cannot write: {error.strerror}")]) from None


def _collisions(folder: Path, user_id: str, profile_name: str, settings: Settings) -> list[str]:
    """Return why ``user_id`` or ``profile_name`` cannot join the users already in ``folder``.

    File names are compared first, so that an existing file is refused even when it is invalid;
    the ids and profile names of the valid roster after that.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        return [f"cannot read {folder}: {error.strerror}"]
    for name in names:
        stem, _, suffix = name.rpartition(".")
        if suffix.lower() in ("yaml", "yml") and stem.lower() == user_id.lower():
            same = "" if stem == user_id else " (ignoring case: IAM names are case-insensitive)"
            return [f"user {user_id!r} already exists{same}: {folder / name}"]
    try:
        users = load_roster(folder, settings).users
    except InputError:
        # An invalid folder is check's business; the file names above were still compared.
        return []
    for user in users:
        if user.profile_name.lower() == profile_name.lower():
            return [
                f"profile name {profile_name!r} is taken by {user.id!r} ({user.source}); "
                "choose another with --profile-name"
            ]
    return []


def _entry(key: str, value: str | None, example: str) -> str:
    """Return ``key: value``, or a commented-out example when the value is not given."""
    if value is None:
        return f"# {key}: {_scalar(example)}"
    return f"{key}: {_scalar(value)}"


def _scalar(value: str) -> str:
    """Return ``value`` as a YAML scalar: plain only when every reader takes it for that string.

    PyYAML reads YAML 1.1 (``yes``, ``0777``); editors and check-jsonschema read YAML 1.2, whose
    numbers differ (``1e3``, ``0o17``). Anything either would misread is double-quoted.
    """
    try:
        plain = yaml.safe_load(value) == value and "\n" not in value
    except (yaml.YAMLError, ValueError):  # ValueError: a timestamp that is no day (2031-02-30)
        plain = False
    if plain and not _YAML12_NUMBER.fullmatch(value):
        return value
    return json.dumps(value)


def _comment(text: str, indent: str = "", width: int = 98) -> list[str]:
    """Return ``text`` as comment lines of at most ``width`` characters, continuations indented."""
    lines: list[str] = []
    line = f"# {indent}"
    for word in text.split():
        if len(line) + len(word) > width and line.strip() != "#":
            lines.append(line.rstrip())
            line = f"# {indent}  "
        line += f"{word} "
    lines.append(line.rstrip())
    return lines


def _comment_safe(text: str) -> str:
    """Return ``text`` safe inside a one-line comment."""
    return text if text.isprintable() else ascii(text)

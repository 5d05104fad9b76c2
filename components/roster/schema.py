"""The JSON Schema of ``users/*.yaml``, for editors (yaml-language-server) and for CI.

Built from the same constants the roster enforces (``limits`` and ``roster``), so a limit is
written once; where a schema cannot say it, it is looser than ``check``, never stricter (an
unquoted account id is only bounded as a number). ``components/user.schema.json`` holds
``schema_text()``; a test keeps the two equal. The schema catches what a schema can express (keys,
types, patterns, lengths, the role/trusted rule, reserved tag keys); ``check`` remains the
authority for the rest (``id`` equal to the file name, uniqueness across files, anchors).

Patterns are ECMA-262 with the unicode flag (``\\p{L}``), as JSON Schema prescribes.
"""

from __future__ import annotations

import json
from typing import Any

from components import kinds
from components.core import limits
from components.core.access_dates import DATE_PATTERN, REASON_MAX
from components.core.settings.access import profile_tag_key
from components.core.settings.studio import (
    APPS,
    EBS_KEYS,
    IDLE_KEYS,
    STUDIO_KEYS,
    TEAM_NAME_PATTERN,
)
from components.roster.user_file import EXTRA_TAGS_MAX, PRINCIPAL_TYPES, RESERVED_TAG_PREFIXES
from components.roster.user_spec import EMAIL_TAG, STATUSES

#: JSON Schema dialect of the document.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The longest ARN IAM and SageMaker accept for a role (``RoleArn``), as the roster checks it.
ROLE_ARN_MAX = limits.ROLE_ARN_MAX

#: The characters that are syntax in an ECMA-262 pattern and must be escaped to match literally.
_ECMA_SYNTAX = frozenset("^$\\.*+?()[]{}|/")


def field_descriptions(tag_key: str = "studiouserid") -> dict[str, str]:
    """Return the meaning of every key, in docs/users.md's words, for the schema and new files.

    Keys are ``USER_KEYS`` plus ``principal.type`` and ``principal.trusted``.
    """
    return {
        "id": (
            "Required; equals the file name; the tag value, principal name, default profile "
            f"name. 1–{limits.PROFILE_NAME_MAX} lowercase letters, digits and inner hyphens; "
            f"unique across files. The access tag: {tag_key}={{id}}."
        ),
        "email": (
            f"Optional; recorded as tag `{EMAIL_TAG}`. An address whose characters are all valid "
            "in a tag value."
        ),
        "profile_name": (
            "Optional; defaults to id. Same rule as id; unique across files and against other "
            "users' default names."
        ),
        "principal": (
            "Optional; default {type: user}. Who signs in, and how. With authMode: sso, "
            "required: {type: identity-center, user_name: …}."
        ),
        "principal.type": (
            f"{' | '.join(PRINCIPAL_TYPES)}. "
            + "; ".join(f"{k.name}: {k.description}" for k in kinds.KINDS)
            + "."
        ),
        **{
            f"principal.{key}": value["description"]
            for kind in kinds.KINDS
            for key, value in kind.schema().items()
        },
        "execution_role_arn": (
            "Optional; else the domain default (or a per-user role the stack creates). An IAM "
            "role ARN of the stack's partition: arn:aws:iam::123456789012:role/Name, optionally "
            "with a path (role/service-role/Name)."
        ),
        "tags": (
            f"Optional extra tags on principal and profile. At most {EXTRA_TAGS_MAX} (AWS allows "
            f"{limits.TAGS_PER_RESOURCE_MAX} per resource; the program sets three): keys "
            f"1–{limits.TAG_KEY_MAX} and values 0–{limits.TAG_VALUE_MAX} characters of letters, "
            f"digits, spaces and _.:/=+-@; not aws:… or sagemaker:…, not the access tag key ({tag_key}) or "
            f"{profile_tag_key(tag_key)}, not {EMAIL_TAG} (ignoring case)."
        ),
        "status": (
            "Optional; active | offboarded (default active). Offboarded: the principal is deleted "
            "(access ends), the profile and its data are kept without the access tag, so nobody "
            "opens it, and the file keeps the id reserved."
        ),
        "team": (
            "Optional; a team of the stack's teams, whose Studio settings apply over the stack's "
            "studio defaults. 1–63 letters, digits, - or _."
        ),
        "studio": (
            "Optional; this user's own Studio settings, over the team's and the stack's "
            "(docs/studio-settings.md): idle shutdown, instance types, lifecycle configurations, "
            "space storage."
        ),
        "reason": (
            f"Optional; why this person needs access: a sentence or a ticket, at most "
            f"{REASON_MAX} characters."
        ),
        "expires": (
            "Optional; the last day of access, YYYY-MM-DD. After it, check warns (an error in a "
            "pull request that changes the file) and expire sets status: offboarded."
        ),
        "review_after": (
            "Optional; the day the access is due for review, YYYY-MM-DD; check warns from 14 days "
            "before. A pull request sets either date at most maxAccessDays (default 365) ahead."
        ),
    }


def user_schema(tag_key: str = "studiouserid") -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of one user file.

    Args:
        tag_key: the configured access tag key, which ``tags`` may not use (in any case).
    """
    text = field_descriptions(tag_key)
    properties = {
        "id": {
            "description": text["id"],
            "type": "string",
            "minLength": 1,
            "maxLength": limits.PROFILE_NAME_MAX,
            "pattern": limits.ID_PATTERN,
        },
        "email": {
            "description": text["email"],
            "type": "string",
            "maxLength": limits.TAG_VALUE_MAX,
            "pattern": limits.EMAIL_PATTERN,
        },
        "profile_name": {
            "description": text["profile_name"],
            "type": "string",
            "minLength": 1,
            "maxLength": limits.PROFILE_NAME_MAX,
            "pattern": limits.ID_PATTERN,
        },
        "principal": _principal_schema(text),
        "execution_role_arn": {
            "description": text["execution_role_arn"],
            "type": "string",
            "maxLength": ROLE_ARN_MAX,
            "pattern": limits.ROLE_ARN_PATTERN,
        },
        "tags": _tags_schema(text, tag_key),
        "status": {"description": text["status"], "enum": list(STATUSES), "default": STATUSES[0]},
        "team": {"description": text["team"], "type": "string", "pattern": TEAM_NAME_PATTERN},
        "studio": {"description": text["studio"], **studio_schema()},
        "reason": {
            "description": text["reason"],
            "type": "string",
            "minLength": 1,
            "maxLength": REASON_MAX,
        },
        **{key: _date_schema(text[key]) for key in ("expires", "review_after")},
    }
    return {
        "$schema": DIALECT,
        "title": "Studio Access user file (users/<id>.yaml)",
        "description": (
            "One person who may open one SageMaker Studio user profile. `python -m components "
            "check` also enforces what a schema cannot: id equal to the file name, unique ids "
            "and profile names, no anchors or duplicate keys."
        ),
        "type": "object",
        "required": ["id"],
        "additionalProperties": False,
        "properties": properties,
    }


def _date_schema(description: str) -> dict[str, Any]:
    """A calendar date written ``YYYY-MM-DD`` (an unquoted one is a YAML date, read as written)."""
    return {"description": description, "type": "string", "pattern": DATE_PATTERN, "format": "date"}


def _principal_schema(text: dict[str, str]) -> dict[str, Any]:
    """The ``principal`` mapping: each kind's keys, required with its type and refused without."""
    properties: dict[str, Any] = {
        "type": {
            "description": text["principal.type"],
            "enum": list(PRINCIPAL_TYPES),
            "default": PRINCIPAL_TYPES[0],
        }
    }
    rules = []
    for kind in kinds.KINDS:
        properties.update(kind.schema())
        if kind.keys:
            rules.append(
                {
                    "if": {"required": ["type"], "properties": {"type": {"const": kind.name}}},
                    "then": {"required": list(kind.keys)},
                    "else": {"not": {"anyOf": [{"required": [key]} for key in kind.keys]}},
                }
            )
    return {
        "description": text["principal"],
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "allOf": rules,
    }


def _tags_schema(text: dict[str, str], tag_key: str) -> dict[str, Any]:
    """Extra tags: AWS's charset and lengths, never a key the program sets itself."""
    tag_text = {"pattern": limits.TAG_CHARSET_PATTERN}
    reserved = [
        *(
            {"description": "reserved by AWS", "pattern": f"^{_any_case(prefix)}"}
            for prefix in RESERVED_TAG_PREFIXES
        ),
        {"description": "the access tag, set from id", "pattern": f"^{_any_case(tag_key)}$"},
        {
            "description": "the profile tag, set from profile_name",
            "pattern": f"^{_any_case(profile_tag_key(tag_key))}$",
        },
        {"description": "set from email", "pattern": f"^{_any_case(EMAIL_TAG)}$"},
    ]
    return {
        "description": text["tags"],
        "type": "object",
        "maxProperties": EXTRA_TAGS_MAX,
        "propertyNames": {
            "minLength": 1,
            "maxLength": limits.TAG_KEY_MAX,
            **tag_text,
            "not": {"anyOf": reserved},
        },
        # Values are read as written, so `cost-center: 0815` needs no quotes.
        "additionalProperties": {
            "type": ["string", "number", "boolean"],
            "maxLength": limits.TAG_VALUE_MAX,
            **tag_text,
        },
    }


#: Every instance type SageMaker names has this shape; ``check`` knows the actual list.
INSTANCE_TYPE_PATTERN = r"^ml\.[a-z0-9-]+\.[a-z0-9]+$"

_STUDIO_DESCRIPTIONS = {
    "idle_timeout_minutes": "JupyterLab and Code Editor shut down after this many idle minutes.",
    "min_idle_timeout_minutes": "The shortest idle timeout a user may choose in Studio.",
    "max_idle_timeout_minutes": "The longest idle timeout a user may choose in Studio.",
    "default_instance_type": "The instance JupyterLab and Code Editor start on.",
    "allowed_instance_types": "The instance types Studio offers; it hides every other one.",
    "lifecycle_config_arns": (
        "Studio lifecycle configurations offered to both apps (a list), or per app "
        "({jupyterlab: [...], code_editor: [...]})."
    ),
    "ebs_default_gb": "A new space's storage in GB (with only ebs_max_gb set: 5).",
    "ebs_max_gb": "The most storage a space may grow to, in GB (with only ebs_default_gb set: that).",
    "monthly_budget_usd": "The most a person may spend on Studio apps in a month, in US dollars.",
    "budget_warning_percent": "The share of the budget at which the meter records a warning.",
}


def studio_schema() -> dict[str, Any]:
    """A ``studio`` block: the keys, their types and AWS's ranges (instance types by shape)."""
    whole = {
        key: (low, high)
        for keys, low, high in (
            (IDLE_KEYS, limits.IDLE_TIMEOUT_MIN, limits.IDLE_TIMEOUT_MAX),
            (EBS_KEYS, limits.SPACE_EBS_GB_MIN, limits.SPACE_EBS_GB_MAX),
        )
        for key in keys
    }
    instance = {"type": "string", "pattern": INSTANCE_TYPE_PATTERN}
    arns = {
        "type": "array",
        "uniqueItems": True,
        "items": {
            "type": "string",
            "maxLength": limits.STUDIO_LIFECYCLE_CONFIG_ARN_MAX,
            "pattern": limits.STUDIO_LIFECYCLE_CONFIG_ARN_PATTERN,
        },
    }
    shapes: dict[str, dict[str, Any]] = {
        # Digits in quotes are read as the number, so a string of digits passes too.
        **{
            key: {
                "type": ["integer", "string"],
                "minimum": low,
                "maximum": high,
                "pattern": "^[0-9]+$",
            }
            for key, (low, high) in whole.items()
        },
        "default_instance_type": instance,
        "monthly_budget_usd": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": 1000000,
            "multipleOf": 0.01,
            "pattern": "^[$]?[0-9]{1,7}([.][0-9]{1,2})?$",
        },
        "budget_warning_percent": {
            "type": ["integer", "string"],
            "minimum": 1,
            "maximum": 100,
            "pattern": "^[0-9]{1,3}$",
        },
        "allowed_instance_types": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": instance,
        },
        "lifecycle_config_arns": {
            "anyOf": [
                arns,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {app: arns for app in APPS},
                },
            ]
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            key: {"description": _STUDIO_DESCRIPTIONS[key], **shapes[key]} for key in STUDIO_KEYS
        },
    }


def schema_text(tag_key: str = "studiouserid") -> str:
    """Return ``user_schema(tag_key)`` as the deterministic text of ``user.schema.json``."""
    return json.dumps(user_schema(tag_key), indent=2, ensure_ascii=False) + "\n"


def _any_case(text: str) -> str:
    """Return an ECMA-262 pattern matching ``text`` literally, ignoring the case of its letters.

    A letter whose other case is more than one character (``ß``) is matched as written.
    """
    parts = []
    for char in text:
        variants = dict.fromkeys(v for v in (char.lower(), char.upper(), char) if len(v) == 1)
        if len(variants) > 1:
            parts.append(f"[{''.join(variants)}]")
        elif char in _ECMA_SYNTAX:
            parts.append(f"\\{char}")
        else:
            parts.append(char)
    return "".join(parts)

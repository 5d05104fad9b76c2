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

from . import limits, principals
from .users import EMAIL_TAG, EXTRA_TAGS_MAX, PRINCIPAL_TYPES, STATUSES, profile_tag_key

#: JSON Schema dialect of the document.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The longest ARN IAM and SageMaker accept for a role (``RoleArn``), as the roster checks it.
ROLE_ARN_MAX = limits.ROLE_ARN_MAX

#: The characters that are syntax in an ECMA-262 pattern and must be escaped to match literally.
_ECMA_SYNTAX = frozenset("^$\\.*+?()[]{}|/")


def field_descriptions(tag_key: str = "studiouserid") -> dict[str, str]:
    """Return the meaning of every key, in the README's words, for the schema and new files.

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
            + "; ".join(f"{k.name}: {k.description}" for k in principals.KINDS)
            + "."
        ),
        **{
            f"principal.{key}": value["description"]
            for kind in principals.KINDS
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
            f"digits, spaces and _.:/=+-@; not aws:…, not the access tag key ({tag_key}) or "
            f"{profile_tag_key(tag_key)}, not {EMAIL_TAG} (ignoring case)."
        ),
        "status": (
            "Optional; active | offboarded (default active). Offboarded: the principal is deleted "
            "(access ends), the profile and its data are kept without the access tag, so nobody "
            "opens it, and the file keeps the id reserved."
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
    for kind in principals.KINDS:
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
        {"description": "reserved by AWS", "pattern": f"^{_any_case('aws:')}"},
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

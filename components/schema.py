"""The JSON Schema of ``users/*.yaml``, for editors (yaml-language-server) and for CI.

Built from the same constants the roster enforces (``limits`` and ``roster``), so the schema can
never be looser or stricter than ``check`` by accident. ``components/user.schema.json`` holds
``schema_text()``; a test keeps the two equal. The schema catches what a schema can express (keys,
types, patterns, lengths, the role/trusted rule, reserved tag keys); ``check`` remains the
authority for the rest (``id`` equal to the file name, uniqueness across files, anchors).

Patterns are ECMA-262 with the unicode flag (``\\p{L}``), as JSON Schema prescribes.
"""

from __future__ import annotations

import json
from typing import Any

from . import limits
from .roster import EMAIL_TAG, EXTRA_TAGS_MAX, PRINCIPAL_TYPES

#: JSON Schema dialect of the document.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The longest ARN IAM and SageMaker accept for a role (``RoleArn``), as the roster checks it.
ROLE_ARN_MAX = 2048

#: The characters that are syntax in an ECMA-262 pattern and must be escaped to match literally.
_ECMA_SYNTAX = frozenset("^$\\.*+?()[]{}|/")


def field_descriptions(tag_key: str = "studiouserid") -> dict[str, str]:
    """Return the one-sentence meaning of every key, as the README and generated files say it.

    Keys are ``USER_KEYS`` plus ``principal.type`` and ``principal.trusted``.
    """
    return {
        "id": (
            f"Required. The access tag value ({tag_key}), the IAM principal name and the default "
            f"profile name; equals the file name. 1-{limits.PROFILE_NAME_MAX} letters, digits "
            "and inner hyphens, unique across files ignoring case."
        ),
        "email": f"Optional. Recorded as the tag '{EMAIL_TAG}' on the principal and the profile.",
        "profile_name": (
            "Optional. The SageMaker user profile name; defaults to id. Unique across files."
        ),
        "principal": (
            "Optional; default {type: user}. Who signs in: an IAM user that joins the Studio "
            "group, or an IAM role that carries the policy itself."
        ),
        "principal.type": (
            "user (an IAM user in the group, the default) or role (an IAM role, e.g. for SSO/SAML)."
        ),
        "principal.trusted": (
            "Role only, required: who may assume it (12-digit account ids, account/role ARNs or "
            "a SAML provider ARN)."
        ),
        "execution_role_arn": (
            "Optional. The IAM role the profile's apps run as; else the domain's default."
        ),
        "tags": (
            f"Optional extra tags on the principal and the profile: at most {EXTRA_TAGS_MAX}; "
            f"keys 1-{limits.TAG_KEY_MAX} and values 0-{limits.TAG_VALUE_MAX} letters, digits, "
            f"spaces or _.:/=+-@; keys never 'aws:*', '{EMAIL_TAG}' or '{tag_key}'."
        ),
    }


def user_schema(tag_key: str = "studiouserid") -> dict[str, Any]:
    """Return the JSON Schema (2020-12) of one user file.

    Args:
        tag_key: the configured access tag key, which ``tags`` may not use (in any case).
    """
    text = field_descriptions(tag_key)
    tag_text = {"pattern": limits.TAG_CHARSET_PATTERN}
    principal = {
        "description": text["principal"],
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "type": {
                "description": text["principal.type"],
                "enum": list(PRINCIPAL_TYPES),
                "default": PRINCIPAL_TYPES[0],
            },
            "trusted": {
                "description": text["principal.trusted"],
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {
                    "type": "string",
                    "pattern": f"{limits.ACCOUNT_ID_PATTERN}|{limits.TRUSTED_ARN_PATTERN}",
                },
            },
        },
        "if": {"required": ["type"], "properties": {"type": {"const": "role"}}},
        "then": {"required": ["trusted"]},
        "else": {"not": {"required": ["trusted"]}},
    }
    reserved = [
        {"description": "reserved by AWS", "pattern": f"^{_any_case('aws:')}"},
        {"description": "the access tag, set from id", "pattern": f"^{_any_case(tag_key)}$"},
        {"description": "set from email", "pattern": f"^{_any_case(EMAIL_TAG)}$"},
    ]
    properties = {
        "id": {
            "description": text["id"],
            "type": "string",
            "minLength": 1,
            "maxLength": limits.PROFILE_NAME_MAX,
            "pattern": limits.PROFILE_NAME_PATTERN,
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
            "pattern": limits.PROFILE_NAME_PATTERN,
        },
        "principal": principal,
        "execution_role_arn": {
            "description": text["execution_role_arn"],
            "type": "string",
            "maxLength": ROLE_ARN_MAX,
            "pattern": limits.ROLE_ARN_PATTERN,
        },
        "tags": {
            "description": text["tags"],
            "type": "object",
            "maxProperties": EXTRA_TAGS_MAX,
            "propertyNames": {
                "minLength": 1,
                "maxLength": limits.TAG_KEY_MAX,
                **tag_text,
                "not": {"anyOf": reserved},
            },
            "additionalProperties": {
                "type": "string",
                "maxLength": limits.TAG_VALUE_MAX,
                **tag_text,
            },
        },
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


def schema_text(tag_key: str = "studiouserid") -> str:
    """Return ``user_schema(tag_key)`` as the deterministic text of ``user.schema.json``."""
    return json.dumps(user_schema(tag_key), indent=2, ensure_ascii=False) + "\n"


def _any_case(text: str) -> str:
    """Return an ECMA-262 pattern matching ``text`` literally, ignoring the case of its letters.

    A letter whose other case is more than one character (``ß``) is matched as written.
    """
    parts = []
    for char in text:
        variants = dict.fromkeys(v for v in (char, char.lower(), char.upper()) if len(v) == 1)
        if len(variants) > 1:
            parts.append(f"[{''.join(variants)}]")
        elif char in _ECMA_SYNTAX:
            parts.append(f"\\{char}")
        else:
            parts.append(char)
    return "".join(parts)

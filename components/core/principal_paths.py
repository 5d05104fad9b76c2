"""Where the program's principals live in IAM, and how a policy spells a principal by its tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from components.core.settings.stack import Settings

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

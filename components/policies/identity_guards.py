"""The guards that decide who is whom beyond IAM's own tags: Identity Center, federated
sessions, the roles the organization guard exempts, and profiles' access tags.

Each returns its statements (none where the stack does not need them), named by the attack they
stop; ``guards.common_guards`` lists them in every document, and the organization guard exempts
only the deploy role (and, for Identity Center, the role it assumes there) from the ones it
must do itself.
"""

from __future__ import annotations

from components import kinds
from components.core import statement_ids as sid
from components.core.settings.stack import Settings
from components.policies import arns
from components.policies.action_data import IDENTITY_CENTER_WRITES
from components.policies.denials import Statement, deny

#: What anyone may still do to an exempt role: read it, and assume it if its trust policy says so.
EXEMPT_ROLE_READS = ("iam:Get*", "iam:List*", "sts:AssumeRole")
#: Where IAM Identity Center creates the roles of its permission sets, in every account.
RESERVED_ROLES = "role/aws-reserved/*"


def identity_center_guard(settings: Settings) -> list[Statement]:
    """Nobody bound changes whom IAM Identity Center signs in as whom, in any stack that
    involves it (``authMode: sso``, ``federation: identity-center``).

    A profile of an Identity Center domain follows its directory user by user name, and a
    federated session carries whatever the instance's attributes for access control send: who
    could rename, delete and re-create a user, change a group's members, mint a SCIM bearer token
    (which rewrites every user), replace the external identity provider, assign a group to the
    Studio application, turn assignment-required off, or rewrite the permission set, could sign
    in as a colleague. Every write of ``identitystore``, ``sso-directory`` and ``sso`` is denied
    (``action_data.IDENTITY_CENTER_WRITES``); reads stay open.
    """
    if not kinds.uses_identity_center(settings):
        return []
    return [deny(sid.IDENTITY_CENTER, list(IDENTITY_CENTER_WRITES), "*")]


def protected_roles(settings: Settings, *, break_glass: bool = True) -> list[str]:
    """The roles that do what nobody bound may: the deploy role, the role the program assumes in
    Identity Center's account, and (``break_glass``) the break-glass roles."""
    roles = [settings.deploy_role_arn or "", settings.identity_center_role_arn or ""]
    if break_glass:
        roles += settings.break_glass_role_arns
    return list(dict.fromkeys(role for role in roles if role))


def exempt_roles_guard(settings: Settings, *, break_glass: bool = True) -> list[Statement]:
    """Nobody changes, passes or deletes the roles that may do what the guards deny everyone
    else (rewriting the deploy role's trust and assuming it would be a way out of every guard);
    they may be read, and assumed by whom their trust policies name.

    The break-glass roles are exempt from the organization guard alone: its copy protects them
    (``break_glass``); without it they are roles like any other.
    """
    roles = protected_roles(settings, break_glass=break_glass)
    if not roles:
        return []
    return [deny(sid.EXEMPT_ROLES, resource=roles, not_action=list(EXEMPT_ROLE_READS))]


def federated_tags_guard(
    settings: Settings, *, any_permission_set: bool = False
) -> list[Statement]:
    """A federated session whose two tags differ does nothing: its id decides which profile it
    opens, its profile tag which spaces and apps are its own, so id ``alice`` with profile tag
    ``bob`` would own bob's private spaces.

    The identity provider sends both tags; only the shared sign-in's sessions (and, under the
    organization guard, every permission set's) are honoured with them, so the rule is scoped to
    those. It applies whenever the profile tag is present: a missing or different id denies.
    No policy variable default is involved, so an empty tag value reads the same everywhere.
    """
    roles = kinds.sign_in_roles(settings, any_permission_set=any_permission_set)
    if not roles:
        return []
    key, profile = settings.tag_key, settings.profile_tag_key
    return [
        deny(
            sid.FEDERATED_TAGS,
            "*",
            "*",
            condition={
                "ArnLike": {"aws:PrincipalArn": roles},
                "Null": {f"aws:PrincipalTag/{profile}": "false"},
                "StringNotEquals": {f"aws:PrincipalTag/{key}": f"${{aws:PrincipalTag/{profile}}}"},
            },
        )
    ]


def profile_access_tags_guard(settings: Settings) -> Statement:
    """Nobody sets an access tag on a profile, not even while creating it.

    The tag guard leaves Studio's tag propagation alone (``sagemaker:TaggingAction``), and
    creating profiles is denied separately; this holds both for the break-glass roles too, whom
    the organization guard lets manage profiles: ``CreateUserProfile`` with the access tag, or
    ``AddTags`` whatever its ``TaggingAction``, would give a profile to someone.
    """
    return deny(
        sid.PROFILE_ACCESS_TAGS,
        ["sagemaker:AddTags", "sagemaker:CreateUserProfile"],
        arns.sagemaker(settings, "user-profile/*"),
        condition={
            "ForAnyValue:StringEqualsIgnoreCase": {
                "aws:TagKeys": [settings.tag_key, settings.profile_tag_key]
            }
        },
    )

"""The stack keys of access itself: the access tag, the group and policy, the users' folder.

Everyone the roster names gets the access tag (``tagKey``) and joins the IAM group (``groupName``)
whose managed policy (``policyName``, variant ``policy``) confines them to their own profile;
``maxAccessDays`` bounds how far ahead a pull request may grant access, and the ``federation``
keys name one shared sign-in for ``federated`` users. ``Settings`` inherits this group (a module
of its own, so that the settings module stays one table of the product's keys).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from components.core import limits

POLICY_VARIANTS = ("hardened", "seed")
PROFILE_DELETION_MODES = ("retain", "delete")
#: What the program appends to ``policyName`` for the documents it deploys beside the member policy.
EXECUTION_ROLE_POLICY_SUFFIX = "-execution-role"
ORG_GUARD_POLICY_SUFFIX = "-org-guard"
#: The longest ``maxAccessDays`` accepted: ten years is no longer a bound.
MAX_ACCESS_DAYS_LIMIT = 3650

#: Configuration key and attribute, in the README's table order (after ``domainId``).
ACCESS_KEYS: tuple[tuple[str, str], ...] = (
    ("tagKey", "tag_key"),
    ("groupName", "group_name"),
    ("policyName", "policy_name"),
    ("policy", "policy"),
    ("profileDeletion", "profile_deletion"),
    ("usersDir", "users_dir"),
)
#: ``maxAccessDays``, in the table after the Studio settings.
ACCESS_DAYS_KEYS: tuple[tuple[str, str], ...] = (("maxAccessDays", "max_access_days"),)
#: The shared sign-in of ``federated`` users, after ``maxAccessDays``.
FEDERATION_KEYS: tuple[tuple[str, str], ...] = (
    ("federation", "federation"),
    ("samlProviderArn", "saml_provider_arn"),
    ("federatedRoleName", "federated_role_name"),
    ("identityCenterInstanceArn", "identity_center_instance_arn"),
    ("identityCenterGroupId", "identity_center_group_id"),
    ("permissionSetName", "permission_set_name"),
)


def profile_tag_key(tag_key: str) -> str:
    """The principal tag that names the user's profile: ``<tagKey>-profile``.

    SageMaker identifies a space's owner by its profile ARN, which ends in the profile name, not
    the id; this second tag lets the guards compare an owner with the caller when ``profile_name``
    differs from ``id``. It is guarded exactly like the access tag.
    """
    return f"{tag_key}-profile"


@dataclass(frozen=True)
class AccessSettings:
    """Who gets access and how, as the stack says.

    Attributes:
        tag_key: ``tagKey`` (default ``studiouserid``); the access tag on principals and profiles.
        group_name: ``groupName`` (default ``sagemaker-studio-users``); the IAM group users join.
        policy_name: ``policyName`` (default ``sagemaker-studio-isolation``); the managed policy.
        policy: ``policy`` (default ``hardened``); ``hardened`` or ``seed``.
        profile_deletion: ``profileDeletion`` (default ``retain``); keep a removed user's profile.
        users_dir: ``usersDir`` (default ``users``); the user files' folder, in the project.
        max_access_days: ``maxAccessDays`` (default 365); on a pull request, how far ahead of
            today a new or changed ``expires`` or ``review_after`` may be.
        federation: ``federation`` (default none); ``saml`` or ``identity-center``: one shared
            sign-in for ``federated`` users, whose identity provider sends the access tags
            (``kinds.federated`` has its keys and rules).
        saml_provider_arn, federated_role_name: ``samlProviderArn``, ``federatedRoleName``
            (default ``studio-users``), for ``federation: saml``.
        identity_center_instance_arn, identity_center_group_id, permission_set_name:
            ``identityCenterInstanceArn``, ``identityCenterGroupId``, ``permissionSetName``
            (default ``StudioUser``), for ``federation: identity-center``.
    """

    tag_key: str = "studiouserid"
    group_name: str = "sagemaker-studio-users"
    policy_name: str = "sagemaker-studio-isolation"
    policy: str = "hardened"
    profile_deletion: str = "retain"
    users_dir: str = "users"
    max_access_days: int = 365
    federation: str | None = None
    saml_provider_arn: str | None = None
    federated_role_name: str = "studio-users"
    identity_center_instance_arn: str | None = None
    identity_center_group_id: str | None = None
    permission_set_name: str = "StudioUser"

    @property
    def retain_profiles(self) -> bool:
        """Whether a removed user's profile is left in place (``profileDeletion: retain``)."""
        return self.profile_deletion == "retain"

    @property
    def profile_tag_key(self) -> str:
        """The second guarded principal tag: the user's profile name, for owner matching."""
        return profile_tag_key(self.tag_key)

    @property
    def execution_role_policy_name(self) -> str:
        """The managed policy attached to every execution role of a managed profile."""
        return f"{self.policy_name}{EXECUTION_ROLE_POLICY_SUFFIX}"

    @property
    def org_guard_policy_name(self) -> str:
        """The service control policy of the organization guard."""
        return f"{self.policy_name}{ORG_GUARD_POLICY_SUFFIX}"

    def _check_access_names(self) -> list[tuple[str, str]]:
        """``(key, message)`` for a tag key, name, folder or mode AWS or the program would refuse."""
        messages = self._check_tag_key()
        derived = len(EXECUTION_ROLE_POLICY_SUFFIX)
        for key, name, longest in (
            ("groupName", self.group_name, limits.IAM_GROUP_OR_POLICY_NAME_MAX),
            ("policyName", self.policy_name, limits.IAM_GROUP_OR_POLICY_NAME_MAX - derived),
        ):
            if not (1 <= len(name) <= longest and limits.IAM_NAME_RE.match(name)):
                messages.append(
                    (
                        key,
                        f"{key} {name!r} is not a valid IAM name (1-{longest} letters, digits and +=,.@_-)",
                    )
                )
        users_dir = Path(self.users_dir)
        if users_dir.is_absolute() or ".." in users_dir.parts:
            messages.append(
                (
                    "usersDir",
                    f"usersDir {self.users_dir!r} must be a folder inside the project "
                    "(a relative path without '..')",
                )
            )
        for key, value, allowed in (
            ("policy", self.policy, POLICY_VARIANTS),
            ("profileDeletion", self.profile_deletion, PROFILE_DELETION_MODES),
        ):
            if value not in allowed:
                messages.append((key, f"{key} must be one of {', '.join(allowed)}, got {value!r}"))
        return messages

    def _check_tag_key(self) -> list[tuple[str, str]]:
        """``(key, message)`` when ``tagKey`` cannot be a tag key, or be named in the policies."""
        tag_key_max = limits.TAG_KEY_MAX - len(self.profile_tag_key) + len(self.tag_key)
        if not 1 <= len(self.tag_key) <= tag_key_max or not limits.is_tag_text(self.tag_key):
            return [
                (
                    "tagKey",
                    f"tagKey {self.tag_key!r} is not a valid AWS tag key of at most {tag_key_max} characters (the program also sets {self.tag_key}-profile)",
                )
            ]
        if self.tag_key.lower().startswith("aws:"):
            return [("tagKey", "tagKey must not start with 'aws:' (reserved by AWS)")]
        if unusable := _policy_variable_problem(self.tag_key):
            return [("tagKey", f"tagKey {self.tag_key!r} cannot be used: {unusable}")]
        if self.tag_key.lower() == "email":
            return [("tagKey", "tagKey must differ from 'email' (the e-mail tag)")]
        return []

    def _check_access_days(self) -> list[tuple[str, str]]:
        """``(key, message)`` when ``maxAccessDays`` is out of its range."""
        if 1 <= self.max_access_days <= MAX_ACCESS_DAYS_LIMIT:
            return []
        return [
            (
                "maxAccessDays",
                f"maxAccessDays must be a number of days from 1 to {MAX_ACCESS_DAYS_LIMIT}, "
                f"got {self.max_access_days}",
            )
        ]


def _policy_variable_problem(tag_key: str) -> str | None:
    """Why ``tag_key`` cannot be named inside the policies, or ``None``.

    The guards compare tags through policy variables, ``${aws:PrincipalTag/<tagKey>, '-'}``, and
    condition keys, ``aws:ResourceTag/<tagKey>``. IAM's variable syntax (IAM User Guide, "Policy
    variables", "Specifying default values") separates the key from its default with a comma and
    a space and ends it at the closing brace, so a key with whitespace, ``,``, ``'``, ``$``,
    ``{`` or ``}`` cannot be written in one; ``/`` and ``:`` would split the condition key's own
    ``prefix/tag-key`` form. Of the characters AWS allows in tag keys, that leaves letters,
    digits and ``_.=+-@``.
    """
    refused = sorted({ch for ch in tag_key if ch.isspace() or ch in "/:,'${}"})
    if not refused:
        return None
    shown = ", ".join("a space" if ch == " " else repr(ch) for ch in refused)
    return (
        f"it contains {shown}, which a policy variable (${{aws:PrincipalTag/<tagKey>}}) or a "
        "condition key cannot hold; use letters, digits and _.=+-@ only, e.g. 'studiouserid'"
    )

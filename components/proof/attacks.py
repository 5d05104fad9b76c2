"""The attacks the guards must stop, as data: every door of docs/security.md's threat model.

Each is a request by "alice" (or her notebook, or an outsider) aimed at colleague "bob", with
the statement ids meant to stop it; ``scenarios`` fills the templates per stack and caller.
"""

from __future__ import annotations

from ..policies import guards
from ..policies.execution_role import STUDIO_OPEN_SID
from ..policies.member import SEED_DENY_SID
from ..policies.org_guard import EXEMPT_ROLES_SID
from .scenarios import (
    EXECUTION_ROLES,
    MEMBERS,
    Scenario,
    principal_of,
    space,
    tag_keys,
    tagged,
)

OPEN = (SEED_DENY_SID, STUDIO_OPEN_SID)
TAGS = (guards.TAG_SID,)

_INTEGRITY = MEMBERS | EXECUTION_ROLES  # the SCP relies on its own guards instead

#: Every attack docs/security.md lists, by "alice" (or her notebook, or an outsider).
ATTACKS: tuple[Scenario, ...] = (
    # -- opening a profile that is not one's own
    Scenario(
        "opens a colleague's profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        closes=OPEN,
    ),
    Scenario(
        "opens an untagged profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/shared",
        closes=OPEN,
    ),
    Scenario(
        "has no tag at all and opens a profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        untagged=True,
        kinds=MEMBERS,
        closes=(guards.UNTAGGED_PRINCIPAL_SID, SEED_DENY_SID),
    ),
    # -- changing the tags the isolation is judged by
    Scenario(
        "retags a colleague's profile with its own id (sagemaker:AddTags)",
        "sagemaker:AddTags",
        "{sm}:user-profile/{domain}/bob",
        tag_keys("{key}", value="alice"),
        closes=TAGS,
    ),
    Scenario(
        "strips the tag from a profile (sagemaker:DeleteTags)",
        "sagemaker:DeleteTags",
        "{sm}:user-profile/{domain}/bob",
        tag_keys("{key}"),
        closes=TAGS,
    ),
    Scenario(
        "marks a colleague's space as its own (sagemaker:AddTags sagemaker:user-profile-arn)",
        "sagemaker:AddTags",
        "{sm}:space/{domain}/bob-space",
        tag_keys(guards.SPACE_OWNER_TAG),
        closes=TAGS,
    ),
    Scenario(
        "retags a user as a colleague (iam:TagUser)",
        "iam:TagUser",
        "{iam}:user/alice",
        tag_keys("{key}", value="bob"),
        closes=TAGS,
    ),
    Scenario(
        "retags a user under a differently cased key (iam:TagUser)",
        "iam:TagUser",
        "{iam}:user/alice",
        {"aws:TagKeys": ["STUDIOUSERID"]},
        closes=TAGS,
    ),
    Scenario(
        "points its profile tag at a colleague's profile (iam:TagUser)",
        "iam:TagUser",
        "{iam}:user/alice",
        tag_keys("{profile_key}", value="bob"),
        closes=TAGS,
    ),
    Scenario(
        "removes a user's tag (iam:UntagUser)",
        "iam:UntagUser",
        "{iam}:user/alice",
        tag_keys("{key}"),
        closes=TAGS,
    ),
    Scenario(
        "retags a role as a colleague (iam:TagRole)",
        "iam:TagRole",
        "{iam}:role/alice",
        tag_keys("{key}", value="bob"),
        closes=TAGS,
    ),
    Scenario(
        "removes a role's tag (iam:UntagRole)",
        "iam:UntagRole",
        "{iam}:role/alice",
        tag_keys("{key}"),
        closes=TAGS,
    ),
    Scenario(
        "passes a colleague's id as a session tag (sts:TagSession)",
        "sts:TagSession",
        "{iam}:role/shared-analytics",
        tag_keys("{key}", value="bob"),
        closes=TAGS,
    ),
    Scenario(
        "creates a user tagged with a colleague's id (iam:CreateUser)",
        "iam:CreateUser",
        "{iam}:user/mallory",
        tag_keys("{key}", value="bob"),
        closes=TAGS,
    ),
    Scenario(
        "creates a role tagged with a colleague's id (iam:CreateRole)",
        "iam:CreateRole",
        "{iam}:role/mallory",
        tag_keys("{key}", value="bob"),
        closes=TAGS,
    ),
    # -- leaving the guard: the group, the policies, their attachments
    *(
        Scenario(f"{what} ({action})", action, resource, context, closes=(sid,), kinds=_INTEGRITY)
        for what, action, resource, context, sid in (
            (
                "removes a member from the group",
                "iam:RemoveUserFromGroup",
                "{iam}:group/{group}",
                {},
                guards.LEAVE_GROUP_SID,
            ),
            (
                "detaches the policy from the group",
                "iam:DetachGroupPolicy",
                "{iam}:group/{group}",
                {"iam:PolicyARN": "{iam}:policy/{policy}"},
                guards.LEAVE_GROUP_SID,
            ),
            (
                "renames or moves the group",
                "iam:UpdateGroup",
                "{iam}:group/{group}",
                {},
                guards.LEAVE_GROUP_SID,
            ),
            (
                "leaves the group after it was moved to another path",
                "iam:RemoveUserFromGroup",
                "{iam}:group/teams/ml/{group}",
                {},
                guards.LEAVE_GROUP_SID,
            ),
            (
                "deletes the group",
                "iam:DeleteGroup",
                "{iam}:group/{group}",
                {},
                guards.LEAVE_GROUP_SID,
            ),
            (
                "rewrites the policy",
                "iam:CreatePolicyVersion",
                "{iam}:policy/{policy}",
                {},
                guards.CHANGE_POLICY_SID,
            ),
            (
                "rolls the policy back to another version",
                "iam:SetDefaultPolicyVersion",
                "{iam}:policy/{policy}",
                {},
                guards.CHANGE_POLICY_SID,
            ),
            (
                "deletes an older version of the policy",
                "iam:DeletePolicyVersion",
                "{iam}:policy/{policy}",
                {},
                guards.CHANGE_POLICY_SID,
            ),
            (
                "deletes the policy",
                "iam:DeletePolicy",
                "{iam}:policy/{policy}",
                {},
                guards.CHANGE_POLICY_SID,
            ),
            (
                "rewrites the execution-role guard",
                "iam:CreatePolicyVersion",
                "{iam}:policy/{guard_policy}",
                {},
                guards.CHANGE_POLICY_SID,
            ),
            (
                "detaches the policy from a member role",
                "iam:DetachRolePolicy",
                "{iam}:role/alice",
                {"iam:PolicyARN": "{iam}:policy/{policy}"},
                guards.DETACH_ROLE_POLICY_SID,
            ),
            (
                "detaches the guard from the execution role",
                "iam:DetachRolePolicy",
                "{default_role}",
                {"iam:PolicyARN": "{iam}:policy/{guard_policy}"},
                guards.DETACH_ROLE_POLICY_SID,
            ),
        )
    ),
    # -- acting as a colleague through the colleague's principal
    *(
        Scenario(
            f"acts as a colleague: {what} ({action})",
            action,
            "{iam}:" + resource,
            principal_of("bob"),
            closes=(guards.IMPERSONATION_SID,),
        )
        for what, action, resource in (
            ("assumes a colleague's role", "sts:AssumeRole", "role/bob"),
            (
                "rewrites who may assume a colleague's role",
                "iam:UpdateAssumeRolePolicy",
                "role/bob",
            ),
            ("passes a colleague's role to a service", "iam:PassRole", "role/bob"),
            ("attaches a policy to a colleague's role", "iam:AttachRolePolicy", "role/bob"),
            ("writes an inline policy on a colleague's role", "iam:PutRolePolicy", "role/bob"),
            (
                "sets a permissions boundary on a colleague's role",
                "iam:PutRolePermissionsBoundary",
                "role/bob",
            ),
            ("creates an access key for a colleague", "iam:CreateAccessKey", "user/bob"),
            ("sets a colleague's console password", "iam:CreateLoginProfile", "user/bob"),
            ("changes a colleague's console password", "iam:UpdateLoginProfile", "user/bob"),
            ("deletes a colleague's console password", "iam:DeleteLoginProfile", "user/bob"),
            ("removes a colleague's MFA device", "iam:DeactivateMFADevice", "user/bob"),
            ("enrols its MFA device for a colleague", "iam:EnableMFADevice", "user/bob"),
            (
                "creates service credentials for a colleague",
                "iam:CreateServiceSpecificCredential",
                "user/bob",
            ),
            ("writes an inline policy on a colleague's user", "iam:PutUserPolicy", "user/bob"),
        )
    ),
    # -- changing profiles and the domain, which belong to the deploy role
    *(
        Scenario(
            what,
            action,
            resource,
            tagged("bob") if "bob" in resource else {},
            closes=(guards.PROFILE_ADMIN_SID,),
        )
        for what, action, resource in (
            (
                "swaps a colleague's execution role (sagemaker:UpdateUserProfile)",
                "sagemaker:UpdateUserProfile",
                "{sm}:user-profile/{domain}/bob",
            ),
            (
                "deletes a colleague's profile (sagemaker:DeleteUserProfile)",
                "sagemaker:DeleteUserProfile",
                "{sm}:user-profile/{domain}/bob",
            ),
            (
                "creates a profile (sagemaker:CreateUserProfile)",
                "sagemaker:CreateUserProfile",
                "{sm}:user-profile/{domain}/mallory",
            ),
            (
                "changes the domain (sagemaker:UpdateDomain)",
                "sagemaker:UpdateDomain",
                "{sm}:domain/{domain}",
            ),
            (
                "deletes the domain (sagemaker:DeleteDomain)",
                "sagemaker:DeleteDomain",
                "{sm}:domain/{domain}",
            ),
        )
    ),
    # -- a colleague's spaces and apps
    Scenario(
        "creates a space owned by a colleague (sagemaker:CreateSpace)",
        "sagemaker:CreateSpace",
        "{sm}:space/{domain}/for-bob",
        space("bob"),
        closes=(guards.OTHER_SPACES_SID,),
    ),
    Scenario(
        "enables remote access on a colleague's space (sagemaker:UpdateSpace)",
        "sagemaker:UpdateSpace",
        "{sm}:space/{domain}/bob-space",
        {**space("bob"), "sagemaker:RemoteAccess": "ENABLED"},
        closes=(guards.OTHER_SPACES_SID,),
    ),
    Scenario(
        "deletes a colleague's private space (sagemaker:DeleteSpace)",
        "sagemaker:DeleteSpace",
        "{sm}:space/{domain}/bob-space",
        space("bob"),
        closes=(guards.OTHER_SPACES_SID,),
    ),
    Scenario(
        "creates an app in a colleague's private space (sagemaker:CreateApp)",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/bob-space/JupyterLab/default",
        space("bob"),
        closes=(guards.PRIVATE_APPS_SID,),
    ),
    Scenario(
        "deletes an app in a colleague's private space (sagemaker:DeleteApp)",
        "sagemaker:DeleteApp",
        "{sm}:app/{domain}/bob-space/JupyterLab/default",
        space("bob"),
        closes=(guards.PRIVATE_APPS_SID,),
    ),
    Scenario(
        "creates an app on a colleague's profile (sagemaker:CreateApp)",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/bob/JupyterServer/default",
        closes=(guards.PROFILE_APPS_SID,),
    ),
    Scenario(
        "deletes an app on a colleague's profile (sagemaker:DeleteApp)",
        "sagemaker:DeleteApp",
        "{sm}:app/{domain}/bob/JupyterServer/default",
        closes=(guards.PROFILE_APPS_SID,),
    ),
    Scenario(
        "starts a remote session in a colleague's space (sagemaker:StartSession)",
        "sagemaker:StartSession",
        "{sm}:space/{domain}/bob-space",
        {"sagemaker:ResourceTag/" + guards.SPACE_OWNER_TAG: "{sm}:user-profile/{domain}/bob"},
        closes=(guards.SESSIONS_SID,),
    ),
    # -- the identity providers that role principals trust
    *(
        Scenario(
            f"{what} ({action})",
            action,
            "{iam}:saml-provider/Corp",
            closes=(guards.IDENTITY_PROVIDER_SID,),
        )
        for what, action in (
            (
                "replaces the metadata of the SAML provider a colleague's role trusts",
                "iam:UpdateSAMLProvider",
            ),
            ("deletes the SAML provider a colleague's role trusts", "iam:DeleteSAMLProvider"),
            ("creates a SAML provider", "iam:CreateSAMLProvider"),
        )
    ),
    # -- borrowing the organization guard's exemption
    *(
        Scenario(
            f"{what} ({action})", action, "{deploy}", closes=(EXEMPT_ROLES_SID,), needs_guard=True
        )
        for what, action in (
            ("rewrites the deploy role's trust policy", "iam:UpdateAssumeRolePolicy"),
            ("attaches a policy to the deploy role", "iam:AttachRolePolicy"),
            ("writes an inline policy on the deploy role", "iam:PutRolePolicy"),
            ("deletes the deploy role", "iam:DeleteRole"),
            ("passes the deploy role to a service", "iam:PassRole"),
        )
    ),
)

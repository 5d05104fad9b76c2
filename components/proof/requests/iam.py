"""The attacks through IAM: the program's path, its group and policies, a colleague's principal,
the identity providers.

Part of the attacks (``attacks`` lists every family); each is a request by "alice" (or her
notebook, or an outsider) aimed at colleague "bob".
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH
from components.core.requests import Scenario
from components.proof.requests.targets import BOB_ROLE, BOB_USER
from components.proof.scenarios import (
    BOUND,
    WITH_PROFILE,
    principal_of,
)

_INTEGRITY = WITH_PROFILE  # the SCP relies on its own guards instead

#: The path whose ARNs make tags count: only the deploy role creates there or rewrites a trust.
MANAGED = tuple(
    Scenario(
        what,
        action,
        resource,
        closes=(sid.MANAGED_PRINCIPALS,),
        kinds=BOUND,
        requires={
            "{default_role}": "default_execution_role_arn",
            "{space_role}": "default_space_execution_role_arn",
        }.get(resource, ""),
    )
    for what, action, resource in (
        (
            "creates an untagged role where the program keeps principals (iam:CreateRole)",
            "iam:CreateRole",
            "{managed}mallory/mallory",
        ),
        (
            "creates an untagged user where the program keeps principals (iam:CreateUser)",
            "iam:CreateUser",
            "{iam}:user" + MANAGED_PATH + "mallory/mallory",
        ),
        (
            "moves a user to where the program keeps principals (iam:UpdateUser)",
            "iam:UpdateUser",
            "{iam}:user" + MANAGED_PATH + "bob/bob",
        ),
        (
            "rewrites the trust policy of a member role to accept a web identity "
            "(iam:UpdateAssumeRolePolicy)",
            "iam:UpdateAssumeRolePolicy",
            "{managed}alice/alice",
        ),
        (
            "rewrites the trust policy of the domain's default execution role "
            "(iam:UpdateAssumeRolePolicy)",
            "iam:UpdateAssumeRolePolicy",
            "{default_role}",
        ),
        (
            "rewrites the trust policy of the shared spaces' execution role "
            "(iam:UpdateAssumeRolePolicy)",
            "iam:UpdateAssumeRolePolicy",
            "{space_role}",
        ),
        (
            "rewrites the trust policy of a per-user execution role (iam:UpdateAssumeRolePolicy)",
            "iam:UpdateAssumeRolePolicy",
            "{managed}alice/alice/alice-studio-execution",
        ),
    )
)

INTEGRITY = tuple(
    Scenario(f"{what} ({action})", action, resource, context, closes=(sid_,), kinds=_INTEGRITY)
    for what, action, resource, context, sid_ in (
        (
            "removes a member from the group",
            "iam:RemoveUserFromGroup",
            "{iam}:group/{group}",
            {},
            sid.LEAVE_GROUP,
        ),
        (
            "detaches the policy from the group",
            "iam:DetachGroupPolicy",
            "{iam}:group/{group}",
            {"iam:PolicyARN": "{iam}:policy/{policy}"},
            sid.LEAVE_GROUP,
        ),
        (
            "renames or moves the group",
            "iam:UpdateGroup",
            "{iam}:group/{group}",
            {},
            sid.LEAVE_GROUP,
        ),
        (
            "leaves the group after it was moved to another path",
            "iam:RemoveUserFromGroup",
            "{iam}:group/teams/ml/{group}",
            {},
            sid.LEAVE_GROUP,
        ),
        ("deletes the group", "iam:DeleteGroup", "{iam}:group/{group}", {}, sid.LEAVE_GROUP),
        (
            "rewrites the policy",
            "iam:CreatePolicyVersion",
            "{iam}:policy/{policy}",
            {},
            sid.CHANGE_POLICY,
        ),
        (
            "rolls the policy back to another version",
            "iam:SetDefaultPolicyVersion",
            "{iam}:policy/{policy}",
            {},
            sid.CHANGE_POLICY,
        ),
        (
            "deletes an older version of the policy",
            "iam:DeletePolicyVersion",
            "{iam}:policy/{policy}",
            {},
            sid.CHANGE_POLICY,
        ),
        ("deletes the policy", "iam:DeletePolicy", "{iam}:policy/{policy}", {}, sid.CHANGE_POLICY),
        (
            "rewrites the execution-role guard",
            "iam:CreatePolicyVersion",
            "{iam}:policy/{guard_policy}",
            {},
            sid.CHANGE_POLICY,
        ),
        (
            "detaches the policy from a member role",
            "iam:DetachRolePolicy",
            "{managed}alice/alice",
            {"iam:PolicyARN": "{iam}:policy/{policy}"},
            sid.DETACH_ROLE_POLICY,
        ),
        (
            "detaches the guard from the execution role",
            "iam:DetachRolePolicy",
            "{default_role}",
            {"iam:PolicyARN": "{iam}:policy/{guard_policy}"},
            sid.DETACH_ROLE_POLICY,
        ),
    )
)

#: Acting through a colleague's principal. Assuming a colleague's role is judged for the callers
#: that carry a Studio identity of their own; for anyone else its trust policy decides.
IMPERSONATION = (
    Scenario(
        "acts as a colleague: assumes a colleague's role (sts:AssumeRole)",
        "sts:AssumeRole",
        BOB_ROLE,
        principal_of("bob"),
        closes=(sid.IMPERSONATION, sid.ASSUME_OTHER_ROLE),
        kinds=WITH_PROFILE,
    ),
    *(
        Scenario(
            f"acts as a colleague: {what} ({action})",
            action,
            resource,
            principal_of("bob"),
            closes=(sid.IMPERSONATION,),
            kinds=BOUND,
        )
        for what, action, resource in (
            ("rewrites who may assume a colleague's role", "iam:UpdateAssumeRolePolicy", BOB_ROLE),
            ("passes a colleague's role to a service", "iam:PassRole", BOB_ROLE),
            ("attaches a policy to a colleague's role", "iam:AttachRolePolicy", BOB_ROLE),
            ("writes an inline policy on a colleague's role", "iam:PutRolePolicy", BOB_ROLE),
            (
                "sets a permissions boundary on a colleague's role",
                "iam:PutRolePermissionsBoundary",
                BOB_ROLE,
            ),
            ("creates an access key for a colleague", "iam:CreateAccessKey", BOB_USER),
            ("sets a colleague's console password", "iam:CreateLoginProfile", BOB_USER),
            ("changes a colleague's console password", "iam:UpdateLoginProfile", BOB_USER),
            ("deletes a colleague's console password", "iam:DeleteLoginProfile", BOB_USER),
            ("removes a colleague's MFA device", "iam:DeactivateMFADevice", BOB_USER),
            ("enrols its MFA device for a colleague", "iam:EnableMFADevice", BOB_USER),
            (
                "creates service credentials for a colleague",
                "iam:CreateServiceSpecificCredential",
                BOB_USER,
            ),
            ("writes an inline policy on a colleague's user", "iam:PutUserPolicy", BOB_USER),
        )
    ),
)

IDENTITY_PROVIDERS = tuple(
    Scenario(
        f"{what} ({action})",
        action,
        "{iam}:" + resource,
        closes=(sid.IDENTITY_PROVIDERS,),
        kinds=BOUND,
    )
    for what, action, resource in (
        (
            "replaces the metadata of the SAML provider a colleague's role trusts",
            "iam:UpdateSAMLProvider",
            "saml-provider/Corp",
        ),
        (
            "deletes the SAML provider a colleague's role trusts",
            "iam:DeleteSAMLProvider",
            "saml-provider/Corp",
        ),
        ("creates a SAML provider", "iam:CreateSAMLProvider", "saml-provider/Mallory"),
        (
            "creates an OpenID Connect provider it controls",
            "iam:CreateOpenIDConnectProvider",
            "oidc-provider/mallory.example.com",
        ),
        (
            "adds its own audience to an OpenID Connect provider",
            "iam:AddClientIDToOpenIDConnectProvider",
            "oidc-provider/token.actions.githubusercontent.com",
        ),
        (
            "replaces an OpenID Connect provider's thumbprint",
            "iam:UpdateOpenIDConnectProviderThumbprint",
            "oidc-provider/token.actions.githubusercontent.com",
        ),
    )
)

"""The attacks the guards must stop, as data: every door the threat model names.

Each is a request by "alice" (or her notebook, or an outsider) aimed at colleague "bob", with
the statement ids meant to stop it; ``scenarios`` fills the templates per stack and caller. Kinds
of principal add the attacks only they can be tried with (``kinds``).
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH
from components.core.requests import Scenario
from components.policies import guards
from components.proof.requests.budget import BUDGET
from components.proof.requests.identity import ATTACKS as WHO_IS_WHOM
from components.proof.requests.studio import SHARED_SPACE_ROLE, SPACES, STUDIO_ADMIN, STUDIO_CODE
from components.proof.scenarios import (
    BOUND,
    MEMBERS,
    OWN_TAGS,
    WITH_PROFILE,
    principal_of,
    space,
    tag_keys,
    tagged,
)

OPEN = (sid.SEED_DENY, sid.STUDIO_OPEN)
TAGS = (sid.TAGS,)
BINDING = (sid.ACCESS_TAG_BINDING, sid.PROFILE_TAG_BINDING)
#: bob's principals, where the program creates them.
BOB_ROLE = "{managed}bob/bob"
BOB_USER = "{iam}:user" + MANAGED_PATH + "bob/bob"

_INTEGRITY = WITH_PROFILE  # the SCP relies on its own guards instead

OPENING = (
    Scenario(
        "opens a colleague's profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        closes=OPEN,
        kinds=BOUND,
    ),
    Scenario(
        "opens an untagged profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/shared",
        closes=OPEN,
        kinds=BOUND,
    ),
    Scenario(
        "has no tag at all and opens a profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        untagged=True,
        kinds=MEMBERS,
        closes=(sid.UNTAGGED_PRINCIPAL, sid.SEED_DENY, sid.ACCESS_TAG_BINDING),
    ),
)

#: Tags its principal does not spell: brought by a session (a trust policy rewritten to accept a
#: web identity or SAML assertion with sts:TagSession, a federation token), not by the program.
FORGED_TAGS = tuple(
    Scenario(what, action, resource, context, closes=BINDING, kinds=OWN_TAGS, session_tags=session)
    for what, action, resource, context, session in (
        (
            "opens a colleague's profile with a colleague's id as a session tag (web identity)",
            "sagemaker:CreatePresignedDomainUrl",
            "{sm}:user-profile/{domain}/bob",
            tagged("bob"),
            {"{key}": "bob", "{profile_key}": "bob"},
        ),
        (
            "assumes a colleague's role with a colleague's id as a session tag",
            "sts:AssumeRole",
            BOB_ROLE,
            principal_of("bob"),
            {"{key}": "bob"},
        ),
        (
            "starts a remote session in a colleague's space with a session tag",
            "sagemaker:StartSession",
            "{sm}:space/{domain}/bob-space",
            {
                "sagemaker:ResourceTag/" + guards.SPACE_OWNER_TAG: "{sm}:user-profile/{domain}/bob",
                "sagemaker:ResourceTag/{key}": "bob",
            },
            {"{key}": "bob"},
        ),
        (
            "creates an app in a colleague's private space with a forged profile tag alone",
            "sagemaker:CreateApp",
            "{sm}:app/{domain}/bob-space/JupyterLab/default",
            space("bob"),
            {"{profile_key}": "bob"},
        ),
        (
            "deletes a colleague's private space with a forged profile tag alone",
            "sagemaker:DeleteSpace",
            "{sm}:space/{domain}/bob-space",
            space("bob"),
            {"{profile_key}": "bob"},
        ),
    )
)
# A notebook finds its own space by its Studio context, never by a tag: the space guards stop a
# forged profile tag there on their own.
FORGED_TAGS = tuple(
    s
    if "profile tag alone" not in s.name
    else Scenario(
        s.name,
        s.action,
        s.resource,
        s.context,
        closes=(*BINDING, sid.PRIVATE_APPS if "app" in s.name else sid.OTHER_SPACES),
        kinds=s.kinds,
        session_tags=s.session_tags,
    )
    for s in FORGED_TAGS
)

TAG_CHANGES = tuple(
    Scenario(what, action, resource, context, closes=TAGS, kinds=BOUND)
    for what, action, resource, context in (
        (
            "retags a colleague's profile with its own id (sagemaker:AddTags)",
            "sagemaker:AddTags",
            "{sm}:user-profile/{domain}/bob",
            tag_keys("{key}", value="alice"),
        ),
        (
            "strips the tag from a profile (sagemaker:DeleteTags)",
            "sagemaker:DeleteTags",
            "{sm}:user-profile/{domain}/bob",
            tag_keys("{key}"),
        ),
        (
            "marks a colleague's space as its own (sagemaker:AddTags sagemaker:user-profile-arn)",
            "sagemaker:AddTags",
            "{sm}:space/{domain}/bob-space",
            tag_keys(guards.SPACE_OWNER_TAG),
        ),
        (
            "retags a user as a colleague (iam:TagUser)",
            "iam:TagUser",
            "{iam}:user/alice",
            tag_keys("{key}", value="bob"),
        ),
        (
            "retags a user under a differently cased key (iam:TagUser)",
            "iam:TagUser",
            "{iam}:user/alice",
            {"aws:TagKeys": ["{key_upper}"]},
        ),
        (
            "points its profile tag at a colleague's profile (iam:TagUser)",
            "iam:TagUser",
            "{iam}:user/alice",
            tag_keys("{profile_key}", value="bob"),
        ),
        (
            "removes a user's tag (iam:UntagUser)",
            "iam:UntagUser",
            "{iam}:user/alice",
            tag_keys("{key}"),
        ),
        (
            "retags a role as a colleague (iam:TagRole)",
            "iam:TagRole",
            "{iam}:role/alice",
            tag_keys("{key}", value="bob"),
        ),
        (
            "removes a role's tag (iam:UntagRole)",
            "iam:UntagRole",
            "{iam}:role/alice",
            tag_keys("{key}"),
        ),
        (
            "passes a colleague's id as a session tag (sts:TagSession)",
            "sts:TagSession",
            "{iam}:role/shared-analytics",
            tag_keys("{key}", value="bob"),
        ),
        (
            "creates a user tagged with a colleague's id (iam:CreateUser)",
            "iam:CreateUser",
            "{iam}:user/mallory",
            tag_keys("{key}", value="bob"),
        ),
        (
            "creates a role tagged with a colleague's id (iam:CreateRole)",
            "iam:CreateRole",
            "{iam}:role/mallory",
            tag_keys("{key}", value="bob"),
        ),
    )
)

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

#: Taking over a role that does what the guards deny everyone else: the deploy role, and the role
#: the program assumes in Identity Center's account (every document protects them).
EXEMPT_ROLES = tuple(
    Scenario(
        f"{what} ({action})",
        action,
        "{" + role + "}",
        closes=(sid.EXEMPT_ROLES,),
        kinds=BOUND | {"break-glass"},
        requires=requirement,
    )
    for role, title, requirement in (
        ("deploy", "the deploy role", "deploy_role_arn"),
        ("identity_center_role", "the Identity Center role", "identity_center_role_arn"),
    )
    for what, action in (
        (f"rewrites {title}'s trust policy", "iam:UpdateAssumeRolePolicy"),
        (f"attaches a policy to {title}", "iam:AttachRolePolicy"),
        (f"writes an inline policy on {title}", "iam:PutRolePolicy"),
        (f"deletes {title}", "iam:DeleteRole"),
        (f"passes {title} to a service", "iam:PassRole"),
    )
)

#: What a break-glass role, exempt from the profile and space guards, still may not do.
BREAK_GLASS = tuple(
    Scenario(what, action, resource, context, closes=closes, kinds=frozenset({"break-glass"}))
    for what, action, resource, context, closes in (
        (
            "opens a colleague's profile",
            "sagemaker:CreatePresignedDomainUrl",
            "{sm}:user-profile/{domain}/bob",
            tagged("bob"),
            OPEN,
        ),
        (
            "creates a role tagged with a colleague's id (iam:CreateRole)",
            "iam:CreateRole",
            "{iam}:role/mallory",
            tag_keys("{key}", value="bob"),
            TAGS,
        ),
        (
            "tags itself with a colleague's id (iam:TagRole)",
            "iam:TagRole",
            "{self}",
            tag_keys("{key}", value="bob"),
            TAGS,
        ),
        (
            "creates a role where the program keeps principals (iam:CreateRole)",
            "iam:CreateRole",
            "{managed}bob/mallory",
            {},
            (sid.MANAGED_PRINCIPALS,),
        ),
        (
            "creates an access key for a colleague (iam:CreateAccessKey)",
            "iam:CreateAccessKey",
            BOB_USER,
            principal_of("bob"),
            (sid.IMPERSONATION,),
        ),
        (
            "changes an identity provider (iam:UpdateSAMLProvider)",
            "iam:UpdateSAMLProvider",
            "{iam}:saml-provider/Corp",
            {},
            (sid.IDENTITY_PROVIDERS,),
        ),
    )
)

#: Every attack the proof tries, family by family (kinds of principal add their own).
ATTACKS: tuple[Scenario, ...] = (
    *OPENING,
    *FORGED_TAGS,
    *TAG_CHANGES,
    *MANAGED,
    *INTEGRITY,
    *SHARED_SPACE_ROLE,
    *IMPERSONATION,
    *STUDIO_ADMIN,
    *STUDIO_CODE,
    *SPACES,
    *IDENTITY_PROVIDERS,
    *EXEMPT_ROLES,
    *BREAK_GLASS,
    *WHO_IS_WHOM,
    *BUDGET,
)

"""The exempt roles: what taking them over would give, and what they must still do.

The deploy role and the Identity Center role may do what the guards deny everyone else, so no
one may take them over (``EXEMPT_ROLES``); a break-glass role, exempt from the profile and space
guards, still may not become anyone (``BREAK_GLASS``). Both families are part of the attacks
(``attacks``); under the organization guard the deploy role must keep doing its job
(``DEPLOY_ROLE_WORK``) and the break-glass roles must keep repairing Studio
(``BREAK_GLASS_WORK``), both asked beside ``benign``'s requests.
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH
from components.core.requests import Scenario
from components.proof.requests.targets import BOB_ROLE, BOB_USER, OPEN, TAGS
from components.proof.scenarios import (
    BOUND,
    principal_of,
    space,
    tag_keys,
    tagged,
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

#: What the deploy role must still do under the organization guard.
DEPLOY_ROLE_WORK: tuple[Scenario, ...] = tuple(
    Scenario(what, action, resource, context, allowed=True, kinds=frozenset({"deploy"}))
    for what, action, resource, context in (
        (
            "creates a tagged user for a new member",
            "iam:CreateUser",
            "{iam}:user" + MANAGED_PATH + "dave/dave",
            tag_keys("{key}", "{profile_key}", value="dave"),
        ),
        ("tags a user", "iam:TagUser", BOB_USER, tag_keys("{key}", value="bob")),
        (
            "creates a tagged role",
            "iam:CreateRole",
            "{managed}dave/dave",
            tag_keys("{key}", value="dave"),
        ),
        (
            "creates a profile",
            "sagemaker:CreateUserProfile",
            "{sm}:user-profile/{domain}/dave",
            tag_keys("{key}", value="dave"),
        ),
        (
            "tags a profile with the access tag (a returning user)",
            "sagemaker:AddTags",
            "{sm}:user-profile/{domain}/dave",
            tag_keys("{key}", value="dave"),
        ),
        (
            "removes the access tag from a profile (offboarding)",
            "sagemaker:DeleteTags",
            "{sm}:user-profile/{domain}/bob",
            tag_keys("{key}"),
        ),
        (
            "changes a profile",
            "sagemaker:UpdateUserProfile",
            "{sm}:user-profile/{domain}/bob",
            tagged("bob"),
        ),
        (
            "deletes a profile",
            "sagemaker:DeleteUserProfile",
            "{sm}:user-profile/{domain}/bob",
            tagged("bob"),
        ),
        (
            "rewrites a member role's trust policy",
            "iam:UpdateAssumeRolePolicy",
            BOB_ROLE,
            principal_of("bob"),
        ),
        (
            "attaches the member policy to a member role",
            "iam:AttachRolePolicy",
            BOB_ROLE,
            {**principal_of("bob"), "iam:PolicyARN": "{iam}:policy/{policy}"},
        ),
        ("deletes a member's user", "iam:DeleteUser", BOB_USER, principal_of("bob")),
        (
            "deletes an app in a profile's private space (drain)",
            "sagemaker:DeleteApp",
            "{sm}:app/{domain}/bob-space/JupyterLab/default",
            space("bob"),
        ),
        (
            "deletes a profile's private space (drain)",
            "sagemaker:DeleteSpace",
            "{sm}:space/{domain}/bob-space",
            space("bob"),
        ),
        ("creates a Studio image", "sagemaker:CreateImage", "{sm}:image/team-image", {}),
        ("updates a Studio image", "sagemaker:UpdateImage", "{sm}:image/team-image", {}),
        (
            "adds a version of a Studio image",
            "sagemaker:CreateImageVersion",
            "{sm}:image/team-image",
            {},
        ),
        (
            "creates an app image configuration",
            "sagemaker:CreateAppImageConfig",
            "{sm}:app-image-config/team-image",
            {},
        ),
        (
            "updates an app image configuration",
            "sagemaker:UpdateAppImageConfig",
            "{sm}:app-image-config/team-image",
            {},
        ),
        (
            "creates a Studio lifecycle configuration",
            "sagemaker:CreateStudioLifecycleConfig",
            "{sm}:studio-lifecycle-config/install-tools",
            {},
        ),
        (
            "deletes a Studio lifecycle configuration",
            "sagemaker:DeleteStudioLifecycleConfig",
            "{sm}:studio-lifecycle-config/install-tools",
            {},
        ),
        (
            "rewrites the trust policy of a role member roles trust",
            "iam:UpdateAssumeRolePolicy",
            "{iam}:role/studio-access-trusted/DataScienceAdmins",
            {},
        ),
    )
)

#: What a break-glass role may do under the organization guard: repair Studio, never become anyone.
BREAK_GLASS_WORK: tuple[Scenario, ...] = tuple(
    Scenario(what, action, resource, context, allowed=True, kinds=frozenset({"break-glass"}))
    for what, action, resource, context in (
        (
            "changes a profile",
            "sagemaker:UpdateUserProfile",
            "{sm}:user-profile/{domain}/bob",
            tagged("bob"),
        ),
        (
            "deletes an app in a profile's private space",
            "sagemaker:DeleteApp",
            "{sm}:app/{domain}/bob-space/JupyterLab/default",
            space("bob"),
        ),
        ("updates a Studio image", "sagemaker:UpdateImage", "{sm}:image/team-image", {}),
        (
            "updates a Studio lifecycle configuration",
            "sagemaker:CreateStudioLifecycleConfig",
            "{sm}:studio-lifecycle-config/install-tools",
            {},
        ),
        ("reads a member's user", "iam:GetUser", BOB_USER, principal_of("bob")),
    )
)

"""The attacks on Studio itself: profiles and domains, the code apps run, a colleague's spaces.

Part of the attacks (``attacks`` lists every family); each is a request by "alice" (or her
notebook, or an outsider) aimed at colleague "bob".
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.requests import Scenario
from components.policies import studio_guards
from components.proof.scenarios import BOUND, WITH_PROFILE, space, tagged

#: Profiles and domains, in the stack's domain and in any other.
STUDIO_ADMIN = tuple(
    Scenario(
        what,
        action,
        resource,
        tagged("bob") if "bob" in resource else {},
        closes=(sid.PROFILE_ADMIN,),
        kinds=BOUND,
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
        (
            "creates a domain, possibly on the managed domain's home file system "
            "(sagemaker:CreateDomain)",
            "sagemaker:CreateDomain",
            "{sm}:domain/d-mallory0000",
        ),
        (
            "creates a profile in another domain (sagemaker:CreateUserProfile)",
            "sagemaker:CreateUserProfile",
            "{sm}:user-profile/d-other000000/bob",
        ),
        (
            "changes a profile of another domain (sagemaker:UpdateUserProfile)",
            "sagemaker:UpdateUserProfile",
            "{sm}:user-profile/d-other000000/bob",
        ),
    )
)

#: The code a colleague's next app runs.
STUDIO_CODE = tuple(
    Scenario(
        f"{what} ({action})", action, "{sm}:" + resource, closes=(sid.STUDIO_CODE,), kinds=BOUND
    )
    for what, action, resource in (
        (
            "points an app image configuration at its own image",
            "sagemaker:UpdateAppImageConfig",
            "app-image-config/team-image",
        ),
        ("changes a Studio image", "sagemaker:UpdateImage", "image/team-image"),
        (
            "adds a new version of a Studio image",
            "sagemaker:CreateImageVersion",
            "image/team-image",
        ),
        (
            "deletes a Studio lifecycle configuration to re-create it under its name",
            "sagemaker:DeleteStudioLifecycleConfig",
            "studio-lifecycle-config/install-tools",
        ),
        (
            "creates a Studio lifecycle configuration under a deleted one's name",
            "sagemaker:CreateStudioLifecycleConfig",
            "studio-lifecycle-config/install-tools",
        ),
    )
)

SPACES = (
    Scenario(
        "creates a space owned by a colleague (sagemaker:CreateSpace)",
        "sagemaker:CreateSpace",
        "{sm}:space/{domain}/for-bob",
        space("bob"),
        closes=(sid.OTHER_SPACES,),
        kinds=BOUND,
    ),
    Scenario(
        "enables remote access on a colleague's space (sagemaker:UpdateSpace)",
        "sagemaker:UpdateSpace",
        "{sm}:space/{domain}/bob-space",
        {**space("bob"), "sagemaker:RemoteAccess": "ENABLED"},
        closes=(sid.OTHER_SPACES,),
        kinds=BOUND,
    ),
    Scenario(
        "deletes a colleague's private space (sagemaker:DeleteSpace)",
        "sagemaker:DeleteSpace",
        "{sm}:space/{domain}/bob-space",
        space("bob"),
        closes=(sid.OTHER_SPACES,),
        kinds=BOUND,
    ),
    Scenario(
        "creates an app in a colleague's private space (sagemaker:CreateApp)",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/bob-space/JupyterLab/default",
        space("bob"),
        closes=(sid.PRIVATE_APPS,),
        kinds=BOUND,
    ),
    Scenario(
        "deletes an app in a colleague's private space (sagemaker:DeleteApp)",
        "sagemaker:DeleteApp",
        "{sm}:app/{domain}/bob-space/JupyterLab/default",
        space("bob"),
        closes=(sid.PRIVATE_APPS,),
        kinds=BOUND,
    ),
    Scenario(
        "creates an app on a colleague's profile (sagemaker:CreateApp)",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/bob/JupyterServer/default",
        closes=(sid.PROFILE_APPS,),
        kinds=BOUND,
    ),
    Scenario(
        "deletes an app on a colleague's profile (sagemaker:DeleteApp)",
        "sagemaker:DeleteApp",
        "{sm}:app/{domain}/bob/JupyterServer/default",
        closes=(sid.PROFILE_APPS,),
        kinds=BOUND,
    ),
    Scenario(
        "starts a remote session in a colleague's space (sagemaker:StartSession)",
        "sagemaker:StartSession",
        "{sm}:space/{domain}/bob-space",
        {
            "sagemaker:ResourceTag/"
            + studio_guards.SPACE_OWNER_TAG: "{sm}:user-profile/{domain}/bob"
        },
        closes=(sid.SESSIONS,),
        kinds=BOUND,
    ),
)

#: The shared spaces' execution role (``defaultSpaceExecutionRoleArn``), where it is a role of its
#: own: every member's app in a shared space runs as it, so it is guarded as the default role is.
SHARED_SPACE_ROLE = (
    Scenario(
        "detaches the guard from the shared spaces' execution role (iam:DetachRolePolicy)",
        "iam:DetachRolePolicy",
        "{space_role}",
        {"iam:PolicyARN": "{iam}:policy/{guard_policy}"},
        closes=(sid.DETACH_ROLE_POLICY,),
        kinds=WITH_PROFILE,
        requires="default_space_execution_role_arn",
    ),
)

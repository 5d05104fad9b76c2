"""The guards on Studio itself: whose profile a document means (``Owner``), and the doors of
profiles and domains, the code apps run, spaces, apps and remote sessions.

Part of the guards every document shares (``guards.common_guards``); the organization guard
uses them with either owner, the member policy with a member's, the execution-role guard with
a notebook's.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import statement_ids as sid
from components.core.principal_paths import variable
from components.core.settings.stack import Settings
from components.policies import arns
from components.policies.denials import Statement, deny

#: The tag SageMaker puts on a space with the ARN of the profile that owns it.
SPACE_OWNER_TAG = "sagemaker:user-profile-arn"


#: What decides the code a colleague's next app runs: images, their versions, app image
#: configurations and Studio lifecycle configurations (re-created under the same name); a test
#: holds the patterns against botocore's SageMaker model.
STUDIO_CODE_WRITES = (
    "sagemaker:Create*Image*",
    "sagemaker:CreateStudioLifecycleConfig",
    "sagemaker:Delete*Image*",
    "sagemaker:DeleteStudioLifecycleConfig",
    "sagemaker:Update*Image*",
)


@dataclass(frozen=True)
class Owner:
    """How a document names the caller's own profile, and the apps that belong to it."""

    profile: tuple[str, ...]
    apps: tuple[str, ...]


def member_owner(settings: Settings) -> Owner:
    """A member's own profile, from the profile tag its principal carries."""
    name = variable(f"aws:PrincipalTag/{settings.profile_tag_key}")
    domain = arns.domain_part(settings)
    return Owner(
        (arns.sagemaker(settings, f"user-profile/{domain}/{name}"),),
        (arns.sagemaker(settings, f"app/{domain}/{name}/*"),),
    )


def studio_owner(settings: Settings) -> Owner:
    """A notebook's own profile, from the Studio context of its execution role's requests."""
    where = f"{variable('sagemaker:DomainId')}/{variable('sagemaker:UserProfileName')}"
    return Owner(
        (arns.sagemaker(settings, f"user-profile/{where}"),),
        (arns.sagemaker(settings, f"app/{where}/*"),),
    )


def either_owner(*owners: Owner) -> Owner:
    """A caller named by any of ``owners`` (values of one condition key are OR-ed)."""
    return Owner(
        tuple(p for o in owners for p in o.profile), tuple(a for o in owners for a in o.apps)
    )


def studio_admin_guard(settings: Settings) -> Statement:
    """Profiles and domains belong to the deploy role, in every domain: ``UpdateUserProfile`` can
    swap a colleague's execution role or lifecycle configuration, ``DeleteUserProfile`` loses
    their data, and a new domain could share the managed domain's home file system."""
    return deny(
        sid.PROFILE_ADMIN,
        [
            "sagemaker:CreateDomain",
            "sagemaker:CreateUserProfile",
            "sagemaker:DeleteDomain",
            "sagemaker:DeleteUserProfile",
            "sagemaker:UpdateDomain",
            "sagemaker:UpdateUserProfile",
        ],
        [arns.sagemaker(settings, "user-profile/*"), arns.sagemaker(settings, "domain/*")],
    )


def studio_code_guard(settings: Settings) -> Statement:
    """Nobody changes the code a colleague's next app runs.

    An image version, an app image configuration or a Studio lifecycle configuration (deleted and
    re-created under its name) runs in every app started with it, with that profile's home
    volume and execution role. The guard cannot know which ones the domain uses, so it covers
    them all; ECR pushes for one's own training images stay open.
    """
    return deny(sid.STUDIO_CODE, list(STUDIO_CODE_WRITES), "*")


def space_guards(settings: Settings, owner: Owner) -> list[Statement]:
    """Nobody works in another profile's spaces: creating one for a colleague, changing (remote
    access included) or deleting theirs, apps in their private spaces or on their profile, or a
    remote session into them. Shared spaces stay open to everyone's apps."""
    owner_arn = "sagemaker:OwnerUserProfileArn"
    domain = arns.domain_part(settings)
    apps = ["sagemaker:CreateApp", "sagemaker:DeleteApp"]
    return [
        deny(
            sid.OTHER_SPACES,
            ["sagemaker:CreateSpace", "sagemaker:DeleteSpace", "sagemaker:UpdateSpace"],
            arns.sagemaker(settings, f"space/{domain}/*"),
            condition={
                "Null": {owner_arn: "false"},
                "ArnNotLike": {owner_arn: list(owner.profile)},
            },
        ),
        deny(
            sid.PRIVATE_APPS,
            apps,
            arns.sagemaker(settings, f"app/{domain}/*"),
            condition={
                "StringEquals": {"sagemaker:SpaceSharingType": "Private"},
                "ArnNotLike": {owner_arn: list(owner.profile)},
            },
        ),
        deny(
            sid.PROFILE_APPS,
            apps,
            not_resource=list(owner.apps),
            condition={"Null": {owner_arn: "true", "sagemaker:SpaceSharingType": "true"}},
        ),
        sessions_guard(settings, owner),
    ]


def sessions_guard(settings: Settings, owner: Owner) -> Statement:
    """``StartSession`` (a remote IDE) only into one's own space, judged by the space's tags."""
    key = settings.tag_key
    return deny(
        sid.SESSIONS,
        "sagemaker:StartSession",
        "*",
        condition={
            "ArnNotLike": {f"sagemaker:ResourceTag/{SPACE_OWNER_TAG}": list(owner.profile)},
            "StringNotEquals": {
                f"sagemaker:ResourceTag/{key}": variable(f"aws:PrincipalTag/{key}")
            },
        },
    )

"""The attacks on who is whom beyond IAM's own tags: Identity Center's directory and instance,
federated sessions whose two tags differ, access tags set on profiles as they are created, the
roles members trust, and actions on IAM principals that ignore their tags.

Part of the attacks (``attacks`` lists every family); each is tried by every kind of caller the
guards bind, break-glass roles included (they keep every guard that decides who is whom).
"""

from __future__ import annotations

from components import kinds
from components.core import statement_ids as sid
from components.core.principal_paths import MANAGED_PATH, TRUSTED_PATH
from components.core.requests import Scenario
from components.proof.scenarios import BOUND, space, tag_keys, tagged

#: Everyone the guards bind, and the break-glass roles, whom the organization guard binds here.
EVERYONE = BOUND | {"break-glass"}
#: Stacks that involve IAM Identity Center (some kind manages something there).
WITH_IDENTITY_CENTER = kinds.uses_identity_center
_INSTANCE = "arn:{partition}:sso:::instance/ssoins-0123456789abcdef"
_STORE = "arn:{partition}:identitystore::123456789012:identitystore/d-0123456789"
_APPLICATION = "arn:{partition}:sso::123456789012:application/ssoins-0123456789abcdef/apl-0123"
_DIRECTORY = "arn:{partition}:sso-directory::123456789012:directory/d-0123456789"
#: bob's principals, where the program creates them, and a role member roles trust.
_BOB_ROLE = "{managed}bob/bob"
_BOB_USER = "{iam}:user" + MANAGED_PATH + "bob/bob"
_TRUSTED_ROLE = "{iam}:role" + TRUSTED_PATH + "DataScienceAdmins"

IDENTITY_CENTER = tuple(
    Scenario(
        f"{what} ({action})",
        action,
        resource,
        closes=(sid.IDENTITY_CENTER,),
        kinds=EVERYONE,
        requires=WITH_IDENTITY_CENTER,
    )
    for what, action, resource in (
        (
            "renames a directory user, whose profile follows the user name",
            "sso-directory:UpdateUserName",
            _DIRECTORY,
        ),
        ("changes a directory user's attributes", "identitystore:UpdateUser", _STORE),
        ("deletes a directory user to re-create the name", "identitystore:DeleteUser", _STORE),
        ("creates a directory user", "identitystore:CreateUser", _STORE),
        ("adds itself to a group", "identitystore:CreateGroupMembership", _STORE),
        ("adds a member to a group of the directory", "sso-directory:AddMemberToGroup", _DIRECTORY),
        ("resets a colleague's password", "sso-directory:UpdatePassword", _DIRECTORY),
        (
            "mints a SCIM bearer token that rewrites every user",
            "sso-directory:CreateBearerToken",
            _DIRECTORY,
        ),
        (
            "replaces the external identity provider",
            "sso-directory:UpdateExternalIdPConfigurationForDirectory",
            _DIRECTORY,
        ),
        ("connects another directory", "sso:AssociateDirectory", _INSTANCE),
        (
            "assigns a group to the Studio application",
            "sso:CreateApplicationAssignment",
            _APPLICATION,
        ),
        (
            "turns the application's assignment-required off",
            "sso:PutApplicationAssignmentConfiguration",
            _APPLICATION,
        ),
        (
            "replaces the application's service provider metadata",
            "sso:ImportApplicationInstanceServiceProviderMetadata",
            _APPLICATION,
        ),
        ("starts single sign-on anew", "sso:StartSSO", _INSTANCE),
        (
            "changes which attribute becomes the access tag",
            "sso:UpdateInstanceAccessControlAttributeConfiguration",
            _INSTANCE,
        ),
        ("assigns a permission set to itself", "sso:CreateAccountAssignment", _INSTANCE),
        ("tags the instance", "sso:TagResource", _INSTANCE),
    )
)

#: A federated session whose id and profile tag differ (the identity provider mapped them from
#: different attributes, or one was forged): it must do nothing at all.
FEDERATED_TAGS = (
    *(
        Scenario(
            f"with id alice and profile tag bob, {what}",
            action,
            resource,
            context,
            closes=(sid.FEDERATED_TAGS,),
            kinds=frozenset({"federated-session"}),
            requires="federation",
            session_tags={"{profile_key}": "bob"},
        )
        for what, action, resource, context in (
            (
                "creates an app in bob's private space (sagemaker:CreateApp)",
                "sagemaker:CreateApp",
                "{sm}:app/{domain}/bob-space/JupyterLab/default",
                space("bob"),
            ),
            (
                "deletes bob's private space (sagemaker:DeleteSpace)",
                "sagemaker:DeleteSpace",
                "{sm}:space/{domain}/bob-space",
                space("bob"),
            ),
            (
                "creates an app on bob's profile (sagemaker:CreateApp)",
                "sagemaker:CreateApp",
                "{sm}:app/{domain}/bob/JupyterServer/default",
                {},
            ),
        )
    ),
    Scenario(
        "with id bob and profile tag alice, opens bob's profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        closes=(sid.FEDERATED_TAGS,),
        kinds=frozenset({"federated-session"}),
        requires="federation",
        session_tags={"{key}": "bob"},
    ),
    Scenario(
        "with a profile tag bob and no id, creates an app in bob's private space",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/bob-space/JupyterLab/default",
        space("bob"),
        closes=(sid.FEDERATED_TAGS,),
        kinds=frozenset({"federated-session"}),
        requires="federation",
        untagged=True,
        session_tags={"{profile_key}": "bob"},
    ),
    Scenario(
        "signs in with another permission set, id alice and profile tag bob, and creates an app "
        "in bob's private space",
        "sagemaker:CreateApp",
        "{sm}:app/{domain}/bob-space/JupyterLab/default",
        {
            **space("bob"),
            "aws:PrincipalArn": "{iam}:role/aws-reserved/sso.amazonaws.com/"
            "AWSReservedSSO_DataScientists_0123456789abcdef",
        },
        closes=(sid.FEDERATED_TAGS,),
        kinds=frozenset({"none"}),
        needs_guard=True,
        requires=kinds.signs_in_by_permission_set,
        session_tags={"{key}": "alice", "{profile_key}": "bob"},
    ),
)

#: Setting an access tag on a profile as it is created, or through Studio's tag propagation.
PROFILE_ACCESS_TAGS = tuple(
    Scenario(what, action, resource, context, closes=(sid.PROFILE_ACCESS_TAGS,), kinds=EVERYONE)
    for what, action, resource, context in (
        (
            "creates a profile carrying a colleague's access tag (sagemaker:CreateUserProfile)",
            "sagemaker:CreateUserProfile",
            "{sm}:user-profile/{domain}/mallory",
            tag_keys("{key}", value="bob"),
        ),
        (
            "tags a profile with a colleague's id as if propagating it "
            "(sagemaker:AddTags with sagemaker:TaggingAction)",
            "sagemaker:AddTags",
            "{sm}:user-profile/{domain}/mallory",
            {**tag_keys("{key}", value="bob"), "sagemaker:TaggingAction": "CreateUserProfile"},
        ),
        (
            "points a profile's profile tag at a colleague as it is created "
            "(sagemaker:CreateUserProfile)",
            "sagemaker:CreateUserProfile",
            "{sm}:user-profile/{domain}/mallory",
            tag_keys("{profile_key}", value="bob"),
        ),
    )
)

#: Actions on IAM principals that ignore their tags (no aws:ResourceTag in the request).
TAG_BLIND = tuple(
    Scenario(
        f"{what} ({action})", action, resource, closes=(sid.MANAGED_PRINCIPALS,), kinds=EVERYONE
    )
    for what, action, resource in (
        (
            "makes a colleague's role the role of a managed instance",
            "ssm:UpdateManagedInstanceRole",
            _BOB_ROLE,
        ),
        (
            "gives a colleague's role an enclave certificate",
            "ec2:AssociateEnclaveCertificateIamRole",
            _BOB_ROLE,
        ),
        ("creates a CodeStar profile for a colleague", "codestar:CreateUserProfile", _BOB_USER),
        ("changes a colleague's CodeStar profile", "codestar:UpdateUserProfile", _BOB_USER),
        (
            "makes a permission set's role the role of a managed instance",
            "ssm:UpdateManagedInstanceRole",
            "{iam}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_StudioUser_0123456789abcdef",
        ),
    )
)

#: Becoming a member through the principals member roles trust, or a member role's trust: only
#: the deploy role changes them, break-glass roles included.
TRUSTED = tuple(
    Scenario(f"{what} ({action})", action, resource, closes=closes, kinds=EVERYONE)
    for what, action, resource, closes in (
        (
            "rewrites the trust policy of a role member roles trust",
            "iam:UpdateAssumeRolePolicy",
            _TRUSTED_ROLE,
            (sid.TRUSTED_PRINCIPALS,),
        ),
        (
            "attaches a policy to a role member roles trust",
            "iam:AttachRolePolicy",
            _TRUSTED_ROLE,
            (sid.TRUSTED_PRINCIPALS,),
        ),
        (
            "creates an access key for a user member roles trust",
            "iam:CreateAccessKey",
            "{iam}:user" + TRUSTED_PATH + "ops",
            (sid.TRUSTED_PRINCIPALS,),
        ),
        (
            "rewrites the trust policy of a colleague's member role",
            "iam:UpdateAssumeRolePolicy",
            _BOB_ROLE,
            (sid.MANAGED_PRINCIPALS,),
        ),
    )
)

ATTACKS: tuple[Scenario, ...] = (
    *IDENTITY_CENTER,
    *FEDERATED_TAGS,
    *PROFILE_ACCESS_TAGS,
    *TAG_BLIND,
    *TRUSTED,
)

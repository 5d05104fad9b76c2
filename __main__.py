"""The Pulumi program: one StudioUser per users/*.yaml, all under one StudioAccess policy.

Every file is validated before anything is registered; a bad file stops the run with the list of
problems (file, line, column) and nothing is deployed.
"""

import pulumi

from components.policies.member import policy_text
from components.resources.stack_config import settings_from_stack
from components.resources.studio_access import StudioAccess, StudioAccessArgs
from components.resources.studio_user import StudioUser, StudioUserArgs
from components.roster.problems import InputError
from components.roster.users import load_roster

try:
    settings = settings_from_stack()
    roster = load_roster(settings.users_dir, settings.tag_key)
except InputError as error:
    raise pulumi.RunError(f"invalid input, nothing deployed:\n{error}") from None
for warning in roster.warnings:
    pulumi.log.warn(str(warning))

access = StudioAccess(
    "studio-access",
    StudioAccessArgs(
        group_name=settings.group_name,
        policy_name=settings.policy_name,
        policy_document=policy_text(settings),
    ),
)
users = {
    spec.id: StudioUser(
        spec.id,
        StudioUserArgs(
            spec=spec,
            domain_id=settings.domain_id,
            tag_key=settings.tag_key,
            group_name=access.group_name,
            policy_arn=access.policy_arn,
            retain_profile=settings.retain_profiles,
        ),
    )
    for spec in roster.users
}

pulumi.export("groupName", access.group_name)
pulumi.export("policyArn", access.policy_arn)
pulumi.export(
    "users",
    {
        user_id: {
            "principalArn": user.principal_arn,
            "profileArn": user.profile_arn,
            "profileName": user.profile_name,
        }
        for user_id, user in users.items()
    },
)

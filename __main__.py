"""The Pulumi program: one StudioUser per users/*.yaml, all under one StudioAccess.

Every file is validated before anything is registered; a bad file stops the run with the list of
problems (file, line, column) and nothing is deployed. What each person gets is decided by the
kind of principal their file names (``components.kinds``), as data
(``components.plan.people``), and registered here.
"""

import pulumi

from components.core import logical_names as names
from components.core.problems import InputError
from components.kinds import KINDS
from components.plan.meter import meter_document, needs_meter
from components.plan.people import user_plan
from components.policies.ci.aws_profiles import org_profile
from components.policies.ci.org_access import owner_tag
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import combined_text, policy_texts
from components.policies.meter_role import meter_names, meter_role_policy_text
from components.policies.org_guard import scp_texts
from components.resources.meter import StudioMeter, StudioMeterArgs
from components.resources.org_guard import StudioOrgGuard, StudioOrgGuardArgs
from components.resources.providers import named_providers
from components.resources.realize import Realizer
from components.resources.stack_config import settings_from_stack
from components.resources.studio_access import StudioAccess, StudioAccessArgs
from components.resources.studio_user import StudioUser, StudioUserArgs
from components.roster.studio_effective import effective_settings
from components.roster.users import load_roster

try:
    settings = settings_from_stack()
    roster = load_roster(settings.users_dir, settings)
    studio = effective_settings(roster.users, settings)
    member_texts = policy_texts(settings)
    member_inline = combined_text(settings)
    guard_texts = execution_role_policy_texts(settings)
    org_guard_texts = scp_texts(settings) if settings.org_guard else ()
except InputError as error:
    raise pulumi.RunError(f"invalid input, nothing deployed:\n{error}") from None
for warning in roster.warnings:
    pulumi.log.warn(str(warning))

# Every existing execution role a managed profile or a shared space can run with gets the guard,
# each once.
# (A deployment requires the default role, so both stack roles are set.)
shared_roles = [
    arn
    for arn in (settings.default_execution_role_arn, settings.shared_space_role_arn)
    if arn is not None
]
shared_roles += [u.execution_role_arn for u in roster.users if u.active and u.execution_role_arn]
access = StudioAccess(
    names.ACCESS,
    StudioAccessArgs(
        group_name=settings.group_name,
        policy_name=settings.policy_name,
        policy_documents=tuple(member_texts),
        guard_name=settings.execution_role_policy_name,
        guard_documents=tuple(guard_texts),
        execution_roles=tuple(dict.fromkeys(arn.rsplit("/", 1)[-1] for arn in shared_roles)),
    ),
)
stack_outputs = {
    "group_name": access.group_name,
    # Lists: an attachment is registered once per part of a split document (``realize``).
    "policy_arn": access.policy_arns,
    "guard_arn": access.guard_arns,
    "policy_text": member_inline,
}
providers = named_providers(settings)
# What a kind of principal registers once per stack (a shared sign-in), under StudioAccess.
Realizer(access, stack_outputs, providers).run(
    [step for kind in KINDS for step in kind.stack_registrations(settings)]
)
# A loop, not a comprehension: the engine records the call stack of every registration.
users = {}
for spec in roster.users:
    plan = user_plan(spec, settings, studio[spec.id])
    users[spec.id] = StudioUser(spec.id, StudioUserArgs(plan, stack_outputs, providers))
pulumi.export("groupName", access.group_name)
pulumi.export("policyArn", access.policy_arn)
pulumi.export("executionRoleGuardArn", access.guard_arn)
pulumi.export(
    "users",
    {
        user_id: {
            "principalArn": user.principal_arn,
            "executionRoleArn": user.execution_role_arn,
            "profileArn": user.profile_arn,
            "profileName": user.profile_name,
        }
        for user_id, user in users.items()
    },
)
if org_guard_texts:
    guard = StudioOrgGuard(
        names.ORG_GUARD,
        StudioOrgGuardArgs(
            policy_name=settings.org_guard_policy_name,
            contents=tuple(org_guard_texts),
            targets=settings.org_guard_targets,
            role_arn=settings.org_guard_role_arn,
            region=settings.region,
            tags=tuple(owner_tag(settings).items()),
            profile=org_profile(settings),
        ),
    )
    pulumi.export("orgGuardPolicyId", guard.policy_id)
    pulumi.export("orgGuardPolicyIds", guard.policy_ids)
if needs_meter(roster.users, studio):
    stack = pulumi.get_stack()
    meter = StudioMeter(
        names.METER,
        StudioMeterArgs(
            names=meter_names(stack),
            role_policy=meter_role_policy_text(settings, stack),
            config=meter_document(settings, roster.users, studio, stack),
            interval_minutes=settings.meter_interval_minutes,
        ),
    )
    pulumi.export("meterFunctionName", meter.function_name)
    pulumi.export("meterTableName", meter.table_name)

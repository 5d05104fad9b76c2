"""Providers other than the stack's, by the name registrations give (``Registration.provider``).

IAM Identity Center lives where the organization put it: often another region, and the
management or a delegated administrator account. With ``identityCenterRegion`` or
``identityCenterRoleArn`` set, the directory lookups and the application assignments go through
a provider of their own, created once per stack; without them, through the stack's provider.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.core import logical_names as names
from components.core.registrations import IDENTITY_CENTER_PROVIDER
from components.core.settings.stack import Settings
from components.policies.ci.aws_profiles import identity_center_profile


def named_providers(settings: Settings) -> dict[str, pulumi.ProviderResource]:
    """The providers the stack's registrations name, each created once."""
    if not settings.identity_center_provider:
        return {}
    role = settings.identity_center_role_arn
    # With a read role, a profile each job defines as the role it may assume (aws_profiles).
    profile = identity_center_profile(settings)
    assume = (
        [aws.ProviderAssumeRoleArgs(role_arn=role, session_name="studio-access-identity-center")]
        if role and not profile
        else None
    )
    provider = aws.Provider(
        names.IDENTITY_CENTER_PROVIDER,
        region=settings.identity_center_region or settings.region,
        assume_roles=assume,
        profile=profile,
    )
    return {IDENTITY_CENTER_PROVIDER: provider}

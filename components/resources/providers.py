"""Providers other than the stack's, by the name registrations give (``Registration.provider``).

IAM Identity Center lives where the organization put it: often another region, and the
management or a delegated administrator account. With ``identityCenterRegion`` or
``identityCenterRoleArn`` set, the directory lookups and the application assignments go through
a provider of their own, created once per stack; without them, through the stack's provider.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from ..roster import logical_names as names
from ..roster.principals.identity_center import PROVIDER as IDENTITY_CENTER
from ..roster.settings import Settings


def named_providers(settings: Settings) -> dict[str, pulumi.ProviderResource]:
    """The providers the stack's registrations name, each created once."""
    if not settings.identity_center_provider:
        return {}
    role = settings.identity_center_role_arn
    assume = (
        [aws.ProviderAssumeRoleArgs(role_arn=role, session_name="studio-access-identity-center")]
        if role
        else None
    )
    provider = aws.Provider(
        names.IDENTITY_CENTER_PROVIDER,
        region=settings.identity_center_region or settings.region,
        assume_roles=assume,
    )
    return {IDENTITY_CENTER: provider}

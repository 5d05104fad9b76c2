"""The AWS profiles through which the program reaches the management account, per CI job.

A provider that assumes a role records the role in the stack's state, and ``pulumi preview
--refresh`` reads with the providers the state records: the preview role would then have to
assume the write role the last ``pulumi up`` used, which it may not. So when the stack names a
read role, the program's Organizations and Identity Center providers name a profile instead
(``studio-access-org``, ``studio-access-identity-center``), the same in every run, and each job
defines it as the role that job may assume: the read role for preview and audit, the write role
for deploy (``ci-policy --role R --aws-config`` prints the lines for ``~/.aws/config``). A job
cannot pick another role than its own policy and the role's trust allow.
"""

from __future__ import annotations

from components.core.settings.operators import IDENTITY_CENTER_ROLE
from components.core.settings.stack import Settings

#: Management-account concern -> the profile the program's provider names.
PROFILES = {"org": "studio-access-org", IDENTITY_CENTER_ROLE: "studio-access-identity-center"}


def org_profile(settings: Settings) -> str | None:
    """The profile the organization guard's provider names, when the stack has the org read and
    write roles (else it assumes the write role, or uses the stack's credentials)."""
    both = settings.org_read_role_arn and settings.org_guard_role_arn
    return PROFILES["org"] if settings.org_guard and both else None


def identity_center_profile(settings: Settings) -> str | None:
    """The profile Identity Center's provider names, when the stack has its read and write roles."""
    both = settings.identity_center_read_role_arn and settings.identity_center_role_arn
    return PROFILES[IDENTITY_CENTER_ROLE] if both else None


def aws_config_text(role: str, settings: Settings) -> str:
    """``~/.aws/config`` sections for the CI role ``role``: each profile as the role it may assume,
    from the environment's credentials (the job's own, from GitHub's OIDC token)."""
    write = role == "deploy"
    chosen = {
        org_profile(settings): settings.org_guard_role_arn if write else settings.org_read_role_arn,
        identity_center_profile(settings): (
            settings.identity_center_role_arn if write else settings.identity_center_read_role_arn
        ),
    }
    sections = [
        f"[profile {profile}]\nrole_arn = {arn}\ncredential_source = Environment\n"
        for profile, arn in chosen.items()
        if profile and arn
    ]
    return "\n".join(sections)

"""Families of actions the guards name, as AWS's action data (the Service Authorization
Reference) defines them.

Each tuple is what ``tests/iam_action_data.py`` derives from the action data parliament ships
offline; ``tests/policies/test_action_data.py`` derives them again and fails when AWS adds an action they
miss (a new write of Identity Center, a new action on IAM principals that ignores their tags).
"""

from __future__ import annotations

#: Every write of IAM Identity Center that parliament's copy of the action data knows: its directory (``identitystore``, ``sso-directory``: users,
#: groups, memberships, user names, passwords, MFA devices, SCIM bearer tokens, the external
#: identity provider) and the instance (``sso``: attributes for access control, permission sets,
#: account and application assignments, applications, trusted token issuers, directory and
#: profile associations). One pattern per verb that begins writes only; reads (``Describe``,
#: ``Get``, ``List``, ``Search``, ``Is``) match none of them.
IDENTITY_CENTER_WRITES_IN_ACTION_DATA = (
    "identity-sync:Allow*",
    "identity-sync:Create*",
    "identity-sync:Delete*",
    "identity-sync:Start*",
    "identity-sync:Stop*",
    "identity-sync:Update*",
    "identitystore-auth:BatchDeleteSession",
    "identitystore:Create*",
    "identitystore:Delete*",
    "identitystore:Update*",
    "sso-directory:Add*",
    "sso-directory:Complete*",
    "sso-directory:Create*",
    "sso-directory:Delete*",
    "sso-directory:Disable*",
    "sso-directory:Enable*",
    "sso-directory:Import*",
    "sso-directory:Remove*",
    "sso-directory:Start*",
    "sso-directory:Update*",
    "sso-directory:Verify*",
    "sso:Associate*",
    "sso:Attach*",
    "sso:Create*",
    "sso:Delete*",
    "sso:Detach*",
    "sso:Disassociate*",
    "sso:Import*",
    "sso:Provision*",
    "sso:Put*",
    "sso:Start*",
    "sso:Tag*",
    "sso:Untag*",
    "sso:Update*",
)

#: Writes AWS added after parliament's copy of the action data was made, from the Service
#: Authorization Reference: Identity Center's multi-Region replication (``AddRegion``,
#: ``RemoveRegion``) and reserving a user name. ``tests/policies/test_action_data.py`` fails when
#: parliament learns one of them, so that it moves to the generated list.
IDENTITY_CENTER_WRITES_SINCE_ACTION_DATA = (
    "identitystore:AddRegion",
    "identitystore:RemoveRegion",
    "identitystore:ReserveUser",
    "sso:AddRegion",
    "sso:RemoveRegion",
)

#: What the Identity Center guard denies: both lists.
IDENTITY_CENTER_WRITES = (
    IDENTITY_CENTER_WRITES_IN_ACTION_DATA + IDENTITY_CENTER_WRITES_SINCE_ACTION_DATA
)

#: Actions of other services on an IAM role or user whose resource type does not support
#: ``aws:ResourceTag``: a Deny conditioned on the principal's access tag never fires for them, so
#: the guards name the principals by path instead. (STS's own tag-blind actions on a user,
#: ``GetFederationToken``, ``TagSession``, ``SetSourceIdentity``, act on the calling user itself
#: and are judged by the binding and the tag guard.) Patterns may take reads of the same
#: resource too (``codestar:DescribeUserProfile``): nobody needs them on Studio's principals.
TAG_BLIND_PRINCIPAL_ACTIONS = (
    "codestar:*UserProfile",
    "ec2:*EnclaveCertificateIamRole",
    "ssm:UpdateManagedInstanceRole",
)

"""What the AWS provider calls for each resource the program manages, grouped as the deploy and
preview roles are granted them (``roles``): create, read, update and delete of each.

============================  ===================================================================
resource                      calls
============================  ===================================================================
``aws.iam.Group``             CreateGroup, GetGroup, UpdateGroup, DeleteGroup
``aws.iam.Policy``            CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicyVersions,
                              CreatePolicyVersion, DeletePolicyVersion (prune to stay below 5),
                              DeletePolicy, Tag/Untag/ListPolicyTags
``GroupPolicyAttachment``     AttachGroupPolicy, ListAttachedGroupPolicies, DetachGroupPolicy
``aws.iam.User``              CreateUser (tags on create), GetUser, UpdateUser, Tag/UntagUser,
                              DeleteUser; ``force_destroy`` first lists and deletes access keys,
                              SSH keys, virtual MFA devices (deactivate + delete), MFA devices,
                              the login profile, signing certificates and service-specific
                              credentials, and removes the user from its groups
``UserGroupMembership``       AddUserToGroup, ListGroupsForUser, RemoveUserFromGroup
``aws.iam.Role``              CreateRole (tags on create), GetRole, ListRolePolicies,
                              GetRolePolicy, ListAttachedRolePolicies (read on every refresh),
                              UpdateAssumeRolePolicy, UpdateRole, UpdateRoleDescription,
                              Tag/UntagRole, DeleteRole; ``force_detach_policies`` first detaches
                              managed and deletes inline policies; delete lists instance profiles
``RolePolicyAttachment``      AttachRolePolicy, ListAttachedRolePolicies, DetachRolePolicy
``sagemaker.UserProfile``     CreateUserProfile, DescribeUserProfile, ListTags, UpdateUserProfile,
                              AddTags, DeleteTags, DeleteUserProfile (only with
                              ``profileDeletion: delete``); an execution role needs iam:PassRole
============================  ===================================================================
"""

from __future__ import annotations

#: Reads that ``pulumi preview --refresh`` makes for the group, the policy and the attachment.
PROJECT_READS = (
    "iam:GetGroup",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:ListAttachedGroupPolicies",
    "iam:ListPolicyTags",
    "iam:ListPolicyVersions",
)


#: Reads for users, roles, memberships and role attachments.
PRINCIPAL_READS = (
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:GetUser",
    "iam:ListAttachedRolePolicies",
    "iam:ListGroupsForUser",
    "iam:ListRolePolicies",
    "iam:ListRoleTags",
    "iam:ListUserTags",
)


#: Reads for the Studio user profiles.
PROFILE_READS = (
    "sagemaker:DescribeUserProfile",
    "sagemaker:ListTags",
)


#: Writes on the project's group (membership included) and policy.
PROJECT_WRITES = (
    "iam:AddUserToGroup",
    "iam:CreateGroup",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeleteGroup",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:DetachGroupPolicy",
    "iam:RemoveUserFromGroup",
    "iam:TagPolicy",
    "iam:UntagPolicy",
    "iam:UpdateGroup",
)


#: Lists that deleting a user (``force_destroy``) or a role makes before it deletes.
PRINCIPAL_CLEANUP_READS = (
    "iam:ListAccessKeys",
    "iam:ListInstanceProfilesForRole",
    "iam:ListMFADevices",
    "iam:ListSSHPublicKeys",
    "iam:ListServiceSpecificCredentials",
    "iam:ListSigningCertificates",
)


#: Changes to existing users and roles; allowed only on principals carrying the access tag.
TAGGED_PRINCIPAL_WRITES = (
    "iam:DeactivateMFADevice",
    "iam:DeleteAccessKey",
    "iam:DeleteLoginProfile",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "iam:DeleteSSHPublicKey",
    "iam:DeleteServiceSpecificCredential",
    "iam:DeleteSigningCertificate",
    "iam:DeleteUser",
    "iam:DetachRolePolicy",
    "iam:UntagRole",
    "iam:UntagUser",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateUser",
)


#: What ``drain`` does to the apps and spaces of a profile about to be deleted.
DRAIN_ACTIONS = (
    "sagemaker:DeleteApp",
    "sagemaker:DeleteSpace",
    "sagemaker:DescribeApp",
    "sagemaker:DescribeSpace",
)


#: Writes on the Studio user profiles (``DeleteUserProfile`` is added for ``profileDeletion: delete``).
PROFILE_WRITES = (
    "sagemaker:AddTags",
    "sagemaker:CreateUserProfile",
    "sagemaker:DeleteTags",
    "sagemaker:UpdateUserProfile",
)

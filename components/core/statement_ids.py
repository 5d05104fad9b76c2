"""The statement ids of the documents: one vocabulary for the documents and for the proof.

Every Deny statement is named by the attack it stops, and the same attack keeps the same name in
the member policy, the execution-role guard and the organization guard. The documents
(``policies``) write these ids; the attacks (``kinds`` and ``proof``) name the
statement meant to stop them; both read them from here, so a renamed statement cannot leave an
attack pointing at nothing.
"""

# -- the seed: what the design starts from
SEED_DENY = "DenySageMakerProfileAccessUnlessTagsMatch"
SEED_ALLOW = "AmazonSageMakerPresignedUrlPolicy"

# -- who opens a profile
UNTAGGED_PRINCIPAL = "DenyPresignedUrlWithoutPrincipalTag"
STUDIO_OPEN = "DenyOpeningOtherProfilesFromStudio"
ACCESS_TAG_BINDING = "DenyAccessTagOutsideItsPrincipal"
PROFILE_TAG_BINDING = "DenyProfileTagOutsideItsPrincipal"

# -- the tags and the principals they are judged by
TAGS = "DenyAccessTagChanges"
MANAGED_PRINCIPALS = "DenyManagingStudioPrincipals"
IMPERSONATION = "DenyActingAsAnotherStudioPrincipal"
ASSUME_OTHER_ROLE = "DenyAssumingAnotherStudioRole"
IDENTITY_PROVIDERS = "DenyChangingIdentityProviders"
TRUSTED_PRINCIPALS = "DenyChangingTrustedPrincipals"
IDENTITY_CENTER = "DenyChangingWhomIdentityCenterVouchesFor"
FEDERATED_TAGS = "DenyFederatedSessionWhoseTagsDiffer"
PROFILE_ACCESS_TAGS = "DenyAccessTagsOnProfiles"

# -- staying under the guard
LEAVE_GROUP = "DenyLeavingStudioGroup"
CHANGE_POLICY = "DenyChangingStudioPolicy"
DETACH_ROLE_POLICY = "DenyDetachingStudioPolicyFromRoles"
EXEMPT_ROLES = "DenyChangingExemptRoles"

# -- Studio itself
PROFILE_ADMIN = "DenyManagingStudioProfilesAndDomain"
STUDIO_CODE = "DenyChangingStudioCode"
OTHER_SPACES = "DenyChangingOtherProfilesSpaces"
PRIVATE_APPS = "DenyAppsInOtherProfilesPrivateSpaces"
PROFILE_APPS = "DenyAppsOfOtherProfiles"
SESSIONS = "DenySessionsInOtherProfilesSpaces"

# -- spend: the meter's over-budget mark
OVER_BUDGET = "DenyStudioOverBudget"

"""The attacks the guards must stop, as data: every door the threat model names.

Each is a request by "alice" (or her notebook, or an outsider) aimed at colleague "bob", with
the statement ids meant to stop it; ``scenarios`` fills the templates per stack and caller. Kinds
of principal add the attacks only they can be tried with (``kinds``).
"""

from __future__ import annotations

from components.core import statement_ids as sid
from components.core.requests import Scenario
from components.proof.requests.budget import BUDGET
from components.proof.requests.exempt import BREAK_GLASS, EXEMPT_ROLES
from components.proof.requests.iam import IDENTITY_PROVIDERS, IMPERSONATION, INTEGRITY, MANAGED
from components.proof.requests.identity import ATTACKS as WHO_IS_WHOM
from components.proof.requests.studio import SHARED_SPACE_ROLE, SPACES, STUDIO_ADMIN, STUDIO_CODE
from components.proof.requests.tags import FORGED_TAGS, TAG_CHANGES
from components.proof.requests.targets import OPEN
from components.proof.scenarios import BOUND, MEMBERS, tagged

OPENING = (
    Scenario(
        "opens a colleague's profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        closes=OPEN,
        kinds=BOUND,
    ),
    Scenario(
        "opens an untagged profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/shared",
        closes=OPEN,
        kinds=BOUND,
    ),
    Scenario(
        "has no tag at all and opens a profile",
        "sagemaker:CreatePresignedDomainUrl",
        "{sm}:user-profile/{domain}/bob",
        tagged("bob"),
        untagged=True,
        kinds=MEMBERS,
        closes=(sid.UNTAGGED_PRINCIPAL, sid.SEED_DENY, sid.ACCESS_TAG_BINDING),
    ),
)

#: Every attack the proof tries, family by family (kinds of principal add their own).
ATTACKS: tuple[Scenario, ...] = (
    *OPENING,
    *FORGED_TAGS,
    *TAG_CHANGES,
    *MANAGED,
    *INTEGRITY,
    *SHARED_SPACE_ROLE,
    *IMPERSONATION,
    *STUDIO_ADMIN,
    *STUDIO_CODE,
    *SPACES,
    *IDENTITY_PROVIDERS,
    *EXEMPT_ROLES,
    *BREAK_GLASS,
    *WHO_IS_WHOM,
    *BUDGET,
)

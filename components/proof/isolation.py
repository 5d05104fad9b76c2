"""The isolation proof: evaluate the deployed texts and show who opens what, per kind of principal.

For members, comparing all N² principal/profile pairs is needless: the member policy decides
``CreatePresignedDomainUrl`` from the two tag values alone (equal, different, or missing), so the
proof

1. evaluates representative requests for every such relation, with and without an ``Action: *``
   admin policy beside the member policy;
2. evaluates, for one user of each shape the roster has (its kind of principal, and whether its
   profile name is its id), the request for its own profile (must be allowed) and for another
   user's profile (must be denied even with admin rights). One per shape suffices: the documents
   do not depend on the roster, and ids and profile names are lower-case letters, digits and
   hyphens, which no policy wildcard or separator can match, so renaming one user into another
   of the same shape changes no decision;
3. checks what the argument rests on: ids are unique, also ignoring case, and so are profile
   names; ``StudioUser`` tags a user's principal and profile with the same value, its id.

Then, for every kind of caller (``callers``), it judges every attack (``attacks``) with admin
rights and with SageMaker full access beside, requiring the statement named for it to deny on its
own, and every benign request (``benign``). A kind that nothing of this project binds (outsiders
without the organization guard) is reported as not bound, never as proven.

Steps 1-3 are ``members``', the judging of every caller ``judge``'s; what they find is
``verdicts``' (re-exported here, with ``all_scenarios``, ``RELATIONS`` and ``decided_by``).
"""

from __future__ import annotations

from collections.abc import Sequence

from components.core.settings.stack import Settings
from components.policies.execution_role import execution_role_policy_texts
from components.policies.member import MANAGED_POLICY_MAX, counted_size, policy_texts
from components.policies.org_guard import SCP_MAX, scp_texts
from components.proof.callers import MEMBER, Documents, callers
from components.proof.iam.evaluator import Policy
from components.proof.judge import Judge, all_scenarios
from components.proof.members import RELATIONS, member_relations, uniqueness_failures
from components.proof.verdicts import Proof, Verdict, decided_by
from components.roster.users import UserSpec

__all__ = [
    "RELATIONS",
    "Proof",
    "Verdict",
    "all_scenarios",
    "compile_policy",
    "decided_by",
    "document_sizes",
    "prove",
]


def compile_policy(settings: Settings, variant: str | None = None) -> Policy:
    """Compile the member policy's exact deployed text (not the dict it was built from)."""
    return Documents(settings, variant).member


def prove(
    users: Sequence[UserSpec],
    settings: Settings,
    variant: str | None = None,
    *,
    allow_unproven: bool = False,
) -> Proof:
    """Prove isolation for ``users`` under the stack's documents (and the given member variant).

    With ``allow_unproven``, what the ``seed`` policy leaves open to members is a warning.
    """
    documents = Documents(settings, variant)
    role_arns = tuple(dict.fromkeys(u.execution_role_arn for u in users if u.execution_role_arn))
    judged = callers(settings, role_arns)
    if any(caller.bound_by == MEMBER for caller in judged):
        failures, evaluations = member_relations(users, settings, documents.member)
    else:  # nobody opens a profile with a presigned URL (an Identity Center domain)
        failures, evaluations = uniqueness_failures(users), 0
    judge = Judge(settings, documents)
    verdicts = tuple(judge.verdict(caller) for caller in judged)
    return Proof(
        documents.variant,
        len(users),
        evaluations + judge.evaluations,
        tuple(failures),
        verdicts,
        document_sizes(settings, documents.variant),
        allow_unproven,
    )


def document_sizes(
    settings: Settings, variant: str | None = None
) -> tuple[tuple[str, int, int], ...]:
    """Every document the stack deploys, with the size AWS counts and AWS's limit."""
    sizes = [
        *_parts("member policy", policy_texts(settings, variant), counted_size, MANAGED_POLICY_MAX),
        *_parts(
            "execution-role guard",
            execution_role_policy_texts(settings),
            counted_size,
            MANAGED_POLICY_MAX,
        ),
    ]
    if settings.org_guard:
        sizes += _parts("organization guard (SCP)", scp_texts(settings), len, SCP_MAX)
    return tuple(sizes)


def _parts(what: str, texts: list[str], size, limit: int) -> list[tuple[str, int, int]]:
    """One entry per deployed part: ``what``, or ``what`` with ``1 of 2``… when it is split."""
    if len(texts) == 1:
        return [(what, size(texts[0]), limit)]
    named = what[:-1] + " {}" + ")" if what.endswith(")") else what + " ({})"
    return [
        (named.format(f"{index} of {len(texts)}"), size(text), limit)
        for index, text in enumerate(texts, start=1)
    ]

"""A small, strict evaluator for the identity-based IAM policies of one principal.

Why it exists: the isolation this project provides is a property of a policy *text*, and there is
no AWS on the machines that must prove it. The tests that show each attack is blocked, and
``check`` (which proves isolation for every user of a roster), evaluate that text here. A Deny
reported here that AWS would not apply is a false proof, so every rule below follows the IAM User
Guide, and anything this module does not implement raises ``PolicyError`` instead of being skipped.
A document is compiled once (wildcards become regexes, key names are lowercased) and then
evaluated for many requests. Standard library only; this module never imports pulumi.

Rules, with their IAM User Guide pages (https://docs.aws.amazon.com/IAM/latest/UserGuide/…):

* Explicit Deny beats Allow; without an applicable Allow the request is implicitly denied
  (reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html).
* Grammar: ``Version`` is ``2012-10-17`` or ``2008-10-17``; ``Id``, ``Principal`` and
  ``NotPrincipal`` "must not be included in identity-based policies"; an element must not hold
  the same key twice; ``Sid`` is alphanumeric (reference_policies_grammar.html) and unique within
  the policy (reference_policies_elements_sid.html).
* Actions: "The prefix and the action name are case insensitive" (…_elements_action.html);
  ``NotAction``/``NotResource`` match everything except what they list (…_elements_notaction.html,
  …_elements_notresource.html).
* Resources: case-sensitive; ``*`` and ``?`` work within a colon-separated segment, but "If the
  ``*`` wildcard is the last character of a resource ARN segment, it can expand to match beyond
  the colon boundaries"; after the fifth colon (the resource part) ``*`` crosses ``/`` and ``:``;
  variables are allowed only in that part (…_elements_resource.html).
* Policy variables (reference_policies_variables.html): only with Version ``2012-10-17``
  (otherwise literal text); ``${*}``, ``${?}``, ``${$}`` stand for those characters;
  ``${key, 'default'}`` supplies a default; a multivalued key cannot be a variable. "Policy
  variables with no value": a variable whose key has no value is "effectively null. There is no
  equal or like value", so ``StringEquals``/``StringLike`` do not match it, while "Inverted
  condition operators like StringNotEquals or StringNotLike do match against a null value"; in
  ``Resource``/``NotResource`` such an entry "will not match any resource". Here a value holding
  such a variable is dropped from its list, so it equals nothing: a negated operator whose values
  all drop matches (the design's Deny applies to an untagged principal).
* Conditions (…_elements_condition.html, …_elements_condition_operators.html,
  reference_policies_condition-logic-multiple-context-keys-or-values.html,
  reference_policies_condition-single-vs-multi-valued-context-keys.html): key names are
  case-insensitive; operators AND; keys in one operator AND; values of one key OR, or NOR for a
  negated operator. A key missing from the request: a negated operator matches, any other does
  not, except that ``…IfExists`` matches, ``ForAllValues`` matches ("also returns true if there
  are no context keys") and ``ForAnyValue`` does not; ``Null`` tests presence. ``ForAllValues``:
  every request value must match; ``ForAnyValue``: at least one. ``Arn*`` operators check the six
  colon-separated parts one by one. A key the request gives as a list is multivalued, even with
  one element, and needs a set operator ("Multivalued context keys require a condition set
  operator"); the docs do not say what happens without one, so that raises ``PolicyError``.
* Where the docs leave AWS's reading open, ``PolicyError`` rather than a guess: an ``Arn*``
  operator on a request value that is not an ARN; an empty value (``""``) under
  ``${key, 'default'}`` when reading it as empty or as missing decides differently.
* ``sts:GetCallerIdentity`` needs no permission and is never denied (STS API Reference).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.proof.iam.policy import Policy, Statement
from components.proof.iam.policy_text import EMPTY_READS_AS_MISSING, PolicyError, Values
from components.proof.iam.request import Request

__all__ = ["Decision", "Policy", "PolicyError", "Request", "Statement", "evaluate"]


@dataclass(frozen=True)
class Decision:
    """The outcome: ``effect`` is ``Allow``, ``Deny`` (explicit) or ``ImplicitDeny``.

    ``sid`` and ``policy`` name the deciding statement: the first matching Deny, else the first
    matching Allow; both are ``None`` for an implicit deny.
    """

    allowed: bool
    effect: str
    sid: str | None
    policy: str | None


#: How a decision names the service control policies as a whole when none of them allows.
SCP_LAYER = "service control policies"


#: "No permissions are required to perform this operation. If an administrator attaches a policy
#: to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can
#: still perform this operation" (STS API Reference, GetCallerIdentity).
NEVER_DENIED = frozenset({"sts:getcalleridentity"})
#: How a decision names what allowed an action that no policy can deny.
NO_POLICY_NEEDED = "no permission required"


def evaluate(
    policies: Sequence[Policy], request: Request, scps: Sequence[Policy] | None = None
) -> Decision:
    """Decide a request against all identity-based policies of one principal.

    Every Deny is checked before any Allow, because an explicit Deny wins wherever it is.

    With ``scps`` (the service control policies that apply to the principal's account, for
    example ``FullAWSAccess`` and an organization guard), the request also needs an Allow from
    them: "SCPs don't grant permissions"; a principal is allowed only what both its identity
    policies and the SCPs allow, and an explicit Deny in either wins
    (reference_policies_evaluation-logic_policy-eval-denyallow.html, orgs_manage_policies_scps.html).
    Principals that no SCP binds (the management account, service-linked roles) are evaluated
    without ``scps``.

    ``sts:GetCallerIdentity`` is allowed whatever the policies say, as AWS does. A request with an
    empty single value (a tag set to ``""``) is decided twice: with ``${key, 'default'}`` taking
    the empty value, and taking the default; the IAM User Guide does not say which one AWS does.

    Raises:
        PolicyError: the two readings of an empty value decide differently, or a policy uses
            something this evaluator does not implement.
    """
    if request._action in NEVER_DENIED:
        return Decision(True, "Allow", None, NO_POLICY_NEEDED)
    decision = _decide(policies, request, scps, request._values)
    if ("",) in request._values.values():
        other = _decide(policies, request, scps, {**request._values, EMPTY_READS_AS_MISSING: ("",)})
        if (other.allowed, other.effect) != (decision.allowed, decision.effect):
            empty = sorted(k for k, v in request._values.items() if v == ("",))
            raise PolicyError(
                f"{request.action} on {request.resource}: the empty value of "
                f"{', '.join(empty)} decides differently when ${{key, 'default'}} reads it as "
                f"empty ({decision.effect}) or as missing ({other.effect}); AWS does not "
                "document which reading it takes, so the policy must not depend on it"
            )
    return decision


def _decide(
    policies: Sequence[Policy], request: Request, scps: Sequence[Policy] | None, values: Values
) -> Decision:
    layers = [policies] if scps is None else [scps, policies]
    for layer in layers:
        for policy in layer:
            for statement in policy.for_action(request._action)[0]:
                if statement.applies(request, values):
                    return Decision(False, "Deny", statement.sid, policy.name)
    if scps is not None and _first_allow(scps, request, values) is None:
        return Decision(False, "ImplicitDeny", None, SCP_LAYER)
    if allow := _first_allow(policies, request, values):
        policy, statement = allow
        return Decision(True, "Allow", statement.sid, policy.name)
    return Decision(False, "ImplicitDeny", None, None)


def _first_allow(
    policies: Sequence[Policy], request: Request, values: Values
) -> tuple[Policy, Statement] | None:
    for policy in policies:
        for statement in policy.for_action(request._action)[1]:
            if statement.applies(request, values):
                return policy, statement
    return None

"""Every attack, tried by every kind of principal, against the deployed texts.

A test here fails if a document lets an attack through: for members (the member policy), for
notebooks' execution roles (the execution-role guard), and, with the organization guard on, for
outsiders too; each with an ``Action: *`` admin policy beside it and with SageMaker full access
beside it, and each stopped by the statement named for it on its own. Benign requests must stay
allowed, and the deploy role must keep doing its job under the guard.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from components.core import statement_ids as sid
from components.core.settings.stack import Settings
from components.core.settings.studio import StudioLevel
from components.policies import member as policy
from components.proof.callers import (
    ADMIN_POLICY,
    FULL_AWS_ACCESS,
    SAGEMAKER_FULL_ACCESS,
    Caller,
    Documents,
    callers,
)
from components.proof.iam.evaluator import Policy, evaluate
from components.proof.isolation import all_scenarios
from components.proof.requests.attacks import ATTACKS
from components.proof.requests.benign import BENIGN
from components.proof.requests.exempt import BREAK_GLASS_WORK, DEPLOY_ROLE_WORK
from components.proof.scenarios import request

PLAIN = Settings(domain_id="d-abc123")
USERS_DIR = Path(__file__).resolve().parents[2] / "users"
GUARDED = Settings(
    domain_id="d-abc123",
    org_guard=True,
    deploy_role_arn="arn:aws:iam::123456789012:role/ci/studio-access-deploy",
    break_glass_role_arns=("arn:aws:iam::123456789012:role/BreakGlass",),
    org_guard_targets=("ou-ab12-cdef3456",),
    per_user_execution_roles=True,
    execution_role_policy_arns=("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",),
)
CUSTOM_ROLE = ("arn:aws:iam::123456789012:role/service-role/CarolSageMakerExecution",)
SAML = dict(federation="saml", saml_provider_arn="arn:aws:iam::123456789012:saml-provider/Okta")
IDENTITY_CENTER = dict(
    federation="identity-center",
    identity_center_instance_arn="arn:aws:sso:::instance/ssoins-0123456789abcdef",
    identity_center_group_id="0123456789-01234567-89ab-cdef-0123-456789abcdef",
)
IDENTITY_CENTER_ROLE = "arn:aws:iam::999988887777:role/studio-access-identity-center"
SPACE_ROLE = "arn:aws:iam::123456789012:role/service-role/SharedSpaces"
SSO = dict(
    auth_mode="sso",
    identity_store_id="d-1234567890",
    sso_application_arn="arn:aws:sso::999988887777:application/ssoins-0123456789abcdef/apl-0123",
    identity_center_role_arn=IDENTITY_CENTER_ROLE,
)
STACKS = {
    "without the organization guard": PLAIN,
    "with the organization guard": GUARDED,
    "SAML federation": Settings(**{**PLAIN.__dict__, **SAML}),
    "SAML federation, guarded": Settings(**{**GUARDED.__dict__, **SAML}),
    "Identity Center federation": Settings(**{**PLAIN.__dict__, **IDENTITY_CENTER}),
    "Identity Center federation, guarded": Settings(
        **{**GUARDED.__dict__, **IDENTITY_CENTER, "identity_center_role_arn": IDENTITY_CENTER_ROLE}
    ),
    "Identity Center domain": Settings(**{**PLAIN.__dict__, **SSO}),
    "Identity Center domain, guarded": Settings(**{**GUARDED.__dict__, **SSO}),
    "a role of its own for shared spaces": Settings(
        **{**PLAIN.__dict__, "default_space_execution_role_arn": SPACE_ROLE}
    ),
    "a role of its own for shared spaces, guarded": Settings(
        **{**GUARDED.__dict__, "default_space_execution_role_arn": SPACE_ROLE}
    ),
    "metered (a budget), guarded": Settings(
        **{**GUARDED.__dict__, "studio": StudioLevel(values=(("monthly_budget_usd", 100.0),))}
    ),
}
#: Tag keys other than the default, each judged as the default is.
TAG_KEYS = ("team-id", "Owner.Key_2", "x")


@functools.cache
def compiled(settings: Settings, variant: str | None = None) -> Documents:
    """The stack's documents, compiled once per module run (thousands of cases share them)."""
    return Documents(settings, variant)


@functools.cache
def alone(statement_json: str) -> Policy:
    """One statement as a policy of its own, compiled once."""
    statement = json.loads(statement_json)
    return Policy({"Version": "2012-10-17", "Statement": [statement]}, name=statement["Sid"])


def _new_in(settings: Settings, caller: Caller, scenario) -> bool:
    """Whether a federated or Identity Center stack adds this case: its own callers, or what
    only such a stack asks (the plain stacks judge everything else)."""
    if settings.default_space_execution_role_arn:
        space_role = scenario.requires == "default_space_execution_role_arn"
        return caller.kind == "execution-shared-space" or space_role
    if settings.federation is None and settings.auth_mode == "iam":
        return True
    own = caller.kind in ("federated-session", "identity-center-user", "break-glass")
    return own or bool(scenario.requires) or "Identity Center" in scenario.name


def cases(kind: str):
    """One case per stack and bound caller, with every attack (or benign request) it is asked:
    each case judges them all and reports every one that fails, so a case stays a caller."""
    attacks, benign = all_scenarios()
    for label, settings in STACKS.items():
        documents = compiled(settings)
        for caller in callers(settings, CUSTOM_ROLE):
            if not documents.bound(caller) or caller.kind == "deploy":
                continue
            asked = tuple(
                scenario
                for scenario in (attacks if kind == "attack" else benign)
                if scenario.applies(settings, caller) and _new_in(settings, caller, scenario)
            )
            if asked:
                yield pytest.param(settings, caller, asked, id=f"{label}/{caller.kind}")


def decide(settings: Settings, caller: Caller, scenario, beside: Policy):
    documents = compiled(settings)
    return evaluate(
        [*documents.identity(caller), beside], request(scenario, settings, caller), documents.scps
    )


def _denied_alone_and_beside(settings: Settings, caller: Caller, scenario) -> str | None:
    """Why the attack is not denied alone, beside admin rights (by an explicit Deny) and beside
    SageMaker full access; ``None`` when it is."""
    for beside in (ADMIN_POLICY, SAGEMAKER_FULL_ACCESS):
        if decide(settings, caller, scenario, beside).allowed:
            return f"the {caller.title} {scenario.name} beside {beside.name}"
    if decide(settings, caller, scenario, ADMIN_POLICY).effect != "Deny":
        return f"{scenario.name}: with admin rights beside only an explicit Deny stops it"
    documents = compiled(settings)
    alone = evaluate(
        documents.identity(caller), request(scenario, settings, caller), documents.scps
    )
    if alone.allowed:
        return f"the {caller.title} {scenario.name} with nothing beside"
    return None


def _stopped_by_its_statement(settings: Settings, caller: Caller, scenario) -> str | None:
    """Why none of the statements named for the attack stops it on its own; ``None`` if one does."""
    documents = compiled(settings)
    asked = request(scenario, settings, caller)
    candidates = [(doc, False) for doc in documents.identity(caller)]
    candidates += [(guard, True) for guard in documents.guards]
    for document, is_scp in candidates:
        for statement in document.raw_statements:
            if statement.get("Sid") not in scenario.closes:
                continue
            single = alone(json.dumps(statement))
            if is_scp:
                decision = evaluate([ADMIN_POLICY], asked, [FULL_AWS_ACCESS, single])
            else:
                decision = evaluate([single, ADMIN_POLICY], asked)
            if decision.effect == "Deny":
                return None
    return f"none of {scenario.closes} stops the {caller.title}: {scenario.name}"


@pytest.mark.parametrize(("settings", "caller", "scenarios"), list(cases("attack")))
def test_the_attack_is_denied_alone_with_admin_rights_or_with_sagemaker_full_access_beside(
    settings, caller, scenarios
):
    failures = [f for s in scenarios if (f := _denied_alone_and_beside(settings, caller, s))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("settings", "caller", "scenarios"), list(cases("attack")))
def test_the_statement_named_for_the_attack_stops_it_on_its_own(settings, caller, scenarios):
    failures = [f for s in scenarios if (f := _stopped_by_its_statement(settings, caller, s))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("settings", "caller", "scenarios"), list(cases("benign")))
def test_benign_requests_stay_allowed_with_admin_rights(settings, caller, scenarios):
    failures = [
        f"the {caller.title} {scenario.name}: {decision}"
        for scenario in scenarios
        if (decision := decide(settings, caller, scenario, ADMIN_POLICY)).allowed
        is not scenario.expected(settings.org_guard)
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("scenario", DEPLOY_ROLE_WORK, ids=lambda s: s.name)
def test_the_deploy_role_keeps_doing_its_job_under_the_organization_guard(scenario):
    deploy = next(c for c in callers(GUARDED) if c.kind == "deploy")
    assert decide(GUARDED, deploy, scenario, ADMIN_POLICY).allowed, scenario.name


@pytest.mark.parametrize("scenario", BREAK_GLASS_WORK, ids=lambda s: s.name)
def test_a_break_glass_role_repairs_studio_under_the_organization_guard(scenario):
    break_glass = next(c for c in callers(GUARDED) if c.kind == "break-glass")
    assert decide(GUARDED, break_glass, scenario, ADMIN_POLICY).allowed, scenario.name


def test_without_the_organization_guard_outsiders_are_not_bound():
    documents = compiled(PLAIN)
    outsiders = [c for c in callers(PLAIN) if c.bound_by == "none"]
    assert [c.kind for c in outsiders] == ["outsider-admin", "outsider-new"]
    for caller in outsiders:
        assert not documents.bound(caller)
        opened = evaluate([ADMIN_POLICY], request(ATTACKS[0], PLAIN, caller), documents.scps)
        assert opened.allowed, "an administrator outside the group opens any profile: not bound"


#: The attacks of the threat model (docs/security.md, docs/architecture.md), each covered by at
#: least these scenarios.
NAMED = {
    "seed policy gap: has no tag at all": ["has no tag at all and opens a profile"],
    "seed policy gap: retags another profile or strips a tag": [
        "retags a colleague's profile with its own id (sagemaker:AddTags)",
        "strips the tag from a profile (sagemaker:DeleteTags)",
    ],
    "seed policy gap: retags itself or passes a session tag": [
        "retags a user as a colleague (iam:TagUser)",
        "removes a user's tag (iam:UntagUser)",
        "retags a role as a colleague (iam:TagRole)",
        "removes a role's tag (iam:UntagRole)",
        "passes a colleague's id as a session tag (sts:TagSession)",
    ],
    "seed policy gap: leaves the guard (group path, rename, policy edits, detach)": [
        "removes a member from the group (iam:RemoveUserFromGroup)",
        "renames or moves the group (iam:UpdateGroup)",
        "leaves the group after it was moved to another path (iam:RemoveUserFromGroup)",
        "deletes the group (iam:DeleteGroup)",
        "rewrites the policy (iam:CreatePolicyVersion)",
        "detaches the policy from a member role (iam:DetachRolePolicy)",
    ],
    "member: writes to a colleague's principal": [
        "acts as a colleague: writes an inline policy on a colleague's role (iam:PutRolePolicy)",
        "acts as a colleague: sets a permissions boundary on a colleague's role (iam:PutRolePermissionsBoundary)",
        "acts as a colleague: deletes a colleague's console password (iam:DeleteLoginProfile)",
        "acts as a colleague: creates service credentials for a colleague (iam:CreateServiceSpecificCredential)",
    ],
    "member: changes or deletes a profile or the domain": [
        "swaps a colleague's execution role (sagemaker:UpdateUserProfile)",
        "deletes a colleague's profile (sagemaker:DeleteUserProfile)",
        "changes the domain (sagemaker:UpdateDomain)",
    ],
    "member: a colleague's private spaces, apps and sessions": [
        "creates a space owned by a colleague (sagemaker:CreateSpace)",
        "enables remote access on a colleague's space (sagemaker:UpdateSpace)",
        "creates an app in a colleague's private space (sagemaker:CreateApp)",
        "deletes an app in a colleague's private space (sagemaker:DeleteApp)",
        "deletes an app on a colleague's profile (sagemaker:DeleteApp)",
        "starts a remote session in a colleague's space (sagemaker:StartSession)",
    ],
    "member: the SAML provider a colleague's role trusts": [
        "replaces the metadata of the SAML provider a colleague's role trusts (iam:UpdateSAMLProvider)",
    ],
    "organization guard: borrows the exemption": [
        "rewrites the deploy role's trust policy (iam:UpdateAssumeRolePolicy)",
        "passes the deploy role to a service (iam:PassRole)",
        "rewrites the Identity Center role's trust policy (iam:UpdateAssumeRolePolicy)",
    ],
    "Identity Center: rewrites whom it signs in as whom": [
        "renames a directory user, whose profile follows the user name "
        "(sso-directory:UpdateUserName)",
        "mints a SCIM bearer token that rewrites every user (sso-directory:CreateBearerToken)",
        "connects another directory (sso:AssociateDirectory)",
        "turns the application's assignment-required off "
        "(sso:PutApplicationAssignmentConfiguration)",
        "starts single sign-on anew (sso:StartSSO)",
    ],
    "federated session: its two tags differ": [
        "with id alice and profile tag bob, creates an app in bob's private space "
        "(sagemaker:CreateApp)",
        "with id bob and profile tag alice, opens bob's profile",
    ],
    "exempt roles: who is whom": [
        "creates a profile carrying a colleague's access tag (sagemaker:CreateUserProfile)",
        "tags a profile with a colleague's id as if propagating it "
        "(sagemaker:AddTags with sagemaker:TaggingAction)",
        "rewrites the trust policy of a role member roles trust (iam:UpdateAssumeRolePolicy)",
    ],
    "tag-blind actions on a colleague's principal": [
        "makes a colleague's role the role of a managed instance (ssm:UpdateManagedInstanceRole)",
        "gives a colleague's role an enclave certificate (ec2:AssociateEnclaveCertificateIamRole)",
        "creates a CodeStar profile for a colleague (codestar:CreateUserProfile)",
    ],
}


def test_every_named_attack_has_its_scenarios():
    names = {s.name for s in ATTACKS}
    for row, scenarios in NAMED.items():
        missing = [s for s in scenarios if s not in names]
        assert not missing, f"{row}: {missing}"


def test_seed_policy_leaves_tampering_open_to_members_with_admin_rights():
    documents = compiled(PLAIN, "seed")
    member = next(c for c in callers(PLAIN) if c.kind == "member-user")
    stopped = {
        s.name
        for s in ATTACKS
        if s.applies(PLAIN, member)
        and not evaluate([documents.member, ADMIN_POLICY], request(s, PLAIN, member)).allowed
    }
    assert stopped == {
        "opens a colleague's profile",
        "opens an untagged profile",
        "has no tag at all and opens a profile",
    }


def test_untagged_principal_is_denied_even_if_the_variable_rule_were_read_the_other_way():
    """Some evaluators treat a missing ${aws:PrincipalTag/…} as never matching; the Null guard
    still denies, so the verdict does not hang on that reading."""
    document = json.loads(policy.policy_text(PLAIN))
    without_seed_deny = [s for s in document["Statement"] if s["Sid"] != policy.SEED_DENY_SID]
    reduced = Policy({"Version": "2012-10-17", "Statement": without_seed_deny})
    member = next(c for c in callers(PLAIN) if c.kind == "member-user")
    untagged = next(s for s in ATTACKS if s.untagged)
    decision = evaluate([reduced, ADMIN_POLICY], request(untagged, PLAIN, member))
    assert (decision.allowed, decision.sid) == (False, sid.UNTAGGED_PRINCIPAL)


def test_a_member_without_admin_rights_can_still_open_its_own_profile():
    documents = compiled(PLAIN)
    member = next(c for c in callers(PLAIN) if c.kind == "member-user")
    own = next(s for s in BENIGN if s.name == "opens its own profile")
    decision = evaluate([documents.member], request(own, PLAIN, member))
    assert (decision.allowed, decision.sid) == (True, policy.SEED_ALLOW_SID)


@pytest.mark.parametrize("tag_key", TAG_KEYS)
@pytest.mark.parametrize(
    "stack", ["without the organization guard", "with the organization guard", "SAML federation"]
)
def test_any_tag_key_is_proven_exactly_as_the_default_is(stack, tag_key):
    """No attack or benign request may depend on the default key: the example users are proven
    under several others, with the same verdicts and the same counts."""
    from components.proof.isolation import prove

    users, default = _proven_with_the_default_key(stack)
    keyed = prove(users, Settings(**{**STACKS[stack].__dict__, "tag_key": tag_key}))
    assert keyed.ok, [
        (v.caller.kind, [o.scenario.name for o in (*v.open_attacks, *v.blocked_benign)])
        for v in keyed.verdicts
    ]
    assert [(v.caller.kind, v.proven, len(v.attacks), len(v.benign)) for v in keyed.verdicts] == [
        (v.caller.kind, v.proven, len(v.attacks), len(v.benign)) for v in default.verdicts
    ]


@functools.cache
def _proven_with_the_default_key(stack: str):
    """The example users of ``stack`` and their proof with the default key, once per stack."""
    from components.proof.isolation import prove
    from components.roster.users import load_roster

    users = list(load_roster(USERS_DIR, STACKS[stack]).users)
    return users, prove(users, STACKS[stack])

"""Each attack of DESIGN.md, evaluated against the policy text, with and without admin rights beside.

A test here fails if the hardened policy lets an attack through; the seed tests record which
attacks the seed policy alone leaves open (the reason the hardened policy exists).
"""

from __future__ import annotations

import json

import pytest

from components.policies import member as policy
from components.proof.evaluator import Policy, evaluate
from components.proof.isolation import compile_policy
from components.proof.scenarios import ADMIN_POLICY, attacks, benign
from components.roster.settings import Settings

SETTINGS = Settings()
HARDENED = compile_policy(SETTINGS, "hardened")
SEED = compile_policy(SETTINGS, "seed")
ATTACKS = {s.name: s for s in attacks(SETTINGS)}
BENIGN = {s.name: s for s in benign(SETTINGS)}

#: The rows of DESIGN.md's table, each covered by at least these attacks.
DESIGN_ROWS = {
    "has no tag at all": ["has no tag at all and opens a profile"],
    "retags another profile with its own id or strips a tag": [
        "retags a colleague's profile with its own id (sagemaker:AddTags)",
        "strips the tag from a profile (sagemaker:DeleteTags)",
    ],
    "retags itself or passes a session tag": [
        "retags itself as a colleague (iam:TagUser)",
        "retags itself under a differently cased key (iam:TagUser)",
        "removes its own tag (iam:UntagUser)",
        "retags its role as a colleague (iam:TagRole)",
        "removes its role's tag (iam:UntagRole)",
        "passes a colleague's id as a session tag (sts:TagSession)",
    ],
    "leaves the guard": [
        "removes itself from the group (iam:RemoveUserFromGroup)",
        "detaches the policy from the group (iam:DetachGroupPolicy)",
        "rewrites the policy (iam:CreatePolicyVersion)",
        "rolls the policy back to another version (iam:SetDefaultPolicyVersion)",
        "deletes an older version of the policy (iam:DeletePolicyVersion)",
        "deletes the policy (iam:DeletePolicy)",
        "detaches the policy from its role (iam:DetachRolePolicy)",
    ],
    # Beyond DESIGN.md's table: becoming the colleague instead of retagging anything.
    "acts as a colleague": [
        "acts as a colleague: assumes a colleague's role (sts:AssumeRole)",
        "acts as a colleague: rewrites who may assume a colleague's role (iam:UpdateAssumeRolePolicy)",
        "acts as a colleague: creates an access key for a colleague (iam:CreateAccessKey)",
        "acts as a colleague: sets a colleague's console password (iam:CreateLoginProfile)",
        "acts as a colleague: changes a colleague's console password (iam:UpdateLoginProfile)",
    ],
}
#: What the seed policy stops on its own, admin rights beside or not.
SEED_STOPS = {
    "opens a colleague's profile",
    "opens an untagged profile",
    "has no tag at all and opens a profile",
}


def test_every_design_row_has_its_attacks():
    for row, names in DESIGN_ROWS.items():
        assert all(name in ATTACKS for name in names), row


@pytest.mark.parametrize("name", sorted(ATTACKS))
@pytest.mark.parametrize("admin", [False, True], ids=["member-only", "admin-beside"])
def test_hardened_policy_stops_the_attack(name, admin):
    policies = [HARDENED, ADMIN_POLICY] if admin else [HARDENED]
    decision = evaluate(policies, ATTACKS[name].request)
    assert not decision.allowed, f"attack succeeds: a member {name}"
    if admin:
        assert decision.effect == "Deny", "with admin rights beside only an explicit Deny stops it"


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_named_guard_stops_the_attack_on_its_own(name):
    """Each guard does its own job: with only that statement and admin rights, still denied."""
    scenario = ATTACKS[name]
    document = json.loads(policy.policy_text(SETTINGS, "hardened"))
    (statement,) = [s for s in document["Statement"] if s["Sid"] == scenario.closes]
    alone = Policy({"Version": "2012-10-17", "Statement": [statement]})
    decision = evaluate([alone, ADMIN_POLICY], scenario.request)
    assert (decision.allowed, decision.sid) == (False, scenario.closes)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_seed_policy_leaves_tampering_open_to_admins(name):
    decision = evaluate([SEED, ADMIN_POLICY], ATTACKS[name].request)
    assert decision.allowed is (name not in SEED_STOPS), name


@pytest.mark.parametrize("name", sorted(BENIGN))
def test_guards_leave_benign_requests_to_admins(name):
    decision = evaluate([HARDENED, ADMIN_POLICY], BENIGN[name].request)
    assert decision.allowed, f"the hardened policy over-blocks: a member {name} ({decision.sid})"


def test_a_member_without_admin_rights_can_still_open_its_own_profile():
    decision = evaluate([HARDENED], BENIGN["opens its own profile"].request)
    assert (decision.allowed, decision.sid) == (True, policy.SEED_ALLOW_SID)


def test_untagged_principal_is_denied_even_if_the_variable_rule_were_read_the_other_way():
    """Some evaluators treat a missing ${aws:PrincipalTag/…} as never matching; the Null guard
    still denies, so the verdict does not hang on that reading."""
    document = json.loads(policy.policy_text(SETTINGS, "hardened"))
    without_seed_deny = [s for s in document["Statement"] if s["Sid"] != policy.SEED_DENY_SID]
    reduced = Policy({"Version": "2012-10-17", "Statement": without_seed_deny})
    decision = evaluate(
        [reduced, ADMIN_POLICY], ATTACKS["has no tag at all and opens a profile"].request
    )
    assert (decision.allowed, decision.sid) == (False, policy.UNTAGGED_PRINCIPAL_SID)

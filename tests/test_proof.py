"""The isolation proof and the access matrix: right when the policy is right, loud when it is not."""

from __future__ import annotations

import json

import pytest

from components.proof import isolation as proof_module
from components.proof import matrix as matrix_module
from components.proof.isolation import prove
from components.proof.matrix import UNTAGGED, access_matrix, is_isolated
from components.roster.settings import Settings
from components.roster.users import UserSpec

USERS = (
    UserSpec("alice", "alice"),
    UserSpec("bob", "bob", principal_type="role", trusted=("123456789012",)),
    UserSpec("carol-ng", "carol"),
)

ALLOW_ONLY = json.dumps(  # AWS's own Allow-only example: any broader Allow overrides it
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sagemaker:CreatePresignedDomainUrl",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "sagemaker:ResourceTag/studiouserid": "${aws:PrincipalTag/studiouserid}"
                    }
                },
            }
        ],
    }
)


@pytest.mark.parametrize("variant", ["hardened", "seed"])
def test_both_variants_isolate_the_roster(variant):
    proof = prove(USERS, Settings(), variant)
    assert proof.isolated, proof.failures
    assert proof.users == 3
    assert proof.evaluations >= 2 * len(USERS) + 2 * len(proof_module.RELATIONS)


def test_hardened_is_ok_seed_is_isolated_but_leaves_attacks_open():
    hardened, seed = prove(USERS, Settings(), "hardened"), prove(USERS, Settings(), "seed")
    assert hardened.ok and not hardened.open_attacks and not hardened.blocked_benign
    assert seed.ok, "seed is still isolating; its open attacks are warnings"
    assert len(seed.open_attacks) == len(seed.attacks) - 3


def test_an_allow_only_policy_fails_the_proof_naming_the_pair(monkeypatch):
    monkeypatch.setattr(proof_module, "policy_text", lambda settings, variant=None: ALLOW_ONLY)
    proof = prove(USERS, Settings())
    assert not proof.isolated and not proof.ok
    assert any(
        "alice can open bob's profile 'bob' with admin rights beside" in f for f in proof.failures
    ), proof.failures
    assert any("allowed by AdministratorAccess" in f for f in proof.failures)
    assert any("untagged principal" in f for f in proof.failures)


def test_a_policy_without_the_allow_fails_for_every_own_profile(monkeypatch):
    document = json.loads(proof_module.policy_text(Settings(), "seed"))
    document["Statement"] = document["Statement"][:1]
    monkeypatch.setattr(
        proof_module, "policy_text", lambda settings, variant=None: json.dumps(document)
    )
    proof = prove(USERS, Settings())
    assert "carol-ng cannot open its own profile 'carol' (no statement allows it)" in proof.failures


def test_matrix_rows_are_each_users_own_profile_and_nothing_for_untagged():
    rows = access_matrix(USERS, Settings())
    assert [(r.principal, r.principal_type, r.profiles) for r in rows] == [
        ("alice", "user", ("alice",)),
        ("bob", "role", ("bob",)),
        ("carol-ng", "user", ("carol",)),
        (UNTAGGED, "any", ()),
    ]
    assert is_isolated(rows, USERS)


def test_matrix_shows_everything_an_allow_only_policy_opens(monkeypatch):
    from components.proof.evaluator import Policy

    monkeypatch.setattr(matrix_module, "compile_policy", lambda settings: Policy(ALLOW_ONLY))
    rows = {r.principal: r.profiles for r in access_matrix(USERS, Settings())}
    # Without admin rights the Allow-only policy does isolate; the matrix shows exactly that.
    assert rows["alice"] == ("alice",)
    assert rows[UNTAGGED] == ()


def test_matrix_detects_a_policy_that_opens_everything(monkeypatch):
    from components.proof.evaluator import Policy

    open_all = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}],
    }
    monkeypatch.setattr(matrix_module, "compile_policy", lambda settings: Policy(open_all))
    rows = access_matrix(USERS, Settings())
    assert {r.principal: r.profiles for r in rows}["alice"] == ("alice", "bob", "carol")
    assert {r.principal: r.profiles for r in rows}[UNTAGGED] == ("alice", "bob", "carol")
    assert not is_isolated(rows, USERS)


def test_proof_is_linear_in_the_roster():
    users = tuple(UserSpec(f"user-{i:04d}", f"user-{i:04d}") for i in range(1000))
    proof = prove(users, Settings())
    assert proof.ok
    assert proof.evaluations < 2 * len(users) + 100


def test_the_proof_checks_uniqueness_itself():
    twins = (UserSpec("alice", "alice"), UserSpec("Alice", "alice-2"))
    proof = prove(twins, Settings())
    assert not proof.isolated
    assert (
        "id 'Alice' is not unique (also 'alice'): their principals share a tag value"
        in proof.failures
    )


def test_exact_duplicates_are_caught_too():
    proof = prove((UserSpec("alice", "a1"), UserSpec("alice", "a2")), Settings())
    assert (
        "id 'alice' is not unique (also 'alice'): their principals share a tag value"
        in proof.failures
    )

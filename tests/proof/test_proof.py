"""The isolation proof and the access matrix: right when the policy is right, loud when it is not."""

from __future__ import annotations

import json

import pytest

from components.core.settings.stack import Settings
from components.kinds.iam_role import IamRolePrincipal
from components.proof import callers as callers_module
from components.proof import isolation as proof_module
from components.proof import matrix as matrix_module
from components.proof.isolation import prove
from components.proof.matrix import UNTAGGED, access_matrix, is_isolated
from components.roster.users import UserSpec

USERS = (
    UserSpec("alice", "alice"),
    UserSpec("bob", "bob", principal=IamRolePrincipal(("123456789012",))),
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


def test_hardened_is_ok_seed_is_isolated_but_leaves_attacks_open_to_members():
    hardened, seed = prove(USERS, Settings(), "hardened"), prove(USERS, Settings(), "seed")
    assert hardened.ok and all(v.proven for v in hardened.verdicts if v.bound)
    assert seed.isolated and not seed.ok, "seed isolates, but leaves attacks open: not proven"
    seed = prove(USERS, Settings(), "seed", allow_unproven=True)
    assert seed.ok, "accepted, its open attacks are warnings"
    member = next(v for v in seed.verdicts if v.caller.kind == "member-user")
    assert len(member.open_attacks) == len(member.attacks) - 3
    execution = next(v for v in seed.verdicts if v.caller.kind == "execution-default")
    assert execution.proven, "the execution-role guard does not depend on the member variant"


def test_each_kind_of_principal_gets_a_verdict_and_outsiders_are_not_bound_without_the_guard():
    proof = prove(USERS, Settings())
    kinds = {v.caller.kind: v for v in proof.verdicts}
    assert list(kinds) == [
        "member-user",
        "member-role",
        "execution-default",
        "outsider-admin",
        "outsider-new",
    ]
    assert all(kinds[k].proven for k in ("member-user", "member-role", "execution-default"))
    assert [v.caller.kind for v in proof.unbound] == ["outsider-admin", "outsider-new"]
    assert proof.ok, "outsiders not bound is reported, not a failure of the proof"


def test_the_guard_binds_outsiders_and_leaves_the_deploy_role_its_work():
    settings = Settings(
        org_guard=True,
        deploy_role_arn="arn:aws:iam::123456789012:role/deploy",
        org_guard_targets=("123456789012",),
    )
    proof = prove(USERS, settings)
    assert proof.ok and not proof.unbound
    kinds = {v.caller.kind: v for v in proof.verdicts}
    assert kinds["outsider-admin"].proven and kinds["outsider-new"].proven
    assert kinds["deploy"].proven and not kinds["deploy"].attacks
    assert [name for name, _, _ in proof.sizes][-1].startswith("organization guard (SCP")


def test_execution_roles_of_the_roster_and_per_user_roles_are_judged_too():
    users = (
        *USERS,
        UserSpec("dan", "dan", execution_role_arn="arn:aws:iam::123456789012:role/DanExec"),
    )
    settings = Settings(
        per_user_execution_roles=True,
        execution_role_policy_arns=("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",),
    )
    kinds = [v.caller.kind for v in prove(users, settings).verdicts if v.proven]
    assert "execution-custom" in kinds and "execution-per-user" in kinds


def test_an_allow_only_policy_fails_the_proof_naming_the_pair(monkeypatch):
    monkeypatch.setattr(callers_module, "policy_texts", lambda settings, variant=None: [ALLOW_ONLY])
    proof = prove(USERS, Settings())
    assert not proof.isolated and not proof.ok
    assert any(
        "alice can open bob's profile 'bob' with admin rights beside" in f for f in proof.failures
    ), proof.failures
    assert any("allowed by AdministratorAccess" in f for f in proof.failures)
    assert any("untagged principal" in f for f in proof.failures)


def test_a_policy_without_the_allow_fails_for_every_own_profile(monkeypatch):
    [document] = [json.loads(t) for t in callers_module.policy_texts(Settings(), "seed")]
    document["Statement"] = document["Statement"][:1]
    monkeypatch.setattr(
        callers_module, "policy_texts", lambda settings, variant=None: [json.dumps(document)]
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
    from components.proof.iam.evaluator import Policy

    monkeypatch.setattr(matrix_module, "compile_policy", lambda settings: Policy(ALLOW_ONLY))
    rows = {r.principal: r.profiles for r in access_matrix(USERS, Settings())}
    # Without admin rights the Allow-only policy does isolate; the matrix shows exactly that.
    assert rows["alice"] == ("alice",)
    assert rows[UNTAGGED] == ()


def test_matrix_detects_a_policy_that_opens_everything(monkeypatch):
    from components.proof.iam.evaluator import Policy

    open_all = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}],
    }
    monkeypatch.setattr(matrix_module, "compile_policy", lambda settings: Policy(open_all))
    rows = access_matrix(USERS, Settings())
    assert {r.principal: r.profiles for r in rows}["alice"] == ("alice", "bob", "carol")
    assert {r.principal: r.profiles for r in rows}[UNTAGGED] == ("alice", "bob", "carol")
    assert not is_isolated(rows, USERS)


def test_the_proof_evaluates_one_user_per_shape_not_per_user():
    """The documents do not depend on the roster: a thousand users of one shape cost what one
    does, and each new shape (kind of principal, profile named as the id or not) adds two."""
    one = prove(USERS[:1], Settings())
    users = tuple(UserSpec(f"user-{i:04d}", f"user-{i:04d}") for i in range(1000))
    proof = prove(users, Settings())
    assert proof.ok
    assert proof.evaluations == one.evaluations
    mixed = prove(USERS, Settings())
    assert mixed.evaluations - one.evaluations == 2 * 2, "a role, and a renamed profile"


def test_a_user_whose_own_profile_would_not_open_is_caught_through_its_shape(monkeypatch):
    """The per-shape evaluation uses real users of the roster: a member policy that locks out
    everyone whose profile is renamed is caught, naming one of them."""
    locks_out_renamed = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "OpenOwn",
                    "Effect": "Allow",
                    "Action": "sagemaker:CreatePresignedDomainUrl",
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {
                            "aws:PrincipalTag/studiouserid-profile": "${aws:PrincipalTag/studiouserid}"
                        }
                    },
                }
            ],
        }
    )
    monkeypatch.setattr(
        callers_module, "policy_texts", lambda settings, variant=None: [locks_out_renamed]
    )
    proof = prove(USERS, Settings())
    assert "carol-ng cannot open its own profile 'carol' (no statement allows it)" in proof.failures


def test_offboarded_users_open_nothing_and_are_not_counted_as_openers():
    users = (*USERS, UserSpec("erin", "erin", status="offboarded"))
    assert prove(users, Settings()).isolated


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

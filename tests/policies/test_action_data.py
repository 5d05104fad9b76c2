"""The action families the guards name, held against AWS's IAM action data (parliament's copy).

When AWS adds a write to Identity Center, or an action on IAM principals that ignores their
tags, these tests fail until the patterns in ``components/policies/action_data.py`` are
regenerated (``iam_action_data.verb_patterns``) and the guards cover it.
"""

from __future__ import annotations

import json

import iam_action_data as data
import pytest

from components.core import statement_ids as sid
from components.core.settings.stack import Settings
from components.policies.action_data import (
    IDENTITY_CENTER_WRITES,
    IDENTITY_CENTER_WRITES_IN_ACTION_DATA,
    IDENTITY_CENTER_WRITES_SINCE_ACTION_DATA,
    TAG_BLIND_PRINCIPAL_ACTIONS,
)
from components.policies.execution_role import build_execution_role_policy
from components.policies.member import build_policy
from components.policies.org_guard import build_scp

IDENTITY_CENTER_SERVICES = (
    "identity-sync",
    "identitystore-auth",
    "identitystore",
    "sso-directory",
    "sso",
)

SSO = Settings(
    domain_id="d-abc123",
    auth_mode="sso",
    identity_store_id="d-1234567890",
    sso_application_arn="arn:aws:sso::999988887777:application/ssoins-0123456789abcdef/apl-0123",
    org_guard=True,
    deploy_role_arn="arn:aws:iam::123456789012:role/deploy",
    org_guard_targets=("ou-ab12-cdef3456",),
)


def test_the_identity_center_patterns_are_what_the_action_data_generates():
    generated = sorted(p for prefix in IDENTITY_CENTER_SERVICES for p in data.verb_patterns(prefix))
    assert list(IDENTITY_CENTER_WRITES_IN_ACTION_DATA) == generated, (
        "regenerate action_data.IDENTITY_CENTER_WRITES from iam_action_data.verb_patterns"
    )


@pytest.mark.parametrize("prefix", IDENTITY_CENTER_SERVICES)
def test_every_identity_center_write_is_denied_and_no_read(prefix):
    assert data.writes(prefix), f"the action data knows {prefix}"
    for action in data.writes(prefix):
        assert data.covered(IDENTITY_CENTER_WRITES, action), f"{action} is a write left open"
    for action in data.reads(prefix):
        assert not data.covered(IDENTITY_CENTER_WRITES, action), f"{action} is a read denied"


def test_the_writes_added_since_the_action_data_are_still_unknown_to_it_and_deny_no_read():
    """Once parliament's data knows one of them, it belongs to the generated list instead."""
    known = {a.lower() for prefix in data.services() for a in data.actions(prefix)}
    reads = [a for prefix in data.services() for a in data.reads(prefix)]
    for pattern in IDENTITY_CENTER_WRITES_SINCE_ACTION_DATA:
        assert not any(data.covered([pattern], a) for a in known), f"{pattern} is in the data now"
        assert not any(data.covered([pattern], a) for a in reads), f"{pattern} denies a read"
    assert set(IDENTITY_CENTER_WRITES) == {
        *IDENTITY_CENTER_WRITES_IN_ACTION_DATA,
        *IDENTITY_CENTER_WRITES_SINCE_ACTION_DATA,
    }


def test_the_tag_blind_patterns_cover_every_tag_blind_action_on_iam_principals():
    blind = data.tag_blind_principal_actions()
    assert {"ssm:UpdateManagedInstanceRole", "codestar:CreateUserProfile"} <= set(blind)
    for action in blind:
        if action.startswith("sts:"):
            # GetFederationToken, TagSession and SetSourceIdentity on a user act on the calling
            # user itself: the binding and the tag guard judge them.
            continue
        assert data.covered(TAG_BLIND_PRINCIPAL_ACTIONS, action), f"{action} ignores tags"
    known = {a for prefix in data.services() for a in data.actions(prefix)}
    for pattern in TAG_BLIND_PRINCIPAL_ACTIONS:
        assert any(data.covered([pattern], a) for a in known), f"{pattern} matches no action"


@pytest.mark.parametrize(
    "document",
    [build_policy(SSO), build_execution_role_policy(SSO), build_scp(SSO)],
    ids=["member policy", "execution-role guard", "organization guard"],
)
def test_every_document_of_an_identity_center_stack_carries_both_families(document):
    statements = {s["Sid"]: s for s in document["Statement"]}
    assert statements[sid.IDENTITY_CENTER]["Action"] == list(IDENTITY_CENTER_WRITES)
    managed = statements[sid.MANAGED_PRINCIPALS]
    assert set(TAG_BLIND_PRINCIPAL_ACTIONS) <= set(managed["Action"])
    assert "arn:aws:iam::*:role/aws-reserved/*" in managed["Resource"]
    assert "ResourceTag" not in json.dumps(managed), "named by path, not by tag"

"""The audit's cost in API calls: IAM grows with pages, SageMaker with profiles, as documented.

moto returns ``GetAccountAuthorizationDetails`` in one response whatever its size; real IAM pages
it (``MaxItems``, at most 1,000, and ``Marker``). The fixture makes moto page the way IAM does,
so the count below is the count against AWS. The account is built in moto's backend directly
(creating 10,000 principals through the API would take most of a minute).
"""

from __future__ import annotations

import json
import math

import pytest
from aws_env import DOMAIN, REGION
from fake_sagemaker import ACCOUNT
from moto.core.responses import ActionResult
from moto.iam.models import iam_backends
from moto.iam.responses import IamResponse

from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.roster.stack_files import load_stack_settings
from components.roster.users import UserSpec

pytest_plugins = ("aws_fixtures",)

_LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
_TRUST = json.dumps({"Version": "2012-10-17", "Statement": []})


@pytest.fixture
def paged_iam(iam, monkeypatch):
    """moto's GetAccountAuthorizationDetails, paged by MaxItems and Marker as IAM pages it."""
    whole = IamResponse.get_account_authorization_details

    def paged(self: IamResponse) -> ActionResult:
        result = whole(self).result
        items = [(key, item) for key in _LISTS for item in result[key]]
        start = int(self._get_param("Marker") or 0)
        size = int(self._get_param("MaxItems") or 100)
        page = {
            key: [item for k, item in items[start : start + size] if k == key] for key in _LISTS
        }
        more = start + size < len(items)
        return ActionResult(
            {**page, "IsTruncated": more, **({"Marker": str(start + size)} if more else {})}
        )

    monkeypatch.setattr(IamResponse, "get_account_authorization_details", paged)
    return iam


def build(iam, sagemaker, project, managed: int, others: int) -> int:
    """``managed`` users deployed as the program would, plus ``others`` unrelated principals.

    Returns the number of IAM entities (users, roles, groups, customer managed policies).
    """
    settings = load_stack_settings("test", project.root)
    iam.create_group(GroupName=settings.group_name)
    member = iam.create_policy(
        PolicyName=settings.policy_name, PolicyDocument=policy_text(settings)
    )
    guard = iam.create_policy(
        PolicyName=settings.execution_role_policy_name,
        PolicyDocument=execution_role_policy_text(settings),
    )
    iam.attach_group_policy(GroupName=settings.group_name, PolicyArn=member["Policy"]["Arn"])
    iam.attach_role_policy(RoleName="StudioDefault", PolicyArn=guard["Policy"]["Arn"])
    backend = iam_backends[ACCOUNT]["global"]
    for n in range(managed):
        user = UserSpec(id=f"u{n:05}", profile_name=f"u{n:05}")
        (project.users / f"{user.id}.yaml").write_text(f"id: {user.id}\n")
        tags = [{"Key": k, "Value": v} for k, v in user.principal_tags(settings.tag_key).items()]
        backend.create_user(REGION, user.id, tags=tags)
        backend.add_user_to_group(settings.group_name, user.id)
        sagemaker.add_profile(DOMAIN, user.id, user.profile_tags(settings.tag_key))
    for n in range(others // 2):
        backend.create_user(REGION, f"other{n}")
        backend.create_role(f"service{n}", _TRUST, "/", None, "", [], None)
    return managed + others + 1 + 1 + 2  # the default execution role, the group, two policies


@pytest.mark.parametrize(("managed", "others"), [(150, 850), (2000, 8000)])
def test_iam_calls_grow_with_pages_and_sagemaker_calls_with_profiles(
    paged_iam, sagemaker, project, cli, managed, others
):
    entities = build(paged_iam, sagemaker, project, managed, others)
    run = cli("audit", "--stack", "test", "--format", "json")
    assert run.code == 0, run.out[-2000:] + run.err
    report = json.loads(run.out)
    assert report["summary"] == {
        "errors": 0,
        "warnings": 0,
        "profiles": managed,
        "principals": managed + others + 1,
    }
    assert report["calls"] == {
        "iam:GetAccountAuthorizationDetails": math.ceil(entities / 1000),
        "sagemaker:DescribeDomain": 1,
        "sagemaker:ListTags": managed,
        "sagemaker:ListUserProfiles": math.ceil(managed / 100),
    }

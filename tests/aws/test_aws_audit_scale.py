"""The audit's cost in API calls: every count grows with pages, none with profiles or principals.

moto returns ``GetAccountAuthorizationDetails`` in one response whatever its size; real IAM pages
it (``MaxItems``, at most 1,000, and ``Marker``). The fixture makes moto page the way IAM does,
so the count below is the count against AWS. The account is built in moto's backend directly
(creating 10,000 principals through the API would take most of a minute).

The profiles' tags come from the Resource Groups Tagging API, 100 per ``GetResources`` page (the
fake SageMaker endpoint answers it, and can make its index lag); ``ListTags`` only confirms the
profiles a finding blames, at most ``CONFIRM_MAX`` of them. "SageMaker-side" calls below are the
``sagemaker:`` ones; the ``tag:`` calls are counted apart.
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

from components.aws.read.profile_tags import CONFIRM_MAX
from components.policies.execution_role import execution_role_policy_text
from components.policies.member import policy_text
from components.roster.stack_files import load_stack_settings
from components.roster.users import UserSpec

pytest_plugins = ("aws_fixtures",)

_LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
_TRUST = json.dumps({"Version": "2012-10-17", "Statement": []})
#: The issue's bound: SageMaker-side calls of an audit of 5,000 profiles.
SAGEMAKER_CALLS_MAX_AT_5000 = 150


@pytest.fixture
def paged_iam(iam, monkeypatch):
    """moto's GetAccountAuthorizationDetails, paged by MaxItems and Marker as IAM pages it."""
    whole = IamResponse.get_account_authorization_details
    # The account as the first page saw it: later pages read on from it, as IAM's marker does,
    # instead of serializing the whole account again for every page.
    first: list[list[tuple[str, dict]]] = []

    def paged(self: IamResponse) -> ActionResult:
        start = int(self._get_param("Marker") or 0)
        if not start or not first:
            result = whole(self).result
            first[:] = [[(key, item) for key in _LISTS for item in result[key]]]
        items = first[0]
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


def audit(cli) -> dict:
    run = cli("audit", "--stack", "test", "--format", "json")
    assert run.code in (0, 1), run.out[-2000:] + run.err
    return json.loads(run.out)


def sagemaker_side(calls: dict[str, int]) -> int:
    return sum(n for operation, n in calls.items() if operation.startswith("sagemaker:"))


@pytest.mark.parametrize(("managed", "others"), [(150, 850), (2000, 8000)])
def test_every_count_grows_with_pages(paged_iam, sagemaker, project, cli, managed, others):
    entities = build(paged_iam, sagemaker, project, managed, others)
    report = audit(cli)
    assert report["summary"] == {
        "errors": 0,
        "warnings": 0,
        "profiles": managed,
        "principals": managed + others + 1,
    }
    assert report["calls"] == {
        "iam:GetAccountAuthorizationDetails": math.ceil(entities / 1000),
        "sagemaker:DescribeDomain": 1,
        "sagemaker:ListUserProfiles": math.ceil(managed / 100),
        "tag:GetResources": math.ceil(managed / 100),
    }


def domain_of_5000(iam, sagemaker, project) -> list[str]:
    """5,000 profiles: 100 active users deployed, 4,900 offboarded ones (untagged, tagged once).

    The SageMaker-side calls do not depend on IAM; keeping most users offboarded keeps moto's
    IAM small, so the test runs in seconds. Returns the offboarded users' ids.
    """
    build(iam, sagemaker, project, 100, 0)
    gone = [f"o{n:05}" for n in range(4900)]
    for user_id in gone:
        (project.users / f"{user_id}.yaml").write_text(f"id: {user_id}\nstatus: offboarded\n")
        sagemaker.add_profile(DOMAIN, user_id, {"studiouserid": user_id})
        sagemaker.profiles[(DOMAIN, user_id)]["Tags"] = []  # untagged when offboarded
    return gone


def test_5000_profiles_cost_51_sagemaker_calls_clean_and_one_more_per_suspect(
    iam, sagemaker, project, cli
):
    gone = domain_of_5000(iam, sagemaker, project)
    # The tagging API lists the region's profiles of every domain: another domain's profiles of
    # the same names and other tags must not be taken for this domain's.
    sagemaker.add_domain("d-other")
    for n in range(300):
        sagemaker.add_profile("d-other", f"u{n:05}", {"studiouserid": "mallory"})
    report = audit(cli)
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0, report["findings"]
    assert report["summary"]["profiles"] == 5000
    calls = report["calls"]
    assert calls == {
        "iam:GetAccountAuthorizationDetails": 1,  # moto answers in one page
        "sagemaker:DescribeDomain": 1,
        "sagemaker:ListUserProfiles": 50,
        "tag:GetResources": 53,  # 5,300 profiles in the region, 100 a page
    }
    assert sagemaker_side(calls) == 51 <= SAGEMAKER_CALLS_MAX_AT_5000

    # Drift, seen through an index that lags: 20 offboarded users' profiles were tagged again,
    # and 8 of them untagged since the index was built. The index blames 20; ListTags clears 8.
    drifted = gone[::245]
    for name in drifted:
        sagemaker.profiles[(DOMAIN, name)]["Tags"] = [{"Key": "studiouserid", "Value": name}]
    sagemaker.freeze_tag_index()
    for name in drifted[:8]:
        sagemaker.profiles[(DOMAIN, name)]["Tags"] = []
    report = audit(cli)
    found = sorted(f["resource"].rsplit("/", 1)[1] for f in report["findings"])
    assert found == drifted[8:]
    assert {f["kind"] for f in report["findings"]} == {"offboarded-profile-tagged"}
    calls = report["calls"]
    assert calls["sagemaker:ListTags"] == 20, "each suspect confirmed once"
    assert calls["tag:GetResources"] == 53
    assert sagemaker_side(calls) == 1 + 50 + 20 <= SAGEMAKER_CALLS_MAX_AT_5000


def test_a_tag_the_index_has_not_seen_yet_is_found_by_confirming(iam, sagemaker, project, cli):
    """A new profile the index does not list looks untagged, and is confirmed as tagged."""
    build(iam, sagemaker, project, 150, 0)
    sagemaker.freeze_tag_index()
    sagemaker.add_profile(DOMAIN, "late", {"studiouserid": "u00001"})
    report = audit(cli)
    [finding] = report["findings"]
    assert finding["kind"] == "unmanaged-profile" and finding["severity"] == "error"
    assert "studiouserid='u00001'" in finding["message"], "SageMaker's tag, not the index's"
    assert report["calls"]["sagemaker:ListTags"] == 1


def test_5000_findings_confirm_at_most_confirm_max_and_say_so(iam, sagemaker, project, cli):
    """The worst case: a domain of 5,000 untagged profiles that users/ does not know."""
    for n in range(5000):
        sagemaker.add_profile(DOMAIN, f"p{n:05}")
    project.user("alice")
    sagemaker.add_profile(DOMAIN, "alice", {"studiouserid": "alice"})
    report = audit(cli)
    findings = [f for f in report["findings"] if f["kind"] == "unmanaged-profile"]
    assert len(findings) == 5000
    unconfirmed = [f for f in findings if "not confirmed with ListTags" in f["message"]]
    assert len(unconfirmed) == 5000 - CONFIRM_MAX
    calls = report["calls"]
    assert calls["sagemaker:ListTags"] == CONFIRM_MAX
    assert calls["sagemaker:ListUserProfiles"] == 51
    assert calls["tag:GetResources"] == 1, "untagged profiles are not in the index"
    assert sagemaker_side(calls) == 1 + 51 + CONFIRM_MAX <= SAGEMAKER_CALLS_MAX_AT_5000

"""A local IAM endpoint with a policy simulator: moto's IAM behind it, ``SimulatePrincipalPolicy``
answered here.

moto has no policy simulator, and IAM is one endpoint: so the tests point
``AWS_ENDPOINT_URL_IAM`` at this server, which speaks IAM's ``query`` protocol (a form-encoded
``POST /``, an XML answer). ``SimulatePrincipalPolicy`` it answers itself, evaluating the
principal's policies as moto holds them (attached, through its groups, inline) and the
organization's SCPs unless ``PolicyExclusionList`` names the ``scp`` type; every other action is
relayed, unchanged, to moto (in-process, which intercepts the relayed HTTP request). A test can
make the simulator disagree (``force``) or answer junk.

The decisions come from the product's own evaluator: this fake checks the plumbing (the
principal, the context entries, the exclusion, the comparison), not IAM's semantics, which only
real AWS can confirm.
"""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from xml.sax.saxutils import escape

import boto3
import requests
from aws_env import REGION
from local_endpoint import LocalServer

from components.proof.iam.evaluator import Policy, Request, evaluate

MOTO_IAM = "https://iam.amazonaws.com/"
DECISIONS = {"Allow": "allowed", "Deny": "explicitDeny", "ImplicitDeny": "implicitDeny"}
_RELAYED_HEADERS = ("Content-Type", "Authorization", "X-Amz-Date", "X-Amz-Security-Token")


@dataclass
class FakeSimulator:
    """What the simulator decided, and what a test makes it say.

    Attributes:
        force: ``(action, resource)`` -> the decision to answer instead of evaluating.
        simulations: every simulation asked: ``(source ARN, action, resource, context,
            excluded policy types)``.
        junk: when set, the body every ``SimulatePrincipalPolicy`` answers with (HTTP 200).
        about: when set, the ``(action, resource)`` every answer names instead of the asked
            (``None``: the asked one), with the decision of the asked request.
    """

    force: dict[tuple[str, str], str] = field(default_factory=dict)
    simulations: list[tuple[str, str, str, dict[str, Any], tuple[str, ...]]] = field(
        default_factory=list
    )
    junk: bytes | None = None
    about: tuple[str | None, str | None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def simulate(self, form: dict[str, str]) -> str:
        source = form["PolicySourceArn"]
        action, resource = form["ActionNames.member.1"], form["ResourceArns.member.1"]
        context = _context(form)
        excluded = tuple(
            value for key, value in sorted(form.items()) if key.startswith("PolicyExclusionList")
        )
        with self.lock:
            self.simulations.append((source, action, resource, context, excluded))
        decision = self.force.get((action, resource))
        if decision is None:
            scps = None if "scp" in excluded else _scps()
            effect = evaluate(_policies(source), Request(action, resource, context), scps).effect
            decision = DECISIONS[effect]
        named_action, named_resource = self.about or (None, None)
        return _answer(named_action or action, named_resource or resource, decision)


def _context(form: dict[str, str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    index = 1
    while f"ContextEntries.member.{index}.ContextKeyName" in form:
        prefix = f"ContextEntries.member.{index}."
        values = []
        while f"{prefix}ContextKeyValues.member.{len(values) + 1}" in form:
            values.append(form[f"{prefix}ContextKeyValues.member.{len(values) + 1}"])
        kind = form[f"{prefix}ContextKeyType"]
        value: Any = values if kind.endswith("List") else values[0]
        if kind == "boolean":
            value = value == "true"
        context[form[f"{prefix}ContextKeyName"]] = value
        index += 1
    return context


def _iam() -> Any:
    return boto3.client("iam", region_name=REGION, endpoint_url=MOTO_IAM)


def _documents(iam: Any, attached: list[dict]) -> list[Policy]:
    found = []
    for policy in attached:
        arn = policy["PolicyArn"]
        version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]
        found.append(Policy(document["Document"], name=policy["PolicyName"]))
    return found


def _policies(source: str) -> list[Policy]:
    """The identity policies of the user or role ``source`` names, as moto holds them."""
    iam = _iam()
    name = source.rsplit("/", 1)[-1]
    if ":user/" in source:
        attached = iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]
        for group in iam.list_groups_for_user(UserName=name)["Groups"]:
            attached += iam.list_attached_group_policies(GroupName=group["GroupName"])[
                "AttachedPolicies"
            ]
        inline = [
            iam.get_user_policy(UserName=name, PolicyName=p)["PolicyDocument"]
            for p in iam.list_user_policies(UserName=name)["PolicyNames"]
        ]
    else:
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        inline = [
            iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
            for p in iam.list_role_policies(RoleName=name)["PolicyNames"]
        ]
    return _documents(iam, attached) + [Policy(d, name="inline") for d in inline]


def _scps() -> list[Policy] | None:
    """Every SCP attached anywhere in moto's organization, or ``None`` without one."""
    org = boto3.client("organizations", region_name=REGION)
    try:
        policies = org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
    except org.exceptions.AWSOrganizationsNotInUseException:
        return None
    found = []
    for summary in policies:
        if org.list_targets_for_policy(PolicyId=summary["Id"])["Targets"]:
            content = org.describe_policy(PolicyId=summary["Id"])["Policy"]["Content"]
            found.append(Policy(content, name=summary["Name"]))
    return found


def _answer(action: str, resource: str, decision: str) -> str:
    return (
        '<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>"
        f"<member><EvalActionName>{escape(action)}</EvalActionName>"
        f"<EvalResourceName>{escape(resource)}</EvalResourceName>"
        f"<EvalDecision>{decision}</EvalDecision><MatchedStatements/><MissingContextValues/>"
        "</member></EvaluationResults></SimulatePrincipalPolicyResult>"
        "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>"
        "</SimulatePrincipalPolicyResponse>"
    )


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSimulator

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        if form.get("Action") == "SimulatePrincipalPolicy":
            if self.fake.junk is not None:
                self._send(200, "text/html", self.fake.junk)
                return
            self._send(200, "text/xml", self.fake.simulate(form).encode())
            return
        headers = {h: self.headers[h] for h in _RELAYED_HEADERS if self.headers.get(h)}
        relayed = requests.post(MOTO_IAM, data=body, headers=headers, timeout=30)
        content_type = relayed.headers.get("Content-Type", "text/xml")
        self._send(relayed.status_code, content_type, relayed.content)

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines."""


class FakeIamServer(LocalServer):
    """moto's IAM with ``FakeSimulator`` in front, served on a free localhost port."""

    def __init__(self, fake: FakeSimulator):
        super().__init__(_Handler, fake)  # type: ignore[arg-type]

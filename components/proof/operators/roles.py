"""The operator's own roles, proven: pull-request code reaches no write, anywhere.

Every role the stack knows is a node: the CI roles (preview, audit, deploy), the management-
account read and write roles, every member role (its trust is the user file's ``trusted``) and
the execution roles (trusting SageMaker only). A CI role reaches a role when the role's trust
policy names it (its ARN, its account, or anyone) and, unless the trust names its very ARN in the
same account, its own policies allow ``sts:AssumeRole`` on that role, as the product's evaluator
decides. Reachability is followed through every chain, and over-approximated (a trust condition
is taken as met), so what is proven unreachable is unreachable.

Then, per CI role, over everything it reaches:

* ``preview`` and ``audit``: every Allow is a read (``sts:AssumeRole`` of what the chain reaches
  aside), and every write any role of the stack may make, as a concrete request, is denied;
* ``deploy``: the management-account writes reach only what the program owns: another team's SCP,
  another permission set, another account's assignment or another application are denied, the
  guard's SCPs, the program's permission set and the domain's application are allowed;
* none of them opens a Studio profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from components.core.principal_paths import managed_path
from components.core.settings.stack import Settings
from components.kinds import kind_of
from components.policies.ci import roles as ci
from components.policies.ci.audit_access import READ_VERBS
from components.policies.ci.federation_access import workload_account
from components.policies.ci.roles import CommandReads
from components.policies.ci.trust import (
    TRUST_POLICY_LIMIT,
    TRUSTED_CI_ROLES,
    role_arn,
    trust_policy,
)
from components.proof.iam.evaluator import Policy, Request, evaluate
from components.proof.iam.policy_text import ContextValue
from components.proof.operators.scenarios import deploy_requests

#: The CI roles, each with its verdict's title.
CI_TITLES = {"preview": "preview role", "audit": "audit role", "deploy": "deploy role"}
#: A sample id where a pattern has ``*`` (so the request names one concrete resource).
_SAMPLE = "example"


@dataclass(frozen=True)
class Node:
    """One role the stack knows: its ARN, what it may do, who may assume it."""

    title: str
    arn: str
    policies: tuple[Policy, ...]
    trust: Mapping[str, Any] | None
    context: Mapping[str, ContextValue] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleVerdict:
    """What one CI role reaches, and whether that is within its bounds."""

    role: str
    reached: tuple[str, ...]
    failures: tuple[str, ...]
    denied: int
    allowed: int

    @property
    def proven(self) -> bool:
        return not self.failures

    @property
    def title(self) -> str:
        return CI_TITLES[self.role]


@dataclass(frozen=True)
class OperatorProof:
    """Every CI role's verdict and the size of every operator document against its limit."""

    verdicts: tuple[RoleVerdict, ...]
    sizes: tuple[tuple[str, int, int], ...]
    oversize: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return all(v.proven for v in self.verdicts) and not self.oversize


def prove_operator_roles(
    users: Sequence[Any], settings: Settings, reads: CommandReads
) -> OperatorProof:
    """Prove the CI roles' bounds through every chain of ``sts:AssumeRole``."""
    sizes, oversize, documents = _documents(settings, reads)
    nodes = _nodes(users, settings, documents)
    writes = _write_requests(settings, documents)
    verdicts = []
    for role in CI_TITLES:
        reach = _reach(nodes[role], nodes.values())
        if role == "deploy":
            verdicts.append(_deploy_verdict(settings, reach))
        else:
            verdicts.append(_read_only_verdict(role, reach, writes, settings.domain_id))
    return OperatorProof(tuple(verdicts), tuple(sizes), tuple(oversize))


def _documents(settings: Settings, reads: CommandReads):
    """Each applicable role's parts and trust, their sizes, and what is over its limit."""
    sizes, oversize, documents = [], [], {}
    for role in ci.applicable_roles(settings):
        try:
            parts = ci.ci_documents(
                role,
                settings,
                reads.audit,
                org_reads=reads.org,
                identity_center_reads=reads.identity_center,
            )
        except ValueError as error:
            oversize.append(f"ci-policy --role {role}: {error}")
            parts = [ci.ci_policy(role, settings, reads.audit, org_reads=reads.org)]
        documents[role] = parts
        for index, part in enumerate(parts, start=1):
            name = role if len(parts) == 1 else f"{role} ({index} of {len(parts)})"
            sizes.append((name, ci.policy_size(part), ci.MANAGED_POLICY_LIMIT))
        try:
            trust = trust_policy(role, settings)
        except ValueError:
            continue  # a trust that cannot be written yet (no repository): nothing to measure
        size = ci.policy_size(trust)
        sizes.append((f"{role} trust", size, TRUST_POLICY_LIMIT))
        if size > TRUST_POLICY_LIMIT:
            oversize.append(
                f"the {role} role's trust policy is {size:,} characters, over IAM's "
                f"{TRUST_POLICY_LIMIT:,}"
            )
    for name, size, limit in sizes:
        if size > limit and not name.endswith("trust"):
            oversize.append(f"ci-policy --role {name} is {size:,} characters, over {limit:,}")
    return sizes, oversize, documents


def _nodes(users: Sequence[Any], settings: Settings, documents: dict) -> dict[str, Node]:
    """Every role the stack knows, by name (the CI and management roles) or by ARN."""
    account = workload_account(settings)
    account = account if account != "*" else "000000000000"
    nodes: dict[str, Node] = {}
    arns = {
        role: role_arn(role, settings)
        or f"arn:{settings.partition}:iam::{account}:role/studio-access-ci-{role}"
        for role in documents
    }
    for role, parts in documents.items():
        arn = arns[role]
        try:
            trust: Mapping[str, Any] | None = trust_policy(role, settings)
        except ValueError:
            trust = _modelled_trust(role, arns)
        policies = tuple(Policy(part, name=f"{role}-{i}") for i, part in enumerate(parts, 1))
        nodes[role] = Node(f"{role} role", arn, policies, trust)
    member: tuple[Policy, ...] | None = None
    for user in users:
        trust = kind_of(user.principal.kind).principal_trust(user, settings)
        if not (user.active and trust):
            continue
        arn = f"arn:{settings.partition}:iam::{account}:role{managed_path(user.profile_name)}{user.id}"
        context = {
            f"aws:PrincipalTag/{settings.tag_key}": user.id,
            f"aws:PrincipalTag/{settings.profile_tag_key}": user.profile_name,
            "aws:PrincipalArn": arn,
        }
        member = member if member is not None else _member_policies(settings)
        nodes[arn] = Node(f"member role {user.id}", arn, member, trust, context)
    return nodes


def _modelled_trust(role: str, arns: Mapping[str, str]) -> Mapping[str, Any] | None:
    """A management role's trust as ``ci-policy --trust`` writes it, where the stack lacks an ARN
    it names (``deployRoleArn``): the CI roles it trusts, by the ARNs the proof gives them. The
    CI roles' own trust (GitHub's) needs none: they are where every chain starts."""
    trusted = sorted(arns[ci_role] for ci_role in TRUSTED_CI_ROLES.get(role, ()) if ci_role in arns)
    if not trusted:
        return None
    statement = {"Effect": "Allow", "Principal": {"AWS": trusted}, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _member_policies(settings: Settings) -> tuple[Policy, ...]:
    """The member policy as deployed: one managed policy, or each part of a split one."""
    from components.policies.member import policy_texts

    texts = policy_texts(settings)
    return tuple(
        Policy(text, name=f"{settings.policy_name}-{i}") for i, text in enumerate(texts, 1)
    )


@dataclass(frozen=True)
class Reach:
    """What one CI role reaches: each node by ARN, in the order found, with its chain of titles."""

    chains: dict[str, tuple[str, ...]]
    nodes: dict[str, Node]

    def allowing(self, request: Request) -> tuple[str, ...] | None:
        """The chain to the first node reached whose policies allow ``request``, else ``None``."""
        for arn in self.chains:
            node = self.nodes[arn]
            context = {**request.context, **node.context}
            decision = evaluate(node.policies, Request(request.action, request.resource, context))
            if decision.allowed:
                return self.chains[arn]
        return None

    @property
    def reached(self) -> tuple[str, ...]:
        """The roles reached beside the start, by title."""
        return tuple(chain[-1] for chain in list(self.chains.values())[1:])


def _reach(start: Node, nodes: Iterable[Node]) -> Reach:
    """Every node ``start`` reaches through chains of ``sts:AssumeRole``, breadth first."""
    by_arn = {node.arn: node for node in nodes}
    by_arn[start.arn] = start
    chains: dict[str, tuple[str, ...]] = {start.arn: (start.title,)}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for node in by_arn.values():
            if node.arn in chains or not _may_assume(current, node):
                continue
            chains[node.arn] = (*chains[current.arn], node.title)
            queue.append(node)
    return Reach(chains, by_arn)


def _may_assume(caller: Node, role: Node) -> bool:
    """The role's trust lets ``caller`` in, and (but for its exact ARN in the same account) the
    caller's own policies allow ``sts:AssumeRole`` on it."""
    named = _trust_names(role.trust, caller.arn)
    if named is None:
        return False
    if named == "arn" and _account(caller.arn) == _account(role.arn):
        return True
    request = Request("sts:AssumeRole", role.arn, dict(caller.context))
    return evaluate(caller.policies, request).allowed


def _trust_names(trust: Mapping[str, Any] | None, arn: str) -> str | None:
    """``arn`` when the trust names that principal, ``account`` when its account or anyone,
    else ``None``. Conditions are taken as met: reachability is over-approximated."""
    found = None
    for statement in (trust or {}).get("Statement", []):
        if (
            statement.get("Effect") != "Allow"
            or not _as_list(statement.get("Action"))
            or not any(
                a in ("sts:AssumeRole", "sts:*", "*") for a in _as_list(statement.get("Action"))
            )
        ):
            continue
        principal = statement.get("Principal", {})
        named = _as_list(principal.get("AWS") if isinstance(principal, dict) else principal)
        account = _account(arn)
        if arn in named:
            return "arn"
        if (
            "*" in named
            or account in named
            or f"arn:{arn.split(':')[1]}:iam::{account}:root" in named
        ):
            found = "account"
    return found


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _account(arn: str) -> str:
    return arn.split(":")[4]


def _read_only_verdict(
    role: str, reach: Reach, writes: list[Request], domain: str | None
) -> RoleVerdict:
    """Preview and audit: every Allow they reach is a read, and every write request is denied."""
    failures = []
    for arn, chain in reach.chains.items():
        for policy in reach.nodes[arn].policies:
            for action in _allowed_writes(policy):
                failures.append(f"reaches {action} through {' -> '.join(chain)}")
    for request in writes:
        if through := reach.allowing(request):
            failures.append(
                f"may {request.action} on {request.resource} through {' -> '.join(through)}"
            )
    profile = _open_profile_failure(reach, domain)
    failures += [profile] if profile else []
    return RoleVerdict(role, reach.reached, tuple(dict.fromkeys(failures)), len(writes) + 1, 0)


def _allowed_writes(policy: Policy) -> list[str]:
    """The actions an Allow of ``policy`` grants that are neither reads nor ``sts:AssumeRole``."""
    found = []
    for statement in policy.raw_statements:
        if statement.get("Effect") != "Allow":
            continue
        for action in _as_list(statement.get("Action")):
            verb = action.partition(":")[2]
            if action != "sts:AssumeRole" and not verb.startswith(READ_VERBS):
                found.append(action)
    return found


def _open_profile_failure(reach: Reach, domain: str | None) -> str | None:
    """No CI role opens a Studio profile, whoever it reaches: a member role reached would open
    its own (the profile carries the tags its sessions carry)."""
    for arn, chain in reach.chains.items():
        node = reach.nodes[arn]
        name = next((v for k, v in node.context.items() if k.endswith("-profile")), _SAMPLE)
        profile = (
            f"arn:{arn.split(':')[1]}:sagemaker:eu-west-1:{_account(arn)}:"
            f"user-profile/{domain or 'd-' + _SAMPLE}/{name}"
        )
        prefix = "aws:PrincipalTag/"
        context = {
            **{
                f"sagemaker:ResourceTag/{k[len(prefix) :]}": v
                for k, v in node.context.items()
                if k.startswith(prefix)
            },
            **node.context,
        }
        request = Request("sagemaker:CreatePresignedDomainUrl", profile, context)
        if evaluate(node.policies, request).allowed:
            return f"opens a Studio profile through {' -> '.join(chain)}"
    return None


def _write_requests(settings: Settings, documents: Mapping[str, list[dict]]) -> list[Request]:
    """One concrete request per write any role of the stack may make: what preview and audit must
    never reach. Built from each writing statement, with a context that meets its condition."""
    requests: dict[tuple[str, str], Request] = {}
    for parts in documents.values():
        for part in parts:
            for statement in part["Statement"]:
                context = _meeting(statement.get("Condition", {}))
                for action in _as_list(statement["Action"]):
                    verb = action.partition(":")[2]
                    if action == "sts:AssumeRole" or verb.startswith(READ_VERBS):
                        continue
                    for pattern in _as_list(statement["Resource"]):
                        resource = _concrete(pattern)
                        requests.setdefault((action, resource), Request(action, resource, context))
    return list(requests.values())


def _concrete(pattern: str) -> str:
    """A resource a pattern matches: every ``*`` a sample id, every ``?`` a letter."""
    return pattern.replace("*", _SAMPLE).replace("?", "x")


def _meeting(condition: Mapping[str, Mapping[str, Any]]) -> dict[str, ContextValue]:
    """A request context that meets ``condition``'s positive tests (negated ones hold without)."""
    context: dict[str, ContextValue] = {}
    for operator, tests in condition.items():
        for key, value in tests.items():
            first = _as_list(value)[0] if _as_list(value) else ""
            if operator == "Null":
                if str(first).lower() == "false":
                    context[key] = _SAMPLE
            elif operator.startswith(("String", "Arn")) and "Not" not in operator:
                context[key] = _concrete(str(first))
    return context


def _deploy_verdict(settings: Settings, reach: Reach) -> RoleVerdict:
    """The deploy role writes what the program owns in the management account, nothing beside."""
    attacks, benign = deploy_requests(settings)
    failures = [
        f"may {what} through {' -> '.join(chain)}"
        for what, request in attacks
        if (chain := reach.allowing(request))
    ]
    failures += [
        f"cannot {what}: its own work would fail"
        for what, request in benign
        if not reach.allowing(request)
    ]
    if profile := _open_profile_failure(reach, settings.domain_id):
        failures.append(profile)
    return RoleVerdict("deploy", reach.reached, tuple(failures), len(attacks) + 1, len(benign))

"""What ``check`` concludes about the operator's own roles, in the words the other verdicts use.

One line per CI role (``proven`` or ``FAILED``), then the size of every operator document with its
limit. A failure, or a document over its limit, is an error: ``check`` exits 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from components.cli.render.formats import plural
from components.core.problems import Problem
from components.core.settings.stack import Settings
from components.proof.operators.roles import OperatorProof, RoleVerdict


def prove(users: Sequence, settings: Settings) -> OperatorProof:
    """The operator roles' proof for this stack, with what the nightly commands read."""
    # What each command calls is listed beside it (account); only this top layer reads both.
    from components.aws.permissions import (
        audit_role_actions,
        identity_center_read_role_actions,
        org_read_role_actions,
    )
    from components.policies.ci.roles import CommandReads
    from components.proof.operators.roles import prove_operator_roles

    reads = CommandReads(
        audit_role_actions(settings),
        org_read_role_actions(settings),
        identity_center_read_role_actions(settings),
    )
    return prove_operator_roles(users, settings, reads)


def lines(proof: OperatorProof) -> list[str]:
    """One line per CI role, then every operator document's size against its limit."""
    found = [
        f"  {'proven' if v.proven else 'FAILED':<10} {v.title}: {_detail(v)}"
        for v in proof.verdicts
    ]
    sizes = "; ".join(f"{name} {size:,} of {limit:,}" for name, size, limit in proof.sizes)
    found.append(f"  operator   documents (characters): {sizes}")
    return found


def markdown_section(proof: OperatorProof) -> list[str]:
    """The same verdicts for the PR report, folded: a table of the roles, then the sizes."""
    proven = sum(v.proven for v in proof.verdicts)
    out = [
        f"<details><summary>The operator's roles: {proven} of {len(proof.verdicts)} proven"
        "</summary>",
        "",
        "| role | verdict | what the proof found |",
        "|---|---|---|",
    ]
    out += [
        f"| {v.title} | {'✅ proven' if v.proven else '❌ FAILED'} | {_detail(v)} |"
        for v in proof.verdicts
    ]
    out += ["", "| operator document | size (characters) | limit |", "|---|---:|---:|"]
    out += [f"| {name} | {size:,} | {limit:,} |" for name, size, limit in proof.sizes]
    return [*out, "", "</details>", ""]


def _detail(verdict: RoleVerdict) -> str:
    through = (
        f"through {plural(len(verdict.reached), 'role')} it may assume ({', '.join(verdict.reached)})"
        if verdict.reached
        else "assuming no role"
    )
    if not verdict.proven:
        return f"{verdict.failures[0]} ({len(verdict.failures)} in all)"
    if verdict.role == "deploy":
        return (
            f"writes only what the program owns, {through}: "
            f"{plural(verdict.denied, 'attack')} stopped, {plural(verdict.allowed, 'own write')} "
            "allowed; opens no profile"
        )
    return (
        f"reaches no write, {through}: {plural(verdict.denied, 'write request')} denied; "
        "opens no profile"
    )


def problems(proof: OperatorProof, settings: Settings, source: str) -> list[Problem]:
    """Each failure and each document over its limit, as an error of the stack file."""
    found = [
        Problem(source, 0, 0, f"operator roles: the {v.title} {failure}")
        for v in proof.verdicts
        for failure in v.failures
    ]
    found += [Problem(source, 0, 0, f"operator roles: {message}") for message in proof.oversize]
    return found + read_role_warnings(settings, source)


#: A write role without its read role: (write key, read key, what the read role reads).
_READ_ROLES = (
    ("org_guard_role_arn", "org_read_role_arn", "orgGuardRoleArn", "orgReadRoleArn", "the guard"),
    (
        "identity_center_role_arn",
        "identity_center_read_role_arn",
        "identityCenterRoleArn",
        "identityCenterReadRoleArn",
        "Identity Center",
    ),
)


def read_role_warnings(settings: Settings, source: str) -> list[Problem]:
    """A write role without its read role leaves the preview and audit roles no way to read."""
    found = []
    for write, read, write_key, read_key, what in _READ_ROLES:
        if getattr(settings, write) and not getattr(settings, read):
            found.append(
                Problem(
                    source,
                    0,
                    0,
                    f"{write_key} is set without {read_key}: only the deploy role may assume the "
                    f"write role, so pulumi preview and audit cannot read {what} there; set "
                    f"{read_key} (docs/setup.md, step 3)",
                    "warning",
                )
            )
    return found

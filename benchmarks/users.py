"""Generate realistic user folders for the benchmarks: IAM users and roles, federated people."""

from __future__ import annotations

from pathlib import Path


def write_users(folder: Path, count: int) -> Path:
    """Write ``count`` valid user files to ``folder`` (created) and return it.

    Every tenth user is a role trusted through SAML (so the roles stay within IAM's default quota
    of 1,000), every fifth has a profile-name override and every seventh its own execution role,
    so each code path of the program is exercised.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        user_id = f"user-{i:05d}"
        lines = [
            "# yaml-language-server: $schema=../components/user.schema.json",
            f"id: {user_id}",
            f"email: {user_id}@example.com",
        ]
        if i % 5 == 0:
            lines.append(f"profile_name: studio-{i:05d}")
        if i % 7 == 0:
            lines.append(f"execution_role_arn: arn:aws:iam::123456789012:role/exec-{i:05d}")
        if i % 10 == 0:
            lines += [
                "principal:",
                "  type: role",
                "  trusted:",
                "    - arn:aws:iam::123456789012:saml-provider/Corp",
            ]
        lines += ["tags:", f"  team: team-{i % 17}", f'  cost-center: "{4000 + i % 50}"']
        (folder / f"{user_id}.yaml").write_text("\n".join(lines) + "\n")
    return folder


#: The stack settings of a federated benchmark: one shared SAML role for everyone.
FEDERATED_STACK = """config:
  aws:region: eu-west-1
  studio-access:domainId: d-abc123def456
  studio-access:defaultExecutionRoleArn: arn:aws:iam::123456789012:role/service-role/Default
  studio-access:federation: saml
  studio-access:samlProviderArn: arn:aws:iam::123456789012:saml-provider/Corp
"""


def write_federated_project(root: Path, count: int) -> Path:
    """Write a project with ``FEDERATED_STACK`` as stack ``bench`` and ``count`` federated people
    (every tenth with a team and a reason, as access requests leave them); return its folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "Pulumi.yaml").write_text("name: studio-access\nruntime: python\n")
    (root / "Pulumi.bench.yaml").write_text(FEDERATED_STACK)
    folder = root / "users"
    folder.mkdir()
    for i in range(count):
        user_id = f"person-{i:05d}"
        lines = [
            "# yaml-language-server: $schema=../components/user.schema.json",
            f"id: {user_id}",
            f"email: {user_id}@example.com",
            "principal: {type: federated}",
        ]
        if i % 10 == 0:
            lines += [f"reason: DS-{i} onboarding", "tags:", f"  team: team-{i % 17}"]
        (folder / f"{user_id}.yaml").write_text("\n".join(lines) + "\n")
    return root

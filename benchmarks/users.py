"""Generate realistic user folders for the benchmarks: IAM users and roles, extra tags, overrides."""

from __future__ import annotations

from pathlib import Path


def write_users(folder: Path, count: int) -> Path:
    """Write ``count`` valid user files to ``folder`` (created) and return it.

    Every third user is a role trusted through SAML, every fifth has a profile-name override and
    every seventh its own execution role, so each code path of the program is exercised.
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
        if i % 3 == 0:
            lines += [
                "principal:",
                "  type: role",
                "  trusted:",
                "    - arn:aws:iam::123456789012:saml-provider/Corp",
            ]
        lines += ["tags:", f"  team: team-{i % 17}", f'  cost-center: "{4000 + i % 50}"']
        (folder / f"{user_id}.yaml").write_text("\n".join(lines) + "\n")
    return folder

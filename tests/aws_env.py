"""What the AWS commands' tests share: the test account's names, a project folder, a CLI run.

The fixtures that build on these (the AWS environment, moto, the fake SageMaker) are in
``aws_fixtures``.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fake_sagemaker import ACCOUNT

REGION = "eu-west-1"
DOMAIN = "d-test1"
DEFAULT_ROLE_NAME = "StudioDefault"
DEFAULT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/{DEFAULT_ROLE_NAME}"
SAML = f"arn:aws:iam::{ACCOUNT}:saml-provider/Corp"
SAGEMAKER_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@dataclass
class Project:
    """A project folder: ``Pulumi.yaml``, ``Pulumi.test.yaml`` and ``users/``."""

    root: Path

    @property
    def users(self) -> Path:
        return self.root / "users"

    def stack(self, **config: object) -> None:
        """Write ``Pulumi.test.yaml`` with the test domain and these extra settings."""
        values = {
            "domainId": DOMAIN,
            "defaultExecutionRoleArn": DEFAULT_ROLE,
            **config,
        }
        lines = ["config:", f"  aws:region: {REGION}"]
        lines += [f"  studio-access:{key}: {json.dumps(value)}" for key, value in values.items()]
        (self.root / "Pulumi.test.yaml").write_text("\n".join(lines) + "\n")

    def user(self, user_id: str, text: str = "") -> Path:
        """Write ``users/<id>.yaml`` with ``id`` and any further lines."""
        path = self.users / f"{user_id}.yaml"
        path.write_text(f"id: {user_id}\n{text}")
        return path

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, text=True, check=True
        ).stdout

    def commit(self, message: str = "state") -> str:
        self.git("add", "-A")
        self.git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message)
        return self.git("rev-parse", "HEAD").strip()


@dataclass
class Run:
    """The outcome of one CLI run."""

    code: int
    out: str
    err: str

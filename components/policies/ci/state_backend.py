"""What the CI roles need of the Pulumi state backend: an S3 bucket and the stack's KMS key.

Not part of ``ci-policy --role R`` (the bucket and key are the operator's, not the stack's): the
bootstrap program attaches it inline from its own settings, and ``ci-policy --role R
--state-bucket B --state-key K`` prints it. Preview and audit read the checkpoint; the deploy role
also writes it (checkpoint, history, backups, lock, the deployed-commit tag). All only decrypt:
the data key is encrypted once, at ``pulumi stack init``, with the operator's credentials.
"""

from __future__ import annotations

from components.policies.statements import allow


def state_backend_policy(partition: str, bucket: str, key_arn: str, *, write: bool) -> dict:
    """The inline policy on the state backend, read-only unless ``write`` (the deploy role)."""
    objects = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"] if write else ["s3:GetObject"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            allow("ListState", ("s3:ListBucket",), [f"arn:{partition}:s3:::{bucket}"]),
            allow(
                "ReadWriteState" if write else "ReadState",
                objects,
                [f"arn:{partition}:s3:::{bucket}/*"],
            ),
            allow("DecryptStackSecrets", ("kms:Decrypt",), [key_arn]),
        ],
    }

"""The IAM documents: the member policy, role trust policies and the CI roles' policies.

Each builder returns a document and its deterministic JSON text, so what the CLI prints offline
is what is deployed. Imports ``roster`` only (for the settings and user specs); never ``pulumi``
or ``boto3``.
"""

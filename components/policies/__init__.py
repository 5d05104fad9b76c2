"""The IAM documents the product deploys: the member policy, the guards, the organization guard.

Each builder returns a document and its deterministic JSON text, so what the CLI prints offline
is what is deployed. ``ci`` holds the operator's own roles' policies and trust. Imports ``core``
and ``kinds``; never ``pulumi`` or ``boto3``.
"""

"""The proof: an IAM evaluator, the attacks and benign requests, the isolation proof, the matrix.

It judges the exact text ``policies`` builds, never its shape. Imports ``roster`` and
``policies``; never ``pulumi`` or ``boto3``.
"""

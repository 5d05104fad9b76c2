"""The proof: an IAM evaluator, the requests it asks, the isolation proof, the access matrix.

``iam`` is the evaluator (importable on its own: it imports nothing of the project);
``requests`` the attacks and benign requests as data; ``callers``, ``scenarios`` and
``isolation`` (with ``members``, ``judge`` and ``verdicts``) judge the exact text ``policies``
builds for every caller; ``operators`` proves the operator's roles. Imports ``core``, ``kinds``,
``roster`` and ``policies``; never ``pulumi`` or ``boto3``.
"""

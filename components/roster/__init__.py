"""The inputs: ``users/*.yaml`` read into validated ``UserSpec`` values, and the stack files.

Everything that arrives through a pull request is read here, strictly, with every problem named
by file, line and column: the users (``users``), their schema, the stack files, the effective
Studio settings, IAM's quotas and role names. Imports ``core`` and ``kinds`` (a file's
``principal:`` is read by its kind); never ``pulumi`` or ``boto3``.
"""

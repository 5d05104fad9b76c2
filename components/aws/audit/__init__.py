"""``audit``: compare the live account with users/ and the stack settings, read-only.

One module per thing audited (tags and identities, Identity Center, the guards, the
organization guard, ARN case), ``findings`` and ``result`` for what it reports, ``command`` for
the run.
"""

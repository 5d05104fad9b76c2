"""``drain``: empty the profiles ``pulumi up`` is about to delete, apps first, then spaces.

``removals`` reads from git which profiles go, ``studio_work`` finds what belongs to them,
``delete`` deletes it in SageMaker's order, ``command`` runs it.
"""

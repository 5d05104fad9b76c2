"""The stack settings: ``Pulumi.<stack>.yaml`` read into typed groups, with defaults and checks.

``stack`` holds ``Settings`` and reads it; the groups live beside it: Studio settings
(``studio``, ``spaces``, ``budgets``), the operator's roles (``operators``), the AWS provider's
keys (``provider_keys``) and regions (``regions``). Imports only ``core``.
"""

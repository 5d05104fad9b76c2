"""The stack settings: ``Pulumi.<stack>.yaml`` read into typed groups, with defaults and checks.

``stack`` holds ``Settings``, the table of every key, and reads it (with ``reader``); each group
of keys is a module beside it whose fields, defaults and checks ``Settings`` inherits: access
(``access``), execution roles (``execution``, ``spaces``), the organization guard
(``org_guard``), the operator's roles (``operators``), sign-in (``signin``), Studio settings
(``studio``, ``budgets``); the AWS provider's keys (``provider_keys``) and regions (``regions``)
are checked here too. Imports only ``core``.
"""

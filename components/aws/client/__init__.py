"""The one way into AWS: a configured session, its errors, its protocol checks, its deadline.

Imports only ``core`` and the AWS SDK.
"""

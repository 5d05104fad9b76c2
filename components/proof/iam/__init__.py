"""A small, strict evaluator of identity-based IAM policies: policy text, conditions, decisions.

``evaluator`` decides (and names the IAM rules it follows); ``policy`` compiles documents,
``request`` reads a request's context, ``policy_text`` and ``conditions`` the values and operators.

It imports nothing of the project, so it can be used and tested on its own.
"""

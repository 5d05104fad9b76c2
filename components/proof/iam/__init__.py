"""A small, strict evaluator of identity-based IAM policies: policy text, conditions, decisions.

It imports nothing of the project, so it can be used and tested on its own.
"""

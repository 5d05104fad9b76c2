"""Joining and leaving: ``new-user`` writes a valid file, ``expire`` offboards whoever is past due.

``new_user`` writes the commented scaffold, ``new_user_checks`` holds it to what ``check`` would
say first, and ``expiry`` sets ``status: offboarded`` in the files themselves. Imports ``core``,
``kinds``, ``roster`` and ``changes``.
"""

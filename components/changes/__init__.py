"""What a pull request changes since its base: people, Studio settings, access dates, lines.

``users`` compares two rosters read from git, ``studio`` two sets of effective Studio settings,
``access`` judges ``expires`` and ``review_after`` on main and on a pull request, and ``lines``
finds the changed lines that annotations may point at. Imports ``core``, ``kinds`` and
``roster``.
"""

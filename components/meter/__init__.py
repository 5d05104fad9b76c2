"""The spend meter: the Lambda function's code (``function``, self-contained), ``meter --once``
and ``usage`` run locally (``command``), and the rate table's refresh (``prices``).

``function`` imports nothing of the project; the rest imports ``core``, ``roster``, ``plan`` and
``aws`` (the client), never ``cli``.
"""

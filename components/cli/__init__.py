"""``python -m components``: the commands (``commands``) and what they print (``render``).

The top floor. Imports every floor but ``resources``, and ``aws``, ``meter`` and ``activity``
only inside the commands that call AWS, so ``check`` stays fast and offline; never ``pulumi``.
"""

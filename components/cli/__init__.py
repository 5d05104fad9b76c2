"""``python -m components``: the commands and the reports they print (text, GitHub, Markdown).

The top layer. Imports ``roster``, ``policies`` and ``proof``, and the AWS commands only inside
the commands that call AWS, so ``check`` stays fast and offline; never ``pulumi``.
"""

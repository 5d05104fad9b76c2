"""The vocabulary floor: the words every other floor speaks, and nothing else.

Problems and errors (``problems``: one base class, each problem with a file, line and column),
AWS's names and limits (``limits``, ``aws_values``, ``policy_safe``), the documents' statement
ids, the program's logical names, the plan's data (``registrations``) and the proof's
(``requests``), typed YAML readers (``yaml_source``, ``yaml_values``, ``fields``,
``access_dates``), and the stack settings in their groups (``settings``).

It imports nothing of ``components``, and never ``pulumi`` or ``boto3``.
"""

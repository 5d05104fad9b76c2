"""The operator's own roles, proven: what each CI role reaches through every role it may assume
(``roles``), and the deploy role's work in the management account as requests (``scenarios``).
"""

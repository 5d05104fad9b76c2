"""The operator's own roles: their policies (``roles``), their trust (``trust``) and the bootstrap
program's description of them (``documents``), with each concern's statements in its own module
(Organizations, Identity Center, federation, the meter, the audit, the state backend).
"""

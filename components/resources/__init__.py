"""The Pulumi components (``StudioAccess``, ``StudioUser``) and the stack configuration reader.

The only subpackage that imports ``pulumi``. Imports ``roster`` and ``policies``, so the
documents deployed are the ones the CLI prints and the proof judges.
"""

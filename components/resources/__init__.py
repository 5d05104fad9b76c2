"""The Pulumi components (``StudioAccess``, ``StudioUser``, the meter, the organization guard,
the operator roles) and the stack configuration reader.

The only subpackage that imports ``pulumi``. Imports ``core``, ``kinds``, ``roster``, ``plan``
and ``policies``, so the documents deployed are the ones the CLI prints and the proof judges.
"""

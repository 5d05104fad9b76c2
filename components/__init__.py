"""Studio Access: who may open which SageMaker AI Studio user profile, as code.

The package is layered; each subpackage imports only those listed before it:

``roster``
    the inputs: ``users/*.yaml`` and the stack settings, read and validated.
``policies``
    the IAM documents the product deploys or prints, built from the settings.
``proof``
    an IAM evaluator, the attack scenarios, the isolation proof and the access matrix.
``resources``
    the Pulumi components; the only subpackage that imports ``pulumi``.
``account``
    the commands that call AWS (adopt, drain, audit); the only subpackage that imports ``boto3``.
``cli``
    ``python -m components``; imports ``account`` lazily, never ``resources``.

``tests/test_layering.py`` enforces this from the import statements themselves.
"""

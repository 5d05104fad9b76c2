"""Studio Access: who may open which SageMaker AI Studio user profile, as code.

The package is built in floors; each subpackage imports only the floors below it
(``tests/project/test_layering.py`` enforces it from the import statements themselves):

``core``
    the vocabulary: problems and errors, limits, statement ids, logical names, YAML readers,
    the stack settings in their groups, and the data types of the plan and of the proof.
``kinds``
    the kinds of principal (IAM user, IAM role, Identity Center user, federated session) and
    the per-user execution roles; each kind owns everything about itself.
``roster``
    the inputs: ``users/*.yaml`` and the stack files, read and validated.
``changes``, ``lifecycle``, ``plan``
    what a pull request changes since a base; joining and leaving (``new-user``, ``expire``);
    what ``pulumi up`` registers, as data.
``policies``
    the IAM documents the product deploys or prints (``policies.ci``: the operator's roles).
``proof``
    an IAM evaluator (``proof.iam``), the requests it asks, the isolation proof and the matrix.
``resources``
    the Pulumi components; the only subpackage that imports ``pulumi``.
``aws``, ``meter``, ``activity``
    the commands that call AWS, the spend meter, and who opened what; only ``aws`` and
    ``meter`` import ``boto3``.
``cli``
    ``python -m components``: ``commands`` and what they print (``render``); imports ``aws``,
    ``meter`` and ``activity`` lazily, never ``resources``.
"""

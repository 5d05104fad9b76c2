"""The commands that call AWS: ``drain``, ``adopt``, ``audit``, ``verify`` and ``activity``.

The only subpackage that imports ``boto3`` and ``botocore``. It may import ``roster`` (the users
and settings it compares the account with) and ``policies`` (the documents it expects to find
deployed); never ``proof``, ``resources`` or ``cli``. The CLI imports it lazily, inside the five
commands, so that ``check`` and the other offline commands never load an AWS SDK.

Every AWS call goes through ``session.Aws``: boto3's standard configuration (credential chain,
region from the stack, ``AWS_ENDPOINT_URL_<SERVICE>`` honoured, standard retries), every list
paginated, every error turned into one ``errors.AwsError`` message, every call counted, every
answer held to the service's protocol (``protocol``), every ``AWS_*`` setting checked first
(``environment``), every command bounded by an overall deadline (``deadline``).
"""

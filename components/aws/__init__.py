"""The commands that call AWS: ``drain``, ``adopt``, ``audit`` and ``verify``.

With ``meter``, the only subpackages that import ``boto3`` and ``botocore``. It may import
``core``, ``kinds``, ``roster``, ``changes``, ``lifecycle``, ``plan`` and ``policies``; never
``proof``, ``resources`` or ``cli``. The CLI imports it lazily, inside the commands, so that
``check`` and the other offline commands never load an AWS SDK.

``client`` is the one way into AWS (``client.session.Aws``): boto3's standard configuration,
every list paginated, every error one ``client.errors.AwsError`` message, every call counted,
every answer held to the service's protocol, every ``AWS_*`` setting checked first, every
command bounded by an overall deadline. ``read`` reads the account; ``adopt``, ``audit``,
``drain`` and ``verify`` are the commands.
"""

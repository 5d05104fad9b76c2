"""The inputs: ``users/*.yaml`` read into validated ``UserSpec`` values, and the stack settings.

Everything that arrives through a pull request is read here, strictly, with every problem named
by file, line and column. This is the bottom layer: it imports nothing else of ``components``,
and never ``pulumi`` or ``boto3`` (``aws_values`` reads botocore's SageMaker model as a data
file, without importing botocore).
"""

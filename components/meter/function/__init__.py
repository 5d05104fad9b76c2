"""The spend meter: the same code runs in the Lambda function and in ``meter --once``.

It imports the standard library and boto3 only, and nothing of the project outside this folder,
so that the program packages the folder as it is (``meter/`` in the function's archive, with the
stack's ``meter_config.json``). Each run lists the domain's running apps, attributes each to a
person, prices it from the committed rate table (``rates.json``), adds its unseen time to the
person's month in the DynamoDB ledger exactly once, and closes Studio to whoever spent their
budget (``cap``).
"""

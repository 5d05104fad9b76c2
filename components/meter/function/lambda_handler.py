"""The Lambda function's entry point: one run of the meter with the packaged configuration.

The program packages this folder as ``meter/`` and the stack's ``meter_config.json`` beside it;
the function's handler is ``meter.lambda_handler.handler``. An EventBridge rule invokes it every
``meterIntervalMinutes``; a retried or late invocation is harmless (``ledger``).
"""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
from botocore.config import Config

from .config import MeterConfig
from .rates import RateTable
from .run import run_once

_CONFIG = Config(retries={"mode": "standard"}, connect_timeout=3, read_timeout=15)


def handler(event: dict[str, Any] | None = None, context: object = None) -> dict[str, object]:
    """Run the meter once, now; return (and log) what it did."""
    config = MeterConfig.packaged()
    sagemaker = boto3.client("sagemaker", region_name=config.region, config=_CONFIG)
    dynamodb = boto3.client("dynamodb", region_name=config.region, config=_CONFIG)
    result = run_once(sagemaker, dynamodb, config, RateTable.load(config.region), time.time())
    summary = result.summary()
    print(json.dumps(summary, sort_keys=True))
    return summary

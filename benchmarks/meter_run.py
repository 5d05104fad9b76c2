"""One run of the spend meter at scale: 5,000 profiles, 2,000 running apps.

SageMaker and DynamoDB are the tests' fake endpoints on localhost (``tests/fake_sagemaker.py``,
``tests/fake_dynamodb.py``: the real JSON protocols through boto3; moto's DynamoDB copies its
tables on every transaction, which would measure moto). The run is ``meter --once``'s code,
``run_once``, timed from the first ``ListSpaces`` to the last write, then run again at the same
instant to show a repeated run writes nothing. Goals: at most 60 s, and at most 2 ledger writes
per running app plus a small constant (never per profile). It also prints the meter's monthly
cost per person from those counts (docs/meter.md has the prices and the arithmetic).

Usage: ``python benchmarks/meter_run.py [--profiles 5000] [--apps 2000]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT_DIR), str(PROJECT_DIR / "tests")]

GOAL_SECONDS = 60.0
GOAL_WRITES_PER_APP = 2
WRITES_CONSTANT = 10
#: Prices of the resources the meter uses (us-east-1, on demand), for the cost estimate.
WRITE_UNIT_USD = 0.625e-6  # per write request unit; a transactional write costs 2 per item
READ_UNIT_USD = 0.125e-6  # per read request unit (a consistent read of a small item: 1)
LAMBDA_GB_SECOND_USD = 0.0000166667
LAMBDA_REQUEST_USD = 0.2e-6
LAMBDA_MEMORY_GB = 0.25
#: The person the estimate is for: one app running 8 hours on 22 days, runs every 5 minutes.
APP_HOURS_PER_MONTH = 8 * 22
RUNS_PER_MONTH = 12 * 730


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, default=5000)
    parser.add_argument("--apps", type=int, default=2000)
    args = parser.parse_args()
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true"
    )
    import boto3
    from fake_dynamodb import FakeDynamoDB, FakeDynamoDBServer
    from fake_sagemaker import FakeSageMaker, FakeSageMakerServer

    from components.meter.function.config import Budget, MeterConfig
    from components.meter.function.rates import RateTable
    from components.meter.function.run import run_once

    region, domain = "eu-west-1", "d-bench0000"
    fake = FakeSageMaker(region=region)
    fake.add_domain(domain)
    rates = RateTable.load(region)
    types = sorted(rates.rates)
    start = time.time() - 3600
    people = {}
    for index in range(args.profiles):
        name = f"person-{index:05d}"
        people[name] = Budget(name, 100000.0)
        fake.add_profile(domain, name, {"studiouserid": name})
        fake.add_space(domain, f"{name}-space", owner=name)
    for index in range(args.apps):
        owner = f"person-{index * args.profiles // args.apps:05d}"
        fake.add_app(
            domain,
            "JupyterLab",
            "default",
            space=f"{owner}-space",
            instance_type=types[index % len(types)],
            created=start,
        )
    config = MeterConfig(
        domain, "studio-access-meter-bench", region, "studiouserid-over-budget", people
    )
    ledger = FakeDynamoDB()
    with FakeSageMakerServer(fake) as server, FakeDynamoDBServer(ledger) as table:
        os.environ["AWS_ENDPOINT_URL_SAGEMAKER"] = server.url
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = table.url
        sagemaker = boto3.client("sagemaker", region_name=region)
        dynamodb = boto3.client("dynamodb", region_name=region)
        now = time.time()
        began = time.perf_counter()
        first = run_once(sagemaker, dynamodb, config, rates, now)
        elapsed = time.perf_counter() - began
        again = run_once(sagemaker, dynamodb, config, rates, now)
    calls = len(fake.calls)
    print(f"profiles {args.profiles:,}, running apps {first.apps:,}")
    print(f"one run: {elapsed:.1f} s (goal <= {GOAL_SECONDS:.0f} s)")
    print(
        f"ledger writes: {first.writes:,} ({first.writes / max(first.apps, 1):.2f} per running app; goal <= {GOAL_WRITES_PER_APP} + {WRITES_CONSTANT})"
    )
    print(f"SageMaker calls for both runs: {calls:,}; a repeated run wrote {again.writes} items")
    print(f"items the ledger endpoint wrote: {ledger.writes:,}")
    print(f"ratio {elapsed / GOAL_SECONDS:.2f} of the time goal")
    lambda_seconds = elapsed / max(first.apps, 1) * args.apps / args.profiles
    transactions = APP_HOURS_PER_MONTH * 12
    usd = (
        transactions * 2 * 2 * WRITE_UNIT_USD
        + transactions * READ_UNIT_USD
        + RUNS_PER_MONTH * (lambda_seconds * LAMBDA_MEMORY_GB * LAMBDA_GB_SECOND_USD)
        + RUNS_PER_MONTH * LAMBDA_REQUEST_USD / args.profiles
    )
    print(f"monthly cost per person (one app, {APP_HOURS_PER_MONTH} h): ${usd:.4f} (goal < $0.01)")
    ok = (
        elapsed <= GOAL_SECONDS
        and first.writes <= GOAL_WRITES_PER_APP * first.apps + WRITES_CONSTANT
    )
    return 0 if ok and again.writes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

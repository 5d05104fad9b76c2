"""``meter``, ``usage``, ``prices``: the spend meter run locally, the month's spend, the rates.

Each imports ``components.aws`` inside its function, as every AWS command does; an AWS
failure is one line on stderr and exit 1, and each stops at ``--timeout`` (``aws_calls``).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from datetime import datetime

from components.cli.commands.aws import AUDIT_FORMATS
from components.cli.commands.aws_calls import add_timeout, calling_aws
from components.cli.commands.check import add_users_and_stack, users_dir
from components.roster.stack_files import load_stack_settings


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``meter``, ``usage`` and ``prices``, in that order."""
    meter = commands.add_parser(
        "meter", help="run the spend meter once, here, as the deployed function does"
    )
    meter.add_argument("--once", action="store_true", required=True, help="one run (required)")
    meter.add_argument("--now", type=_instant, metavar="ISO-8601", help="the run's clock")
    add_users_and_stack(meter)
    add_timeout(meter)
    meter.set_defaults(run=_meter)
    usage = commands.add_parser("usage", help="month-to-date spend per person against the budget")
    usage.add_argument("--month", type=_month, metavar="YYYY-MM", help="default: this month")
    usage.add_argument("--format", choices=AUDIT_FORMATS, default="text")
    add_users_and_stack(usage)
    add_timeout(usage)
    usage.set_defaults(run=_usage)
    prices = commands.add_parser(
        "prices", help="refresh the meter's rate table for a region from the AWS Price List API"
    )
    prices.add_argument("--region", required=True, help="the region to price, e.g. eu-west-1")
    add_timeout(prices)
    prices.set_defaults(run=_prices)


def _meter(args: argparse.Namespace) -> int:
    from components.meter.command import run_meter

    settings = load_stack_settings(args.stack)
    now = args.now if args.now is not None else time.time()

    def meter() -> int:
        print(json.dumps(run_meter(settings, users_dir(args, settings), args.stack, now), indent=2))
        return 0

    return calling_aws(args, meter)


def _usage(args: argparse.Namespace) -> int:
    from components.cli.render.usage_report import render
    from components.meter.command import read_usage

    settings = load_stack_settings(args.stack)

    def usage() -> int:
        month, lines = read_usage(
            settings, users_dir(args, settings), args.stack, args.month, time.time()
        )
        print(render(month, lines, args.format), end="")
        return 0

    return calling_aws(args, usage)


def _prices(args: argparse.Namespace) -> int:
    from components.meter.prices import refresh

    def prices() -> int:
        rates = refresh(args.region)
        print(f"{args.region}: {len(rates)} instance types priced")
        return 0

    return calling_aws(args, prices)


def _instant(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO-8601 instant") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no time zone: add Z or +00:00")
    return moment.timestamp()


def _month(text: str) -> str:
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month YYYY-MM")
    return text

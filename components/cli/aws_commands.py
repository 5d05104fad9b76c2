"""``drain``, ``adopt``, ``audit``: the commands that call AWS (boto3, imported only when they run)."""

from __future__ import annotations

import argparse


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add the commands that call AWS (none yet)."""

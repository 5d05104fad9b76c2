"""``check`` at scale: validate and prove 5,000 users, against the floor of merely parsing them.

The floor is a fresh interpreter that reads every file and parses it with PyYAML's libyaml
loader (``CSafeLoader``) and nothing else. ``check`` runs as people run it, ``python -m
components check --users DIR``, in a fresh interpreter too. Both are timed as whole processes
(wall clock, best of ``--repeat``, alternating), so interpreter start-up and imports count on both
sides. The goal: ``check``, with its proof for every kind of principal, costs at most 1.5x
the floor.

Usage: ``python benchmarks/check_scale.py [--users 5000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from users import write_users

PROJECT_DIR = Path(__file__).resolve().parent.parent
GOAL = 1.5

FLOOR = """
import os, sys, yaml
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_DIR, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = str(write_users(Path(tmp) / "users", args.users))
        check = [sys.executable, "-m", "components", "check", "--users", folder]
        timings: dict[str, list[float]] = {"floor": [], "check": [], "report": []}
        for _ in range(args.repeat):
            timings["floor"].append(_wall([sys.executable, "-c", FLOOR, folder]))
            timings["check"].append(_wall(check))
            timings["report"].append(_wall([*check, "--format", "markdown"]))
    best = {name: min(values) for name, values in timings.items()}
    ratio = best["check"] / best["floor"]

    def runs(name: str) -> str:
        return ", ".join(f"{t:.3f}" for t in timings[name])

    print(f"users:                         {args.users}")
    print(f"libyaml parse floor:           {best['floor']:.3f} s  (runs: {runs('floor')})")
    print(f"check (validate + prove):      {best['check']:.3f} s  (runs: {runs('check')})")
    print(
        f"check --format markdown:       {best['report']:.3f} s  (runs: {runs('report')}; adds the matrix)"
    )
    print(
        f"ratio check / floor:           {ratio:.2f}x  (goal: at most {GOAL}x)  {'ok' if ratio <= GOAL else 'OVER GOAL'}"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())

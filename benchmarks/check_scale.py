"""``check`` at scale: validate and prove 5,000 users, against the floor of merely parsing them.

The floor is a fresh interpreter that reads every file and parses it with PyYAML's libyaml
loader (``CSafeLoader``) and nothing else. ``check`` runs as people run it, ``python -m
components check --users DIR``, in a fresh interpreter too. Both are timed as whole processes
(wall clock, best of ``--repeat``, alternating, after a round that is not counted), so
interpreter start-up and imports count on both sides. The goal: ``check``, with its proof for every kind of principal, costs at most 1.5x
the floor. ``--federated`` measures a stack with ``federation: saml`` whose people are all
federated (the scale federation is for: 50,000 by default), run in a project of its own.

Usage: ``python benchmarks/check_scale.py [--users N] [--federated] [--repeat 7]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from users import write_federated_project, write_users

PROJECT_DIR = Path(__file__).resolve().parent.parent
GOAL = 1.5

FLOOR = """
import os, sys, yaml
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


#: CPU seconds (user + system) of each run, by name: on a machine others share, the wall clock
#: also counts waiting for a core, and the CPU time shows the work alone.
CPU: dict[str, list[float]] = {}


def _wall(command: list[str], cwd: Path, name: str = "") -> float:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    subprocess.run(command, cwd=cwd, env=environment, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(name, []).append(used)
    return time.perf_counter() - start


def _project(tmp: Path, federated: bool, count: int) -> tuple[Path, list[str]]:
    """The folder to run in and ``check``'s arguments, for the benchmark asked for."""
    if federated:
        return write_federated_project(tmp / "project", count), ["--stack", "bench"]
    return PROJECT_DIR, ["--users", str(write_users(tmp / "users", count))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, help="default: 5,000; 50,000 with --federated")
    parser.add_argument("--federated", action="store_true", help="federated people only")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    args.users = args.users or (50000 if args.federated else 5000)
    # As an installed tool runs: with its bytecode cached. Where PYTHONDONTWRITEBYTECODE is set,
    # nothing would write the cache, and every run would compile every module first.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(PROJECT_DIR / "components")], check=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        cwd, selection = _project(Path(tmp), args.federated, args.users)
        folder = str(cwd / "users") if args.federated else selection[1]
        check = [sys.executable, "-m", "components", "check", *selection]
        timings: dict[str, list[float]] = {"floor": [], "check": [], "report": []}
        # One round first, not counted: the files in the page cache and the bytecode read once,
        # for both sides alike, so that no side's best run is its only warm one.
        _wall([sys.executable, "-c", FLOOR, folder], cwd)
        _wall(check, cwd)
        CPU.clear()
        for _ in range(args.repeat):
            timings["floor"].append(_wall([sys.executable, "-c", FLOOR, folder], cwd, "floor"))
            timings["check"].append(_wall(check, cwd, "check"))
            timings["report"].append(_wall([*check, "--format", "markdown"], cwd, "report"))
    best = {name: min(values) for name, values in timings.items()}
    ratio = best["check"] / best["floor"]

    def runs(name: str) -> str:
        return ", ".join(f"{t:.3f}" for t in timings[name])

    kind = "federated people" if args.federated else "IAM users and roles"
    print(f"users:                         {args.users} ({kind})")
    print(f"libyaml parse floor:           {best['floor']:.3f} s  (runs: {runs('floor')})")
    print(f"check (validate + prove):      {best['check']:.3f} s  (runs: {runs('check')})")
    print(
        f"check --format markdown:       {best['report']:.3f} s  (runs: {runs('report')}; adds the matrix)"
    )
    print(
        f"ratio check / floor:           {ratio:.2f}x  (goal: at most {GOAL}x)  {'ok' if ratio <= GOAL else 'OVER GOAL'}"
    )
    cpu = min(CPU["check"]) / min(CPU["floor"])
    print(
        f"CPU time check / floor:        {cpu:.2f}x  (user + system, best of each: "
        f"{min(CPU['check']):.3f} s / {min(CPU['floor']):.3f} s; the wall-clock ratio above is the goal)"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())

"""The users folder listed: the bytes of every regular ``*.yaml`` file, and why anything else is not read.

Hidden files, subfolders, other suffixes, symbolic links and oversized files are reported (as
warnings or errors) with their printable names; ``user_file`` reads each file that remains.
"""

from __future__ import annotations

import os
from pathlib import Path

from components.core.problems import Problem, printable
from components.core.yaml_source import MAX_FILE_BYTES


def read_user_files(folder: Path, problems: list[Problem]) -> list[tuple[str, bytes]]:
    """Return ``(label, bytes)`` for each regular ``*.yaml`` file, reporting everything else."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        problems.append(Problem(str(folder), 0, 0, "users folder does not exist"))
        return []
    except NotADirectoryError:
        problems.append(Problem(str(folder), 0, 0, "users folder is not a directory"))
        return []
    except OSError as error:
        problems.append(Problem(str(folder), 0, 0, f"cannot read users folder: {error.strerror}"))
        return []
    files = []
    prefix = os.path.join(folder, "")
    for entry in entries:
        name = entry.name
        if not (name.isascii() and name.isprintable()):
            name = _printable(name)
        label = prefix + name
        if name.startswith("."):
            # Editor and VCS files stay silent; a hidden *.yaml may be a user meant to be read.
            if name.lower().endswith((".yaml", ".yml")):
                problems.append(
                    Problem(label, 0, 0, "ignored: hidden files are not read", "warning")
                )
            continue
        stem, dot, suffix = name.rpartition(".")
        if entry.is_dir(follow_symlinks=False):
            problems.append(Problem(label, 0, 0, "ignored: subfolders are not read", "warning"))
            continue
        if not dot or not stem or suffix.lower() not in ("yaml", "yml"):
            problems.append(
                Problem(label, 0, 0, "ignored: only *.yaml files are user files", "warning")
            )
            continue
        if suffix != "yaml":
            problems.append(
                Problem(label, 0, 0, f"user files must end in .yaml: rename it to {stem}.yaml")
            )
            continue
        if entry.is_symlink():
            problems.append(
                Problem(label, 0, 0, "symbolic links are not allowed in the users folder")
            )
            continue
        try:
            # The directory entry's type needs no system call where the file system reports it
            # (at 5,000 files, a stat each is a measurable share of check's time).
            if not entry.is_file(follow_symlinks=False):
                problems.append(Problem(label, 0, 0, "not a regular file"))
                continue
            with open(entry.path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                size = entry.stat(follow_symlinks=False).st_size
                problems.append(
                    Problem(
                        label,
                        0,
                        0,
                        f"file is {size} bytes; a user file is at most {MAX_FILE_BYTES}",
                    )
                )
                continue
            files.append((label, data))
        except OSError as error:
            problems.append(Problem(label, 0, 0, f"cannot read file: {error.strerror}"))
    return files


def _printable(name: str) -> str:
    """Return a file name safe to print: undecodable bytes and control characters escaped."""
    return printable(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))

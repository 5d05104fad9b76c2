"""Write the users/ files ``adopt`` decided on, each one valid and the folder valid as a whole.

Each file starts as ``new-user`` writes it (``lifecycle.new_user.new_user_text``: every key
explained) and ends with what the profile already has (execution role, extra tags), every value
double-quoted so that YAML 1.1 and 1.2 readers both read text. Before anything touches the disk,
every file is parsed by ``roster.parse_user`` and the folder, existing files and new ones
together, is read by ``roster.load_roster`` in a scratch copy: exactly what ``check`` runs. An
existing file is never overwritten.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from components.aws.adopt.decide import Adoption
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.lifecycle.new_user import new_user_text
from components.roster.users import UserSpec, load_roster, parse_user


def user_text(adoption: Adoption, settings: Settings, domain_id: str) -> str:
    """The text of ``users/<id>.yaml`` for ``adoption``."""
    name = adoption.profile.name
    text = new_user_text(
        adoption.user_id,
        email=adoption.email,
        profile_name=name if name != adoption.user_id else None,
        principal=adoption.principal_spec,
        settings=settings,
    )
    lines = [
        "",
        f"# Adopted from profile {name} of domain {domain_id} by python -m components adopt.",
    ]
    if adoption.execution_role_arn:
        lines.append(f"execution_role_arn: {json.dumps(adoption.execution_role_arn)}")
    if adoption.tags:
        lines.append("tags:")
        lines += [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in adoption.tags]
    return text + "\n".join(lines) + "\n"


def existing_users(folder: Path, settings: Settings) -> tuple[UserSpec, ...]:
    """The users already in ``folder`` (none if it does not exist yet).

    Raises:
        InputError: the folder has errors; adopting into it would hide them.
    """
    if not folder.exists():
        return ()
    return load_roster(folder, settings).users


def taken_names(folder: Path, users: Sequence[UserSpec]) -> tuple[set[str], set[str]]:
    """Ids (file names included) and profile names in use, folded to lower case."""
    ids = {u.id.lower() for u in users}
    if folder.is_dir():
        ids |= {
            p.name.rsplit(".", 1)[0].lower()
            for p in folder.iterdir()
            if p.suffix in (".yaml", ".yml")
        }
    return ids, {u.profile_name.lower() for u in users}


def parsed(path: Path, text: str, settings: Settings) -> tuple[UserSpec | None, list[str]]:
    """What ``check`` reads from ``text`` at ``path``, and why it refuses it (when it does)."""
    problems: list[Problem] = []
    spec = parse_user(str(path), text.encode("utf-8"), problems, settings)
    errors = [p.message for p in problems if p.severity == "error"]
    return (None if errors else spec), errors


def write_files(folder: Path, texts: dict[str, str], settings: Settings) -> list[Path]:
    """Write ``{id: text}`` into ``folder`` once the whole folder with them passes ``check``.

    Raises:
        InputError: the folder would not pass (nothing is written then), or a file appeared.
    """
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "users"
        if folder.is_dir():
            shutil.copytree(folder, trial)
        trial.mkdir(exist_ok=True)
        for user_id, text in texts.items():
            (trial / f"{user_id}.yaml").write_text(text, encoding="utf-8")
        try:
            load_roster(trial, settings)
        except InputError as error:
            raise InputError(
                [
                    Problem(str(folder / Path(p.path).name), p.line, p.column, p.message)
                    for p in error.errors
                ]
            ) from None
    written = []
    for user_id, text in texts.items():
        path = folder / f"{user_id}.yaml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise InputError(
                [Problem(str(path), 0, 0, "appeared while adopt ran; not overwritten")]
            ) from None
        except OSError as error:
            raise InputError(
                [Problem(str(path), 0, 0, f"cannot write: {error.strerror}")]
            ) from None
        written.append(path)
    return written

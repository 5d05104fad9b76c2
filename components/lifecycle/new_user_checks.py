"""What ``check --base`` would say of a new user file, before ``new-user`` writes it.

``new-user`` must never write a file that the pull request's check then refuses. So the new
person is judged as that check judges an added file: next to everyone already in the folder (ids,
profile names and each kind's shared values, such as an Identity Center ``user_name`` in another
case), against the stack's settings and quotas, and with the pull request's rules for dates
(``expires`` and ``review_after`` at most ``maxAccessDays`` ahead, no grant already past).
"""

from __future__ import annotations

from pathlib import Path

from components.changes.access import access_problems
from components.changes.users import Changes
from components.core.access_dates import today
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.roster.quotas import quota_problems
from components.roster.studio_effective import resolve
from components.roster.users import UserSpec, across_files, load_roster


def new_user_problems(folder: Path, user: UserSpec, settings: Settings) -> list[Problem]:
    """Every problem ``check --base`` would report for ``user`` added to ``folder``.

    The folder's own problems stay ``check``'s business: only those about the new file, and
    the stack-wide ones the new file causes (a quota it would exceed), are returned.
    """
    existing = _existing(folder, settings)
    everyone = [*existing, user]
    before = set(
        across_files(existing, settings, folder) + quota_problems(existing, settings, folder)
    )
    found = across_files(everyone, settings, folder) + quota_problems(everyone, settings, folder)
    found += resolve([user], settings)[1]
    added = Changes(base="", added=(user,), removed=(), changed=())
    found += access_problems([user], settings, added, today())
    return [p for p in found if p.path in (user.source, str(folder)) and p not in before]


def _existing(folder: Path, settings: Settings) -> list[UserSpec]:
    """The valid users already in ``folder`` (none when it is missing or invalid)."""
    if not folder.is_dir():
        return []
    try:
        return list(load_roster(folder, settings).users)
    except InputError:
        return []  # an invalid folder is check's business; file names were compared already

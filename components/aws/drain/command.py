"""``drain``: from a git ref to empty profiles, in the order SageMaker requires.

Runs in the deploy job before ``pulumi up``: it reads which profiles the change deletes
(``removals``), lists what they hold (``studio_work``), prints it, and unless it is a dry run,
deletes it (``drain``). With ``profileDeletion: retain`` nothing is ever deleted, so nothing is
read from AWS either.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from components.aws.client.session import connect
from components.aws.drain.delete import Clock, describe, drain
from components.aws.drain.removals import removed_profiles
from components.aws.drain.studio_work import profile_contents
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings


def run_drain(
    settings: Settings,
    users_dir: Path,
    base: str,
    *,
    dry_run: bool,
    timeout: float,
    poll: float,
    source: str,
    say: Callable[[str], None] = print,
) -> int:
    """Drain the profiles the change since ``base`` deletes; return the exit code (0).

    Raises:
        UsageError: ``base`` is not a git ref.
        InputError: users/ is invalid, or the stack names no domain.
        AwsError: an AWS call or a deletion failed, or the timeout passed.
    """
    if settings.retain_profiles:
        say(
            "nothing to drain: profileDeletion is retain, so pulumi up deletes no profile "
            "(a removed user's profile and its data are kept)"
        )
        return 0
    removals = removed_profiles(base, users_dir, settings)
    if not removals:
        say(f"nothing to drain: the change since {base} deletes no profile")
        return 0
    domain_id = settings.domain_id
    if not domain_id:
        raise InputError([Problem(source, 0, 0, "drain needs the stack's domainId")])
    aws, settings = connect(settings)
    contents = profile_contents(aws, domain_id, [r.profile for r in removals])
    say(f"pulumi up deletes {len(removals)} profile(s) of domain {settings.domain_id}:")
    say("\n".join(f"  {r.profile}: {r.reason}" for r in removals))
    say("they hold:")
    say("\n".join(describe(contents)))
    apps = sum(len(c.apps) for c in contents)
    spaces = sum(len(c.spaces) for c in contents)
    if dry_run:
        say(
            f"dry run: nothing was changed; drain would delete {apps} app(s), then {spaces} "
            f"space(s) ({aws.calls.summary()})"
        )
        return 0
    drain(aws, domain_id, contents, Clock.start(timeout, poll), say)
    say(
        f"drained: {apps} app(s) and {spaces} space(s) deleted; pulumi up can delete the "
        f"profiles now ({aws.calls.summary()})"
    )
    return 0

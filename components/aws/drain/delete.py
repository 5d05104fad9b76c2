"""Empty the profiles ``pulumi up`` is about to delete: their apps first, then their spaces.

SageMaker deletes a profile only when it has no apps and no spaces, and a space only when it has
no apps, so the order is fixed: delete every app (the profile's own and its spaces'), wait until
SageMaker reports each one ``Deleted``, then delete the spaces and wait until each is gone.
Deleting is asynchronous and takes minutes; ``drain`` polls with a delay until a deadline, and a
run that stops early (a timeout, a crash) is simply run again: what is gone stays gone, what is
``Deleting`` is waited for, not deleted twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from components.aws.client.errors import AwsError
from components.aws.client.progress import Progress
from components.aws.client.session import Aws
from components.aws.drain.studio_work import App, ProfileContents, Space

_GONE = ("ResourceNotFound",)
Say = Callable[[str], None]


@dataclass(frozen=True)
class Clock:
    """When to give up, and how long to wait between two looks."""

    deadline: float
    poll: float
    timeout: float

    @classmethod
    def start(cls, timeout: float, poll: float) -> Clock:
        return cls(time.monotonic() + timeout, poll, timeout)

    def wait(self, what: str, status: str) -> None:
        """Sleep one poll interval, or what is left of the time if that is less (the caller
        then looks once more, at the deadline); fail once the deadline has passed.

        Failing before the deadline because a whole interval no longer fits would give up early
        (``--poll 10 --timeout 5`` after one look), and the message would claim a wait that did
        not happen: it states the time actually waited.
        """
        left = self.deadline - time.monotonic()
        if left <= 0:
            waited = self.timeout - left
            raise AwsError(
                f"timed out after {waited:.{1 if waited < 10 else 0}f} s (--timeout "
                f"{self.timeout:g}) waiting for {what} to be deleted (still "
                f"{status or 'present'}). Nothing is half done: run drain again to go on waiting "
                "(what is deleted stays deleted), or give it longer with --timeout"
            )
        time.sleep(min(self.poll, left))


def describe(contents: Sequence[ProfileContents]) -> list[str]:
    """The lines a dry run prints: every app and space each profile loses."""
    lines = []
    for item in contents:
        if item.empty:
            lines.append(f"  profile {item.profile}: no apps or spaces")
            continue
        lines.append(f"  profile {item.profile}:")
        lines += [f"    {app.label} ({app.status})" for app in item.apps]
        lines += [
            f"    {space.label}: warning: its storage is destroyed with it" for space in item.spaces
        ]
    return lines


def drain(aws: Aws, domain_id: str, contents: Sequence[ProfileContents], clock: Clock, say: Say):
    """Delete the apps, wait, delete the spaces, wait; report each step through ``say``.

    Raises:
        AwsError: a call failed, a deletion failed, or the deadline passed.
    """
    apps = [(item.profile, app) for item in contents for app in item.apps]
    spaces = [(item.profile, space) for item in contents for space in item.spaces]
    for profile, app in apps:
        if app.status != "Deleting":
            say(f"deleting {app.label} of profile {profile}")
            aws.call("sagemaker", "delete_app", tolerate=_GONE, **app.identity(domain_id))
    with Progress("apps deleted", len(apps)) as progress:
        for profile, app in apps:
            _wait_for_app(aws, domain_id, profile, app, clock)
            progress.tick()
    for profile, space in spaces:
        if space.status != "Deleting":
            say(f"deleting {space.label} of profile {profile}")
            aws.call(
                "sagemaker",
                "delete_space",
                tolerate=_GONE,
                DomainId=domain_id,
                SpaceName=space.name,
            )
    with Progress("spaces deleted", len(spaces)) as progress:
        for profile, space in spaces:
            _wait_for_space(aws, domain_id, profile, space, clock)
            progress.tick()


def _wait_for_app(aws: Aws, domain_id: str, profile: str, app: App, clock: Clock) -> None:
    what = f"{app.label} of profile {profile}"
    while True:
        found = aws.call("sagemaker", "describe_app", tolerate=_GONE, **app.identity(domain_id))
        if not found:
            return
        status = found.get("Status", "")
        if status == "Deleted":
            return
        if status == "Failed":
            raise AwsError(
                f"SageMaker could not delete {what}: {found.get('FailureReason', 'no reason given')}"
            )
        clock.wait(what, status)


def _wait_for_space(aws: Aws, domain_id: str, profile: str, space: Space, clock: Clock) -> None:
    what = f"{space.label} of profile {profile}"
    while True:
        found = aws.call(
            "sagemaker", "describe_space", tolerate=_GONE, DomainId=domain_id, SpaceName=space.name
        )
        if not found:
            return
        status = found.get("Status", "")
        if status == "Deleted":
            return
        if status == "Delete_Failed":
            raise AwsError(
                f"SageMaker could not delete {what}: {found.get('FailureReason', 'no reason given')}"
            )
        clock.wait(what, status)

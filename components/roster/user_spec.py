"""One person of the roster: the ``UserSpec`` value a ``users/<id>.yaml`` file is read into.

The value is frozen and knows the tags it puts on the person's principal and profile; reading and
validating files is ``user_file``'s job, the folder's ``users``'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from components import kinds
from components.core.settings.access import profile_tag_key
from components.core.settings.studio import EMPTY, StudioLevel
from components.kinds.base import Principal

#: The tag that records a user's e-mail address, on the principal and on the profile.
EMAIL_TAG = "email"
#: ``active``: principal and tagged profile; ``offboarded``: no principal, profile kept untagged.
STATUSES = ("active", "offboarded")


@dataclass(frozen=True)
class UserSpec:
    """One person, as one ``users/<id>.yaml`` declares them.

    Attributes:
        id: the access tag value, the IAM principal name and the default profile name.
        profile_name: the SageMaker user profile name (default: ``id``).
        principal: how the person signs in: one of ``kinds``' kinds, as read.
        email: optional; recorded as the ``email`` tag.
        execution_role_arn: optional per-user execution role; otherwise the domain's default.
        tags: extra tags for the principal and the profile, sorted by key.
        status: ``active`` or ``offboarded`` (principal deleted, profile kept without access tag).
        team: optional; a team of the stack's ``teams``, whose Studio settings apply.
        studio: the user's own Studio settings, over the team's and the stack's.
        reason: optional; why the person needs access (``access_dates``).
        expires: optional; the last day of access, after which ``expire`` offboards the user.
        review_after: optional; the day from which the access is due for review.
        source: the file it came from.
        source_line: the line of its ``id``, for messages about the file as a whole.
        key_lines: ``(key, line)`` of each top-level key, for messages about one value.
    """

    id: str
    profile_name: str
    principal: Principal = field(default_factory=kinds.default_principal)
    email: str | None = None
    execution_role_arn: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    status: str = "active"
    team: str | None = None
    studio: StudioLevel = EMPTY
    reason: str | None = None
    expires: date | None = None
    review_after: date | None = None
    source: str = field(default="", compare=False)
    source_line: int = field(default=1, compare=False)
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, key: str) -> int:
        """The line of ``key`` in the file, else the line of its ``id``."""
        return dict(self.key_lines).get(key, self.source_line)

    @property
    def principal_type(self) -> str:
        """The kind of principal (``user``, ``role``, …), as ``principal.type`` names it."""
        return self.principal.kind

    @property
    def active(self) -> bool:
        """Whether the user has a principal and a profile that opens (``status: active``)."""
        return self.status == "active"

    def profile_tags(self, tag_key: str) -> dict[str, str]:
        """The profile's tags: extras, e-mail, then the access tag, which an offboarded user loses.

        Without the access tag no principal, present or future, can open the profile.
        """
        tags = dict(self.tags)
        if self.email is not None:
            tags[EMAIL_TAG] = self.email
        if self.active:
            tags[tag_key] = self.id
        return tags

    def principal_tags(self, tag_key: str) -> dict[str, str]:
        """The principal's tags: the profile's, then the profile tag that names its profile."""
        return {**self.profile_tags(tag_key), profile_tag_key(tag_key): self.profile_name}

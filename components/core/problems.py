"""The one way this project reports bad input: a problem with a file, a line and a column.

Every validator collects ``Problem`` values instead of raising at the first one, so that a
pull request shows all of its mistakes in one run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    Attributes:
        path: the file as the user should see it (``users/bob.yaml``).
        line: 1-based line, or 0 when the problem concerns the whole file.
        column: 1-based column, or 0 when unknown.
        message: what is wrong and, where possible, how to fix it.
        severity: ``error`` (fails the check) or ``warning`` (reported only).
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        """Escape control characters once, where every problem is made.

        Messages quote what files contain (a value, a key, a YAML tag such as ``!a%0Ab``, which
        YAML decodes to a newline); escaping here keeps every output format, and every consumer
        of ``message``, on one line per problem.
        """
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        """Format as ``path:line:col: severity: message``, the form editors and CI parse.

        A problem with the file as a whole (line 0) is ``path: severity: message``.
        """
        if not self.line:
            return f"{self.path}: {self.severity}: {self.message}"
        return f"{self.path}:{self.line}:{max(self.column, 1)}: {self.severity}: {self.message}"


def printable(text: str) -> str:
    """Escape control and other non-printable characters, so one problem is one terminal line.

    Messages quote what files contain; a carriage return or an escape sequence from a pull
    request must not rewrite the terminal or the CI log.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


class StudioAccessError(Exception):
    """The one base of every error the product raises on purpose.

    Each says what went wrong in words a user acts on; the CLI turns one into a message and an
    exit code (1, or 2 for a ``UsageError``), never a traceback, and the program into a failed
    preview that deploys nothing.
    """


class InputError(StudioAccessError):
    """Raised when input is invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail the run (warnings excluded)."""
        return [p for p in self.problems if p.severity == "error"]


class UsageError(StudioAccessError):
    """Raised when the command line names something that does not exist (a stack, a git ref).

    Distinct from ``InputError``: the CLI exits 2 for it, as for any other usage mistake.
    """

"""How the CLI speaks: plain lines for terminals, workflow commands for GitHub, Markdown for reviewers.

Everything printed may carry text from a pull request (file names, unknown keys), so each format
escapes it: GitHub workflow commands are escaped as the runner expects (a newline in a message
could otherwise start a command of its own), Markdown values are placed in code spans.
"""

from __future__ import annotations

from components.core.problems import Problem


def text_problem(problem: Problem) -> str:
    return str(problem)


def github_problem(problem: Problem) -> str:
    """Format as a GitHub workflow command, so the PR shows it on the offending line."""
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.column:
        properties.append(f"col={problem.column}")
    return f"::{problem.severity} {','.join(properties)}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def code(text: str, *, in_table: bool = False) -> str:
    """A Markdown code span that no content can break out of (nor out of a table cell)."""
    text = one_line(text)
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def one_line(text: str) -> str:
    """Replace line breaks and other non-printable characters (a CR is a Markdown break too)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def md(text: str) -> str:
    """Escape Markdown and HTML control characters in free text, on one line.

    ``~`` would strike text through (GFM) and ``&`` start an entity (``&lt;`` shows ``<``), so
    a user's text could read other than it is; both are escaped like the rest.
    """
    text = one_line(text)
    for ch in "\\`*_[]<>|#~&":
        text = text.replace(ch, f"\\{ch}")
    return text


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 IAM user``, ``2 IAM users``."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"

"""How the pull request report stays under GitHub's comment limit: a share per section.

Each section takes at most its share of what is left, in the order the report fills them, and
records what it left out, so the report can say so at the top and name the full report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Each section's share of the comment, in characters, in the order they are filled.
SHARES = {"changes": 20_000, "problems": 12_000, "attacks": 15_000, "standing": 6_000}


@dataclass
class Budget:
    """What is left of the comment's characters (``None``: no limit, the full report)."""

    left: int | None
    omitted: list[str]

    def share(self, name: str) -> int | None:
        if self.left is None:
            return None
        return max(0, min(SHARES.get(name, self.left), self.left))

    def spend(self, lines: Sequence[str]) -> None:
        if self.left is not None:
            self.left -= sum(len(line) + 1 for line in lines)


def bounded(
    items: Sequence[str],
    share: int | None,
    budget: Budget,
    word: str,
    words: str,
    *,
    table: bool = False,
    keep: int = 0,
) -> list[str]:
    """As many ``items`` as ``share`` characters hold, then a line counting the others.

    With ``table``, the items are table rows and the count follows the table as a paragraph.
    ``keep``: the first items shown whatever their length (one line of each kind of change).
    """
    if share is None:
        return list(items)
    shown: list[str] = []
    used = 0
    for item in items:
        if len(shown) >= keep and used + len(item) + 1 > share - 200:
            break
        shown.append(item)
        used += len(item) + 1
    if left := len(items) - len(shown):
        what = f"{left:,} {word if left == 1 else words}"
        budget.omitted.append(what)
        more = f"… and {left:,} more {word if left == 1 else words}: see the full report"
        shown += ["", f"_{more}._"] if table else [f"- {more}"]
    return shown

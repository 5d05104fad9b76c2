"""How many people a line of the PR report names: everyone that fits, everyone in the full report."""

from __future__ import annotations

from components.changes.studio import SettingsChange
from components.changes.users import Changes
from components.cli.render.report_budget import Budget
from components.cli.render.report_changes import bounded_changes
from components.cli.render.verdict import counts
from components.core.settings.stack import Settings
from components.roster.users import UserSpec


def _changes(count: int) -> Changes:
    ids = tuple(f"person-{i:05d}" for i in range(count))
    move = SettingsChange(ids, (("idle_timeout_minutes", 60, 120),))
    return Changes("main", (), (), (), studio=(move,))


def test_a_settings_change_names_every_user_its_share_holds():
    budget = Budget(57_500, [])
    (line,) = bounded_changes(_changes(11), Settings(), 20_000, budget)
    assert "`person-00010`" in line and "more" not in line
    assert budget.omitted == []


def test_the_full_report_names_everyone():
    (line,) = bounded_changes(_changes(5_000), Settings(), None, Budget(None, []))
    assert "`person-04999`" in line and "more" not in line


def test_a_comment_too_small_for_every_name_names_fewer_and_says_so():
    budget = Budget(57_500, [])
    (line,) = bounded_changes(_changes(5_000), Settings(), 20_000, budget)
    assert len(line) < 20_000
    assert line.count("`person-") == 1_000 and "and 4,000 more" in line
    assert budget.omitted == ["names beyond the first 1,000 on each line of settings changes"]


def test_counts_separate_thousands_of_offboarded():
    users = [UserSpec(id=f"u{i}", profile_name=f"u{i}", status="offboarded") for i in range(1_100)]
    assert counts(users) == "1,100 users (1,100 offboarded)"

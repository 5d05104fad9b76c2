"""The words the reports use for user-supplied text and for small rosters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

from components.cli.render.formats import md
from components.cli.render.verdict import counts

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_markdown_text_cannot_strike_through_or_spell_an_entity():
    text = "~~approved~~ &lt;script&gt; &amp; a_b"
    escaped = md(text)
    html = MarkdownIt("commonmark").enable("strikethrough").render(escaped)
    assert "<s>" not in html and "<del>" not in html, html
    assert "&amp;lt;script&amp;gt; &amp;amp;" in html, "each & shows as itself"
    assert "~~approved~~" in html


def test_no_user_is_counted_without_empty_parentheses():
    assert counts(()) == "0 users"


def test_an_empty_roster_is_no_one_to_prove_for(tmp_path):
    (tmp_path / "users").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "components", "check", "--format", "markdown"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    report = result.stdout
    assert "0 users" in report, report
    assert "()" not in report and "Each of the 0 users" not in report
    assert "There is no one to prove for" in report


def test_a_benign_request_the_seed_policy_denies_is_reported_beside_its_open_attacks():
    import dataclasses

    from components.cli.render.verdict import proof_problems
    from components.core.settings.stack import Settings
    from components.proof.isolation import prove
    from components.roster.users import load_roster

    settings = Settings(policy="seed")
    proof = prove(load_roster("users", settings).users, settings, allow_unproven=True)
    open_one = next(v for v in proof.verdicts if v.open_attacks and v.benign)
    denied = dataclasses.replace(
        open_one.benign[0], expected=not open_one.benign[0].decision.allowed
    )
    verdicts = tuple(
        dataclasses.replace(v, benign=(denied,)) if v is open_one else v for v in proof.verdicts
    )
    problems = proof_problems(dataclasses.replace(proof, verdicts=verdicts), "users")
    said = [p.message for p in problems]
    assert any(
        m.startswith("a benign request is denied for the " + open_one.caller.title) for m in said
    )
    assert any("(accepted with --allow-unproven)" in m for m in said)

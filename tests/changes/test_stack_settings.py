"""Which stack settings a change reports, and that the words of each stay tied to a real key."""

from __future__ import annotations

from dataclasses import replace

from components.changes.stack_settings import COMPARED_KEYS, EFFECTS, stack_changes
from components.core.settings.stack import CONFIG_KEYS, STRUCTURED_KEYS, Settings


def test_every_key_with_words_is_a_compared_key():
    assert set(EFFECTS) <= {key for key, _ in COMPARED_KEYS}


def test_every_plain_key_is_compared_and_the_structured_ones_are_left_to_studio():
    compared = {key for key, _ in COMPARED_KEYS}
    assert {key for key, _ in CONFIG_KEYS} - set(STRUCTURED_KEYS) <= compared
    assert not compared & set(STRUCTURED_KEYS), "teams and studio are reported per person"


def test_each_moved_value_is_one_change_with_before_after_and_effect():
    before = Settings(domain_id="d-abc123def456")
    after = replace(before, domain_id="d-000000000000", org_guard=True, max_access_days=30)
    changes = {change.key: change for change in stack_changes(before, after)}
    assert set(changes) == {"domainId", "orgGuard", "maxAccessDays"}
    assert (changes["orgGuard"].before, changes["orgGuard"].after) == ("false", "true")
    assert "outsiders are bound" in changes["orgGuard"].effect
    assert changes["maxAccessDays"].before == "365" and changes["maxAccessDays"].after == "30"
    assert "another domain" in changes["domainId"].effect
    assert stack_changes(before, before) == ()

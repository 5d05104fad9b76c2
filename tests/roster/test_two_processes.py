"""Reading a large folder on two processes gives exactly what one process gives."""

from __future__ import annotations

import os

import pytest

from components.roster import two_processes
from components.roster.two_processes import MIN_ITEMS, map_in_two
from components.roster.users import load_roster

PARENT = os.getpid()


def square(n: int) -> int:
    return n * n


def fails_in_a_child(n: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("a child that fails")
    return n + 1


def dies_in_a_child(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return n - 1


def fails_at(n: int) -> int:
    if n == MIN_ITEMS + 5:
        raise ValueError(f"item {n}")
    return n


@pytest.mark.parametrize("count", [0, 1, MIN_ITEMS - 1, MIN_ITEMS, 2 * MIN_ITEMS + 1])
def test_the_values_and_their_order_are_those_of_one_process(count: int):
    assert map_in_two(square, range(count)) == [n * n for n in range(count)]


@pytest.mark.parametrize("function", [fails_in_a_child, dies_in_a_child])
def test_a_child_that_fails_or_dies_is_redone_here(function):
    items = range(2 * MIN_ITEMS)
    assert map_in_two(function, items) == [function(n) for n in items]


def test_an_error_is_raised_as_one_process_raises_it():
    with pytest.raises(ValueError, match=f"item {MIN_ITEMS + 5}"):
        map_in_two(fails_at, range(2 * MIN_ITEMS))


def test_without_fork_it_runs_here(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delattr(two_processes.os, "fork")
    assert map_in_two(square, range(2 * MIN_ITEMS))[-1] == (2 * MIN_ITEMS - 1) ** 2


def test_a_large_folder_reads_as_a_small_one_does(tmp_path):
    folder = tmp_path / "users"
    folder.mkdir()
    for n in range(MIN_ITEMS + 10):
        text = f"id: u{n:05d}\nemail: u{n}@example.com\n"
        if n % 97 == 0:
            text += "tags: {aws:x: 1}\n"  # a problem in both halves
        (folder / f"u{n:05d}.yaml").write_text(text)
    with pytest.raises(Exception) as in_two:
        load_roster(folder, in_two=True)
    with pytest.raises(Exception) as in_one:
        load_roster(folder)
    assert str(in_two.value) == str(in_one.value)
    assert "u00097.yaml" in str(in_two.value) and "u00970.yaml" in str(in_two.value)


def test_a_large_valid_folder_gives_the_same_users(tmp_path):
    folder = tmp_path / "users"
    folder.mkdir()
    for n in range(MIN_ITEMS + 10):
        team = "\nteam: gpu" if n % 3 else ""
        (folder / f"u{n:05d}.yaml").write_text(f"id: u{n:05d}\ntags: {{project: p{n}}}{team}\n")
    in_two = load_roster(folder, in_two=True)
    assert in_two == load_roster(folder) and len(in_two.users) == MIN_ITEMS + 10

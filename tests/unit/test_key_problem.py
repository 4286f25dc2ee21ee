"""A keymap key no key press carries is refused at start, with the reason (found by hand: a
config with ``"app.quit" = "[b]q[/b]"`` took q away and put the literal text in the footer)."""

from __future__ import annotations

import pytest

from tui.app import DockyardApp
from tui.domain.keymap_check import check
from tui.key_names import key_problem
from tui.screens.binding_tables import binding_tables


@pytest.mark.parametrize("key", ["x", "X", "ctrl+x", "f5", "f24", "question_mark", "slash", "minus", "pageup", "ctrl+shift+up", "space", "tab", "full_stop", "left_square_bracket", "?", "ä"])
def test_keys_textual_names_pass(key):
    assert key_problem(key) == ""


@pytest.mark.parametrize(
    "key, why",
    [("foo", "not a key name"), ("ctrl+nope", "not a key name"), ("solidus", "'slash'"), ("hyphen_minus", "'minus'"), ("latin_small_letter_a", "'a'")],
)
def test_names_no_key_press_carries_are_refused(key, why):
    assert why in key_problem(key)


def test_every_default_key_is_one_textual_fires():
    tables = binding_tables(DockyardApp.BINDINGS)
    dead = [(ctx, bid, k) for ctx, rows in tables.items() for bid, keys, _ in rows for k in keys.split(",") if k.strip() and key_problem(k.strip())]
    assert not dead, dead


def test_check_refuses_an_entry_with_a_dead_key_and_keeps_the_rest():
    tables = {"a": [("one", "x", "do_one"), ("two", "y", "do_two")]}
    applied, problems = check({"one": "z,foo", "two": "w"}, tables, key_problem)
    assert applied == {"two": "w"}
    assert problems == ["keymap: one = 'foo' is no key: not a key name (ignored)"]

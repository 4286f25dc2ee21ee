"""A keymap entry with an unknown id, or taking another action's key, is reported at start and
not applied; help never lists one key for two actions (issue 15, item 12)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import dash
from tui.domain.keymap_check import check
from tui.keymap import Config

pytestmark = pytest.mark.daemon


async def test_bad_keymap_entries_are_reported_and_dropped(make_app, until):
    app = make_app(config=Config(keymap={"container.nope": "x", "container.stop": "r", "container.kill": "Z"}))
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced)
        messages = [str(n.message) for n in app._notifications]
        text = "\n".join(messages)
        assert "container.nope" in text and "unknown id" in text
        assert "container.stop" in text and "container.restart" in text
        assert app.binding_keys("container.stop") == ""  # refused: s stays stop
        assert app.binding_keys("container.kill") == "Z"  # a free key is applied
        rows = dash(app).help_rows()
        keys: dict[str, set[str]] = {}
        for _, key_text, description, _ in rows:
            for key in key_text.split(", "):
                keys.setdefault(key, set()).add(description.split(" — ")[0])
        doubled = {k: v for k, v in keys.items() if len(v) > 1}
        assert not doubled, doubled
        await pilot.press("Z")  # the remapped kill key opens the kill dialog (no selection needed to not crash)


def test_check_is_per_context():
    tables = {"a": [("one", "x", "do_one"), ("two", "y", "do_two")], "b": [("three", "y", "do_three")]}
    applied, problems = check({"three": "x"}, tables)
    assert applied == {"three": "x"} and not problems  # x is free in context b
    applied, problems = check({"one": "y"}, tables)
    assert applied == {} and "already two" in problems[0]

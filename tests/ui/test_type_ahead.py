"""Type-ahead: keys typed right after the key that opens an input belong to that input, even
when they all arrive in one burst (a busy machine); destructive confirmations still ignore
keys typed before they were drawn (issue 15, item 3).

A burst is simulated by posting every key event before the app handles any of them (no
pauses, no wall-clock assertions)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from tests.ui.helpers import pane, shown
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.forms import FormScreen

pytestmark = pytest.mark.daemon

CHARS = {"slash": "/", "enter": "\r", "escape": "\x1b", "question_mark": "?", "minus": "-", "colon": ":", "full_stop": "."}


def burst(app, *keys: str) -> None:
    """Queue every key at once, as a terminal delivers keys typed while the app was busy."""
    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, char))


async def test_slash_then_letters_in_one_burst_fill_the_filter(make_app, bed, until):
    cid = bed.run("nc-typeahead")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        burst(app, "slash", "o")
        p = pane(app)
        await until(pilot, lambda: p.filter_input.value == "o", what=f"'o' in the filter (has {p.filter_input.value!r})")
        # The pane takes the text from the input's Changed message, a step after the value is set.
        await until(pilot, lambda: p.query_text == "o", what=f"the pane's filter (has {p.query_text!r})")
        assert p.sort_column is None  # o did not also sort


async def test_filter_typed_right_after_closing_help(make_app, bed, until):
    cid = bed.run("nc-help")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        burst(app, "question_mark", "escape", "slash", "n", "c", "minus")
        p = pane(app)
        await until(pilot, lambda: p.filter_input.value == "nc-", what=f"'nc-' in the filter (has {p.filter_input.value!r})")


async def test_pull_reference_and_enter_typed_before_the_form_appeared(make_app, bed, until, test_image):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="synced")
        await pilot.press("2")
        pane(app, "images").table.move_cursor(row=0)  # the form is prefilled from the selection
        # the form opens prefilled (and selected) with the selected tag: what is typed replaces it
        burst(app, "P", *"127.0.0.1:9/nope:1", "enter")
        want = "pull 127.0.0.1:9/nope:1"
        await until(pilot, lambda: any(want in r.command for r in app.control.store.action_log), timeout=30, what="the pull typed ahead, submitted")


async def test_kill_confirmation_ignores_enter_typed_before_it_was_drawn(make_app, bed, daemon_client, until):
    cid = bed.run("nc-kill")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        p = pane(app)
        p.select_key(cid)
        await until(pilot, lambda: p.selected_key == cid)
        burst(app, "K", "right", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen._armed, what="armed dialog")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmScreen)
        assert daemon_client.inspect_container(cid)["State"]["Running"] is True


async def test_logs_search_typed_in_one_burst(make_app, bed, until):
    """In the logs view, `/tick` typed in one burst searches for "tick": t is not
    Timestamps and c is not Copy (found using the app in tmux)."""
    from tui.screens.detail.logs_tab import LogsTab

    cid = bed.run("nc-logsearch", "while :; do echo tick; sleep 1; done")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        p = pane(app)
        p.select_key(cid)
        await pilot.press("l")
        await until(pilot, lambda: bool(app.screen.query(LogsTab)) and len(app.screen.query_one(LogsTab).buffer) > 0, what="the logs")
        tab = app.screen.query_one(LogsTab)
        stamps = tab.view.timestamps
        burst(app, "slash", "t", "i", "c", "k")
        await until(pilot, lambda: tab._input.value == "tick", what=f"'tick' in the search (has {tab._input.value!r})")
        assert tab.view.timestamps == stamps  # t was typed, not Timestamps
        assert tab.search_query == "tick"

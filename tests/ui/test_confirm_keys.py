"""Confirm dialogs: ← → h l move between the buttons (the key path, on the real daemon),
and removing a running container starts with Force ticked (issue 15, items 4 and 5)."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Checkbox

from tests.ui.helpers import pane, shown
from tui.screens.dialogs.confirm import ConfirmScreen

pytestmark = pytest.mark.daemon


def _armed(app) -> bool:
    return isinstance(app.screen, ConfirmScreen) and app.screen._armed and isinstance(app.screen.focused, Button)


async def _select(app, pilot, until, cid):
    await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
    p = pane(app)
    assert p.select_key(cid)
    await until(pilot, lambda: p.selected_key == cid, what="cursor on the row")


async def test_right_then_enter_kills(make_app, bed, daemon_client, until):
    cid = bed.run("victim")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _select(app, pilot, until, cid)
        await pilot.press("K")
        await until(pilot, lambda: _armed(app), what="the armed kill dialog")
        assert app.screen.focused.id == "cancel"
        await pilot.press("right")
        assert app.screen.focused.id == "ok"
        await pilot.press("left")
        assert app.screen.focused.id == "cancel"
        await pilot.press("l")
        assert app.screen.focused.id == "ok"
        await pilot.press("enter")
        await until(pilot, lambda: daemon_client.inspect_container(cid)["State"]["Running"] is False, timeout=20, what="the container killed")


async def test_h_then_enter_cancels(make_app, bed, daemon_client, until):
    cid = bed.run("spared")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _select(app, pilot, until, cid)
        await pilot.press("K")
        await until(pilot, lambda: _armed(app), what="the armed kill dialog")
        await pilot.press("l", "h", "enter")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), what="dialog closed")
        await pilot.pause(0.5)
        assert daemon_client.inspect_container(cid)["State"]["Running"] is True


async def test_remove_running_container_has_force_ticked(make_app, bed, daemon_client, until):
    running = bed.run("running")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _select(app, pilot, until, running)
        await pilot.press("d")
        await until(pilot, lambda: _armed(app), what="the armed remove dialog")
        assert app.screen.query_one("#opt-force", Checkbox).value is True
        assert app.screen.query_one("#opt-volumes", Checkbox).value is False
        await pilot.press("right", "enter")
        await until(pilot, lambda: not any(c["Id"] == running for c in daemon_client.containers(all=True)), timeout=20, what="the running container removed")


async def test_remove_stopped_container_leaves_force_unticked(make_app, bed, until):
    stopped = bed.run("stopped", start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _select(app, pilot, until, stopped)
        await pilot.press("d")
        await until(pilot, lambda: _armed(app), what="the armed remove dialog")
        assert app.screen.query_one("#opt-force", Checkbox).value is False
        await pilot.press("escape")

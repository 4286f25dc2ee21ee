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


async def test_dashboard_confirmations_speak_korean_under_lang_ko(make_app, bed, until):
    """--lang ko: the kill and remove dialogs of the dashboard (title, options, both buttons)
    and the preview's labels are Korean, not English."""
    from textual.widgets import Label, Static

    cid = bed.run("ko-target")
    app = make_app(lang="ko")
    async with app.run_test(size=(160, 45)) as pilot:
        await _select(app, pilot, until, cid)
        await pilot.press("K")
        await until(pilot, lambda: _armed(app), what="the armed kill dialog")
        assert "강제 종료할까요" in str(app.screen.query_one("#confirm-title", Label).render())
        assert [str(b.label) for b in app.screen.query(Button)] == ["취소", "강제 종료"]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), what="kill dialog closed")
        await pilot.press("d")
        await until(pilot, lambda: _armed(app), what="the armed remove dialog")
        assert "삭제할까요" in str(app.screen.query_one("#confirm-title", Label).render())
        assert [str(b.label) for b in app.screen.query(Button)] == ["취소", "삭제"]
        assert "강제" in str(app.screen.query_one("#opt-force", Checkbox).label)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), what="remove dialog closed")
        facts = app.screen.query_one("#preview-facts", Static)  # on by default at >= 140 columns

        def text() -> str:
            rendered = facts.render()
            return getattr(rendered, "plain", str(rendered))

        await until(pilot, lambda: "상태" in text(), what="Korean preview labels")
        assert "State" not in text() and "Image" not in text()

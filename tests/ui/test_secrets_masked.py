"""Secrets masked everywhere: the Logs tab lines (revealed on v), copies, saved files, and the
Run form's environment in the status line and action log (issue 15, item 10)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import pane, shown
from tui.domain.secrets import MASK
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import ContainerDetailScreen
from tui.screens.detail.logs_tab import LogsTab
from tui.screens.dialogs.forms import FormScreen

pytestmark = pytest.mark.daemon

SECRET = "hunter2-correct-horse"


def shown_lines(tab) -> list[str]:
    view = tab.view
    return [view._text(e_seq, tab.buffer.get(e_seq))[1].plain for e_seq in tab.buffer.seqs()]


async def test_logs_lines_are_masked_until_v(make_app, bed, until, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKYARD_LOG_DIR", str(tmp_path))
    cid = bed.run("printenv", ["sh", "-c", "env; echo connecting with $DB_PASSWORD; sleep 100000"], environment={"DB_PASSWORD": SECRET})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        p = pane(app)
        p.select_key(cid)
        await until(pilot, lambda: p.selected_key == cid)
        await pilot.press("l")
        screen = await until(pilot, lambda: app.screen if isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted else None)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: tab.secrets and any("connecting with" in e.line.text for e in tab.buffer), what="lines and the env read")
        lines = shown_lines(tab)
        assert not any(SECRET in line for line in lines), lines
        assert any(f"connecting with {MASK}" in line for line in lines)
        await pilot.press("v")
        assert any(f"connecting with {SECRET}" in line for line in shown_lines(tab))
        await pilot.press("v")
        assert not any(SECRET in line for line in shown_lines(tab))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: tab.saved_path is not None, what="saved")
        assert SECRET not in tab.saved_path.read_text()


async def test_run_form_environment_is_masked_in_status_and_action_log(make_app, bed, until, test_image, daemon_client):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="synced")
        name = bed.name("ran")
        app.control.flows.run_image(test_image)
        form = await until(pilot, lambda: app.screen if isinstance(app.screen, FormScreen) and app.screen.is_mounted else None, what="run form")
        form.set_value("name", name)
        form.set_value("command", "sleep 100000")
        form.set_value("env", "DB_PASSWORD='two words' PLAIN=visible")
        form.action_submit()
        await until(pilot, lambda: any(name in r.command for r in app.control.store.action_log), timeout=30, what="the run in the action log")
        record = next(r for r in app.control.store.action_log if name in r.command)
        assert "two words" not in record.command and MASK in record.command and "PLAIN=visible" in record.command
        assert "two words" not in app.control.store.last_action.plain
        env = daemon_client.inspect_container(name)["Config"]["Env"]
        assert "DB_PASSWORD=two words" in env  # the container got the real value

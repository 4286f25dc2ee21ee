"""Keys typed while Dockyard starts act on the dashboard once it is there (issue 20's start,
found by hand: a ``2`` typed in the first second landed in the containers filter).

Textual focuses the first focusable widget when a screen is composed, and a hidden filter
Input counts (``Widget.focusable`` reads ``visibility``, not ``display``): until the
dashboard's mount focused the containers table, a key that came back to the app was handed
to that hidden Input (tui/type_ahead.py). The dashboard now names its auto-focus target.
"""

from __future__ import annotations

import re
import time

import pytest
from textual.screen import Screen

from tests.support.daemon import docker_host
from tests.support.pty_app import PtyApp, base_env
from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tui.app import DockyardApp
from tui.engine.endpoint import Endpoint
from tui.keymap import Config


async def test_the_dashboard_focuses_the_containers_table_first(monkeypatch):
    """Never a filter Input (the containers table itself is hidden while it has no rows: its
    keys still bubble to the pane and the screen)."""
    focused: list = []
    original = Screen.set_focus

    def set_focus(self, widget, *args, **kwargs):
        if widget is not None:
            focused.append((type(self).__name__, widget))
        return original(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", set_focus)
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.focused is not None and type(app.focused).__name__ == "PaneTable"
        table = app.screen.pane("containers").table
        on_dashboard = [widget for screen, widget in focused if screen == "DashboardScreen"]
        assert on_dashboard and all(widget is table for widget in on_dashboard), on_dashboard


@pytest.mark.parametrize("when", ["before the first byte", "once the terminal is set up"])
def test_keys_typed_during_the_start_reach_the_dashboard(tmp_path, daemon_client, when):
    """``2`` focuses the images pane, ``/`` opens its filter, ``kx`` is typed into it: the
    containers pane keeps no filter."""
    env = base_env(tmp_path, DOCKER_HOST=docker_host())
    with PtyApp(env=env, size=(160, 45)) as app:
        if when == "once the terminal is set up":
            app.wait_raw(rb"\x1b\[\?1049h", timeout=60)  # the alternate screen: Textual's driver is up
        app.send("2")
        time.sleep(0.05)
        app.send("/")
        time.sleep(0.05)
        app.send("kx")
        app.wait_for(r"Images \(.*filter: kx", timeout=60)
        text = app.screen_text()
        containers = [line for line in text.splitlines() if re.search(r"Containers \(", line)]
        assert containers and not any("filter" in line for line in containers), text

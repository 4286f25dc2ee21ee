"""No daemon is not a crash: a full-screen message that names the endpoint and the reason,
retries, and gives way to the dashboard as soon as the daemon answers."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import proxy as proxies


@pytest.fixture
def dead_endpoint():
    """A socket path where nothing listens yet (short: unix socket paths are limited)."""
    d = Path(tempfile.mkdtemp(prefix="dyc-"))
    yield d / "docker.sock"
    shutil.rmtree(d, ignore_errors=True)


def _message(app) -> str:
    static = app.screen.query_one("#connect-message")
    return str(static.render())


async def test_connect_screen_then_dashboard_when_the_daemon_answers(daemon_client, bed, dead_endpoint, monkeypatch, tmp_path, until):
    from tui.app import DockyardApp
    from tui.engine.endpoint import resolve
    from tui.keymap import Config
    from tui.screens.dialogs.connect import ConnectScreen
    from tui.screens.dashboard import DashboardScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    cid = bed.run("visible")
    host = f"unix://{dead_endpoint}"
    app = DockyardApp(resolve(host=host, env={}), config=Config(), stats_interval=0.5)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: (isinstance(app.screen, ConnectScreen) and app.screen.is_mounted), what="the connect screen")
        await until(pilot, lambda: "no socket there" in _message(app), what="the reason")
        text = _message(app)
        assert host in text and "Cannot reach the Docker daemon" in text
        first = app.screen.attempts
        await until(pilot, lambda: app.screen.attempts > first, timeout=10, what="a retry")
        assert not app.state.synced

        proxy = proxies.Proxy(proxies.daemon_socket(), path=str(dead_endpoint))
        proxy.start()
        try:
            await until(pilot, lambda: (isinstance(app.screen, DashboardScreen) and app.screen.is_mounted), timeout=15, what="the dashboard")
            assert not any(isinstance(s, ConnectScreen) for s in app.screen_stack)
            assert app.state.synced and app.state.connection == "live"
            pane = app.screen.pane("containers")
            await until(pilot, lambda: cid in [r.key.value for r in pane.table.ordered_rows], what="the container row")
        finally:
            await pilot.press("q")
            proxy.stop()


async def test_connect_screen_quits_at_once(dead_endpoint, monkeypatch, tmp_path, until):
    from tui.app import DockyardApp
    from tui.engine.endpoint import resolve
    from tui.keymap import Config
    from tui.screens.dialogs.connect import ConnectScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = DockyardApp(resolve(host=f"unix://{dead_endpoint}", env={}), config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: (isinstance(app.screen, ConnectScreen) and app.screen.is_mounted), what="the connect screen")
        await pilot.press("q")
    assert app.return_code in (0, None)
    app.session.join(timeout=3)
    assert not [t.name for t in app.session._threads if t.is_alive()]

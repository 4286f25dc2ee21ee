"""Issue 12 item 2 in the real app: a frozen remote daemon (SIGSTOP of a bed dockerd) over
TLS and over the ssh tunnel shows "not responding" in the header within 8 s (+1 s for the
UI), keys keep working while it is frozen, and quitting stays instant."""

from __future__ import annotations

import time

import pytest

from tests.remote.conftest import bed_var, frozen, main_dockerd_pidfile
from tests.ui.helpers import dash, pane

pytestmark = pytest.mark.daemon


@pytest.fixture(params=["tls", "ssh"])
def remote(request):
    if request.param == "tls":
        return request.getfixturevalue("tls_endpoint"), bed_var("DOCKYARD_TEST_TLS_PIDFILE")
    return request.getfixturevalue("ssh_endpoint"), main_dockerd_pidfile()


async def test_frozen_remote_in_the_app_not_responding_keys_work_quit_instant(remote, until, monkeypatch, tmp_path):
    from tui.app import DockyardApp
    from tui.keymap import Config

    endpoint, pidfile = remote
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    app = DockyardApp(endpoint, config=Config(), stats_interval=0.5)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.control.store.state.synced, timeout=30, what=f"listed over {endpoint.transport}")
        await pilot.pause(0.5)
        with frozen(pidfile):
            t0 = time.monotonic()
            await until(pilot, lambda: "not responding" in str(dash(app).query_one("#daemon-line").render()), timeout=9, what="not responding in the header")
            assert time.monotonic() - t0 <= 9.0
            # keys keep working: switch panes and filter, all answered on the UI thread
            await pilot.press("2")
            await pilot.pause()
            assert dash(app).active_pane == "images"
            await pilot.press("1")
            pane(app).set_filter("nothing-matches-this")
            await pilot.pause()
            assert not pane(app)._cells
            q0 = time.monotonic()
            app.control.close()
            assert time.monotonic() - q0 < 1.0  # quit does not wait for the frozen daemon

"""Merged logs interleave the containers' histories by timestamp, then live lines by arrival;
the saved file is in the same order (issue 15, item 2)."""

from __future__ import annotations

import time

import pytest

from tests.ui.helpers import pane
from tui.domain.logbuffer import ts_key
from tui.screens.detail import ContainerDetailScreen
from tui.screens.detail.logs_tab import LogsTab

pytestmark = pytest.mark.daemon

SCRIPT = "for i in 1 2 3 4 5 6; do echo {p}$i; sleep 0.3; done; sleep 3; echo {p}-live; sleep 100000"


async def test_histories_are_interleaved_by_time_and_saved_so(bed, make_app, until, daemon_client, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKYARD_LOG_DIR", str(tmp_path))
    a = bed.run("alpha", ["sh", "-c", SCRIPT.format(p="a")])
    time.sleep(0.15)
    b = bed.run("beta", ["sh", "-c", SCRIPT.format(p="b")])
    deadline = time.monotonic() + 20
    while b"b6" not in daemon_client.logs(b):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and a in app.state.containers and b in app.state.containers)
        p = pane(app)
        for cid in (a, b):
            await until(pilot, lambda: p.select_key(cid))
            await pilot.press("space")
        await pilot.press("l")
        screen = await until(pilot, lambda: app.screen if (isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted) else None)
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: len(tab.buffer) >= 12, what="both histories")
        history = [e.line.text for e in tab.buffer][:12]
        by_time = [e.line.text for e in sorted(list(tab.buffer)[:12], key=lambda e: ts_key(e.line.ts))]
        assert history == by_time
        assert sorted(history) == sorted(f"{p}{i}" for i in range(1, 7) for p in "ab")
        assert history[:6] != [f"a{i}" for i in range(1, 7)], "not interleaved: all of alpha first"
        await until(pilot, lambda: {"a-live", "b-live"} <= {e.line.text for e in tab.buffer}, timeout=20, what="live lines")
        assert [e.line.text for e in tab.buffer][:12] == history  # live lines come after the history
        await pilot.press("ctrl+s")
        await until(pilot, lambda: tab.saved_path is not None, what="the saved file")
        saved = [line.rsplit(" ", 1)[-1] for line in tab.saved_path.read_text().splitlines()]
        assert saved[:12] == history


def test_ts_key_orders_trimmed_nanoseconds():
    assert ts_key("2026-01-01T00:00:09.1Z") < ts_key("2026-01-01T00:00:09.12Z") < ts_key("2026-01-01T00:00:10Z")

"""Snapshots of the fleet, replayed from the recording of the real daemon (three fake hosts,
one of them lost after its first listing), with a frozen clock and a pinned theme:
the header with 3 hosts at 120x36 and 80x24, the merged table with a HOST column and,
scoped to one host, without it."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tests.ui.helpers import pane
from tui.app import DockyardApp
from tui.domain import changes as ch
from tui.engine.endpoint import Endpoint
from tui.keymap import Config

# Which recorded containers each fake host holds (the recording has seven).
SHARE = {"prod-1": ("web", "db", "busy"), "prod-2": ("web", "sick", "paused"), "lab": ("fresh", "finished")}


class FleetFakeSession(FakeSession):
    """One fake host: part of the recording; ``lab`` is lost right after its listing."""

    def __init__(self, endpoint, emit, **kwargs) -> None:
        super().__init__(endpoint, emit, **kwargs)
        self.readonly = self.readonly or endpoint.readonly  # as the real Session does
        names = SHARE.get(endpoint.name, ())
        self.snapshot = replace(self.snapshot, containers=tuple(c for c in self.snapshot.containers if c.name in names))
        self._containers = {c.id: c for c in self.snapshot.containers}

    def start(self) -> None:
        super().start()
        if self.endpoint.name == "lab":
            self.emit(ch.ConnectionChanged("lost", self.endpoint.host, "cannot reach lab"))


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """"stale since HH:MM" is local time: pin the zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fleet_app(**kwargs) -> DockyardApp:
    fleet = [(n, Endpoint(f"ssh://{n}", "flag", name=n, readonly=n == "prod-2")) for n in SHARE]
    app = DockyardApp(
        fleet[0][1], config=Config(), clock=lambda: FROZEN_NOW, session_factory=FleetFakeSession,
        fleet=fleet, fleet_groups={"prod-1": "prod", "prod-2": "prod"}, fleet_colours={"prod-1": "#d08770", "lab": "#88c0d0"}, **kwargs,
    )  # fmt: skip
    app.theme = "textual-dark"
    return app


async def _settled(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        fleet = app.control.fleet
        if fleet.is_stale("lab") and pane(app).table.row_count >= 8:
            break
        await pilot.pause(0.02)
    # The "lab: lost" toast expires 4 s of wall-clock after it was raised: on a busy machine the
    # capture may come before or after that, so the snapshot is taken without toasts (the header's
    # "✕ lab since" chip shows the same state, and test_fleet_replay_rows_and_chips checks it).
    app.clear_notifications()
    _cursors_home(app)
    await pilot.pause(0.2)


def _cursors_home(app) -> None:
    """Rows arrive host by host in whichever order the threads answer and a cursor keeps its row:
    every pane's cursor goes to its first row so the capture does not depend on that order."""
    for kind in ("containers", "images", "networks", "volumes"):
        table = pane(app, kind).table
        if table.row_count:
            table.move_cursor(row=0, animate=False)
        table.scroll_home(animate=False)


async def _one_host(pilot) -> None:
    await _settled(pilot)
    pilot.app.control.fleet.set_scope("prod-1")
    await pilot.pause(0.2)
    _cursors_home(pilot.app)
    await pilot.pause(0.2)


def test_fleet_header_and_merged_table_120x36(snap_compare):
    assert snap_compare(fleet_app(), terminal_size=(120, 36), run_before=_settled)


def test_fleet_header_and_merged_table_80x24(snap_compare):
    assert snap_compare(fleet_app(), terminal_size=(80, 24), run_before=_settled)


def test_fleet_scoped_to_one_host_has_no_host_column_120x36(snap_compare):
    assert snap_compare(fleet_app(), terminal_size=(120, 36), run_before=_one_host)


async def test_fleet_replay_rows_and_chips():
    app = fleet_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _settled(pilot)
        p = pane(app)
        assert "host" in p._widths and p.table.row_count == 8  # web on two hosts is two rows
        hosts = {o.host for o in p._objects.values()}
        assert hosts == {"prod-1", "prod-2", "lab"}
        stale = [o for o in p._objects.values() if o.host == "lab"]
        assert stale and all(o.status.startswith("stale since") for o in stale)
        line = str(app.screen.query_one("#daemon-line").render())
        assert "prod-1" in line and "prod-2" in line and "lab" in line and "scope all" in line
        app.control.fleet.set_scope("group:prod")
        await pilot.pause(0.2)
        assert {o.host for o in pane(app)._objects.values()} == {"prod-1", "prod-2"}

"""Issue 13's speed points as behaviour, against private dockerds of the bed (the figures
themselves are bench/fleet.py's): an update in a merged table touches only its own row
(no walk over every row, no sort of every row); a burst of changes queued together is one
merged state, not one each; rows of a host appear while another host has not answered
(a frozen daemon holds no start slot for long, nor the others' rows)."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fleet.conftest import pidfile
from tests.ui.helpers import pane
from tui.domain import changes as ch
from tui.domain.fleet_state import row_key
from tui.engine.endpoint import resolve

pytestmark = pytest.mark.daemon


def fleet_app(urls, names, **kw):
    from tui.app import DockyardApp
    from tui.keymap import Config

    fleet = [(n, replace(resolve(host=u, env={}), name=n)) for n, u in zip(names, urls)]
    return DockyardApp(fleet[0][1], config=Config(), fleet=fleet, **kw)


class Counts:
    """What the containers pane did for each row while counting: cells rendered, filter
    checks, walks of the table's whole order, full sorts."""

    def __init__(self, p, monkeypatch) -> None:
        self.cells: list[str] = []
        self.wanted = 0
        self.order_walks = 0
        self.full_sorts = 0
        self.on = False
        row_cells, wanted, order, sort = p._row_cells, p._wanted, p._order, p.table.sort

        def _row_cells(key, obj, ctx):
            if self.on:
                self.cells.append(key)
            return row_cells(key, obj, ctx)

        def _wanted(obj):
            self.wanted += self.on
            return wanted(obj)

        def _order():
            self.order_walks += self.on
            return order()

        def _sort(*a, **k):
            self.full_sorts += self.on
            return sort(*a, **k)

        monkeypatch.setattr(p, "_row_cells", _row_cells)
        monkeypatch.setattr(p, "_wanted", _wanted)
        monkeypatch.setattr(p, "_order", _order)
        monkeypatch.setattr(p.table, "sort", _sort)


def natural_order(p) -> list[str]:
    """The merged table's natural order computed afresh: host, running first, name."""
    objs = p._objects
    return sorted(p._cells, key=lambda k: (objs[k].host, objs[k].state not in ("running", "paused"), objs[k].name.lower()))


async def test_a_start_in_a_merged_table_touches_only_its_row(fleet_clients, until, monkeypatch, tmp_path):
    """Two hosts x 24 containers: a container started on one host re-renders that row only,
    checks the filter for it only, moves it into place without sorting the table or walking
    its order, and the table's order is then what a full sort gives."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    names = ["left", "right"]
    ids: dict[str, list[str]] = {n: [] for n in names}
    for n, (_, _, bed) in zip(names, fleet_clients[:2]):
        for i in range(24):
            ids[n].append(bed.run(f"row-{i:02d}", start=False))
    app = fleet_app([u for u, _, _ in fleet_clients[:2]], names, stats_interval=60.0)
    async with app.run_test(size=(140, 40)) as pilot:
        p = pane(app)
        await until(pilot, lambda: all(row_key(n, c) in p._cells for n in names for c in ids[n]) and not p._backlog, timeout=30, what="both hosts' rows")
        await pilot.pause(0.5)
        rows = len(p._cells)
        assert p._order() == natural_order(p)
        target = row_key("right", ids["right"][13])
        # once started and stopped first: the STATUS column has grown to its width (a wider
        # value re-fits the columns, which rebuilds the table once: not what is counted here)
        warm = row_key("right", ids["right"][0])
        fleet_clients[1][1].start(ids["right"][0])
        await until(pilot, lambda: p._objects[warm].state == "running", timeout=20, what="the warm-up start")
        fleet_clients[1][1].stop(ids["right"][0], timeout=1)
        await until(pilot, lambda: p._objects[warm].state == "exited", timeout=20, what="the warm-up stop")
        await pilot.pause(0.3)
        assert p.select_key(row_key("left", ids["left"][2]))  # the cursor elsewhere: it stays
        await pilot.pause()
        # exact start times of the rows on screen are read once and re-render those rows:
        # let every read asked so far come back before counting
        store = app.control.store
        await until(pilot, lambda: not store._times_asked, timeout=20, what="the exact-times reads")
        await pilot.pause(0.3)
        counts = Counts(p, monkeypatch)
        counts.on = True
        fleet_clients[1][1].start(ids["right"][13])
        await until(pilot, lambda: p._objects.get(target) is not None and p._objects[target].state == "running" and any(c.plain == "running" for c in p._cells[target]), timeout=20, what="the started row")
        await pilot.pause(0.3)
        counts.on = False
        assert set(counts.cells) == {target}, f"rows re-rendered for one start: {len(counts.cells)} of {rows}"
        assert counts.wanted <= 2 * len(counts.cells) + 2, f"filter checks for one start: {counts.wanted} of {rows} rows"
        assert counts.order_walks == 0 and counts.full_sorts == 0
        # in place: running rows lead their host's block, and the cursor did not move
        assert p._order() == natural_order(p)
        assert [k for k in p._order() if k.startswith("right\x1f")][0] == target
        assert p.selected_key == row_key("left", ids["left"][2])
        # a stop moves it back, again without a full sort
        counts.on = True
        fleet_clients[1][1].stop(ids["right"][13], timeout=1)
        await until(pilot, lambda: p._objects[target].state != "running", timeout=20, what="the stopped row")
        await pilot.pause(0.3)
        counts.on = False
        assert counts.full_sorts == 0 and counts.order_walks == 0
        assert p._order() == natural_order(p)


async def test_changes_queued_together_are_one_merged_state(fleet_clients, until, monkeypatch, tmp_path):
    """Changes from several hosts waiting in the queue at once (a burst on every host) are
    all reduced before the panes patch: one publish, every row right."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    names = ["one", "two"]
    cids = [bed.run("burst", start=False) for _, _, bed in fleet_clients[:2]]
    app = fleet_app([u for u, _, _ in fleet_clients[:2]], names, stats_interval=60.0)
    async with app.run_test(size=(140, 36)) as pilot:
        fc = app.control.fleet
        p = pane(app)
        await until(pilot, lambda: all(row_key(n, c) in p._cells for n, c in zip(names, cids)), timeout=30, what="both rows")
        await pilot.pause(0.5)
        # the real rows as the daemons listed them, renamed five times over: five changes per
        # host handed to the UI thread by the engine's own path, before it runs again
        objs = {n: fc.state.hosts[n].containers[c] for n, c in zip(names, cids)}
        before, wakes = fc.publishes_queued, fc.wakes
        for i in range(5):
            for n in names:
                fc._emit(n, ch.ContainerChanged(replace(objs[n], name=f"{objs[n].name}-v{i}")))
        await until(pilot, lambda: all(p._objects[row_key(n, c)].name.endswith("-v4") for n, c in zip(names, cids)), what="the last names")
        await pilot.pause(0.3)
        assert fc.publishes_queued - before == 1
        assert fc.wakes - wakes == 1  # one message to the UI thread for the ten changes
        for n, c in zip(names, cids):
            assert p._cells[row_key(n, c)][1 + [col.key for col in p.columns].index("name")].plain.endswith("-v4")


async def test_stats_of_every_host_are_one_publish(fleet_clients, until, monkeypatch, tmp_path):
    """Each host's stats sweep ends at its own moment and a publish syncs every pane: the
    batches of several hosts that come within the gather window are one merged state; an
    event meanwhile publishes at once and takes the waiting stats with it."""
    from tui.control import fleet as fleet_mod
    from tui.domain.models import StatsSample

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setattr(fleet_mod, "STATS_GATHER", 1.0)
    names = ["one", "two", "three"]
    cids = [bed.run("statsy", start=False) for _, _, bed in fleet_clients[:3]]
    app = fleet_app([u for u, _, _ in fleet_clients[:3]], names, stats_interval=3600.0)  # no real sweeps after the first
    async with app.run_test(size=(140, 36)) as pilot:
        fc = app.control.fleet
        p = pane(app)
        await until(pilot, lambda: all(row_key(n, c) in p._cells for n, c in zip(names, cids)), timeout=30, what="the rows")
        await pilot.pause(1.5)  # the first sweeps' stats published
        store = app.control.store

        def cpu(n, c):
            sample = store.state.stats.get(row_key(n, c))
            return sample.cpu_percent if sample else None

        before = fc.publishes
        for k, (n, c) in enumerate(zip(names, cids)):  # one batch per host, each taken on its own
            fc._emit(n, ch.StatsBatch((StatsSample(c, cpu_percent=10.0 + k, at=time.monotonic()),)))
            await pilot.pause(0.1)
        await until(pilot, lambda: all(cpu(n, c) == 10.0 + k for k, (n, c) in enumerate(zip(names, cids))), timeout=10, what="the stats")
        await pilot.pause(1.2)
        assert fc.publishes - before == 1  # one for three hosts' batches
        # an event's change publishes at once, with a batch that was waiting
        n, c = names[0], cids[0]
        obj = fc.state.hosts[n].containers[c]
        before = fc.publishes
        fc._emit(names[1], ch.StatsBatch((StatsSample(cids[1], cpu_percent=42.0, at=time.monotonic()),)))
        fc._emit(n, ch.ContainerChanged(replace(obj, name=f"{obj.name}-renamed")))
        await until(pilot, lambda: p._objects[row_key(n, c)].name.endswith("-renamed"), timeout=10, what="the rename")
        assert cpu(names[1], cids[1]) == 42.0
        await pilot.pause(1.2)
        assert fc.publishes - before == 1


async def test_rows_of_a_host_appear_before_the_slowest_host_answers(fleet_clients, until, monkeypatch, tmp_path):
    """A host frozen before Dockyard starts (its daemon stopped with SIGSTOP) does not hold
    back the others: their rows are in the merged table while it has not answered."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:3]]
    names = ["slow", "a", "b"]  # the frozen one first: it takes the first start slot
    cids = {n: bed.run("early", start=False) for n, (_, _, bed) in zip(names, fleet_clients[:3])}
    pid = int(Path(pidfile(urls[0])).read_text().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        app = fleet_app(urls, names, stats_interval=60.0)
        async with app.run_test(size=(140, 36)) as pilot:
            fc = app.control.fleet
            p = pane(app)
            await until(pilot, lambda: all(row_key(n, cids[n]) in p._cells for n in ("a", "b")), timeout=30, what="the answering hosts' rows")
            assert not fc.state.hosts["slow"].synced and not any(k.startswith("slow\x1f") for k in p._cells)
            os.kill(pid, signal.SIGCONT)
            await until(pilot, lambda: row_key("slow", cids["slow"]) in p._cells, timeout=30, what="the slow host's row once it answers")
    finally:
        os.kill(pid, signal.SIGCONT)


def test_a_frozen_host_does_not_keep_its_start_slot(fleet_clients, start_fleet):
    """One start slot, the first host frozen: the second host starts and lists while the
    first still has not answered (its slot is given up; it goes on connecting)."""
    from tests.fleet.test_fleet_engine import endpoints

    urls = [u for u, _, _ in fleet_clients[:2]]
    pid = int(Path(pidfile(urls[0])).read_text().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        hosts = endpoints(urls)
        fleet, rec = start_fleet(hosts, max_starting=1)
        rec.host(hosts[1][0]).wait_resynced(timeout=30)
        assert not any(isinstance(c, ch.Resynced) for c in rec.host(hosts[0][0]).since(0))
        assert fleet.most_starting <= 1
    finally:
        os.kill(pid, signal.SIGCONT)
    rec.host(hosts[0][0]).wait_resynced(timeout=30)

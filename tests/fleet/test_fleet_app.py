"""The fleet in the real app (pilot), against private dockerds of the bed: merged tables
with a HOST column, header chips, scope switching that keeps cursor and filter, a bulk
stop across two hosts with its confirmation, per-host read-only (the proxy sees no
mutating request), a lost host's rows kept as stale and resynced when it is back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.fleet.conftest import start_host, stop_host
from tests.ui.helpers import cell, dash, pane
from tui.domain.format import DASH
from tui.domain.fleet_state import row_key
from tui.engine.endpoint import resolve

pytestmark = pytest.mark.daemon


def fleet_app(urls, names, readonly=(), **kw):
    from tui.app import DockyardApp
    from tui.keymap import Config

    fleet = [(n, replace(resolve(host=u, env={}), name=n, readonly=n in readonly)) for n, u in zip(names, urls)]
    return DockyardApp(fleet[0][1], config=Config(), stats_interval=0.5, fleet=fleet, **kw)


def header(app) -> str:
    return str(dash(app).query_one("#daemon-line").render())


def has_row(app, host, cid) -> bool:
    return row_key(host, cid) in pane(app)._cells


async def test_merged_table_scope_and_bulk_stop_across_hosts(fleet_clients, until, monkeypatch, tmp_path):
    from tui.screens.dialogs.confirm import ConfirmScreen
    from tui.screens.scope_picker import ScopePicker

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:3]]
    names = ["alpha", "beta", "gamma"]
    ids = {}
    for n, (_, _, bed) in zip(names, fleet_clients[:3]):
        ids[n] = bed.run(f"web-{n}")
    app = fleet_app(urls, names)
    async with app.run_test(size=(140, 36)) as pilot:
        for n in names:
            await until(pilot, lambda n=n: has_row(app, n, ids[n]), timeout=20, what=f"{n}'s row")
        p = pane(app)
        assert "host" in p._widths  # HOST column while the scope has 3 hosts
        assert p._objects[row_key("beta", ids["beta"])].host == "beta"
        h = header(app)
        assert all(n in h for n in names) and "scope all" in h and "3 hosts" in h
        note = dash(app).pane("volumes").query_one(".pane-empty")
        assert str(note.render()) == "No volumes on these 3 hosts"  # an empty pane of the merged scope

        # filter and cursor in scope "all"
        p.set_filter(fleet_clients[0][2].prefix)
        await pilot.pause()
        assert p.select_key(row_key("beta", ids["beta"]))
        await pilot.pause()
        # @ -> one host
        await pilot.press("@")
        await until(pilot, lambda: isinstance(app.screen, ScopePicker), what="the scope picker")
        app.screen.dismiss("gamma")
        await until(pilot, lambda: app.control.fleet.scope_name == "gamma" and pane(app)._cells, what="scope gamma")
        p = pane(app)
        assert "host" not in p._widths and ids["gamma"] in p._cells and len([k for k in p._cells if ids["alpha"] in k]) == 0
        assert str(note.render()) == "No volumes on this daemon"
        assert p.query_text == ""
        # the cursor's row (beta's) is outside the new scope, not removed from its daemon
        await pilot.pause(0.3)
        assert not any("was removed" in str(n.message) for n in app._notifications), [str(n.message) for n in app._notifications]
        # host= filters by host (scope gamma shows only gamma anyway; checked on "all" below)
        # palette-style scope change back to all: filter and cursor as they were
        app.control.fleet.set_scope("all")
        await until(pilot, lambda: has_row(app, "alpha", ids["alpha"]), what="all hosts again")
        assert pane(app).query_text == fleet_clients[0][2].prefix
        await until(pilot, lambda: pane(app).selected_key == row_key("beta", ids["beta"]), what="the cursor back")

        # bulk stop on two hosts: the confirmation names the hosts
        p = pane(app)
        for host in ("alpha", "beta"):
            assert p.select_key(row_key(host, ids[host]))
            await pilot.press("space")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the confirmation")
        title = str(app.screen.query_one("#confirm-title").render())
        wa, wb = fleet_clients[0][2].name("web-alpha"), fleet_clients[1][2].name("web-beta")
        assert title == f"Stop 2 containers on 2 hosts: alpha ({wa}), beta ({wb})", title
        await until(pilot, lambda: app.focused is app.screen.query_one("#cancel"), what="armed")
        await pilot.click("#ok")
        await until(pilot, lambda: all(fleet_clients[i][1].inspect_container(ids[n])["State"]["Status"] == "exited" for i, n in ((0, "alpha"), (1, "beta"))), timeout=20, what="both stopped on their daemons")
        assert fleet_clients[2][1].inspect_container(ids["gamma"])["State"]["Status"] == "running"
        await until(pilot, lambda: pane(app)._objects[row_key("alpha", ids["alpha"])].state == "exited", what="the row updated by event")
        log = [r.command for r in app.control.store.action_log]
        assert any(f"docker -H {urls[0]} stop {wa} ; docker -H {urls[1]} stop {wb}" == c for c in log), log


async def test_readonly_host_and_lost_host_in_the_app(fleet_clients, until, monkeypatch, tmp_path):
    from tests.support.daemon_proxy import DaemonProxy

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    (u1, c1, b1), (u2, c2, b2), (u4, c4, b4) = fleet_clients[0], fleet_clients[1], fleet_clients[3]
    ro_id = b1.run("ro")
    rw_id = b2.run("rw")
    lost_id = b4.run("lost")
    proxy = DaemonProxy(u1[len("unix://"):]).start()
    try:
        app = fleet_app([proxy.url, u2, u4], ["ro", "rw", "away"], readonly=("ro",))
        async with app.run_test(size=(140, 36)) as pilot:
            for host, cid in (("ro", ro_id), ("rw", rw_id), ("away", lost_id)):
                await until(pilot, lambda host=host, cid=cid: has_row(app, host, cid), timeout=20, what=f"{host}'s row")
            p, d = pane(app), dash(app)
            assert p.select_key(row_key("ro", ro_id))
            await pilot.pause()
            assert d.check_action("stop", ()) is False and app.control.readonly  # dimmed for this row
            await pilot.press("s", "K", "d")
            assert p.select_key(row_key("rw", rw_id))
            await pilot.pause()
            assert d.check_action("stop", ()) is True  # the next row's host may act
            assert "RO" in header(app)
            mutating = [(r.method, r.path) for r in proxy.requests if r.method in ("POST", "DELETE", "PUT")]
            assert mutating == [] and c1.inspect_container(ro_id)["State"]["Status"] == "running"

            # a host lost: its rows stay, "stale since", and come back exactly. Labels of
            # actions in flight on the other hosts outlive its Resynced; its own go.
            store = app.control.store
            store.set_pending("containers", "restart", [row_key("rw", rw_id), row_key("away", lost_id)])
            stop_host(u4)
            try:
                await until(pilot, lambda: app.control.fleet.is_stale("away"), timeout=15, what="the host seen away")
                await until(pilot, lambda: "stale since" in pane(app)._objects[row_key("away", lost_id)].status, what="stale rows")
                assert has_row(app, "away", lost_id)
                # the @ picker says which host is away, since when and why (not only once scoped to it)
                from textual.widgets import OptionList

                from tui.screens.scope_picker import ScopePicker

                await pilot.press("@")
                await until(pilot, lambda: isinstance(app.screen, ScopePicker), what="the scope picker")
                options = app.screen.query_one(OptionList)
                lines = {o.id: str(options.get_option(o.id).prompt) for o in options.options}
                assert "3 hosts" in lines["all"] and "not live: away" in lines["all"], lines
                assert lines["rw"].endswith("● live"), lines
                assert any(state in lines["away"] for state in ("lost", "reconnecting", "not responding")), lines
                assert "since" in lines["away"] and ": " in lines["away"].split("since", 1)[1], lines  # the engine's reason
                app.screen.dismiss(None)
                await until(pilot, lambda: not isinstance(app.screen, ScopePicker), what="the picker closed")
            finally:
                start_host(u4)
            await until(pilot, lambda: not app.control.fleet.is_stale("away"), timeout=30, what="the host back")
            truth = {c["Id"] for c in c4.containers(all=True)}
            await until(pilot, lambda: {k for k in app.control.fleet.state.hosts["away"].containers} == truth, what="resynced exactly")
            await until(pilot, lambda: row_key("away", lost_id) not in store.pending.labels, what="the back host's label cleared")
            assert store.pending.labels.get(row_key("rw", rw_id)) == "restarting…"  # another host's label kept
            assert pane(app).pending.get(row_key("rw", rw_id)) == "restarting…"
    finally:
        proxy.stop()


async def test_the_same_id_on_two_hosts_is_two_rows_in_the_app(twin_hosts, until, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls, twin = twin_hosts
    app = fleet_app(urls, ["twin-a", "twin-b"])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: has_row(app, "twin-a", twin) and has_row(app, "twin-b", twin), timeout=20, what="both twins")
        rows = [k for k in pane(app)._cells if k.endswith(twin)]
        assert len(rows) == 2

        # Per (host, id): stats, pending labels and the images pane's USED never mix twins.
        import docker

        ca = docker.APIClient(base_url=urls[0], version="auto", timeout=30)
        try:
            ca.start(twin)
            a_key, b_key = row_key("twin-a", twin), row_key("twin-b", twin)
            await until(pilot, lambda: pane(app)._objects[a_key].state == "running", timeout=20, what="twin-a running")
            assert pane(app).select_key(a_key)
            await until(pilot, lambda: a_key in app.control.store.state.stats, timeout=20, what="twin-a's stats sample")
            assert b_key not in app.control.store.state.stats and twin not in app.control.store.state.stats
            await until(pilot, lambda: cell(app, a_key, "cpu").strip() not in ("", DASH), what="twin-a's CPU cell")
            assert cell(app, b_key, "cpu").strip() in ("", DASH)  # twin-b is not running: no CPU
            # the image of both twins: one row per host, each used by its own one container
            image_id = pane(app)._objects[a_key].image_id
            await until(pilot, lambda: row_key("twin-b", image_id) in pane(app, "images")._cells, what="image rows")
            assert cell(app, row_key("twin-a", image_id), "used", "images").strip() == "1"
            assert cell(app, row_key("twin-b", image_id), "used", "images").strip() == "1"
            # a stop of twin-a says "stopping…" on twin-a's row only
            app.control.container_action("stop", [pane(app)._objects[a_key]])
            await pilot.pause()
            assert pane(app).pending.get(a_key) == "stopping…" and b_key not in pane(app).pending
            await until(pilot, lambda: pane(app)._objects[a_key].state == "exited", timeout=30, what="twin-a stopped")
            await until(pilot, lambda: a_key not in app.control.store.pending.labels, what="label settled by twin-a's event")
        finally:
            try:
                ca.stop(twin, timeout=0)
            except Exception:
                pass
            ca.close()


async def test_host_filter_and_merged_logs_across_hosts(fleet_clients, until, monkeypatch, tmp_path):
    from tui.screens.detail.logs_tab import LogsTab

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:2]]
    a = fleet_clients[0][2].run("talk", "while true; do echo from-alpha; sleep 0.3; done")
    b = fleet_clients[1][2].run("talk", "while true; do echo from-beta; sleep 0.3; done")
    app = fleet_app(urls, ["alpha", "beta"])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: has_row(app, "alpha", a) and has_row(app, "beta", b), timeout=20, what="both rows")
        p = pane(app)
        p.set_filter("host=beta")
        await pilot.pause()
        assert has_row(app, "beta", b) and not has_row(app, "alpha", a)
        p.set_filter(fleet_clients[0][2].prefix)
        await pilot.pause()
        for host, cid in (("alpha", a), ("beta", b)):
            assert p.select_key(row_key(host, cid))
            await pilot.press("space")
        await pilot.press("l")
        await until(pilot, lambda: app.screen.query(LogsTab), what="the logs view")
        tab = app.screen.query_one(LogsTab)
        prefix = fleet_clients[0][2].prefix
        assert tab.names == [f"alpha/{prefix}talk", f"beta/{prefix}talk"]
        await until(pilot, lambda: {e.plain for e in tab.buffer} >= {"from-alpha", "from-beta"}, timeout=15, what="lines from both hosts")
        by_source = {e.plain: e.source for e in tab.buffer}
        assert by_source["from-alpha"] == 0 and by_source["from-beta"] == 1


async def test_inspect_and_detail_read_from_the_rows_own_host(fleet_clients, until, monkeypatch, tmp_path):
    from tui.screens.objects.inspect import InspectScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:2]]
    a = fleet_clients[0][2].run("only-on-alpha")
    b = fleet_clients[1][2].run("only-on-beta")
    app = fleet_app(urls, ["alpha", "beta"])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: has_row(app, "alpha", a) and has_row(app, "beta", b), timeout=20, what="both rows")
        for host, cid in (("beta", b), ("alpha", a)):
            assert pane(app).select_key(row_key(host, cid))
            await pilot.pause()
            assert app.control.session is app.control.fleet.session_for(host)
            await pilot.press("i")
            await until(pilot, lambda: isinstance(app.screen, InspectScreen), timeout=10, what=f"inspect of the {host} container")
            assert cid in app.screen._json  # read from its own daemon (the other has no such id)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, InspectScreen), what="back")


async def test_hosts_added_and_removed_at_run_time_from_the_hosts_view(fleet_clients, until, monkeypatch, tmp_path, docker_config):
    from tests.remote.conftest import create_context
    from tui.screens.hosts import HostsScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:3]]
    ids = [b.run(f"rt-{i}") for i, (_, _, b) in enumerate(fleet_clients[:3])]
    create_context(docker_config, "third", urls[2])
    app = fleet_app(urls[:2], ["one", "two"])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: has_row(app, "one", ids[0]) and has_row(app, "two", ids[1]), timeout=20, what="two hosts")
        await pilot.press("H")
        await until(pilot, lambda: isinstance(app.screen, HostsScreen) and app.screen.select("third"), what="the context listed")
        await pilot.press("enter")
        await until(pilot, lambda: has_row(app, "third", ids[2]), timeout=20, what="the added host's rows")
        assert set(app.control.fleet.keys) == {"one", "two", "third"} and "host" in pane(app)._widths
        await pilot.press("H")
        await until(pilot, lambda: isinstance(app.screen, HostsScreen) and app.screen.select("third"), what="the Hosts view again")
        await pilot.press("d")
        await pilot.press("escape")
        await until(pilot, lambda: not has_row(app, "third", ids[2]), what="its rows gone")
        assert set(app.control.fleet.keys) == {"one", "two"} and "third" not in header(app)


async def test_a_frozen_host_in_the_app_while_the_others_update(fleet_clients, until, monkeypatch, tmp_path):
    import os
    import signal
    from pathlib import Path

    from tests.fleet.conftest import pidfile

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:3]]
    app = fleet_app(urls, ["one", "frozen", "three"])
    async with app.run_test(size=(140, 36)) as pilot:
        fleet = app.control.fleet
        await until(pilot, lambda: all(fleet.state.hosts[k].synced for k in fleet.keys), timeout=20, what="all hosts listed")
        pid = int(Path(pidfile(urls[1])).read_text().strip())
        os.kill(pid, signal.SIGSTOP)
        try:
            cid = fleet_clients[0][2].run("while-frozen")
            # generous deadlines (a busy CI machine); the watchdog's own timing is in bench/
            await until(pilot, lambda: has_row(app, "one", cid), timeout=30, what="another host's new row")
            await until(pilot, lambda: fleet.connection("frozen") == "not-responding", timeout=30, what="the frozen host seen")
            assert "◌ frozen" in header(app)
            await pilot.press("j", "k")  # keys keep working
        finally:
            os.kill(pid, signal.SIGCONT)
        await until(pilot, lambda: fleet.connection("frozen") == "live", timeout=15, what="live again")


async def test_merged_rows_show_stats_uptime_and_preview_of_every_host(fleet_clients, until, monkeypatch, tmp_path):
    """In a merged scope each host's running row gets its CPU/MEM cells (stats are keyed by
    container id, rows by host + id), its exact restart count (read on its own host), and the
    preview pane shows the row's facts, not "Nothing selected"."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:2]]
    names = ["alpha", "beta"]
    ids = {n: bed.run(f"stats-{n}") for n, (_, _, bed) in zip(names, fleet_clients[:2])}
    app = fleet_app(urls, names)
    async with app.run_test(size=(160, 45)) as pilot:
        p = pane(app)
        for n in names:
            await until(pilot, lambda n=n: has_row(app, n, ids[n]), timeout=20, what=f"{n}'s row")

        def cell(n: str, column: str) -> str:
            keys = [c.key for c in p.columns]
            return p._cells[row_key(n, ids[n])][1 + keys.index(column)].plain

        for n in names:
            await until(pilot, lambda n=n: cell(n, "cpu").endswith("%"), timeout=30, what=f"{n}'s CPU cell")
            await until(pilot, lambda n=n: cell(n, "restarts") == "0", timeout=30, what=f"{n}'s restart count")
        preview = dash(app).preview
        assert preview.display
        p.table.focus()
        assert p.select_key(row_key("beta", ids["beta"]))
        await until(pilot, lambda: "Restarts" in str(preview.query_one("#preview-facts").render()), timeout=20, what="beta's facts in the preview")


async def test_z_groups_by_project_then_by_host_then_not(fleet_clients, until, monkeypatch, tmp_path):
    """``z`` cycles none -> compose project -> host (several hosts in scope) -> none; a host
    header folds with enter and stands for its host's containers in an action."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    (u1, c1, b1), (u2, c2, b2) = fleet_clients[0], fleet_clients[1]
    label = {"com.docker.compose.project": b1.prefix + "shop", "com.docker.compose.service": "web"}
    a1 = b1.run("web", labels=label)
    a2 = b1.run("plain")
    g1 = b2.run("web", labels=label)
    app = fleet_app([u1, u2], ["ga", "gb"])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: all(has_row(app, h, c) for h, c in (("ga", a1), ("ga", a2), ("gb", g1))), timeout=20, what="rows of both hosts")
        p = pane(app)
        p.set_filter(b1.prefix)
        p.table.focus()
        await pilot.press("z")
        await until(pilot, lambda: "project:" + b1.prefix + "shop" in p._cells, what="the project header")
        # the project spans both hosts: its members are found per (host, id)
        header = p._objects["project:" + b1.prefix + "shop"]
        assert {(c.host, c.id) for c in p.grouping.members(header)} == {("ga", a1), ("gb", g1)}
        await pilot.press("z")
        await until(pilot, lambda: "host:ga" in p._cells and "host:gb" in p._cells, what="host headers")
        assert "grouped by host" in app.control.store.last_action.plain
        order = p._order()
        assert order.index("host:ga") < order.index(row_key("ga", a1)) < order.index("host:gb") < order.index(row_key("gb", g1))
        assert cell(app, "host:ga", "state").strip() == "2/2 running"
        # enter on a header folds that host's rows away
        assert p.select_key("host:gb")
        await pilot.press("enter")
        await until(pilot, lambda: not has_row(app, "gb", g1), what="gb folded")
        assert has_row(app, "ga", a1) and "host:gb" in p._cells
        await pilot.press("enter")
        await until(pilot, lambda: has_row(app, "gb", g1), what="gb unfolded")
        # s on a host header stops that host's containers (the confirmation names them)
        assert p.select_key("host:gb")
        await pilot.press("s")
        await until(pilot, lambda: c2.inspect_container(g1)["State"]["Status"] == "exited", timeout=30, what="gb's container stopped")
        assert c1.inspect_container(a1)["State"]["Status"] == "running"
        await pilot.press("z")
        await until(pilot, lambda: p.grouping is None and "host:ga" not in p._cells, what="ungrouped")


async def test_merged_logs_across_hosts_interleave_history_by_timestamp(fleet_clients, until, monkeypatch, tmp_path):
    """Two hosts' containers log side by side; their merged history is one time order (the
    daemons' own timestamps), not one host after the other."""
    from tui.domain.logbuffer import ts_key
    from tui.screens.detail.logs_tab import LogsTab

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    (u1, c1, b1), (u2, c2, b2) = fleet_clients[0], fleet_clients[1]
    a = b1.run("hist", "for i in 1 2 3 4 5 6 7 8; do echo alpha-$i; sleep 0.3; done")
    b = b2.run("hist", "for i in 1 2 3 4 5 6 7 8; do echo beta-$i; sleep 0.3; done")
    for client, cid in ((c1, a), (c2, b)):
        c = client
        from tests.support.daemon import wait_for

        wait_for(lambda c=c, cid=cid: c.inspect_container(cid)["State"]["Status"] == "exited", timeout=30, what="logged and exited")
    # the truth: every line with its daemon's timestamp, in time order
    truth = []
    for client, cid in ((c1, a), (c2, b)):
        for raw in client.logs(cid, timestamps=True).decode().splitlines():
            ts, _, text = raw.partition(" ")
            truth.append((ts_key(ts), text))
    expected = [text for _, text in sorted(truth)]
    switches = sum(1 for x, y in zip(expected, expected[1:]) if x[:4] != y[:4])
    assert switches >= 3, f"the two containers did not log side by side: {expected}"
    app = fleet_app([u1, u2], ["alpha", "beta"])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: has_row(app, "alpha", a) and has_row(app, "beta", b), timeout=20, what="both rows")
        p = pane(app)
        p.show_stopped = True
        p.set_filter(b1.prefix + "hist")
        await pilot.pause()
        for host, cid in (("alpha", a), ("beta", b)):
            assert p.select_key(row_key(host, cid))
            await pilot.press("space")
        await pilot.press("l")
        await until(pilot, lambda: app.screen.query(LogsTab), what="the logs view")
        tab = app.screen.query_one(LogsTab)
        await until(pilot, lambda: len(tab.buffer) >= 16, timeout=15, what="both histories")
        assert [e.plain for e in tab.buffer] == expected
        assert {e.source for e in tab.buffer if e.plain.startswith("beta")} == {1}


async def test_a_start_event_shows_on_the_row_of_its_own_host_before_its_re_read(fleet_clients, until, monkeypatch, tmp_path):
    """A fleet reduces each host's events too: the start on one host puts that host's row in
    "running" when the event arrives (the re-read follows); the other host's row stays."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    urls = [u for u, _, _ in fleet_clients[:2]]
    cids = [b.run("evfirst", start=False) for _, _, b in fleet_clients[:2]]
    app = fleet_app(urls, ["one", "two"])
    async with app.run_test(size=(140, 36)) as pilot:
        fleet = app.control.fleet
        await until(pilot, lambda: has_row(app, "one", cids[0]) and has_row(app, "two", cids[1]), timeout=20, what="both rows")
        first = {}
        on_change = fleet.on_change

        def spy(host, change):
            before = fleet.state.hosts[host].containers.get(cids[0]) if host == "one" else None
            on_change(host, change)
            after = fleet.state.hosts[host].containers.get(cids[0]) if host == "one" else None
            if after is not None and before is not None and before.state != after.state:
                first.setdefault(after.state, type(change).__name__)

        fleet.on_change = spy
        fleet_clients[0][1].start(cids[0])
        await until(pilot, lambda: cell(app, row_key("one", cids[0]), "state") == "running", timeout=20, what="running row")
        assert first == {"running": "DaemonEvent"}
        assert cell(app, row_key("two", cids[1]), "state") == "created"


async def test_a_lost_hosts_running_row_says_stale_not_up(fleet_clients, until, monkeypatch, tmp_path):
    """A daemon gone while its containers run on (a Podman service stopped): its running rows
    said "Up 6 min", counting on from their exact start time, beside the created rows' "stale
    since 03:49" (found in a hand check on four hosts); and its last CPU and MEM stayed."""
    from tests.support import proxy as proxies

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    (u1, _, _), (u2, _, b2) = fleet_clients[0], fleet_clients[1]
    cid = b2.run("runs-on")
    gone = proxies.start(u2)
    try:
        app = fleet_app([u1, gone.url], ["here", "away"])
        async with app.run_test(size=(140, 36)) as pilot:
            key = row_key("away", cid)
            store = app.control.store
            await until(pilot, lambda: has_row(app, "away", cid) and store.times(cid) is not None, timeout=20, what="the row with its exact start time")
            assert cell(app, key, "status").startswith("Up")
            await until(pilot, lambda: cell(app, key, "cpu") != DASH and cell(app, key, "mem") != DASH, what="the row's first sample")
            gone.stop()  # the daemon's socket is gone; its container runs on
            await until(pilot, lambda: app.control.fleet.is_stale("away"), timeout=30, what="the host lost")
            await until(pilot, lambda: cell(app, key, "status").startswith("stale since"), what="the running row's STATUS stale")
            # its last sample is no measure of now (it kept showing as if live)
            await until(pilot, lambda: cell(app, key, "cpu") == DASH and cell(app, key, "mem") == DASH, what="CPU and MEM unknown")
    finally:
        gone.stop()

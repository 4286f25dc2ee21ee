"""The dashboard follows the daemon by events: rows patched by key, no re-listing,
cursor kept, stats only for what is visible."""

from __future__ import annotations

import time

import pytest

from tests.ui.helpers import cell, pane, shown, table_text

pytestmark = pytest.mark.daemon


async def _ready(app, pilot, until):
    await until(pilot, lambda: app.state.synced, what="first listing")


async def test_external_change_arrives_by_event_not_by_relisting(make_app, bed, daemon_client, until):
    cid = bed.run("live")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        await until(pilot, lambda: cell(app, cid, "state") == "running", what="running row")
        resyncs = app.control.store.resyncs
        seen: dict[str, float] = {}
        app.control.store.event_signal.subscribe(app.screen, lambda e: seen.setdefault(e.action, time.monotonic()) if e.actor_id == cid else None, immediate=True)

        daemon_client.pause(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "paused", what="paused row")
        assert table_text(app, cid, "state") == "paused"  # the widget, not only our cache
        assert "pause" in seen, "the row changed before its event arrived"

        daemon_client.unpause(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "running", what="running again")
        daemon_client.rename(cid, bed.name("renamed"))
        await until(pilot, lambda: cell(app, cid, "name") == bed.name("renamed"), what="renamed row")
        daemon_client.remove_container(cid, force=True)
        await until(pilot, lambda: not shown(app, cid), what="row removed")

        assert app.control.store.resyncs == resyncs, "a change came by re-listing, not by its event"
        # How fast is measured in bench/ (event to screen); a test on a busy machine only
        # proves the path: the change came by its event, with no re-listing.


async def test_a_lifecycle_event_shows_on_its_row_before_its_re_read(make_app, bed, daemon_client, until):
    """The start, pause and die events already say the new state: the row shows it when the
    event arrives, and the re-read (ports, exact status) follows. Seen in the store: the
    change that first put the row in each state is the daemon's event itself."""
    cid = bed.run("evfirst", start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        await until(pilot, lambda: shown(app, cid), what="created row")
        store, first = app.control.store, {}
        apply = store.apply

        def spy(change, host=""):
            before = store.state.containers.get(cid)
            apply(change, host)
            after = store.state.containers.get(cid)
            if after is not None and (before is None or before.state != after.state):
                first.setdefault(after.state, type(change).__name__)

        store.apply = spy
        daemon_client.start(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "running", what="running row")
        daemon_client.pause(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "paused", what="paused row")
        daemon_client.unpause(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "running", what="running again")
        daemon_client.kill(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "exited", what="exited row")
        assert first == {"running": "DaemonEvent", "paused": "DaemonEvent", "exited": "DaemonEvent"}
        # and the re-read settles the row with the daemon's own text
        await until(pilot, lambda: cell(app, cid, "status").startswith("Exited (137)"), what="exit code")


async def test_networks_and_volumes_follow_events(make_app, bed, daemon_client, until):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        resyncs = app.control.store.resyncs
        nid = bed.network("net")
        vol = bed.volume("vol")
        await until(pilot, lambda: shown(app, nid, "networks") and shown(app, vol, "volumes"), what="new rows")
        assert cell(app, nid, "used", "networks") == "0"
        cid = bed.run("user", host_config=daemon_client.create_host_config(binds=[f"{vol}:/data"], network_mode=bed.name("net")))
        await until(pilot, lambda: cell(app, nid, "used", "networks") == "1", what="network count")
        await until(pilot, lambda: cell(app, vol, "used", "volumes") == "1", what="volume count")
        daemon_client.remove_container(cid, force=True)
        await until(pilot, lambda: cell(app, vol, "used", "volumes") == "0", what="volume count back to 0")
        daemon_client.remove_network(nid)
        await until(pilot, lambda: not shown(app, nid, "networks"), what="network row removed")
        assert app.control.store.resyncs == resyncs


async def test_cursor_stays_on_its_object_and_moves_to_a_neighbour_on_removal(make_app, bed, daemon_client, until):
    # Never started: removal is one destroy event, so the row does not re-sort first.
    ids = [bed.run(s, start=False) for s in ("b", "d", "f")]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        p = pane(app)
        await until(pilot, lambda: all(shown(app, i) for i in ids))
        assert p.select_key(ids[1])
        await pilot.pause()
        # New rows sort in above and below; the cursor stays on "d".
        new = [bed.run(s, start=False) for s in ("a", "c", "e")]
        await until(pilot, lambda: all(shown(app, i) for i in new), what="new rows")
        assert p.selected_key == ids[1]
        order = p._order()
        daemon_client.remove_container(ids[1], force=True)
        await until(pilot, lambda: not shown(app, ids[1]), what="removal")
        assert p.selected_key == order[order.index(ids[1]) + 1]  # the row below takes the cursor


async def test_stats_only_for_visible_running_rows_and_dash_otherwise(make_app, bed, until):
    running = bed.run("busy", "while :; do i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; sleep 0.2; done")
    stopped = bed.run("stopped", start=False)
    paused = bed.run("paused")
    bed.client.pause(paused)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        await until(pilot, lambda: cell(app, running, "cpu").endswith("%"), timeout=15, what="a cpu figure")
        assert cell(app, running, "mem") != "—"
        for quiet in (stopped, paused):
            assert cell(app, quiet, "cpu") == "—" and cell(app, quiet, "mem") == "—"
        wanted = app.session.stats._wanted
        assert running in wanted and stopped not in wanted and paused not in wanted
        assert wanted <= set(pane(app).visible_keys())
        # A pushed screen hides the dashboard: nothing is sampled.
        app.control.nav.open_action_log()
        await until(pilot, lambda: not app.session.stats._wanted, what="sampling to stop")
        await pilot.press("escape")
        await until(pilot, lambda: running in app.session.stats._wanted, what="sampling to resume")


async def test_e_hides_and_shows_stopped_rows(make_app, bed, until):
    up = bed.run("up")
    down = bed.run("down", start=False)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        await until(pilot, lambda: shown(app, down))
        await pilot.press("e")
        assert not shown(app, down) and shown(app, up)
        assert "running only" in str(pane(app).query_one(".pane-title").render())
        await pilot.press("e")
        assert shown(app, down)


async def test_columns_show_health_project_usage_dangling_subnet(make_app, bed, daemon_client, until):
    sick = bed.run("sick", healthcheck={"test": ["CMD", "false"], "interval": 200_000_000, "retries": 1})
    web = bed.run("web", labels={"com.docker.compose.project": bed.name("shop"), "com.docker.compose.service": "web"})
    image_id = daemon_client.commit(web)["Id"]  # untagged: dangling
    nid = bed.network("sub", ipam={"Driver": "default", "Config": [{"Subnet": "10.98.0.0/24"}]})
    app = make_app()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await _ready(app, pilot, until)
            await until(pilot, lambda: cell(app, sick, "state") == "unhealthy", timeout=15, what="unhealthy")
            assert cell(app, web, "project") == bed.name("shop")
            assert cell(app, image_id, "name", "images").startswith("⌀ ")
            base = next(i for i in app.state.images.values() if bed.image in i.tags)
            assert int(cell(app, base.id, "used", "images")) >= 2
            assert cell(app, nid, "subnet", "networks") == "10.98.0.0/24"
            assert cell(app, sick, "status").startswith("Up ")
    finally:
        daemon_client.remove_image(image_id, force=True)


async def test_status_ages_on_the_ui_timer_without_daemon_requests(make_app, bed, until):
    cid = bed.run("ages")
    now = [time.time()]
    app = make_app(clock=lambda: now[0])
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(app, pilot, until)
        await until(pilot, lambda: cell(app, cid, "status").startswith("Up "))
        resyncs = app.control.store.resyncs
        now[0] += 600
        pane(app).tick()
        assert cell(app, cid, "status") == "Up 10 min"
        assert table_text(app, cid, "status") == "Up 10 min"
        assert app.control.store.resyncs == resyncs

"""The learning views against the real isolated daemon: map, removal impact, shared layers,
docker diff, namespace identities from /proc, and the explained events timeline."""

from __future__ import annotations

import os

import pytest

from tests.support.daemon import wait_for
from tests.support.images import build_image
from tui.domain import relations as rel
from tui.engine import introspect
from tui.engine.endpoint import resolve

pytestmark = pytest.mark.daemon


async def test_map_shows_two_networks_volume_and_published_port(bed, daemon_client, make_app, until):
    from tui.screens.learn.relations import RelationsScreen

    bed.network("front")
    back = bed.network("back")
    vol = bed.volume("data")
    hc = daemon_client.create_host_config(
        port_bindings={80: ("127.0.0.1", None)}, binds={vol: {"bind": "/data", "mode": "rw"}}, network_mode=bed.name("front")
    )
    nc = daemon_client.create_networking_config({bed.name("front"): daemon_client.create_endpoint_config(aliases=["shop"])})
    cid = daemon_client.create_container(bed.image, ["httpd", "-f", "-p", "80"], name=bed.name("web"), ports=[80], host_config=hc,
                                         networking_config=nc)["Id"]
    daemon_client.connect_container_to_network(cid, back)
    daemon_client.start(cid)
    inspected = daemon_client.inspect_container(cid)
    published = (inspected["NetworkSettings"]["Ports"] or {}).get("80/tcp") or []
    # Publishing works on a user-defined bridge even with --bridge none --iptables=false (userland proxy).
    assert published and published[0]["HostPort"].isdigit()
    host_port = published[0]["HostPort"]
    ips = {n: e["IPAddress"] for n, e in inspected["NetworkSettings"]["Networks"].items()}

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers
                    and len(app.state.containers[cid].networks) == 2 and app.state.containers[cid].ports, what="container listed")
        app.push_screen(RelationsScreen("containers", app.state.containers[cid]))
        screen = app.screen
        await until(pilot, lambda: screen.details, what="inspect details")
        await pilot.pause()
        text = "\n".join(screen.tree_lines())
        for net in ("front", "back"):
            assert f"network {bed.name(net)}  {ips[bed.name(net)]}" in text
        assert "aka shop" in text
        assert f"volume {vol}  → /data (rw)" in text
        assert f"127.0.0.1:{host_port}→80/tcp" in text
        assert "image dockyard-test/busybox:latest" in text

        # Enter on the network node opens it
        opened = []
        app.control.nav.open_detail = lambda kind, obj: opened.append((kind, obj.name))
        tree = screen.query_one("Tree")
        line = next(i for i in range(tree.last_line + 1) if (n := tree.get_node_at_line(i)) and n.data and n.data.label == bed.name("back"))
        tree.cursor_line = line
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert opened == [("networks", bed.name("back"))]


async def test_network_removal_impact_lists_exactly_its_containers(bed, daemon_client, make_app, until):
    from tui.screens.learn.relations import RelationsScreen

    net = bed.network("shared")
    other = bed.network("other")
    a = bed.run("a", network_mode=bed.name("shared"))
    b = bed.run("b", start=False, network_mode=bed.name("shared"))
    c = bed.run("c", network_mode=bed.name("other"))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and {a, b, c} <= set(app.state.containers) and net in app.state.networks, what="listed")
        impact = rel.removal_impact(app.state, "networks", net)
        assert {cid for cid, _, _ in impact.containers} == {a, b}
        assert impact.running == 1 and impact.blocked
        assert {cid for cid, _, _ in rel.removal_impact(app.state, "networks", other).containers} == {c}
        app.push_screen(RelationsScreen("networks", app.state.networks[net]))
        await pilot.pause()
        impact_text = app.screen.query_one("#map-impact-text").render().plain
        assert bed.name("a") in impact_text and bed.name("b") in impact_text and bed.name("c") not in impact_text
        assert "2 container(s) tied to it, 1 running" in impact_text


def test_two_images_from_a_shared_base_share_the_base_layer(bed, daemon_client):
    base = daemon_client.inspect_image(bed.image)["RootFS"]["Layers"]
    # Unique file content: an identical RUN elsewhere on the daemon would (rightly) share the top layer too.
    ida = build_image(daemon_client, bed.name("a:1"), f"FROM {bed.image}\nRUN echo {bed.prefix}a > /a\n")
    build_image(daemon_client, bed.name("b:1"), f"FROM {bed.image}\nRUN echo {bed.prefix}b > /b\n")
    client = introspect_client()
    stack, chains = introspect.image_stack(client, resolve(), ida)
    assert len(stack.layers) == len(base) + 1
    bottom, top = stack.layers[0], stack.layers[-1]
    assert bottom.diff_id == base[0]
    assert bed.name("b:1") in bottom.shared_with and bed.image in bottom.shared_with
    assert top.shared_with == () and top.created_by == f"RUN echo {bed.prefix}a > /a" and top.size == len(bed.prefix) + 2
    assert stack.shared_count == len(base)


def test_docker_diff_shows_a_written_file(bed, daemon_client):
    cid = bed.run("diff")
    exec_id = daemon_client.exec_create(cid, ["sh", "-c", "echo x > /newfile"])["Id"]
    daemon_client.exec_start(exec_id)
    layer = introspect.writable_layer(introspect_client(), resolve(), cid)
    assert ("A", "/newfile") in {(c.kind, c.path) for c in layer.changes}
    assert layer.size_rw >= 2


async def test_layers_view_draws_writable_layer_and_shared_base(bed, daemon_client, make_app, until):
    from tui.screens.learn.layers import LayersScreen

    cid = bed.run("lv")
    exec_id = daemon_client.exec_create(cid, ["sh", "-c", "echo x > /newfile"])["Id"]
    daemon_client.exec_start(exec_id)
    build_image(daemon_client, bed.name("sib:1"), f"FROM {bed.image}\nRUN echo s > /s\n")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        app.push_screen(LayersScreen("containers", app.state.containers[cid]))
        screen = app.screen
        await until(pilot, lambda: screen.stack is not None, what="layers read")
        await pilot.pause()
        text = "\n".join(screen.lines())
        assert "A /newfile" in text
        assert f"shared with {bed.name('sib:1')}" in text


def test_namespace_identities_equal_proc(bed, daemon_client):
    cid = bed.run("ns")
    endpoint = resolve()
    assert endpoint.is_local
    report = introspect.isolation(introspect_client(), endpoint, cid)
    assert report.local and report.pid == daemon_client.inspect_container(cid)["State"]["Pid"]
    for ns in report.namespaces:
        assert ns.identity == os.readlink(f"/proc/{report.pid}/ns/{ns.name}"), ns.name
    assert report.namespace("net").verdict == "private" and report.namespace("pid").verdict == "private"
    assert report.namespace("mnt").verdict == "private"
    assert report.limit("pids").used and report.limit("memory").used


def test_shared_network_namespace_is_named(bed, daemon_client):
    first = bed.run("first")
    second = bed.run("second", network_mode=f"container:{first}")
    report = introspect.isolation(introspect_client(), resolve(), second)
    net = report.namespace("net")
    assert net.verdict == "shared" and bed.name("first") in net.shared_with
    assert report.namespace("uts").verdict == "private"


def test_limits_and_privileges_from_inspect(bed, daemon_client):
    cid = bed.run("lim", mem_limit="64m", cap_add=["NET_ADMIN"], cap_drop=["MKNOD"], read_only=True, restart_policy={"Name": "on-failure", "MaximumRetryCount": 2})
    report = introspect.isolation(introspect_client(), resolve(), cid)
    assert report.limit("memory").limit == 64 * 1024 * 1024
    assert report.cap_add == ("NET_ADMIN",) and report.cap_drop == ("MKNOD",)
    assert report.readonly_rootfs and report.restart_policy == "on-failure" and report.restart_max == 2


async def test_events_view_explains_create_start_die_destroy(bed, daemon_client, make_app, until):
    from tui.screens.learn.events_timeline import EventsScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="synced")
        app.push_screen(EventsScreen())
        screen = app.screen
        await pilot.pause()
        name = bed.name("ev")
        cid = bed.run("ev", "sleep 1000")
        daemon_client.kill(cid)
        daemon_client.wait(cid, timeout=10)
        await pilot.pause(2.5)  # a separate command, not `docker rm -f` (kill + rm within the window)
        daemon_client.remove_container(cid)
        wanted = [
            f"{name} created from {bed.image} and started",
            f"{name} killed with SIGKILL (exit code 137)",
            f"{name} removed, with its writable layer",
        ]
        await until(pilot, lambda: all(any(s.startswith(w) for s in screen.sentences()) for w in wanted), what="explained stories")
        commands = [c.split("  (")[0] for c in screen.commands()]
        assert f"docker rm {name}" in commands and f"docker kill {name}" in commands
        assert any(c.startswith(f"docker run --name {name} {bed.image}") for c in commands)
        assert not any("docker stop" in c or "network" in c for c in commands)
        # Filter narrows to matching rows
        await pilot.press("slash")
        await pilot.press(*"destroy")
        await until(pilot, lambda: screen.sentences() == [wanted[-1]], what="filtered")


async def test_isolation_view_renders_for_a_local_container(bed, make_app, until):
    from tui.screens.learn.isolation import IsolationScreen

    cid = bed.run("isov")
    app = make_app(lang="ko")
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        app.push_screen(IsolationScreen(app.state.containers[cid]))
        screen = app.screen
        await until(pilot, lambda: screen.report is not None, what="report")
        assert screen.report.local
        head = screen.query_one("#iso-head").render().plain
        assert f"호스트 PID {screen.report.pid}" in head
        # F1: the namespace card, tied to what this view measured; g: the cgroup card
        await pilot.press("f1")
        await until(pilot, lambda: app.screen is not screen and app.screen.is_mounted, what="card")
        assert f"{bed.name('isov')}: 전용 pid, net, mnt, uts, ipc" in app.screen.query_one("#concept-body").render().plain
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="back")
        await pilot.press("g")
        await until(pilot, lambda: app.screen is not screen and app.screen.is_mounted, what="cgroup card")
        assert "메모리 제한" in app.screen.query_one("#concept-body").render().plain


def introspect_client():
    from tui.engine.connection import open_client

    return open_client(resolve())


def test_remote_endpoint_says_why_namespaces_are_not_shown(bed):
    from tui.engine.endpoint import Endpoint

    cid = bed.run("remote")
    report = introspect.isolation(introspect_client(), Endpoint(host="ssh://builder@far.example", source="flag"), cid)
    assert not report.local and report.why_not == "iso.why.remote"
    assert all(ns.identity == "" for ns in report.namespaces)
    assert report.pid > 0 and report.namespace("net").verdict == "private"


async def test_dashboard_keys_and_palette_open_the_views(bed, make_app, until):
    from tui.commands_learn import LearnCommands
    from tui.screens.learn.architecture import ArchitectureScreen
    from tui.screens.learn.concept import ConceptScreen
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.learn.events_timeline import EventsScreen
    from tui.screens.learn.lifecycle import LifecycleScreen
    from tui.screens.learn.relations import RelationsScreen

    cid = bed.run("keys")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        await until(pilot, lambda: dash.pane("containers").select_key(cid), what="row present")
        await until(pilot, lambda: getattr(dash.focused_pane.selected, "id", None) == cid, what="container selected")
        for key, screen_type in (("m", RelationsScreen), ("A", ArchitectureScreen), ("V", EventsScreen), ("f1", ConceptScreen)):
            await pilot.press(key)
            await until(pilot, lambda: (isinstance(app.screen, screen_type) and app.screen.is_mounted), what=f"{key} opens {screen_type.__name__}")
            if key == "A":
                await until(pilot, lambda: app.state.info.engine_version in app.screen.query_one("#arch-dockerd").render().plain, what="dockerd box")
                assert app.state.info.storage_driver in app.screen.query_one("#arch-dockerd").render().plain
            if key == "f1":
                assert bed.name("keys") in app.screen.query_one("#concept-body").render().plain
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is dash, what="back on the dashboard")
        # From the map, c opens the lifecycle with the container's state highlighted
        await pilot.press("m")
        await until(pilot, lambda: (isinstance(app.screen, RelationsScreen) and app.screen.is_mounted), what="map")
        await pilot.press("c")
        await until(pilot, lambda: (isinstance(app.screen, LifecycleScreen) and app.screen.is_mounted), what="lifecycle")
        assert app.screen.current_state == "running"
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        provider = LearnCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert {"Architecture (:arch)", "Events timeline", "Relationship map of the selection", "Isolation of the selected container"} <= set(names)


async def test_lifecycle_highlights_the_state_as_keys_move_it(bed, make_app, until):
    from tui.screens.learn.lifecycle import LifecycleScreen

    cid = bed.run("life")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="listed")
        app.push_screen(LifecycleScreen(app.state.containers[cid]))
        screen = app.screen
        await pilot.pause()
        assert screen.current_state == "running"
        # (pause/unpause are left out: dockerd 20.10 can announce them before the state changes,
        # so a re-read may still see the old state; that race belongs to the event pump.)
        await pilot.press("s")
        await until(pilot, lambda: screen.current_state == "exited", timeout=20, what="exited")
        assert "[S]  start → running" in screen.query_one("#life-now").render().plain
        await pilot.press("S")
        await until(pilot, lambda: screen.current_state == "running", what="started again")
        bed.client.remove_container(cid, force=True)
        await until(pilot, lambda: screen.current_state == "removed", what="removed")


async def test_events_view_shows_events_from_before_it_was_opened(bed, daemon_client, make_app, until):
    from tui.screens.learn.events_timeline import EventsScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="synced")
        name = bed.name("early")
        cid = bed.run("early", start=False)
        await until(pilot, lambda: cid in app.state.containers, what="the container listed")
        app.push_screen(EventsScreen())
        screen = app.screen
        await pilot.pause()
        wanted = f"{name} created from {bed.image}, not started"
        await until(pilot, lambda: any(s.startswith(wanted) for s in screen.sentences()), what="the earlier create event")
        daemon_client.remove_container(cid)

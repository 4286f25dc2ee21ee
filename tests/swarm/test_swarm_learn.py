"""The swarm in the learning views, in the real app (pilot) against the bed's two-node swarm:
the relationship map goes service -> tasks -> containers on nodes (the worker's container found
on the worker's own Dockyard host by its task-id label; with only the manager as a host, the
container id the manager reports), the architecture view shows managers, workers and which
daemon Dockyard talks to (English and Korean), and the palette opens the Swarm panes."""

from __future__ import annotations

import pytest

from tests.swarm.test_swarm_app import app_on, open_swarm

pytestmark = pytest.mark.daemon


async def test_map_service_tasks_containers_on_nodes(swarm, swarm_bed, until, monkeypatch, tmp_path):
    from tui.screens.detail import ContainerDetailScreen
    from tui.screens.learn.relations import RelationsScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    svc = swarm_bed.service("web", replicas=4)
    app = app_on([swarm["manager"], swarm["worker"]], ["mgr", "wkr"])
    async with app.run_test(size=(160, 44)) as pilot:
        screen = await open_swarm(pilot, until)
        ctl = app.control.swarm
        await until(pilot, lambda: len(ctl.roles) == 2 and ctl.snapshot is not None and len(ctl.snapshot.nodes) == 2, timeout=20, what="both roles")
        worker = next(n for n in ctl.snapshot.nodes if n.role == "worker")

        def running_on_worker():
            return [t for t in ctl.snapshot.tasks if t.service_id == svc["ID"] and t.node_id == worker.id and t.state == "running"]

        await until(pilot, lambda: running_on_worker() and all(t.container_id in app.control.fleet.state.hosts["wkr"].containers for t in running_on_worker()),
                    timeout=30, what="the worker's tasks and their containers listed on the worker host")
        await until(pilot, lambda: svc["ID"] in screen._shown["services"], timeout=20, what="the service row")
        assert screen.select("services", svc["ID"])
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen), what="the map")
        rmap = app.screen
        task = running_on_worker()[0]
        wname = app.control.fleet.state.hosts["wkr"].containers[task.container_id].name

        def settled():
            lines = rmap.tree_lines()
            return any(f"{wname}" in ln and "host wkr" in ln for ln in lines) and sum("task" in ln and "[running]" in ln for ln in lines) == 4

        await until(pilot, settled, timeout=30, what="four running tasks, the worker's container on host wkr")
        lines = rmap.tree_lines()
        assert lines[0].startswith("◎ service " + swarm_bed.prefix + "web"), lines
        assert any(f"task {task.name}" in ln and "swarm-node2" in ln for ln in lines), lines
        assert any("host mgr" in ln and "swarm-node1" in ln for ln in lines), lines  # the manager's own containers too
        # enter on the worker's container: its detail, on the worker's host
        tree = rmap.query_one("Tree")
        target = next(n for n in _nodes(tree.root) if n.data is not None and n.data.kind == "container" and n.data.key == task.container_id)
        tree.move_cursor(target)
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContainerDetailScreen), what="the container detail")
        assert (app.screen.container.id, app.screen.container.host) == (task.container_id, "wkr")

    # Only the manager is a Dockyard host: the worker's tasks show the container id the manager reports
    app = app_on([swarm["manager"]])
    async with app.run_test(size=(160, 44)) as pilot:
        await until(pilot, lambda: app.control.swarm.available, timeout=20, what="the swarm read")
        ctl = app.control.swarm
        await until(pilot, lambda: any(t.service_id == svc["ID"] and t.node_id == worker.id and t.state == "running" and t.container_id
                                       for t in ctl.snapshot.tasks), timeout=20, what="a worker task")
        app.call_later(app.control.nav.open_learn, "map", "swarm", ctl.snapshot)
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen), what="the swarm map")
        t = next(t for t in ctl.snapshot.tasks if t.service_id == svc["ID"] and t.node_id == worker.id and t.state == "running")
        await until(pilot, lambda: any(t.container_id[:12] in ln and "as the manager reports it" in ln for ln in app.screen.tree_lines()),
                    timeout=20, what="the manager's container id for the worker's task")
        assert app.screen.tree_lines()[0].startswith("⬡ swarm swarm")


def _nodes(node):
    yield node
    for c in node.children:
        yield from _nodes(c)


async def test_architecture_shows_the_swarm_en_and_ko(swarm, swarm_bed, until, monkeypatch, tmp_path):
    from tui.screens.learn.architecture import ArchitectureScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    app = app_on([swarm["manager"], swarm["worker"]], ["mgr", "wkr"])
    async with app.run_test(size=(160, 44)) as pilot:
        ctl = app.control.swarm
        await until(pilot, lambda: len(ctl.roles) == 2 and ctl.snapshot is not None and len(ctl.snapshot.nodes) == 2, timeout=20, what="both roles")
        app.call_later(app.control.nav.open_learn, "arch")  # as a key would: inside the app
        await until(pilot, lambda: isinstance(app.screen, ArchitectureScreen), what="the architecture view")
        arch = app.screen
        await until(pilot, lambda: arch.query("#arch-swarm") and arch.query_one("#arch-swarm").display, what="the swarm box shown")
        mgr_id = ctl.roles["mgr"].node_id
        lines = arch.swarm_lines()
        assert lines[0] == f"Dockyard talks to node {mgr_id[:12]}: a manager (ControlAvailable), state active", lines
        assert any(ln.startswith("manager swarm-node1 · Leader · 127.88.") and ln.endswith("← Dockyard talks to this one") for ln in lines), lines
        assert any(ln.startswith("worker swarm-node2 · ready") and "←" not in ln for ln in lines), lines
        # select the box: its explanation
        arch.select("swarm")
        await pilot.pause()
        assert "Raft" in str(arch.query_one("#arch-explain").render())
        app.lang = "ko"
        lines = arch.swarm_lines()
        assert lines[0].startswith(f"Dockyard가 대화하는 노드: {mgr_id[:12]} · 역할: 매니저"), lines
        assert any(ln.startswith("워커 swarm-node2") for ln in lines), lines
        app.lang = "en"
        # Talking to the worker (focus on its host): the worker is marked, still listed from the manager in scope
        app.control.fleet.focus = "wkr"  # as the cursor on one of the worker host's rows does (Control.focus_object)
        lines = arch.swarm_lines()
        assert "a worker (no control)" in lines[0], lines
        assert any(ln.startswith("worker swarm-node2") and ln.endswith("← Dockyard talks to this one") for ln in lines), lines

    # Outside a swarm (the bed's plain daemon is in none): no swarm box
    from tests.remote.conftest import bed_var

    app = app_on([bed_var("DOCKYARD_TEST_PODMAN_HOST")])
    async with app.run_test(size=(160, 44)) as pilot:
        await until(pilot, lambda: "" in app.control.swarm.roles, timeout=20, what="podman's role")
        app.call_later(app.control.nav.open_learn, "arch")  # as a key would: inside the app
        await until(pilot, lambda: isinstance(app.screen, ArchitectureScreen), what="the architecture view")
        await until(pilot, lambda: app.screen.query("#arch-swarm") and "Podman" in str(app.screen.query_one("#arch-dockerd").render()), what="the boxes")
        assert not app.screen.query_one("#arch-swarm").display


async def test_palette_opens_the_swarm_panes(swarm, swarm_bed, until, monkeypatch, tmp_path):
    from tui.commands import DockyardCommands
    from tui.screens.swarm import SwarmScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    app = app_on([swarm["manager"]])
    async with app.run_test(size=(160, 44)) as pilot:
        await until(pilot, lambda: app.control.swarm.available, timeout=20, what="the swarm read")
        await pilot.pause()
        entries = {name: cb for name, _, cb in DockyardCommands(app.screen)._commands()}
        assert {"Swarm services", "Swarm tasks", "Swarm nodes"} <= set(entries), sorted(entries)[:20]
        app.call_later(entries["Swarm nodes"])  # as the palette runs it: inside the app (run_action is a coroutine)
        await until(pilot, lambda: isinstance(app.screen, SwarmScreen), what="the Swarm panes")
        await until(pilot, lambda: app.screen.active_pane == "nodes", what="the nodes pane focused")
        # the palette over the Swarm panes (its entries are the dashboard's below): focus, no second screen
        entries = {name: cb for name, _, cb in DockyardCommands(app.screen)._commands()}
        app.call_later(entries["Swarm services"])
        await until(pilot, lambda: app.screen.active_pane == "services", what="the services pane focused")
        assert sum(isinstance(s, SwarmScreen) for s in app.screen_stack) == 1
        app.lang = "ko"
        ko = [name for name, _, _ in DockyardCommands(app.screen)._commands()]
        assert {"스웜 서비스", "스웜 태스크", "스웜 노드"} <= set(ko), ko[:20]
        from tui.commands_learn import LearnCommands
        from tui.screens.learn.relations import RelationsScreen

        learn = {name: cb for name, _, cb in LearnCommands(app.screen)._commands()}
        assert "스웜 관계 지도" in learn, sorted(learn)
        app.lang = "en"
        learn = {name: cb for name, _, cb in LearnCommands(app.screen)._commands()}
        app.call_later(learn["Relationship map of the swarm"])
        await until(pilot, lambda: isinstance(app.screen, RelationsScreen) and app.screen.kind == "swarm", what="the swarm map")
    # without a manager: no such entries
    app = app_on([swarm["worker"]])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: "" in app.control.swarm.roles, timeout=20, what="the worker's role")
        await pilot.pause()
        names = [name for name, _, _ in DockyardCommands(app.screen)._commands()]
        assert not any(n.startswith("Swarm ") for n in names)
        from tui.commands_learn import LearnCommands

        assert not any("swarm" in name for name, _, _ in LearnCommands(app.screen)._commands())


async def test_swarm_screen_svg(swarm, swarm_bed, until, monkeypatch, tmp_path):
    """An SVG of the Swarm panes from the real app on the real swarm (services, tasks on both
    nodes, the nodes with their Dockyard hosts). Written to $DOCKYARD_SCREENSHOTS/swarm.svg when
    that is set (how screenshots/swarm.svg was made), else only checked."""
    import os

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    web = swarm_bed.service("web", replicas=3)
    swarm_bed.service("api", replicas=2, stack=swarm_bed.prefix + "shop")
    app = app_on([swarm["manager"], swarm["worker"]], ["mgr", "wkr"])
    async with app.run_test(size=(160, 44)) as pilot:
        screen = await open_swarm(pilot, until)
        ctl = app.control.swarm

        def ready():
            snap = ctl.snapshot
            return (snap is not None and len(ctl.roles) == 2 and snap.service(web["ID"]) is not None and snap.settled
                    and len({t.node_id for t in snap.tasks if t.state == "running"}) == 2 and web["ID"] in screen._shown["services"])

        await until(pilot, ready, timeout=30, what="every task running on both nodes")
        await pilot.pause(0.3)
        svg = app.export_screenshot(title="Dockyard — Swarm")
    for text in (swarm_bed.prefix + "web", "swarm-node1", "swarm-node2", "Leader"):
        assert text.replace(" ", "&#160;") in svg or text in svg, text
    out = os.environ.get("DOCKYARD_SCREENSHOTS")
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "swarm.svg"), "w") as f:
            f.write(svg)

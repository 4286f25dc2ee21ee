"""The Swarm panes in the real app (pilot) against the bed's two-node swarm: keys 5/6/7 only
with a manager in scope; scale (+, -, dialog), forced restart, rollback (asks), stack grouping
and removal, task -> container on the node's own Dockyard host (fleet) or inspect, drain
(asks and says how many tasks move), service logs of both nodes, read-only refusal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.ui.helpers import dash
from tui.engine.endpoint import resolve

pytestmark = pytest.mark.daemon


def app_on(urls, names=None, readonly=False, **kw):
    from tui.app import DockyardApp
    from tui.keymap import Config

    if names is None:
        return DockyardApp(resolve(host=urls[0], env={}), config=Config(), stats_interval=0.5, readonly=readonly, **kw)
    fleet = [(n, replace(resolve(host=u, env={}), name=n)) for n, u in zip(names, urls)]
    return DockyardApp(fleet[0][1], config=Config(), stats_interval=0.5, fleet=fleet, readonly=readonly, **kw)


def svc_of(app, name):
    snap = app.control.swarm.snapshot
    return snap.service(name) if snap is not None else None


def cell(screen, pane, key, column) -> str:
    cells = screen._shown[pane].get(key)
    if cells is None:
        return ""
    from tui.screens.swarm import _COLUMNS

    return cells[[c for c, _, _ in _COLUMNS[pane]].index(column)].plain


def logged(app, text) -> bool:
    """``docker service scale web=4`` was logged ok (after the flags naming the daemon, if any)."""
    verb = text[len("docker "):]
    return any(r.command.startswith("docker ") and r.command.endswith(verb) and r.outcome == "ok" for r in app.control.store.action_log)


async def confirm(pilot, until, expect_title: str = ""):
    from textual.widgets import Button

    from tui.screens.dialogs.confirm import ConfirmScreen

    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen._armed, what="the confirmation")
    title = app.screen._title
    assert expect_title in title, title
    app.screen.query_one("#ok", Button).press()
    await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), what="the dialog closed")
    return title


async def open_swarm(pilot, until, pane_key="5"):
    from tui.screens.swarm import SwarmScreen

    app = pilot.app
    await until(pilot, lambda: app.control.swarm.available, timeout=20, what="the swarm read")
    await until(pilot, lambda: dash(app).check_action("swarm", ()) is True, what="5/6/7 enabled")
    await pilot.press(pane_key)
    await until(pilot, lambda: isinstance(app.screen, SwarmScreen), what="the Swarm panes")
    return app.screen


async def test_services_scale_restart_rollback_stack(swarm, swarm_bed, until, monkeypatch, tmp_path):
    from textual.widgets import Input

    from tui.screens.dialogs.forms import FormScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    name = swarm_bed.prefix + "web"
    svc = swarm_bed.service("web", replicas=3)
    stack = swarm_bed.prefix + "shop"
    swarm_bed.service("api", replicas=1, stack=stack)
    swarm_bed.manager.create_network(f"{stack}_default", driver="overlay", labels={"com.docker.stack.namespace": stack})
    app = app_on([swarm["manager"]])
    async with app.run_test(size=(160, 44)) as pilot:
        screen = await open_swarm(pilot, until)
        assert "5 Services" in str(dash(app).query_one("#lower-tabs").render())
        await until(pilot, lambda: "3/3" in cell(screen, "services", svc["ID"], "replicas"), timeout=20, what="web 3/3")
        assert "dockyard-test/busybox:latest" in cell(screen, "services", svc["ID"], "image")
        assert screen.select("services", svc["ID"])
        # + : one more, shown once the manager reports it
        await pilot.press("plus")
        await until(pilot, lambda: "4/4" in cell(screen, "services", svc["ID"], "replicas"), timeout=20, what="4/4")
        assert logged(app, f"docker service scale {name}=4")
        # = : the dialog sets 5
        await pilot.press("equals_sign")
        await until(pilot, lambda: isinstance(app.screen, FormScreen), what="the replicas dialog")
        app.screen.query_one(Input).value = "5"
        await pilot.press("enter")
        await until(pilot, lambda: "5/5" in cell(screen, "services", svc["ID"], "replicas"), timeout=20, what="5/5")
        await pilot.press("minus")
        await until(pilot, lambda: "4/4" in cell(screen, "services", svc["ID"], "replicas"), timeout=20, what="back to 4/4")
        # r: forced rolling restart; the update state shows completed
        v0 = svc_of(app, name).version
        await pilot.press("r")
        await until(pilot, lambda: svc_of(app, name).version > v0 and cell(screen, "services", svc["ID"], "update") == "completed", timeout=30, what="update completed")
        assert logged(app, f"docker service update --force {name}")
        # b: rollback asks, then rollback_completed
        screen.select("services", svc["ID"])
        await pilot.press("b")
        await confirm(pilot, until, "Roll back")
        await until(pilot, lambda: cell(screen, "services", svc["ID"], "update") == "rollback_completed", timeout=30, what="rollback_completed")
        assert logged(app, f"docker service rollback {name}")
        # t: the service's tasks only
        await pilot.press("t")
        await until(pilot, lambda: screen.task_service == svc["ID"] and len(screen._shown["tasks"]) >= 4, what="web's tasks")
        assert all(obj.service_id == svc["ID"] for obj in screen._rows["tasks"].values())
        await pilot.press("escape")
        await until(pilot, lambda: screen.task_service is None, what="every task")
        # z: group by stack; d on the stack row removes services and networks, after asking
        await pilot.press("5", "z")
        await until(pilot, lambda: f"stack:{stack}" in screen._shown["services"], what="the stack row")
        assert screen.select("services", f"stack:{stack}")
        await pilot.press("d")
        title = await confirm(pilot, until, f"Remove stack {stack}")
        assert "2 objects" in title
        await until(pilot, lambda: f"stack:{stack}" not in screen._shown["services"], timeout=20, what="the stack gone")
        assert logged(app, f"docker stack rm {stack}")
        assert not swarm_bed.manager.networks(names=[f"{stack}_default"])


async def test_tasks_nodes_drain_and_logs(swarm, swarm_bed, until, monkeypatch, tmp_path):
    from tui.screens.detail import ContainerDetailScreen
    from tui.screens.objects.inspect import InspectScreen
    from tui.screens.swarm import ServiceLogsScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    svc = swarm_bed.service("web", replicas=4)
    # Two Dockyard hosts: the manager and the worker (matched by Info.Swarm.NodeID)
    app = app_on([swarm["manager"], swarm["worker"]], ["mgr", "wkr"])
    async with app.run_test(size=(160, 44)) as pilot:
        screen = await open_swarm(pilot, until, "7")
        swarm_ctl = app.control.swarm
        await until(pilot, lambda: swarm_ctl.snapshot and len(swarm_ctl.snapshot.nodes) == 2 and len(swarm_ctl.roles) == 2, timeout=20, what="both roles")
        snap = swarm_ctl.snapshot
        worker = next(n for n in snap.nodes if n.role == "worker")
        manager = next(n for n in snap.nodes if n.role == "manager")
        assert cell(screen, "nodes", worker.id, "host") == "wkr" and cell(screen, "nodes", manager.id, "host") == "mgr"
        assert cell(screen, "nodes", manager.id, "manager") == "Leader"
        # enter on a task on the worker: its container, on the worker's own host
        await until(pilot, lambda: any(t.node_id == worker.id and t.state == "running" and t.service_id == svc["ID"] for t in swarm_ctl.snapshot.tasks),
                    timeout=20, what="a task on the worker")
        task = next(t for t in swarm_ctl.snapshot.tasks if t.node_id == worker.id and t.state == "running" and t.service_id == svc["ID"])
        await until(pilot, lambda: task.container_id in app.control.fleet.state.hosts["wkr"].containers, timeout=20, what="the worker's container listed")
        await pilot.press("6")
        assert screen.select("tasks", task.id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContainerDetailScreen), what="the container detail")
        assert (app.screen.container.id, app.screen.container.host) == (task.container_id, "wkr")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="back to the Swarm panes")
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InspectScreen), what="the task's inspect")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="back")
        # D on the worker: asks, saying how many tasks move; then they do
        moving = len(swarm_ctl.snapshot.tasks_on(worker.id))
        await pilot.press("7")
        assert screen.select("nodes", worker.id)
        await pilot.press("D")
        title = await confirm(pilot, until, f"{moving} task(s) will move")
        assert "Drain swarm-node2" in title

        def moved():
            s = swarm_ctl.snapshot
            wanted = [t for t in s.tasks_of(svc["ID"]) if t.desired_state == "running"]
            return len(wanted) == 4 and all(t.node_id == manager.id and t.state == "running" for t in wanted)

        await until(pilot, moved, timeout=30, what="tasks moved to the manager")
        assert cell(screen, "nodes", worker.id, "availability") == "drain"
        assert logged(app, "docker node update --availability drain swarm-node2")
        await pilot.press("a")
        await until(pilot, lambda: cell(screen, "nodes", worker.id, "availability") == "active", timeout=15, what="active again")
        # l: the service's logs, both nodes' tasks (the service rebalances only on change: scale up)
        await pilot.press("5")
        assert screen.select("services", svc["ID"])
        await pilot.press("plus", "plus")
        await until(pilot, lambda: any(t.node_id == worker.id and t.state == "running" and t.service_id == svc["ID"] for t in swarm_ctl.snapshot.tasks),
                    timeout=30, what="a task back on the worker")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, ServiceLogsScreen), what="the logs")
        logs = app.screen

        def text():
            return "\n".join(str(line) for line in logs.query_one("#swarm-log").lines)

        await until(pilot, lambda: "@swarm-node1 | tick" in text() and "@swarm-node2 | tick" in text(), timeout=20, what="lines of both nodes")


async def test_readonly_refuses_swarm_keys(swarm, swarm_bed, until, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    svc = swarm_bed.service("web", replicas=1)
    app = app_on([swarm["manager"]], readonly=True)
    async with app.run_test(size=(160, 44)) as pilot:
        screen = await open_swarm(pilot, until)
        await until(pilot, lambda: svc["ID"] in screen._shown["services"], timeout=20, what="the service")
        screen.select("services", svc["ID"])
        await pilot.pause()
        for action in ("scale_up", "scale_down", "set_replicas", "restart", "rollback", "remove"):
            assert screen.check_action(action, ()) is False, action
        # the control refuses too (as a palette or a remapped key would reach it)
        service = svc_of(app, swarm_bed.prefix + "web")
        assert app.control.swarm.scale(service, 3) is False
        assert app.control.swarm.rollback(service) is False
        node = app.control.swarm.snapshot.nodes[0]
        assert app.control.swarm.set_availability(node, "drain") is False
        await pilot.press("plus", "r")
        await pilot.pause(0.5)
        assert swarm_bed.manager.inspect_service(svc["ID"])["Version"]["Index"] == svc["Version"]["Index"]
        # F1: the concept card of a service, with this service's live line (reading is allowed)
        from tui.screens.learn.concept import ConceptScreen

        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, ConceptScreen), what="the service card")
        assert app.screen.concept == "service"
        body = str(app.screen.query_one("#concept-body").render())
        assert swarm_bed.prefix + "web" in body and "replicated" in body


async def test_no_swarm_panes_without_a_manager(make_app, until, swarm):
    """The bed's main daemon is in no swarm; the worker is no manager; Podman has no swarm:
    no 5/6/7, and no error."""
    from tests.remote.conftest import bed_var

    app = app_on([bed_var("DOCKYARD_TEST_PODMAN_HOST")])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: "" in app.control.swarm.roles, timeout=20, what="podman's role")
        assert not app.control.swarm.available and not app.control.swarm.errors
        assert dash(app).check_action("swarm", ()) is False
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: "" in app.control.swarm.roles, timeout=20, what="the role read")
        assert not app.control.swarm.available and not app.control.swarm.errors
        assert dash(app).check_action("swarm", ()) is False
    app = app_on([swarm["worker"]])
    async with app.run_test(size=(140, 36)) as pilot:
        await until(pilot, lambda: "" in app.control.swarm.roles, timeout=20, what="the worker's role")
        assert app.control.swarm.roles[""].node_id and not app.control.swarm.available
        assert dash(app).check_action("swarm", ()) is False

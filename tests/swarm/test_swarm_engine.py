"""The engine's Swarm support against the bed's real two-node swarm (manager + worker).

The watch is poked as the application layer pokes it: by the session's own event stream
(service/node events and swarm task containers' events), never by a timer."""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import replace

import pytest

from tests.support.daemon import wait_for
from tests.support.pump import Recorder
from tui.domain import changes as ch
from tui.domain import swarm as sw
from tui.domain.errors import DockerError
from tui.engine import swarm as engine_swarm
from tui.engine.endpoint import resolve
from tui.engine.session import Session

pytestmark = pytest.mark.daemon


class Wired:
    """A Session on one node whose events poke its SwarmWatch (as tui/control/swarm.py does)."""

    def __init__(self, url: str, readonly: bool = False) -> None:
        self.rec = Recorder()
        self.watch = None
        self.session = Session(replace(resolve(host=url, env={}), name=url), self._emit, readonly=readonly, stats_interval=5)
        self.session.start()
        self.rec.wait_resynced()

    def _emit(self, change) -> None:
        self.rec(change)
        w = self.watch
        if w is not None and isinstance(change, ch.DaemonEvent) and engine_swarm.pokes_for(change.type, change.attributes):
            w.poke()
        if w is not None and isinstance(change, ch.Resynced):
            w.poke(resync=True)

    def start_watch(self, visible: bool = True):
        """As the app does with a Swarm pane on screen: follow-ups read the tasks the worker runs
        (the manager's event stream has no container events from other nodes)."""
        self.watch = self.session.swarm_watch(host="mgr")
        self.watch.set_visible(visible)
        return self.watch

    def snapshot(self, predicate, timeout=20.0, what="swarm snapshot"):
        """The first SwarmChanged snapshot (from now or already seen) matching predicate."""
        return self.rec.wait_for(lambda c: isinstance(c, sw.SwarmChanged) and c.snapshot is not None and predicate(c.snapshot), timeout, 0, what).snapshot

    def close(self) -> None:
        if self.watch is not None:
            self.watch.close()
        self.session.close()


@pytest.fixture
def manager(swarm):
    w = Wired(swarm["manager"])
    yield w
    w.close()


def _svc(snap: sw.SwarmSnapshot, name: str) -> sw.Service | None:
    return snap.service(name)


def test_lists_services_tasks_and_nodes(manager, swarm, swarm_bed):
    name = swarm_bed.prefix + "web"
    swarm_bed.service("web", replicas=3)
    manager.start_watch()
    snap = manager.snapshot(lambda s: (v := _svc(s, name)) is not None and v.running == 3, what="web 3/3")
    svc = snap.service(name)
    assert (svc.mode, svc.desired, svc.image, svc.host) == ("replicated", 3, "dockyard-test/busybox:latest", "mgr")
    tasks = snap.tasks_of(svc.id, current_only=True)
    assert sorted(t.slot for t in tasks) == [1, 2, 3]
    assert all(t.state == "running" and len(t.container_id) == 64 for t in tasks)
    nodes = {n.hostname: n for n in snap.nodes}
    assert set(nodes) == {"swarm-node1", "swarm-node2"}
    assert (nodes["swarm-node1"].role, nodes["swarm-node1"].manager_status) == ("manager", "Leader")
    assert (nodes["swarm-node2"].role, nodes["swarm-node2"].manager_status, nodes["swarm-node2"].status) == ("worker", "", "ready")
    assert nodes["swarm-node1"].engine.startswith("20.10") and nodes["swarm-node1"].address.startswith("127.88.")
    assert snap.node_id == nodes["swarm-node1"].id
    # tasks are spread over both nodes, and each one's container is on its node's own daemon
    on = {t.node_id for t in tasks}
    assert on == {n.id for n in snap.nodes}
    worker_task = next(t for t in tasks if t.node_id == nodes["swarm-node2"].id)
    assert swarm_bed.worker.inspect_container(worker_task.container_id)["Config"]["Labels"]["com.docker.swarm.task.id"] == worker_task.id
    # the worker's own role names its node id (for task -> container on the node's host)
    worker = Session(resolve(host=swarm["worker"], env={}), Recorder())
    worker.start()
    try:
        wait_for(lambda: worker.client is not None, what="worker connected")
        role = worker.swarm_role()
        assert (role.manager, role.node_id, role.local_state) == (False, nodes["swarm-node2"].id, "active")
        with pytest.raises(DockerError):
            worker.swarm_snapshot()
    finally:
        worker.close()


def test_worker_watch_ends_after_its_role(swarm):
    w = Wired(swarm["worker"])
    try:
        watch = w.start_watch()
        got = w.rec.wait_for(lambda c: isinstance(c, sw.SwarmChanged), 10, 0, "the role")
        assert got.snapshot is None and not got.role.manager and got.role.node_id
        wait_for(lambda: not watch.alive, what="the worker's watch thread to end")
    finally:
        w.close()


def test_scale_arrives_by_event_not_timer(manager, swarm_bed):
    name = swarm_bed.prefix + "web"
    svc = swarm_bed.service("web", replicas=3)
    watch = manager.start_watch()
    manager.snapshot(lambda s: (v := _svc(s, name)) is not None and v.running == 3 and s.settled, what="3/3 settled")
    # Settled: the follow-ups of a visible pane end (a few reads after the swarm settles), then no
    # reads at all while nothing happens (no timer re-list).
    deadline = time.monotonic() + 60
    idle = watch.reads
    while True:
        time.sleep(3)
        if watch.reads == idle:
            break
        idle = watch.reads
        assert time.monotonic() < deadline, "the watch kept reading a settled swarm"
    time.sleep(3)
    assert watch.reads == idle
    mark = manager.rec.mark()
    manager.session.scale_service(svc["ID"], 5)
    got = manager.rec.wait_for(lambda c: isinstance(c, sw.SwarmChanged) and c.snapshot and (v := _svc(c.snapshot, name)) and v.desired == 5, 10, mark, "desired 5")
    assert got is not None
    manager.snapshot(lambda s: _svc(s, name).running == 5 and len(s.tasks_of(svc["ID"], True)) == 5, what="5/5 running")
    assert any(isinstance(c, ch.DaemonEvent) and c.type == "service" for c in manager.rec.since(mark))


def test_scale_retries_out_of_sequence(manager, swarm_bed, monkeypatch):
    """Someone updates the service between our read and our write: one retry, then it holds."""
    svc = swarm_bed.service("web", replicas=1)
    calls = {"n": 0}
    client = manager.session.client
    original_inspect = client.inspect_service

    def racing_inspect(ident, *a, **kw):
        out = original_inspect(ident, *a, **kw)
        calls["n"] += 1
        if calls["n"] == 1:  # another writer bumps the version after our read
            spec = out["Spec"]
            spec["Labels"] = dict(spec.get("Labels") or {}, raced="1")
            swarm_bed.manager.update_service(out["ID"], out["Version"]["Index"], task_template=spec["TaskTemplate"], name=spec["Name"], labels=spec["Labels"], mode=spec["Mode"])
        return out

    monkeypatch.setattr(client, "inspect_service", racing_inspect)
    manager.session.scale_service(svc["ID"], 2)
    assert calls["n"] == 2
    assert swarm_bed.manager.inspect_service(svc["ID"])["Spec"]["Mode"]["Replicated"]["Replicas"] == 2


def test_forced_update_then_rollback_completes(manager, swarm_bed):
    name = swarm_bed.prefix + "web"
    svc = swarm_bed.service("web", replicas=2)
    manager.start_watch()
    manager.snapshot(lambda s: (v := _svc(s, name)) is not None and v.running == 2, what="2/2")
    before = {t.id for t in manager.snapshot(lambda s: True).tasks_of(svc["ID"], True)}
    manager.session.restart_service(svc["ID"])
    after = manager.snapshot(lambda s: _svc(s, name).update_state == "completed" and _svc(s, name).running == 2
                             and not ({t.id for t in s.tasks_of(svc["ID"], True)} & before), timeout=30, what="update completed, new tasks")
    assert _svc(after, name).version > 0
    manager.session.rollback_service(svc["ID"])
    manager.snapshot(lambda s: _svc(s, name).update_state == "rollback_completed", timeout=30, what="rollback_completed")
    spec = swarm_bed.manager.inspect_service(svc["ID"])
    assert spec["UpdateStatus"]["State"] == "rollback_completed"


def test_drain_moves_tasks_to_the_manager_and_back(manager, swarm_bed):
    name = swarm_bed.prefix + "web"
    svc = swarm_bed.service("web", replicas=4)
    manager.start_watch()
    snap = manager.snapshot(lambda s: (v := _svc(s, name)) is not None and v.running == 4, what="4/4")
    worker = next(n for n in snap.nodes if n.role == "worker")
    assert len([t for t in snap.tasks_on(worker.id) if t.service_id == svc["ID"]]) >= 1
    manager.session.node_availability(worker.id, "drain")
    def moved_off(s):
        wanted = [t for t in s.tasks_of(svc["ID"]) if t.desired_state == "running"]
        return (s.node(worker.id).availability == "drain" and len(wanted) == 4
                and all(t.node_id == s.node_id and t.state == "running" for t in wanted))

    manager.snapshot(moved_off, timeout=30, what="tasks moved off the worker onto the manager")
    manager.session.node_availability(worker.id, "pause")
    manager.snapshot(lambda s: s.node(worker.id).availability == "pause", what="paused")
    manager.session.node_availability(worker.id, "active")
    manager.snapshot(lambda s: s.node(worker.id).availability == "active", what="active again")


def test_rejected_task_says_why(manager, swarm_bed):
    """An overlay network with a task on each node: on one kernel the second node cannot make
    the vxlan interface, and its task is rejected with the daemon's error."""
    net = swarm_bed.manager.create_network(swarm_bed.prefix + "ov", driver="overlay")
    name = swarm_bed.prefix + "glob"
    swarm_bed.service("glob", mode="global", networks=[net["Id"]])
    manager.start_watch()
    snap = manager.snapshot(lambda s: any(t.state == "rejected" and t.error for t in s.tasks if t.service_name == name), timeout=45, what="a rejected task")
    rejected = next(t for t in snap.tasks if t.service_name == name and t.state == "rejected")
    assert "vxlan" in rejected.error or "network" in rejected.error
    assert rejected.name == f"{name}.{rejected.node_id[:12]}"


def test_stack_grouping_and_removal(manager, swarm_bed):
    stack = swarm_bed.prefix + "shop"
    label = {sw.STACK_LABEL: stack}
    swarm_bed.service("web", replicas=1, stack=stack)
    swarm_bed.service("db", replicas=1, stack=stack)
    swarm_bed.service("loner", replicas=1)
    swarm_bed.manager.create_network(f"{stack}_default", driver="overlay", labels=label)
    swarm_bed.manager.create_config(f"{stack}_conf", b"x=1", labels=label)
    swarm_bed.manager.create_secret(f"{stack}_pw", b"s3cret", labels=label)
    manager.start_watch()
    snap = manager.snapshot(lambda s: stack in s.stacks() and len(s.stacks()[stack]) == 2, what="the stack")
    assert sorted(v.name for v in snap.stacks()[stack]) == [f"{stack}_db", f"{stack}_web"]
    assert snap.service(swarm_bed.prefix + "loner").stack == ""
    parts = manager.session.stack_parts(stack)
    assert (sorted(parts.services), parts.networks, parts.configs, parts.secrets) == (
        [f"{stack}_db", f"{stack}_web"], (f"{stack}_default",), (f"{stack}_conf",), (f"{stack}_pw",))
    removed = manager.session.remove_stack(stack)
    assert removed.count == 5
    assert manager.session.stack_parts(stack).count == 0
    manager.snapshot(lambda s: stack not in s.stacks() and s.service(swarm_bed.prefix + "loner") is not None, what="stack gone")


def test_service_logs_through_the_manager_interleave_both_nodes(manager, swarm_bed):
    from tui.domain.logbuffer import LogBatch, ts_key

    name = swarm_bed.prefix + "talk"
    svc = swarm_bed.service("talk", replicas=2, constraints=None)
    snap = wait_for(lambda: (s := manager.session.swarm_snapshot()) and len({t.node_id for t in s.tasks_of(svc["ID"], True) if t.state == "running"}) == 2 and s,
                    timeout=20, what="a task on each node")
    names = {t.id: f"{t.name}@{snap.node(t.node_id).hostname}" for t in snap.tasks_of(svc["ID"])}
    time.sleep(1.5)  # some history on both nodes
    got = Recorder()
    pump = manager.session.follow_service_logs(svc["ID"], lambda m: (got(m), pump.ack() if isinstance(m, LogBatch) else None), label=lambda t, n: names.get(t, t[:12]))
    try:
        def lines():
            return [ln for b in got.since() if isinstance(b, LogBatch) for ln in b.lines]

        wait_for(lambda: {ln.text.split(" | ")[0] for ln in lines()} >= set(names.values()), timeout=15, what="lines of both tasks")
        history = []
        for m in got.since():
            if isinstance(m, LogBatch):
                history.extend(m.lines)
            elif type(m).__name__ == "LogHistoryDone":
                break
        assert history and [ts_key(ln.ts) for ln in history] == sorted(ts_key(ln.ts) for ln in history)
        hosts = {ln.text.split(" | ")[0].split("@")[1] for ln in lines()}
        assert hosts == {"swarm-node1", "swarm-node2"}
        assert all(ln.text.split(" | ", 1)[1].startswith("tick ") for ln in lines())
        n = len(lines())
        wait_for(lambda: len(lines()) > n + 2, timeout=10, what="followed lines")
    finally:
        pump.close()


def test_readonly_refuses_every_swarm_mutation(swarm, swarm_bed):
    svc = swarm_bed.service("web", replicas=1)
    ro = Wired(swarm["manager"], readonly=True)
    try:
        s = ro.session
        snap = s.swarm_snapshot()  # reads work
        worker = next(n for n in snap.nodes if n.role == "worker")
        for call in (lambda: s.scale_service(svc["ID"], 3), lambda: s.restart_service(svc["ID"]), lambda: s.rollback_service(svc["ID"]),
                     lambda: s.remove_service(svc["ID"]), lambda: s.node_availability(worker.id, "drain"), lambda: s.remove_stack("x")):
            with pytest.raises(DockerError, match="read-only"):
                call()
        after = swarm_bed.manager.inspect_service(svc["ID"])
        assert after["Version"]["Index"] == svc["Version"]["Index"]
        assert swarm_bed.manager.inspect_node(worker.id)["Spec"]["Availability"] == "active"
    finally:
        ro.close()


def test_worker_frozen_turns_down_and_tasks_reschedule(manager, swarm, swarm_bed):
    name = swarm_bed.prefix + "web"
    svc = swarm_bed.service("web", replicas=4)
    manager.start_watch()
    snap = manager.snapshot(lambda s: (v := _svc(s, name)) is not None and v.running == 4, what="4/4")
    worker = next(n for n in snap.nodes if n.role == "worker")
    assert [t for t in snap.tasks_on(worker.id) if t.service_id == svc["ID"]]
    pid = int(open(swarm["worker_pid"]).read().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        down = manager.snapshot(lambda s: s.node(worker.id).status == "down", timeout=40, what="worker down")
        assert down.node(worker.id).status == "down"
        manager.snapshot(lambda s: len([t for t in s.tasks_of(svc["ID"], True) if t.node_id == s.node_id and t.state == "running"]) == 4,
                         timeout=40, what="tasks rescheduled on the manager")
    finally:
        os.kill(pid, signal.SIGCONT)
    manager.snapshot(lambda s: s.node(worker.id).status == "ready", timeout=40, what="worker ready again")

"""The swarm in the learning views, pure: the relationship map service -> tasks -> containers on
nodes (linked by the com.docker.swarm.task.id label on the node's own host, else the manager's
container id), and the architecture view's managers / workers / the daemon Dockyard talks to."""

from __future__ import annotations

from tui.domain import architecture as arch
from tui.domain import relations as rel
from tui.domain import swarm as sw
from tui.domain.models import Container


def _snap() -> sw.SwarmSnapshot:
    web = sw.Service("s1", "web", "replicated", 3, 2, "busybox:latest", "")
    tasks = (
        sw.Task("t1", "s1", "web", 1, "n1", "running", "running", "", "", 1.0, container_id="c1"),
        sw.Task("t2", "s1", "web", 2, "n2", "running", "running", "", "", 1.0, container_id="c2"),
        sw.Task("t3", "s1", "web", 3, "n2", "running", "rejected", "", "no such image", 1.0),
        sw.Task("t0", "s1", "web", 1, "n1", "shutdown", "shutdown", "", "", 0.5, container_id="c0"),
    )
    nodes = (
        sw.Node("n1", "node1", "manager", "active", "ready", "Leader", address="127.88.1.1:2377"),
        sw.Node("n2", "node2", "worker", "active", "ready", address="127.88.1.2"),
    )
    return sw.SwarmSnapshot("n1", "cl", (web,), tasks, nodes)


def test_map_links_each_running_task_to_its_container_on_the_nodes_own_host():
    snap = _snap()
    c1 = Container("c1", "web.1.t1", "busybox", state="running", labels=((rel.TASK_LABEL, "t1"),))
    c2 = Container("c2", "web.2.t2", "busybox", state="running", labels=((rel.TASK_LABEL, "t2"),))
    other = Container("x", "plain", "busybox", state="running")
    linked = rel.task_containers({"mgr": [c1, other], "wkr": [c2]})
    assert set(linked) == {"t1", "t2"} and linked["t2"] == ("wkr", c2)
    root = rel.swarm_tree(snap, {"n1": "mgr", "n2": "wkr"}, linked, "s1")
    assert (root.kind, root.label) == ("service", "web") and "3" in root.detail
    tasks = root.children[0].children
    assert [t.label for t in tasks] == ["web.1", "web.2", "web.3"]  # shut-down history is left out
    t1, t2, t3 = tasks
    assert "slot 1 · node1" in t1.detail and t1.state == "running"
    assert (t1.children[0].key, t1.children[0].host, t1.children[0].label) == ("c1", "mgr", "web.1.t1")
    assert t2.children[0].host == "wkr" and "node2" in t2.children[0].detail
    assert t3.state == "rejected" and "no such image" in t3.detail and t3.children == ()


def test_map_falls_back_to_the_managers_container_id_for_a_node_dockyard_does_not_hold():
    snap = _snap()
    c1 = Container("c1", "web.1.t1", "busybox", state="running", labels=((rel.TASK_LABEL, "t1"),))
    root = rel.swarm_tree(snap, {"n1": ""}, rel.task_containers({"": [c1]}))
    assert root.kind == "swarm" and [s.label for s in root.children] == ["web"]
    t2 = root.children[0].children[0].children[1]
    leaf = t2.children[0]
    assert (leaf.key, leaf.label, leaf.openable) == ("", "c2", False) and "manager reports" in leaf.detail
    assert root.children[0].children[0].children[0].children[0].host == "local"
    assert rel.swarm_tree(snap, {}, {}, "gone") is None


def test_architecture_swarm_facts():
    snap = _snap()
    role = sw.SwarmRole("n2", "active", False, "cl")
    facts = arch.swarm_facts(role, snap)
    assert facts.active and not facts.manager and facts.local_state == "active"
    assert [(m.name, m.status, m.here) for m in facts.managers] == [("node1", "Leader", False)]
    assert [(w.name, w.status, w.address, w.here) for w in facts.workers] == [("node2", "ready", "127.88.1.2", True)]
    assert not arch.swarm_facts(sw.SwarmRole(), None).active
    assert not arch.swarm_facts(None, None).active
    lone_worker = arch.swarm_facts(role, None)
    assert lone_worker.active and lone_worker.managers == ()

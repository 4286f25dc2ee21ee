"""tui/domain/swarm.py: parsing the manager's answers (sanitised), CLI lines, flux, capabilities."""

from __future__ import annotations

from tui.domain import capabilities
from tui.domain import swarm as sw

SERVICE = {
    "ID": "svc1", "Version": {"Index": 7}, "CreatedAt": "2026-12-01T03:17:09.640855577Z",
    "Spec": {"Name": "shop_web\x1b]0;pwn\x07", "Labels": {"com.docker.stack.namespace": "shop"},
             "TaskTemplate": {"ContainerSpec": {"Image": "nginx:1.27@sha256:" + "ab" * 32}},
             "Mode": {"Replicated": {"Replicas": 3}}},
    "Endpoint": {"Ports": [{"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"}]},
    "ServiceStatus": {"RunningTasks": 2, "DesiredTasks": 3},
    "UpdateStatus": {"State": "rollback_started", "Message": "manually requested rollback"},
}
TASK = {"ID": "t1", "ServiceID": "svc1", "Slot": 2, "NodeID": "n2", "DesiredState": "running",
        "Status": {"Timestamp": "2026-12-01T03:17:10Z", "State": "rejected", "Err": "no such image\x1b[2J",
                   "ContainerStatus": {"ContainerID": "c" * 64}}}
NODES = [
    {"ID": "n1", "Spec": {"Role": "manager", "Availability": "active"}, "Description": {"Hostname": "a", "Engine": {"EngineVersion": "20.10.24"}},
     "Status": {"State": "ready", "Addr": "127.0.0.1"}, "ManagerStatus": {"Leader": True, "Reachability": "reachable", "Addr": "127.88.1.1:4000"}},
    {"ID": "n2", "Spec": {"Role": "worker", "Availability": "drain"}, "Description": {"Hostname": "b"}, "Status": {"State": "down", "Addr": "127.88.1.2"}},
]


def test_snapshot_from_api_is_clean_and_complete():
    role = sw.role_from_info({"Swarm": {"NodeID": "n1", "LocalNodeState": "active", "ControlAvailable": True, "Cluster": {"ID": "c1"}}})
    snap = sw.snapshot_from_api(role, [SERVICE], [TASK], NODES, host="mgr")
    s = snap.services[0]
    assert "\x1b" not in s.name and "\x07" not in s.name
    assert (s.stack, s.mode, s.replicas, s.image, s.short_digest, s.update_state, s.version, s.host) == (
        "shop", "replicated", "2/3", "nginx:1.27", "ab" * 6, "rollback_started", 7, "mgr")
    assert str(s.ports[0]) == "*:8080->80/tcp"
    t = snap.tasks[0]
    assert (t.name, t.state, t.container_id[:3]) == (s.name + ".2", "rejected", "ccc") and "\x1b" not in t.error
    a, b = snap.nodes
    assert (a.manager_status, a.address, b.manager_status, b.status, b.availability) == ("Leader", "127.88.1.1:4000", "", "down", "drain")
    assert snap.stacks() == {"shop": [s]} and snap.tasks_on("n2") == [t]
    assert not snap.settled  # 2/3 and a rollback running
    assert not s.can_roll_back  # already rolling back


def test_global_task_name_and_no_swarm_role():
    glob = dict(SERVICE, Spec=dict(SERVICE["Spec"], Mode={"Global": {}}))
    snap = sw.snapshot_from_api(sw.SwarmRole(), [glob], [dict(TASK, Slot=0)], [])
    assert snap.services[0].mode == "global" and snap.services[0].desired == 3
    assert snap.tasks[0].name.endswith(".n2")
    assert sw.role_from_info({}) == sw.SwarmRole()  # Podman: no Swarm block


def test_cli_lines_and_bar():
    assert sw.command("scale", "web", 5) == "docker service scale web=5"
    assert sw.command("availability", "node 2", "drain") == "docker node update --availability drain 'node 2'"
    assert sw.command("rollback", "web") == "docker service rollback web"
    assert sw.command("remove_stack", "shop") == "docker stack rm shop"
    assert sw.bar(3, 6, 6) == "▰▰▰▱▱▱" and sw.bar(0, 0, 2) == "▱▱"


def test_swarm_actions_are_mutating_and_scale_needs_replicated():
    for action in ("scale", "service_restart", "rollback", "availability", "remove_stack", "remove"):
        assert capabilities.is_mutating(action)
    rep = sw.service_from_api(SERVICE)
    glob = sw.service_from_api(dict(SERVICE, Spec=dict(SERVICE["Spec"], Mode={"Global": {}})))
    assert capabilities.swarm_applies("scale", rep) and not capabilities.swarm_applies("scale", glob)


def test_concept_cards_for_service_task_node_in_both_languages():
    from tui.domain.state import State
    from tui.screens.learn.concept import card_lines

    role = sw.SwarmRole(node_id="n1", manager=True)
    snap = sw.snapshot_from_api(role, [SERVICE], [TASK], NODES)
    for lang in ("en", "ko"):
        svc = card_lines("service", snap.services[0], State(), lang)
        task = card_lines("task", snap.tasks[0], State(), lang)
        node = card_lines("node", snap.nodes[1], State(), lang)
        assert "2" in svc[1] and "3" in svc[1] and "rollback_started" in svc[1]
        assert "rejected" in task[1] and "n2" in task[1]
        assert "drain" in node[1] and "down" in node[1]
        assert all(len(lines) == 3 for lines in (svc, task, node))  # idea, live line, related

"""Docker Swarm in the application layer: which hosts manage a swarm, their snapshots, actions.

Each host's session runs a ``SwarmWatch`` (engine/swarm.py), started on the host's first
listing: it reads the host's swarm role (every node names its own ``Info.Swarm.NodeID``,
which is how a task is followed onto the node's own Dockyard host) and, on a manager,
a snapshot per poke. Pokes come from the event streams Dockyard already follows: a
``service``/``node``/``config``/``secret`` event, or a container event of a swarm task on
any host; a resync re-reads the role too. No timer re-lists.

Screens read ``snapshot`` and subscribe to ``signal``; they act through the methods below
(each one ``ops.run`` with its docker CLI line, refused in read-only mode, a pending label
on the row until the manager's snapshot confirms it).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from ..signals import Signal  # Textual's, forgetting closed subscribers (tui/signals.py)

from ..domain import changes as ch
from ..domain import swarm as sw

PENDING_LIMIT = 15.0  # a label the manager did not confirm by then is dropped


class SwarmControl:
    def __init__(self, app, control) -> None:
        self._app = app
        self._control = control
        self.signal: Signal[sw.SwarmSnapshot | None] = Signal(app, "swarm")
        self.roles: dict[str, sw.SwarmRole] = {}
        self.snapshots: dict[str, sw.SwarmSnapshot] = {}
        self.errors: dict[str, str] = {}
        self._watches: dict[str, Any] = {}
        self._visible = False
        # object id -> (label, confirmed(snapshot) -> bool, since)
        self.pending: dict[str, tuple[str, Callable[[sw.SwarmSnapshot], bool], float]] = {}

    # Hosts

    def _hosts(self) -> tuple[str, ...]:
        fleet = self._control.fleet
        return tuple(fleet.scope) if fleet is not None else ("",)

    def _session(self, host: str):
        fleet = self._control.fleet
        return fleet.session_for(host) if fleet is not None and host else self._control.session

    @property
    def manager_host(self) -> str | None:
        """The first host in scope that manages a swarm (and has been read), else None."""
        for host in self._hosts():
            if host in self.snapshots and self.roles.get(host, sw.SwarmRole()).manager:
                return host
        return None

    @property
    def snapshot(self) -> sw.SwarmSnapshot | None:
        host = self.manager_host
        return self.snapshots.get(host) if host is not None else None

    @property
    def available(self) -> bool:
        return self.snapshot is not None

    @property
    def role_here(self) -> sw.SwarmRole | None:
        """The swarm role of the daemon Dockyard is talking to (the focused host), once read."""
        fleet = self._control.fleet
        return self.roles.get(fleet.focus if fleet is not None else "")

    def host_of_node(self, node_id: str) -> str | None:
        """The Dockyard host whose daemon is swarm node ``node_id`` (Info.Swarm.NodeID)."""
        for host, role in self.roles.items():
            if node_id and role.node_id == node_id:
                return host
        return None

    def host_label(self, node_id: str) -> str:
        host = self.host_of_node(node_id)
        if host is None:
            return ""
        return host or self._control.endpoint.key

    # Engine changes (UI thread)

    def on_change(self, change: object, host: str) -> bool:
        """True when the change was swarm news (consumed here)."""
        if isinstance(change, sw.SwarmChanged):
            self._changed(host, change)
            return True
        if isinstance(change, ch.Resynced):
            watch = self._watches.get(host)
            if watch is not None and watch.alive:
                watch.poke(resync=True)
            else:
                start = getattr(self._session(host), "swarm_watch", None)  # a scripted test session may have none
                if start is not None:
                    watch = self._watches[host] = start(host)
                    if self._visible and hasattr(watch, "set_visible"):
                        watch.set_visible(True)
        elif isinstance(change, ch.DaemonEvent) and _pokes(change):
            urgent = change.type != "container"  # task news is polled only while a pane shows it
            for watch in self._watches.values():
                if watch.alive:
                    watch.poke(urgent=urgent)
        return False

    def set_visible(self, visible: bool) -> None:
        """The Swarm screen is shown (read now, follow task news) or gone (no polling)."""
        self._visible = visible
        for watch in self._watches.values():
            setter = getattr(watch, "set_visible", None)
            if setter is not None and watch.alive:
                setter(visible)

    def _changed(self, host: str, change: sw.SwarmChanged) -> None:
        self.roles[host] = change.role
        if change.error:
            self.errors[host] = change.error
        else:
            self.errors.pop(host, None)
        if change.snapshot is None:
            self.snapshots.pop(host, None)
        else:
            self.snapshots[host] = change.snapshot
            self._settle(change.snapshot)
        self.signal.publish(self.snapshot)

    def reset(self) -> None:
        """Another daemon (Control.switch): forget the old one's swarm."""
        for watch in self._watches.values():
            watch.close()
        self._watches.clear()
        self.roles.clear()
        self.snapshots.clear()
        self.pending.clear()
        self.signal.publish(None)

    def close(self) -> None:
        for watch in self._watches.values():
            watch.close()

    # Pending labels: shown until the manager's snapshot says it happened

    def _expect(self, ident: str, label: str, confirmed: Callable[[sw.SwarmSnapshot], bool]) -> None:
        self.pending[ident] = (label, confirmed, time.monotonic())
        self.signal.publish(self.snapshot)

    def _settle(self, snap: sw.SwarmSnapshot) -> None:
        now = time.monotonic()
        for ident, (_, confirmed, since) in list(self.pending.items()):
            if confirmed(snap) or now - since > PENDING_LIMIT:
                del self.pending[ident]

    def _drop(self, ident: str) -> None:
        if self.pending.pop(ident, None) is not None:
            self.signal.publish(self.snapshot)

    def label(self, ident: str) -> str:
        item = self.pending.get(ident)
        return item[0] if item else ""

    # Actions (each one ops.run: read-only refusal, status line, action log, errors)

    def _run(self, obj: Any, command: str, call: Callable, ident: str = "", label: str = "",
             confirmed: Callable[[sw.SwarmSnapshot], bool] | None = None, done: Callable | None = None) -> bool:
        self._control.focus_object(obj)  # a fleet acts on the manager the row was read from
        if ident and confirmed is not None:
            self._expect(ident, label, confirmed)

        def finished(result) -> None:
            if done is not None:
                done(result)

        ok = self._control.ops.run(command, call, done=finished)
        if not ok and ident:
            self._drop(ident)
        return ok

    def scale(self, service: sw.Service, replicas: int) -> bool:
        replicas = max(0, int(replicas))
        return self._run(service, sw.command("scale", service.name, replicas), lambda s: s.scale_service(service.id, replicas),
                         service.id, f"scaling to {replicas}…", lambda snap: (v := snap.service(service.id)) is None or v.desired == replicas)

    def restart(self, service: sw.Service) -> bool:
        return self._run(service, sw.command("restart", service.name), lambda s: s.restart_service(service.id),
                         service.id, "restarting…", lambda snap: (v := snap.service(service.id)) is None or v.version > service.version)

    def rollback(self, service: sw.Service) -> bool:
        return self._run(service, sw.command("rollback", service.name), lambda s: s.rollback_service(service.id),
                         service.id, "rolling back…", lambda snap: (v := snap.service(service.id)) is None or v.update_state.startswith("rollback"))

    def remove_service(self, service: sw.Service) -> bool:
        return self._run(service, sw.command("remove_service", service.name), lambda s: s.remove_service(service.id),
                         service.id, "removing…", lambda snap: snap.service(service.id) is None)

    def set_availability(self, node: sw.Node, availability: str) -> bool:
        return self._run(node, sw.command("availability", node.hostname or node.id, availability), lambda s: s.node_availability(node.id, availability),
                         node.id, f"{availability}…", lambda snap: (n := snap.node(node.id)) is None or n.availability == availability)

    def remove_stack(self, stack: str, members: list[sw.Service]) -> bool:
        anchor = members[0] if members else None
        return self._run(anchor, sw.command("remove_stack", stack), lambda s: s.remove_stack(stack),
                         f"stack:{stack}", "removing…", lambda snap: stack not in snap.stacks())

    # Reads

    def stack_parts(self, stack: str, anchor: Any, done: Callable[[sw.StackParts], None], owner) -> None:
        self._control.focus_object(anchor)
        self._control.ops.read(lambda s: s.stack_parts(stack), done=done, owner=owner, title=f"Stack {stack}", group="swarm-stack")

    def inspect(self, kind: str, obj: Any) -> None:
        """The inspect document of a service, task or node (from the manager)."""
        self._control.focus_object(obj)
        name = getattr(obj, "name", "") or obj.id

        def show(doc: dict) -> None:
            from ..screens.objects.inspect import InspectScreen

            self._app.push_screen(InspectScreen(f"{kind[:-1].title()} {name}", doc))

        self._control.ops.read(lambda s: s.swarm_inspect(kind, obj.id), done=show, owner=self._app, title=f"Inspect {name}", group="inspect")

    def open_task(self, task: sw.Task) -> str:
        """``enter`` on a task: its container on the node's own host when that node is one of
        Dockyard's hosts, else the task's inspect. Returns "container" or "inspect"."""
        host = self.host_of_node(task.node_id)
        container = self._container(host, task.container_id) if host is not None and task.container_id else None
        if container is None:
            self.inspect("tasks", task)
            return "inspect"
        self._control.focus_object(container)
        self._control.nav.open_detail("containers", container)
        return "container"

    def map_inputs(self) -> tuple[dict[str, str], dict[str, list]]:
        """For the relationship map: swarm node id -> Dockyard host, and each of those hosts'
        containers (where the task-id labels are read)."""
        host_of_node = {role.node_id: host for host, role in self.roles.items() if role.node_id}
        fleet = self._control.fleet
        if fleet is None:
            return host_of_node, {"": list(self._control.store.state.containers.values())}
        hosts = set(host_of_node.values())
        return host_of_node, {h: list(st.containers.values()) for h, st in fleet.state.hosts.items() if h in hosts}

    def _container(self, host: str, cid: str):
        fleet = self._control.fleet
        if fleet is not None:
            from dataclasses import replace

            st = fleet.state.hosts.get(host)
            found = st.containers.get(cid) if st is not None else None
            # a host's own State holds its rows without the host (the merged view adds it)
            return replace(found, host=host) if found is not None and not found.host else found
        return self._control.store.state.containers.get(cid)

    def follow_logs(self, service: sw.Service, emit: Callable[[object], None], **options):
        """``docker service logs -f``: a started pump on the manager (every node's tasks)."""
        snap = self.snapshot
        names = {}
        if snap is not None:
            hosts = {n.id: n.hostname for n in snap.nodes}
            names = {t.id: f"{t.name}@{hosts.get(t.node_id, t.node_id[:12])}" for t in snap.tasks_of(service.id)}
        self._control.ops.started += 1
        self._control.store.record(self._control.ops.named(sw.command("service_logs", service.name)), "ok")
        return self._session(service.host).follow_service_logs(service.id, emit, label=lambda t, n: names.get(t, t[:12]), **options)


def _pokes(event: ch.DaemonEvent) -> bool:
    if event.type in ("service", "node", "config", "secret"):
        return True
    if event.type == "container":
        return any(k == "com.docker.swarm.task.id" for k, _ in event.attributes)
    return False

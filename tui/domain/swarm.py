"""Docker Swarm as frozen data: services, tasks, nodes, a manager's snapshot (pure).

The engine reads ``/services?status=true``, ``/tasks`` and ``/nodes`` from a manager and
turns each answer into these models here; every string is sanitised on the way in.
Which swarm action applies where is in tui/domain/capabilities.py; the CLI line of each
action is ``command`` below.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .parse import parse_time
from .sanitize import clean, clean_name

STACK_LABEL = "com.docker.stack.namespace"
# Update states the manager reports (UpdateStatus.State); "" for a service never updated.
UPDATE_BUSY = frozenset({"updating", "rollback_started"})
UPDATE_PAUSED = frozenset({"paused", "rollback_paused"})


def _s(value: Any) -> str:
    return clean_name(str(value)) if value is not None else ""


@dataclass(frozen=True, slots=True)
class SwarmPort:
    target: int
    published: int
    protocol: str = "tcp"
    mode: str = "ingress"

    def __str__(self) -> str:
        return f"*:{self.published}->{self.target}/{self.protocol}" if self.published else f"{self.target}/{self.protocol}"


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    name: str
    mode: str  # replicated | global
    desired: int  # replicas asked (global: one per eligible node, from ServiceStatus)
    running: int
    image: str  # without the digest
    digest: str  # sha256:… the image was pinned to ("" when not resolved)
    update_state: str = ""  # updating, paused, completed, rollback_started, rollback_completed, …
    update_message: str = ""
    ports: tuple[SwarmPort, ...] = ()
    stack: str = ""
    created: float = 0.0
    updated: float = 0.0
    version: int = 0
    labels: tuple[tuple[str, str], ...] = ()
    host: str = ""  # the Dockyard host of the manager it was read from

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def replicas(self) -> str:
        return f"{self.running}/{self.desired}"

    @property
    def short_digest(self) -> str:
        return self.digest.split(":", 1)[-1][:12] if self.digest else ""

    @property
    def state(self) -> str:
        """For the capability table: busy while an update or rollback runs."""
        return self.update_state or "completed"

    @property
    def can_roll_back(self) -> bool:
        return self.version > 0 and self.update_state not in ("rollback_started",)


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    service_id: str
    service_name: str
    slot: int  # 0 for a global service's task
    node_id: str
    desired_state: str
    state: str  # current state: new, pending, assigned, preparing, starting, running, complete, failed, rejected, shutdown, orphaned…
    message: str
    error: str
    since: float
    container_id: str = ""
    host: str = ""

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def name(self) -> str:
        """web.2 (replicated) or web.<node id> (global), as ``docker service ps`` prints it."""
        return f"{self.service_name}.{self.slot}" if self.slot else f"{self.service_name}.{self.node_id[:12]}"

    @property
    def is_current(self) -> bool:
        """Wanted running (or just done, for a one-shot task) rather than shut down history."""
        return self.desired_state in ("running", "ready", "accepted")


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    hostname: str
    role: str  # manager | worker
    availability: str  # active | pause | drain
    status: str  # ready | down | unknown | disconnected
    manager_status: str = ""  # Leader | Reachable | Unreachable | ""
    engine: str = ""
    address: str = ""
    labels: tuple[tuple[str, str], ...] = ()
    version: int = 0
    host: str = ""  # the Dockyard host of the manager it was read from

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def name(self) -> str:
        return self.hostname or self.short_id

    @property
    def state(self) -> str:
        return self.availability


@dataclass(frozen=True, slots=True)
class SwarmSnapshot:
    """One manager's view: what ``docker service ls``, ``service ps`` and ``node ls`` show."""

    node_id: str = ""  # the manager's own node
    cluster_id: str = ""
    services: tuple[Service, ...] = ()
    tasks: tuple[Task, ...] = ()
    nodes: tuple[Node, ...] = ()

    def service(self, ident: str) -> Service | None:
        return next((s for s in self.services if s.id == ident or s.name == ident), None)

    def node(self, ident: str) -> Node | None:
        return next((n for n in self.nodes if n.id == ident), None)

    def tasks_of(self, service_id: str, current_only: bool = False) -> list[Task]:
        return [t for t in self.tasks if t.service_id == service_id and (t.is_current or not current_only)]

    def tasks_on(self, node_id: str) -> list[Task]:
        """The tasks a drain of ``node_id`` would move: wanted running there now."""
        return [t for t in self.tasks if t.node_id == node_id and t.desired_state == "running"]

    def stacks(self) -> dict[str, list[Service]]:
        out: dict[str, list[Service]] = {}
        for s in self.services:
            if s.stack:
                out.setdefault(s.stack, []).append(s)
        return out

    @property
    def settled(self) -> bool:
        """Nothing in flux: every service has its replicas and no update runs; every task
        wanted running is running (a rejected/failed task is replaced, so it is in flux)."""
        for s in self.services:
            if s.update_state in UPDATE_BUSY or s.running != s.desired:
                return False
        return all(t.state == "running" for t in self.tasks if t.desired_state == "running")


@dataclass(frozen=True, slots=True)
class SwarmRole:
    """What one daemon's /info says about swarm: its node id and whether it manages."""

    node_id: str = ""
    local_state: str = "inactive"  # inactive | pending | active | error | locked
    manager: bool = False
    cluster_id: str = ""


@dataclass(frozen=True, slots=True)
class SwarmChanged:
    """Engine -> UI: a host's swarm role, and (managers) a fresh snapshot."""

    role: SwarmRole
    snapshot: SwarmSnapshot | None = None
    error: str = ""


# Parsing the API's answers


def role_from_info(info: Mapping[str, Any]) -> SwarmRole:
    sw = info.get("Swarm") or {}
    return SwarmRole(
        node_id=_s(sw.get("NodeID")),
        local_state=_s(sw.get("LocalNodeState") or "inactive"),
        manager=bool(sw.get("ControlAvailable")),
        cluster_id=_s((sw.get("Cluster") or {}).get("ID")),
    )


def _labels(mapping: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((_s(k), _s(v)) for k, v in (mapping or {}).items()))


def service_from_api(raw: Mapping[str, Any], host: str = "") -> Service:
    spec = raw.get("Spec") or {}
    mode = spec.get("Mode") or {}
    status = raw.get("ServiceStatus") or {}
    image_ref = _s(((spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Image"))
    image, _, digest = image_ref.partition("@")
    if "Replicated" in mode:
        kind, desired = "replicated", int((mode.get("Replicated") or {}).get("Replicas") or 0)
    elif "Global" in mode:
        kind, desired = "global", int(status.get("DesiredTasks") or 0)
    else:  # ReplicatedJob / GlobalJob (API 1.41)
        kind, desired = ("replicated-job" if "ReplicatedJob" in mode else "global-job"), int(status.get("DesiredTasks") or 0)
    update = raw.get("UpdateStatus") or {}
    ports = tuple(
        SwarmPort(int(p.get("TargetPort") or 0), int(p.get("PublishedPort") or 0), _s(p.get("Protocol") or "tcp"), _s(p.get("PublishMode") or "ingress"))
        for p in ((raw.get("Endpoint") or {}).get("Ports") or (spec.get("EndpointSpec") or {}).get("Ports") or ())
    )
    labels = spec.get("Labels") or {}
    return Service(
        id=_s(raw.get("ID")), name=_s(spec.get("Name")), mode=kind, desired=desired,
        running=int(status.get("RunningTasks") or 0), image=image, digest=digest,
        update_state=_s(update.get("State")), update_message=clean(str(update.get("Message") or ""), keep_newlines=False),
        ports=ports, stack=_s(labels.get(STACK_LABEL)), created=parse_time(raw.get("CreatedAt")),
        updated=parse_time(raw.get("UpdatedAt")), version=int((raw.get("Version") or {}).get("Index") or 0),
        labels=_labels(labels), host=host,
    )


def task_from_api(raw: Mapping[str, Any], service_names: Mapping[str, str], host: str = "") -> Task:
    status = raw.get("Status") or {}
    sid = _s(raw.get("ServiceID"))
    return Task(
        id=_s(raw.get("ID")), service_id=sid, service_name=service_names.get(sid, sid[:12]),
        slot=int(raw.get("Slot") or 0), node_id=_s(raw.get("NodeID")),
        desired_state=_s(raw.get("DesiredState")), state=_s(status.get("State")),
        message=clean(str(status.get("Message") or ""), keep_newlines=False),
        error=clean(str(status.get("Err") or ""), keep_newlines=False),
        since=parse_time(status.get("Timestamp")),
        container_id=_s((status.get("ContainerStatus") or {}).get("ContainerID")), host=host,
    )


def node_from_api(raw: Mapping[str, Any], host: str = "") -> Node:
    spec = raw.get("Spec") or {}
    desc = raw.get("Description") or {}
    status = raw.get("Status") or {}
    manager = raw.get("ManagerStatus") or {}
    if manager:
        mstatus = "Leader" if manager.get("Leader") else {"reachable": "Reachable", "unreachable": "Unreachable"}.get(manager.get("Reachability"), _s(manager.get("Reachability")))
    else:
        mstatus = ""
    address = _s(manager.get("Addr")) or _s(status.get("Addr"))
    return Node(
        id=_s(raw.get("ID")), hostname=_s(desc.get("Hostname")), role=_s(spec.get("Role")),
        availability=_s(spec.get("Availability")), status=_s(status.get("State")), manager_status=mstatus,
        engine=_s((desc.get("Engine") or {}).get("EngineVersion")), address=address,
        labels=_labels(spec.get("Labels")), version=int((raw.get("Version") or {}).get("Index") or 0), host=host,
    )


def snapshot_from_api(role: SwarmRole, services: Iterable[Mapping], tasks: Iterable[Mapping], nodes: Iterable[Mapping], host: str = "") -> SwarmSnapshot:
    svcs = tuple(sorted((service_from_api(s, host) for s in services), key=lambda s: s.name))
    names = {s.id: s.name for s in svcs}
    tks = tuple(sorted((task_from_api(t, names, host) for t in tasks), key=lambda t: (t.service_name, t.slot, t.node_id, -t.since)))
    nds = tuple(sorted((node_from_api(n, host) for n in nodes), key=lambda n: (n.role != "manager", n.hostname, n.id)))
    return SwarmSnapshot(node_id=role.node_id, cluster_id=role.cluster_id, services=svcs, tasks=tks, nodes=nds)


# CLI equivalents (for the action log)


def command(action: str, name: str, value: object = None) -> str:
    q = shlex.quote(name)
    if action == "scale":
        return f"docker service scale {shlex.quote(f'{name}={value}')}"
    if action == "restart":
        return f"docker service update --force {q}"
    if action == "rollback":
        return f"docker service rollback {q}"
    if action == "remove_service":
        return f"docker service rm {q}"
    if action == "availability":
        return f"docker node update --availability {shlex.quote(str(value))} {q}"
    if action == "remove_stack":
        return f"docker stack rm {q}"
    if action == "service_logs":
        return f"docker service logs -f {q}"
    raise ValueError(action)


def bar(running: int, desired: int, width: int = 8) -> str:
    """▰▰▰▱▱ running of desired, ``width`` cells."""
    if desired <= 0:
        return "▱" * width
    full = min(width, round(width * min(running, desired) / desired))
    return "▰" * full + "▱" * (width - full)


@dataclass(frozen=True, slots=True)
class StackParts:
    """What ``docker stack rm NAME`` removes, by the com.docker.stack.namespace label."""

    services: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    configs: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.services) + len(self.networks) + len(self.configs) + len(self.secrets)

"""Docker Swarm through a manager: reads, actions, a watcher fed by events, service logs.

Reads use the low-level API (one request each): ``/services?status=true`` (replica counts),
``/tasks``, ``/nodes``. The manager streams ``service`` and ``node`` events but no task
events, so ``SwarmWatch`` re-reads the swarm when poked — by the session's event stream
(service/node events, and any node's container events of a swarm task), and on resync —
and, while what it read is still in flux (tasks starting, an update running), reads again
after a short, growing delay until it settles. It never re-lists on a timer when nothing
happened. Podman and daemons outside a swarm answer /info without a manager: the watch ends
after that one read.

API 1.41 (Engine 20.10) has everything used here. docker-py has no rollback parameter: the
CLI's call is ``POST /services/{id}/update?version=N&rollback=previous`` with the current spec.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Callable, Iterable

from ..domain import swarm as sw
from ..domain.errors import DockerError, ErrorKind
from ..domain.sanitize import clean_name
from ._ops import mutating, reading
from .errors import translate

if TYPE_CHECKING:
    import docker

# After a poke, read again at these delays while the swarm is in flux (tasks starting,
# an update or a rollback running); the last delay repeats until SETTLE_LIMIT seconds.
FOLLOW_UP = (0.15, 0.3, 0.5, 1.0, 2.0)
SETTLE_LIMIT = 60.0
# At most one snapshot per MIN_GAP: an update of 60 tasks sends ~600 container events, and the
# pokes they cause inside the gap are answered by one read.
MIN_GAP = 0.5
# Task news (container events carrying a task id, and the follow-ups while in flux) is read at
# most once per POLL_GAP, and only while a Swarm pane is visible: the polling budget
# (<= 1 read per 2 s visible, 0 hidden). Service and node events are read at once, visible or not.
POLL_GAP = 2.0
STACK_NETWORK_RETRY = 10.0


# Reads


def read_role(client: docker.APIClient) -> sw.SwarmRole:
    return sw.role_from_info(client.info())


def read_snapshot(client: docker.APIClient, role: sw.SwarmRole, host: str = "") -> sw.SwarmSnapshot:
    services = client._result(client._get(client._url("/services"), params={"status": "true"}), True)
    tasks = client.tasks()
    nodes = client.nodes()
    return sw.snapshot_from_api(role, services, tasks, nodes, host)


@reading
def inspect_service(client: docker.APIClient, ident: str) -> dict:
    return client.inspect_service(ident)


@reading
def inspect_task(client: docker.APIClient, ident: str) -> dict:
    return client.inspect_task(ident)


@reading
def inspect_node(client: docker.APIClient, ident: str) -> dict:
    return client.inspect_node(ident)


@reading
def snapshot(client: docker.APIClient, host: str = "") -> sw.SwarmSnapshot:
    role = read_role(client)
    if not role.manager:
        raise DockerError(ErrorKind.CONFIG, "this daemon is not a swarm manager")
    return read_snapshot(client, role, host)


@reading
def role(client: docker.APIClient) -> sw.SwarmRole:
    return read_role(client)


# Actions


def _update(client: docker.APIClient, ident: str, change: Callable[[dict], None] | None, *, rollback: bool = False) -> None:
    """Write the service's spec back with ``change`` applied; once more on "out of sequence"
    (someone else updated it between our read and our write)."""
    for attempt in (0, 1):
        svc = client.inspect_service(ident)
        spec = svc["Spec"]
        if change is not None:
            change(spec)
        params = {"version": svc["Version"]["Index"]}
        if rollback:
            params["rollback"] = "previous"
        res = client._post_json(client._url("/services/{0}/update", svc["ID"]), data=spec, params=params)
        try:
            client._raise_for_status(res)
            return
        except Exception as exc:
            if attempt == 0 and "out of sequence" in str(exc):
                continue
            raise


@mutating
def scale(client: docker.APIClient, ident: str, replicas: int) -> None:
    def change(spec: dict) -> None:
        mode = spec.setdefault("Mode", {})
        if "Replicated" not in mode:
            raise DockerError(ErrorKind.CONFIG, "only a replicated service can be scaled")
        mode["Replicated"]["Replicas"] = max(0, int(replicas))

    _update(client, ident, change)


@mutating
def force_update(client: docker.APIClient, ident: str) -> None:
    """``docker service update --force``: every task replaced (a rolling restart)."""

    def change(spec: dict) -> None:
        template = spec.setdefault("TaskTemplate", {})
        template["ForceUpdate"] = int(template.get("ForceUpdate") or 0) + 1

    _update(client, ident, change)


@mutating
def rollback(client: docker.APIClient, ident: str) -> None:
    _update(client, ident, None, rollback=True)


@mutating
def remove_service(client: docker.APIClient, ident: str) -> None:
    client.remove_service(ident)


@mutating
def set_availability(client: docker.APIClient, node_id: str, availability: str) -> None:
    if availability not in ("active", "pause", "drain"):
        raise DockerError(ErrorKind.CONFIG, f"unknown availability {availability!r}")
    for attempt in (0, 1):
        node = client.inspect_node(node_id)
        spec = dict(node["Spec"], Availability=availability)
        try:
            client.update_node(node["ID"], node["Version"]["Index"], spec)
            return
        except Exception as exc:
            if attempt == 0 and "out of sequence" in str(exc):
                continue
            raise


@reading
def stack_parts(client: docker.APIClient, stack: str) -> sw.StackParts:
    """What ``docker stack rm`` removes: objects labelled com.docker.stack.namespace=stack."""
    f = {"label": [f"{sw.STACK_LABEL}={stack}"]}
    return sw.StackParts(
        services=tuple(clean_name(s["Spec"]["Name"]) for s in client.services(filters=f)),
        networks=tuple(clean_name(n["Name"]) for n in client.networks(filters=f)),
        configs=tuple(clean_name(c["Spec"]["Name"]) for c in client.configs(filters=f)),
        secrets=tuple(clean_name(s["Spec"]["Name"]) for s in client.secrets(filters=f)),
    )


@mutating
def remove_stack(client: docker.APIClient, stack: str, stop: threading.Event | None = None) -> sw.StackParts:
    """Services, then secrets and configs, then networks (as the CLI does; a network is
    retried while the removed services' tasks still hold it)."""
    f = {"label": [f"{sw.STACK_LABEL}={stack}"]}
    errors: list[str] = []
    services = client.services(filters=f)
    for s in services:
        try:
            client.remove_service(s["ID"])
        except Exception as exc:
            errors.append(f"service {s['Spec']['Name']}: {translate(exc).message}")
    secrets = client.secrets(filters=f)
    for s in secrets:
        try:
            client.remove_secret(s["ID"])
        except Exception as exc:
            errors.append(f"secret {s['Spec']['Name']}: {translate(exc).message}")
    configs = client.configs(filters=f)
    for c in configs:
        try:
            client.remove_config(c["ID"])
        except Exception as exc:
            errors.append(f"config {c['Spec']['Name']}: {translate(exc).message}")
    networks = client.networks(filters=f)
    for n in networks:
        deadline = time.monotonic() + STACK_NETWORK_RETRY
        while True:
            try:
                client.remove_network(n["Id"])
                break
            except Exception as exc:
                if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                    errors.append(f"network {n['Name']}: {translate(exc).message}")
                    break
                time.sleep(0.2)
    if errors:
        raise DockerError(ErrorKind.CONFLICT, "; ".join(clean_name(e) for e in errors))
    return sw.StackParts(
        services=tuple(clean_name(s["Spec"]["Name"]) for s in services), networks=tuple(clean_name(n["Name"]) for n in networks),
        configs=tuple(clean_name(c["Spec"]["Name"]) for c in configs), secrets=tuple(clean_name(s["Spec"]["Name"]) for s in secrets),
    )


# The watcher


def pokes_for(event_type: str, attributes: dict[str, str] | Iterable[tuple[str, str]]) -> bool:
    """Does a daemon event (from any host) change what a swarm manager shows?"""
    if event_type in ("service", "node", "config", "secret"):
        return True
    if event_type == "container":
        attrs = dict(attributes)
        return "com.docker.swarm.task.id" in attrs or "com.docker.swarm.service.id" in attrs
    return False


class SwarmWatch:
    """One daemon's swarm: reads its role once; for a manager, a snapshot per poke (coalesced),
    then follow-ups while in flux. Emits ``SwarmChanged`` only when something changed."""

    def __init__(self, get_client: Callable[[], docker.APIClient | None], emit: Callable[[object], None], stop: threading.Event,
                 host: str = "", log: Callable[[str], None] = lambda s: None) -> None:
        self._get_client = get_client
        self._emit = emit
        self._session_stop = stop
        self.stop = threading.Event()
        self.host = host
        self._log = log
        self._cond = threading.Condition()
        self._poked = True  # the first read happens at once
        self._urgent = True  # the pending poke came from a service/node event (read at once)
        self.visible = False  # a Swarm pane is on screen (task news and follow-ups are read)
        self._role_stale = True
        self.role: sw.SwarmRole | None = None
        self.last: sw.SwarmSnapshot | None = None
        self._last_read = 0.0
        self.reads = 0  # snapshot reads (3 requests each): tests and the bench count them
        self._thread: threading.Thread | None = None

    def start(self) -> "SwarmWatch":
        self._thread = threading.Thread(target=self._run, name="dockyard-swarm", daemon=True)
        self._thread.start()
        return self

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def poke(self, resync: bool = False, urgent: bool = True) -> None:
        """Something changed (an event): read again. ``resync``: the role too. ``urgent``
        (service/node news): at once; otherwise (task news) only while visible, at most
        once per POLL_GAP."""
        with self._cond:
            if not (urgent or resync or self.visible):
                return
            self._poked = True
            self._urgent = self._urgent or urgent or resync
            self._role_stale = self._role_stale or resync
            self._cond.notify()

    def set_visible(self, visible: bool) -> None:
        """A Swarm pane shown (read at once, then follow task news) or hidden (no polling)."""
        with self._cond:
            was, self.visible = self.visible, visible
            if visible and not was:
                self._poked = self._urgent = True
                self._cond.notify()

    def close(self) -> None:
        self.stop.set()
        with self._cond:
            self._cond.notify_all()

    def join(self, timeout: float = 2.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _stopped(self) -> bool:
        return self.stop.is_set() or self._session_stop.is_set()

    def _run(self) -> None:
        follow_ups = 0
        settle_until = 0.0
        while not self._stopped():
            with self._cond:
                if not self._poked:
                    if follow_ups and self.visible and time.monotonic() < settle_until:
                        delay = FOLLOW_UP[min(follow_ups - 1, len(FOLLOW_UP) - 1)]
                        self._cond.wait(delay)
                    else:
                        follow_ups = 0
                        self._cond.wait(1.0)  # idle: only a poke or stop wakes it to work
                        if not self._poked:
                            continue
                if self._stopped():
                    return
            with self._cond:
                urgent = self._urgent
            gap = self._last_read + (MIN_GAP if urgent else POLL_GAP) - time.monotonic()
            if gap > 0 and self.stop.wait(gap):
                return
            with self._cond:
                poked, self._poked = self._poked, False
                self._urgent = False
                role_stale, self._role_stale = self._role_stale, False
            self._last_read = time.monotonic()
            client = self._get_client()
            if client is None:
                continue
            try:
                if role_stale or self.role is None:
                    self.role = read_role(client)
                    if not self.role.manager:
                        self.last = None
                        self._emit(sw.SwarmChanged(self.role, None))
                        return  # a worker or no swarm: nothing to watch (a resync starts a new watch)
                snap = read_snapshot(client, self.role, self.host)
                self.reads += 1
            except Exception as exc:
                if self._stopped():
                    return
                err = translate(exc)
                self._log(f"swarm read failed: {err.message}")
                self._emit(sw.SwarmChanged(self.role or sw.SwarmRole(), self.last, err.message))
                follow_ups, settle_until = 1, time.monotonic() + 5.0
                continue
            if self._stopped():
                return
            if snap != self.last:
                self.last = snap
                self._emit(sw.SwarmChanged(self.role, snap))
            if poked:
                follow_ups, settle_until = 1, time.monotonic() + SETTLE_LIMIT
            elif follow_ups:
                follow_ups += 1
            if snap.settled and follow_ups > 2:
                follow_ups = 0

"""A recorded daemon for deterministic snapshots (docs/ARCHITECTURE.md, "Testing": snapshots pin size, clock and theme).

``record(client)`` saves what the real daemon answers to the five listing requests;
``FakeSession`` replays it into the app as the real Session would (ConnectionChanged,
Resynced, one StatsBatch) and never opens a connection. The contract test in
test_dashboard_snapshots.py checks the recording still has the fields the live daemon sends.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from tui.domain import changes as ch, parse
from tui.domain.models import StatsSample
from tui.engine.actions import Actions

FIXTURE = Path(__file__).parent / "fixtures" / "daemon.json"
# The moment the recording is replayed at: statuses and ages are rendered against it.
FROZEN_NOW = 1_795_909_500.0


def record(client) -> dict:
    return {
        "recorded_at": FROZEN_NOW,
        "containers": client.containers(all=True),
        "images": client.images(),
        "networks": client.networks(),
        "volumes": (client.volumes() or {}).get("Volumes") or [],
        "info": client.info(),
        "version": client.version(),
    }


def load() -> dict:
    return json.loads(FIXTURE.read_text())


def snapshot_from(data: dict):
    info = parse.info_from_api(data["info"], data["version"])
    return parse.snapshot(data["containers"], data["images"], data["networks"], data["volumes"], info)


def fixed_stats(snap) -> ch.StatsBatch:
    samples = []
    for n, c in enumerate(sorted((c for c in snap.containers if c.state == "running"), key=lambda c: c.name)):
        samples.append(StatsSample(c.id, cpu_percent=[0.4, 12.5, 0.0, 101.3, 3.2][n % 5], mem_usage=(n + 1) * 3_400_000, mem_limit=8 * 2**30, at=FROZEN_NOW))
    return ch.StatsBatch(tuple(samples))


class FakeSession:
    """Stands in for tui.engine.session.Session: same constructor, same surface.

    Scriptable: container actions and removals are recorded in ``calls`` and answered the
    way the real daemon answers them (its events, then the re-read object), so the fast UI
    tier sees what the real app sees. tests/contract/ runs one suite against this and the
    real Session, so the two cannot drift.
    """

    def __init__(self, endpoint, emit, *, readonly=False, stats_interval=2.0, log=None) -> None:
        self.endpoint = endpoint
        self.emit = emit
        self.actions = Actions(lambda: None, endpoint.host, readonly=readonly)
        self.readonly = readonly
        self.wanted: frozenset[str] = frozenset()
        self.calls: list[tuple] = []
        self.pumps: list = []  # log pumps handed out (the preview pane's)
        self.snapshot = snapshot_from(load())
        self._containers = {c.id: c for c in self.snapshot.containers}

    @property
    def api_version(self) -> str:
        return "1.41"

    def wire(self, emit, log=None):
        self.emit = emit
        return self

    def start(self) -> None:
        snap = self.snapshot
        self.emit(ch.ConnectionChanged("live", self.endpoint.host))
        self.emit(ch.Resynced(snap))
        self.emit(fixed_stats(snap))

    def close(self) -> None:
        pass

    def join(self, timeout: float = 2.0) -> None:
        pass

    def want_stats(self, ids) -> None:
        self.wanted = frozenset(ids)

    # What the UI asks (tui/engine/calls.py), answered as the daemon would

    def _guard(self, what: str) -> None:
        if self.readonly:
            from tui.engine.actions import ReadOnlyError

            raise ReadOnlyError(what)

    def _event(self, action: str, c, **attrs) -> None:
        attributes = tuple(sorted({"name": c.name, "image": c.image, **attrs}.items()))
        self.emit(ch.DaemonEvent("container", action, c.id, attributes, FROZEN_NOW))

    def container_action(self, action: str, cid: str, **options) -> None:
        self._guard(action)
        self.calls.append((action, cid, options))
        c = self._containers.get(cid)
        if c is None:
            from tui.domain.errors import DockerError, ErrorKind

            raise DockerError(ErrorKind.NOT_FOUND, f"No such container: {cid}")
        if action == "remove":
            self.remove("containers", cid, **options)
            return
        events, state = {
            "start": (("start",), "running"),
            "stop": (("kill", "die", "stop"), "exited"),
            "kill": (("kill", "die"), "exited"),
            "restart": (("kill", "die", "stop", "start", "restart"), "running"),
            "pause": (("pause",), "paused"),
            "unpause": (("unpause",), "running"),
        }[action]
        for event in events:
            self._event(event, c)
        changed = dataclasses.replace(c, state=state, status="Up Less than a second" if state == "running" else "Exited (0) Less than a second ago" if state == "exited" else c.status)
        self._containers[cid] = changed
        self.emit(ch.ContainerChanged(changed))

    def remove(self, kind: str, ident: str, **options) -> None:
        self._guard("remove")
        self.calls.append(("remove", ident, options))
        if kind == "containers":
            c = self._containers.pop(ident)
            self._event("destroy", c)
            self.emit(ch.ContainerRemoved(ident))

    def container_times(self, ids) -> dict:
        """The recording has no inspect times: the UI keeps the STATUS-derived uptime."""
        return {}

    def follow_logs(self, cid: str, emit, **options):
        """A pump that reports "following" and has no lines (the preview pane opens one)."""
        from tui.domain.logbuffer import LogStatus

        pump = _FakePump(cid)
        emit(LogStatus(options.get("source", 0), "following"))
        self.pumps.append(pump)
        return pump

    def inspect(self, kind: str, ident: str) -> dict:
        self.calls.append(("inspect", ident, {}))
        return {"Id": ident, "Config": {"Env": [], "Tty": False}, "State": {}}


class _FakePump:
    def __init__(self, cid: str) -> None:
        self.cid = cid
        self.closed = False

    def ack(self) -> None:
        pass

    def kick(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

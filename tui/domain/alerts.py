"""Alerts from the daemon's event stream. Pure: events in, alerts out; no polling.

Four rules, each firing once per incident:
- died: a container exits with a non-zero code that nobody asked for. ``docker stop`` and
  ``docker restart`` send a kill with the stop signal first (SIGTERM unless the image says
  otherwise), and Dockyard's own actions are "requested": those are not alerts. A SIGKILL
  from outside (``docker kill``, the kernel) is. ``docker rm -f`` sends the same kill and
  die, then destroys the container: a die that a SIGKILL event came just before is held
  (``held``) until the caller's grace (``REMOVAL_GRACE``) has passed, and dropped if the
  container is destroyed meanwhile (a removal is not a death to alert about). While a
  container is already in a restart loop its further deaths are not repeated.
- oom: the kernel's OOM killer took a process (the ``oom`` event); the die that follows is
  the same incident and does not fire again.
- unhealthy: the health status turned unhealthy (once until it is healthy again).
- restart loop: ``restarts`` restarts (a start after a die) within ``window`` seconds; once
  until the container stays up for a whole window.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .changes import DaemonEvent
from .sanitize import clean_name

KILL_SIGNALS = {"9", "KILL", "SIGKILL"}
ASKED_FOR = 600.0  # a stop's kill counts for the die that follows within this many seconds
OOM_DIE = 30.0  # a die this soon after an oom is the same incident
KILLED_DIE = 5.0  # a die this soon after an outside SIGKILL event may be a removal's
REMOVAL_GRACE = 2.0  # seconds the caller holds such a die for the destroy of ``docker rm -f``


@dataclass(frozen=True, slots=True)
class AlertRules:
    enabled: bool = True
    died: bool = True
    oom: bool = True
    unhealthy: bool = True
    restarts: int = 3  # restarts within ``window`` that make a loop (0: off)
    window: float = 300.0  # seconds
    bell: bool = False


@dataclass(frozen=True, slots=True)
class Alert:
    at: float
    host: str
    container_id: str
    name: str
    kind: str  # died, oom, unhealthy, restart-loop
    message: str

    @property
    def title(self) -> str:
        return {"died": "Container died", "oom": "Out of memory", "unhealthy": "Unhealthy", "restart-loop": "Restart loop"}.get(self.kind, "Alert")


@dataclass
class _Track:
    asked_at: float | None = None
    killed_at: float | None = None  # an outside SIGKILL event
    oom_at: float | None = None
    died_at: float | None = None
    last_die: float | None = None
    unhealthy: bool = False
    restarts: deque = field(default_factory=deque)
    looping: bool = False


class AlertTracker:
    def __init__(self, rules: AlertRules = AlertRules(), host: str = "") -> None:
        self.rules = rules
        self.host = host
        self._tracks: dict[str, _Track] = {}
        self._held: dict[str, Alert] = {}  # container id -> a died alert waiting for its grace

    @property
    def held(self) -> tuple[str, ...]:
        """Containers whose died alert waits: ``release(cid)`` once the grace has passed."""
        return tuple(self._held)

    def release(self, cid: str) -> list[Alert]:
        """The held died alert of ``cid`` (none if the container was destroyed meanwhile)."""
        alert = self._held.pop(cid, None)
        return [alert] if alert is not None else []

    def feed(self, event: DaemonEvent, name: str = "", requested: bool = False) -> list[Alert]:
        """The alerts one event raises. ``requested``: Dockyard itself asked for this
        container's stop/kill/restart/removal."""
        rules = self.rules
        if not rules.enabled or event.type != "container" or not event.actor_id:
            return []
        cid = event.actor_id
        action, _, detail = event.action.partition(":")
        action, detail = action.strip(), detail.strip()
        if action == "destroy":
            self._tracks.pop(cid, None)
            self._held.pop(cid, None)  # docker rm -f: the kill and die were the removal's
            return []
        t = self._tracks.setdefault(cid, _Track())
        # Daemon text: the message is shown in a notification and the alerts list.
        name = clean_name(name or event.attr("name") or cid[:12])
        now = event.time
        out: list[Alert] = []

        def alert(kind: str, message: str) -> None:
            out.append(Alert(now, self.host, cid, name, kind, message))

        if action == "kill":
            if requested or event.attr("signal").upper() not in KILL_SIGNALS:
                t.asked_at = now  # a stop or restart: the die that follows was asked for
            else:
                t.killed_at = now  # docker kill, or docker rm -f (the destroy tells)
        elif action == "oom":
            if rules.oom and not (t.oom_at is not None and now - t.oom_at < OOM_DIE):
                alert("oom", f"{name} was killed by the kernel: out of memory")
            t.oom_at = now
        elif action == "die":
            t.last_die = now
            code = clean_name(event.attr("exitCode", "0"))
            asked = requested or (t.asked_at is not None and now - t.asked_at < ASKED_FOR)
            t.asked_at = None
            after_oom = t.oom_at is not None and now - t.oom_at < OOM_DIE
            if after_oom and not rules.oom:
                after_oom = False
            repeated = t.looping or (t.died_at is not None and now - t.died_at < rules.window)
            killed = t.killed_at is not None and now - t.killed_at < KILLED_DIE
            t.killed_at = None
            if rules.died and code not in ("0", "") and not asked and not after_oom and not repeated:
                how = " (SIGKILL)" if code == "137" else ""
                alert("died", f"{name} exited unexpectedly with code {code}{how}")
                if killed:
                    self._held[cid] = out.pop()
            if code not in ("0", "") and not asked:
                t.died_at = now if not (after_oom or repeated) else t.died_at or now
        elif action == "start":
            if t.last_die is not None:
                t.restarts.append(now)
            while t.restarts and now - t.restarts[0] > rules.window:
                t.restarts.popleft()
            if rules.restarts and len(t.restarts) >= rules.restarts:
                if not t.looping:
                    t.looping = True
                    minutes = rules.window / 60
                    alert("restart-loop", f"{name} restarted {len(t.restarts)} times in {minutes:g} min")
            elif not t.restarts:
                t.looping = False
        elif action == "health_status":
            if detail == "unhealthy":
                if rules.unhealthy and not t.unhealthy:
                    alert("unhealthy", f"{name} is unhealthy")
                t.unhealthy = True
            elif detail == "healthy":
                t.unhealthy = False
        return out

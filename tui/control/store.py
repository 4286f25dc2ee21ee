"""The store: the one copy of what the UI knows, written only on the UI thread.

State (reduced from engine changes), the event history, pending labels, the status line
and the action log. Screens subscribe to its signals; nothing here imports a screen.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable

from rich.text import Text
from textual.dom import DOMNode
from ..signals import Signal  # Textual's, forgetting closed subscribers (tui/signals.py)

from ..domain import changes as ch
from ..domain.history import ACTION_LOG_MAX, ActionRecord, EventHistory
from ..domain.fleet_state import SEP, row_key
from ..domain.pending import Pending
from ..domain.sample_ring import SampleRing
from ..domain import uptime
from ..domain.state import State, apply

_RUN_CHANGES = frozenset({"start", "restart", "die", "kill", "stop", "oom"})


def _key(host: str, ident: str) -> str:
    return row_key(host, ident) if host else ident


STATS_HISTORY_SECONDS = 15 * 60  # per sampled container, shown at once by the Stats tab


class Store:
    def __init__(self, owner: DOMNode, clock: Callable[[], float] = time.time, stats_interval: float = 2.0) -> None:
        self.clock = clock
        # The one bounded history of samples per container (what the dashboard sampled too)
        self._history_len = max(2, int(STATS_HISTORY_SECONDS / max(0.1, stats_interval)) + 1)
        self._stats_history: dict[str, SampleRing] = {}
        self.state = State()
        self.state_signal: Signal[State] = Signal(owner, "state")
        self.event_signal: Signal[ch.DaemonEvent] = Signal(owner, "events")
        self.pending_signal: Signal[dict[str, str]] = Signal(owner, "pending")
        self.status_signal: Signal[Text] = Signal(owner, "status")
        # "select this object when it is listed" (a container just created by docker run)
        self.select_signal: Signal[tuple[str, str]] = Signal(owner, "select")
        # (old host key, new host key) just before the store is reset for another daemon
        self.switch_signal: Signal[tuple[str, str]] = Signal(owner, "switch")
        self.pending = Pending()
        # A fleet keys labels by (host, id) and shows them for its scope (tui/control/fleet.py)
        self.label_view: Callable[[dict[str, str]], dict[str, str]] = lambda labels: labels
        self.events = EventHistory()
        self.action_log: list[ActionRecord] = []
        self.last_action = Text("")
        self.resyncs = 0  # full listings applied: tests prove changes came by event, not re-list
        self._stats_wanted: dict[str, frozenset[str]] = {}
        # How the user's own client spells a command (docker-compose v1; podman from the info)
        self.compose_v1 = False
        self._anchors: dict[str, uptime.StatusAnchor] = {}
        # Exact uptime: State.StartedAt/FinishedAt per container, read once (lazily, for the
        # rows someone sees) and dropped when an event says the container started or stopped.
        self._times: dict[str, uptime.ContainerTimes] = {}
        self._times_gen: dict[str, int] = {}  # bumped by start/die events: a read asked before is stale
        self._times_asked: dict[str, int] = {}
        self.times_signal: Signal[frozenset[str]] = Signal(owner, "times")
        # every 30 s (one app timer): clock-derived text ages. A screen's own long timer kept
        # the closed screen alive until it would have fired (asyncio keeps cancelled handles).
        self.tick_signal: Signal[float] = Signal(owner, "tick")

    # Engine changes

    def apply(self, change: object, host: str = "") -> None:
        """Reduce one engine change into the state and tell subscribers (a fleet passes
        ``host`` for the events it hands on: labels are keyed (host, id) there)."""
        if isinstance(change, ch.DaemonEvent):
            self.pending.confirm(change.type, _key(host, change.actor_id), change.action)
            if change.type == "container" and change.action in _RUN_CHANGES:
                self._forget_times(change.actor_id)
            if self.resyncs:
                self.events.add(change)
            self.event_signal.publish(change)
            # A start, stop, pause shows before its re-read (a fleet reduces its own hosts)
            state = self.state if host else apply(self.state, change)
            if state is not self.state:
                self.state = state
                self.state_signal.publish(state)
            return
        pending_changed = self._settle(change)
        if isinstance(change, ch.StatsBatch):
            self._record_stats(change.samples)
        self.state = apply(self.state, change)
        self.state_signal.publish(self.state)
        if pending_changed:
            self.publish_pending()

    def publish_pending(self) -> None:
        self.pending_signal.publish(self.label_view(self.pending.labels))

    def tick(self) -> None:
        self.tick_signal.publish(self.clock())

    def _settle(self, change: object, host: str = "") -> bool:
        """Pending labels and uptime anchors a change settles; True when a label changed."""
        if isinstance(change, ch.ContainerChanged):
            return self.pending.settle(_key(host, change.container.id))
        if isinstance(change, ch.ContainerRemoved):
            self._anchors.pop(change.id, None)
            self._forget_times(change.id)
            self._times_gen.pop(change.id, None)
            self._stats_history.pop(change.id, None)
            return self.pending.settle(_key(host, change.id), removed=True)
        if isinstance(change, ch.Resynced):
            self.resyncs += 1
            if host:  # one host of a fleet listed again: only its own labels go
                return self.pending.drop([k for k in self.pending.labels if k.startswith(host + SEP)])
            changed = bool(self.pending.labels)
            self.pending.clear()
            return changed
        return False

    def settle(self, change: object, host: str = "") -> None:
        """The fleet reduces state itself (tui/control/fleet.py) and settles labels here."""
        if isinstance(change, ch.StatsBatch):
            self._record_stats(change.samples)  # the stats history, per host's samples too
        if self._settle(change, host):
            self.publish_pending()

    def set_state(self, state: State) -> None:
        """Publish a state reduced elsewhere (the fleet's merged view of its scope)."""
        self.state = state
        self.state_signal.publish(state)

    def reset(self) -> None:
        """Forget everything the last daemon said (a switch to another host); the action
        log stays: each line names the daemon it acted on."""
        self.state = State()
        self.pending.clear()
        self.events = EventHistory()
        self.resyncs = 0
        self._anchors.clear()
        self.state_signal.publish(self.state)
        self.publish_pending()

    # Pending labels

    def set_pending(self, kind: str, action: str, ids: Iterable[str]) -> None:
        if kind != "containers":
            return
        for ident in ids:
            self.pending.set(ident, action)
        self.publish_pending()

    def drop_pending(self, ids: Iterable[str]) -> None:
        if self.pending.drop(ids):
            self.publish_pending()

    def select(self, kind: str, key: str) -> None:
        self.select_signal.publish((kind, key))

    # Status line and action log

    def spelled(self, command: str) -> str:
        from ..domain.docker_cli import flavour

        return flavour(command, podman=self.podman, compose_v1=self.compose_v1)

    @property
    def podman(self) -> bool:
        return self.state.info.product.startswith("Podman")

    def status(self, text: Text) -> None:
        if self.podman or self.compose_v1:
            plain = text.plain
            for prefix in ("… ", "✓ ", "✕ ", ""):
                if plain.startswith(prefix + "docker "):
                    text = Text(prefix + self.spelled(plain[len(prefix):]), style=text.style)
                    break
        self.last_action = text
        self.status_signal.publish(text)

    def record(self, command: str, outcome: str = "sent") -> ActionRecord:
        record = ActionRecord(time.time(), self.spelled(command), outcome)
        self.action_log.append(record)
        del self.action_log[:-ACTION_LOG_MAX]
        return record

    # Stats: each view says which containers it shows; the sampler samples the union

    def want_stats(self, owner: str, ids: Iterable[str]) -> frozenset[str]:
        self._stats_wanted[owner] = frozenset(ids)
        union: set[str] = set()
        for wanted in self._stats_wanted.values():
            union |= wanted
        return frozenset(union)

    def _record_stats(self, samples) -> None:
        for sample in samples:
            history = self._stats_history.get(sample.id)
            if history is None:
                history = self._stats_history[sample.id] = SampleRing(sample.id, self._history_len)
            last = history.last_at()
            if last is None or sample.at > last:
                history.append(sample)

    def stats_recent(self, cid: str, n: int) -> list:
        """The container's last ``n`` samples, oldest first (the containers pane's CPU trend)."""
        history = self._stats_history.get(cid)
        return history.tail(n) if history else []

    def stats_history(self, cid: str) -> list:
        """The container's samples of the last ~15 minutes, oldest first."""
        return list(self._stats_history.get(cid, ()))

    # Uptime: one anchor per container, kept while it exists (hidden rows keep theirs)

    def anchor(self, container) -> uptime.StatusAnchor:
        """When the container came up (or exited): exact from State.StartedAt/FinishedAt once
        read; until then the STATUS text read back into a start time (to within its rounding)."""
        times = self._times.get(container.id)
        if times is not None:
            exact = uptime.exact_anchor(container.status, container.state, times)
            if exact is not None:
                return exact
        a = self._anchors.get(container.id)
        if a is None or a.text != container.status:
            a = self._anchors[container.id] = uptime.anchor(container.status, self.clock())
        return a

    def times(self, cid: str) -> uptime.ContainerTimes | None:
        return self._times.get(cid)

    def times_to_read(self, containers: Iterable) -> dict[str, int]:
        """Containers whose exact times are unknown (or stale) and not being read: id -> the
        generation the read must still match when it comes back."""
        out = {}
        for c in containers:
            gen = self._times_gen.get(c.id, 0)
            t = self._times.get(c.id)
            if (t is not None and t.status == c.state) or self._times_asked.get(c.id) == gen:
                continue
            out[c.id] = self._times_asked[c.id] = gen
        return out

    def set_times(self, times: dict[str, uptime.ContainerTimes], asked: dict[str, int]) -> None:
        """A read's answer: kept unless a start/stop event came in while it was on its way."""
        fresh = set()
        for cid, gen in asked.items():
            if self._times_asked.get(cid) == gen:
                del self._times_asked[cid]
            if cid in times and self._times_gen.get(cid, 0) == gen:
                self._times[cid] = times[cid]
                fresh.add(cid)
        if fresh:
            self.times_signal.publish(frozenset(fresh))

    def _forget_times(self, cid: str) -> None:
        self._times.pop(cid, None)
        self._times_gen[cid] = self._times_gen.get(cid, 0) + 1

    def counts_seconds(self, container) -> bool:
        """Its STATUS reads in seconds now ("Up 12 sec"): redrawn every second, not every 30 s."""
        age = uptime.age_seconds(self.anchor(container), self.clock())
        return age is not None and age < uptime.MINUTE

    def status_now(self, container) -> str:
        """A container's STATUS as it reads now: the daemon's text goes stale between events."""
        if not container.status:
            return container.state
        return uptime.render(self.anchor(container), self.clock())

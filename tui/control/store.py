"""The store: the one copy of what the UI knows, written only on the UI thread.

State (reduced from engine changes), the event history, pending labels, the status line
and the action log. Screens subscribe to its signals; nothing here imports a screen.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable

from rich.text import Text
from textual.dom import DOMNode
from textual.signal import Signal

from ..domain import changes as ch
from ..domain.history import ACTION_LOG_MAX, ActionRecord, EventHistory
from ..domain.pending import Pending
from ..domain import uptime
from ..domain.state import State, apply

class Store:
    def __init__(self, owner: DOMNode, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
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
        self.events = EventHistory()
        self.action_log: list[ActionRecord] = []
        self.last_action = Text("")
        self.resyncs = 0  # full listings applied: tests prove changes came by event, not re-list
        self._stats_wanted: dict[str, frozenset[str]] = {}
        self._anchors: dict[str, uptime.StatusAnchor] = {}

    # Engine changes

    def apply(self, change: object) -> None:
        """Reduce one engine change into the state and tell subscribers."""
        if isinstance(change, ch.DaemonEvent):
            self.pending.confirm(change.type, change.actor_id, change.action)
            if self.resyncs:
                self.events.add(change)
            self.event_signal.publish(change)
            return
        pending_changed = self._settle(change)
        self.state = apply(self.state, change)
        self.state_signal.publish(self.state)
        if pending_changed:
            self.pending_signal.publish(self.pending.labels)

    def _settle(self, change: object) -> bool:
        """Pending labels and uptime anchors a change settles; True when a label changed."""
        if isinstance(change, ch.ContainerChanged):
            return self.pending.settle(change.container.id)
        if isinstance(change, ch.ContainerRemoved):
            self._anchors.pop(change.id, None)
            return self.pending.settle(change.id, removed=True)
        if isinstance(change, ch.Resynced):
            self.resyncs += 1
            changed = bool(self.pending.labels)
            self.pending.clear()
            return changed
        return False

    def settle(self, change: object) -> None:
        """The fleet reduces state itself (tui/control/fleet.py) and settles labels here."""
        if self._settle(change):
            self.pending_signal.publish(self.pending.labels)

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
        self.pending_signal.publish(self.pending.labels)

    # Pending labels

    def set_pending(self, kind: str, action: str, ids: Iterable[str]) -> None:
        if kind != "containers":
            return
        for ident in ids:
            self.pending.set(ident, action)
        self.pending_signal.publish(self.pending.labels)

    def drop_pending(self, ids: Iterable[str]) -> None:
        if self.pending.drop(ids):
            self.pending_signal.publish(self.pending.labels)

    def select(self, kind: str, key: str) -> None:
        self.select_signal.publish((kind, key))

    # Status line and action log

    def status(self, text: Text) -> None:
        self.last_action = text
        self.status_signal.publish(text)

    def record(self, command: str, outcome: str = "sent") -> ActionRecord:
        record = ActionRecord(time.time(), command, outcome)
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

    # Uptime: one anchor per container, kept while it exists (hidden rows keep theirs)

    def anchor(self, container) -> uptime.StatusAnchor:
        """The container's STATUS read back into a start time, once per status text seen."""
        a = self._anchors.get(container.id)
        if a is None or a.text != container.status:
            a = self._anchors[container.id] = uptime.anchor(container.status, self.clock())
        return a

    def status_now(self, container) -> str:
        """A container's STATUS as it reads now: the daemon's text goes stale between events."""
        if not container.status:
            return container.state
        return uptime.render(self.anchor(container), self.clock())

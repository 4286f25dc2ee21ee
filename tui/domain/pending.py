"""Pending labels: what a row says while an action is in flight ("stopping…"), and which
daemon events settle it. The event stream, not the action's return, confirms success."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "start": "starting…",
    "stop": "stopping…",
    "restart": "restarting…",
    "pause": "pausing…",
    "unpause": "unpausing…",
    "kill": "killing…",
    "remove": "removing…",
}

# label -> container event actions that confirm it
SETTLED_BY: dict[str, tuple[str, ...]] = {
    "starting…": ("start", "die"),
    "stopping…": ("die", "stop"),
    "restarting…": ("restart", "start"),
    "pausing…": ("pause",),
    "unpausing…": ("unpause",),
    "killing…": ("die",),
    "removing…": ("destroy",),
}


def label(action: str) -> str:
    return LABELS.get(action, f"{action}…")


def settles(pending_label: str, event_type: str, event_action: str) -> bool:
    """Does a daemon event confirm the action behind ``pending_label``?"""
    return event_type == "container" and event_action in SETTLED_BY.get(pending_label, ())


class Pending:
    """Pending labels per object id, with the ids whose confirming event has arrived.
    Owned by the UI thread (the store); plain data, no framework."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self._confirmed: set[str] = set()

    def set(self, ident: str, action: str) -> None:
        self.labels[ident] = label(action)
        self._confirmed.discard(ident)

    def confirm(self, event_type: str, actor_id: str, event_action: str) -> None:
        """The daemon's event that ends a label; the re-read that follows shows the result."""
        current = self.labels.get(actor_id)
        if current and settles(current, event_type, event_action):
            self._confirmed.add(actor_id)

    def settle(self, ident: str, removed: bool = False) -> bool:
        """A re-read (or removal) of ``ident`` arrived: drop its label if confirmed."""
        if removed or ident in self._confirmed:
            self._confirmed.discard(ident)
            return self.labels.pop(ident, None) is not None
        return False

    def drop(self, ids) -> bool:
        changed = False
        for ident in ids:
            changed |= self.labels.pop(ident, None) is not None
            self._confirmed.discard(ident)
        return changed

    def clear(self) -> None:
        self.labels.clear()
        self._confirmed.clear()

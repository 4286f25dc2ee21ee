"""Textual's Signal without its leak: a closed screen stayed subscribed until the next publish.

``textual.signal.Signal`` keeps subscribers in a ``WeakKeyDictionary``, but each entry's
callback is a closure over the node itself (``node.call_next(callback, data)``), so the key
is strongly reachable through its own value and never goes on its own. Textual drops
subscribers that are no longer running only inside ``publish``. A signal that is rarely or
never published (the Swarm snapshot on a daemon without Swarm, alerts, a host switch) kept
every closed screen that had subscribed to it alive, with its widgets and their rendered
lines: three Architecture views opened and closed were three screens and 30 boxes kept.

This Signal drops subscribers that have stopped running whenever a node subscribes, and
``prune_closed()`` drops them from every signal at once (called when a screen closes back
to the dashboard, beside the render cache release).
"""

from __future__ import annotations

import weakref
from typing import TypeVar

from textual.signal import Signal as TextualSignal

SignalT = TypeVar("SignalT")

_ALL: "weakref.WeakSet[Signal]" = weakref.WeakSet()


class Signal(TextualSignal[SignalT]):
    def __init__(self, owner, name: str) -> None:
        super().__init__(owner, name)
        _ALL.add(self)

    def subscribe(self, node, callback, immediate: bool = False) -> None:
        self.prune()
        super().subscribe(node, callback, immediate)

    def prune(self) -> int:
        """Drop the subscribers that are no longer running (closed nodes); how many."""
        subscriptions = getattr(self, "_subscriptions", None)
        if subscriptions is None:  # a Textual that stores them elsewhere: nothing to prune here
            return 0
        dead = [node for node in list(subscriptions.keys()) if not node.is_running or getattr(node, "_closing", False)]
        for node in dead:
            subscriptions.pop(node, None)
        return len(dead)


def prune_closed() -> int:
    """Drop closed subscribers from every Signal of this module; how many were dropped."""
    return sum(signal.prune() for signal in list(_ALL))

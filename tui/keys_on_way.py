"""Keys on their way: read by the app, their road not ended yet.

A key's road in Textual: the app's queue, the app's handler (priority bindings), the focused
widget's queue and handler, each ancestor's queue and handler as it bubbles, then the app's
queue and handler again, where the bindings run their action. ``input_waiting`` (logs tab)
sees a key while it waits in one of those queues; between two queues it is inside a handler
(another task may run meanwhile: a handler that awaits yields the loop), and only this record
sees it there.

The app notes a key when its handler first takes it and ends it when the app is done with it
(a priority binding ran, or it came back and the bindings were tried). A key a widget stopped
(an input typed it) never comes back: it counts as ended once stopped. A key that never comes
back for any other reason is forgotten after ``STALE`` seconds, so nothing waits on it for long.
"""

from __future__ import annotations

import time

from textual import events

STALE = 1.0  # seconds after which a key that never came back no longer counts as on its way


class KeysOnWay:
    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._keys: dict[events.Key, float] = {}  # a key (by identity) -> when the app took it

    def taken(self, event: events.Event) -> bool:
        """The app's handler is about to take ``event``: note a fresh key. True when noted."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys[event] = self._clock()
            return True
        return False

    def done(self, event: events.Event, fresh: bool) -> None:
        """The app's handler is done with ``event`` (``fresh``: it was noted on the way in). A
        fresh key that was forwarded goes on to the focused widget; anything else has ended."""
        if isinstance(event, events.Key) and not (fresh and event.is_forwarded):
            self._keys.pop(event, None)

    def any(self) -> bool:
        """A key is on its way (not stopped by a widget, not stale)."""
        if not self._keys:
            return False
        oldest = self._clock() - STALE
        for event, since in list(self._keys.items()):
            if event._stop_propagation or since < oldest:
                del self._keys[event]
        return bool(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

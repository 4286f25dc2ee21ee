"""A guard for callbacks that thread workers schedule with ``call_from_thread``.

The user may have left the screen while the worker was blocked on the daemon; the
callback then finds no widgets to update, and must do nothing rather than crash.
"""

from __future__ import annotations

import functools


def unless_closed(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        # Closing/closed: the screen (or widget) was removed. Textual has no public flag
        # for it; is_mounted is still False inside on_mount, so it cannot serve. Pruning: a
        # popped screen's removal has begun (its widgets go first, the screen is marked
        # closed last); Textual's own Signal skips such nodes the same way.
        if getattr(self, "_closing", False) or getattr(self, "_closed", False) or getattr(self, "_pruning", False):
            return None
        return method(self, *args, **kwargs)

    return wrapper

"""A guard for callbacks that thread workers schedule with ``call_from_thread``.

The user may have left the screen while the worker was blocked on the daemon; the
callback then finds no widgets to update, and must do nothing rather than crash.
"""

from __future__ import annotations

import functools


def gone(node) -> bool:
    """The screen (or widget) is removed or its removal has begun. Textual has no public flag
    for it; is_mounted is still False inside on_mount, so it cannot serve. Pruning: a popped
    screen's removal has begun (its widgets go first, the screen is marked closed last);
    Textual's own Signal skips such nodes the same way."""
    return getattr(node, "_closing", False) or getattr(node, "_closed", False) or getattr(node, "_pruning", False)


def unless_closed(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if gone(self):
            return None
        return method(self, *args, **kwargs)

    return wrapper

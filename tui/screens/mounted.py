"""A guard for callbacks that thread workers schedule with ``call_from_thread``.

The user may have left the screen while the worker was blocked on the daemon; the
callback then finds no widgets to update, and must do nothing rather than crash.
"""

from __future__ import annotations

import functools


def while_mounted(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if not self.is_mounted:
            return None
        return method(self, *args, **kwargs)

    return wrapper

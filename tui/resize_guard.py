"""Re-reads the terminal size after a burst of resizes.

Textual's SIGWINCH handler reads the size and posts it; in a burst of signals CPython
can run the handler nested inside itself, so an older reading may be posted last and
the app keeps drawing for a size the terminal no longer has (seen in a pty resize storm).
"""

from __future__ import annotations

import shutil

from textual import events
from textual.app import App
from textual.geometry import Size
from textual.timer import Timer

QUIET = 0.15  # seconds without a resize before the size is checked


class ResizeGuard:
    def __init__(self, app: App) -> None:
        self._app = app
        self._timer: Timer | None = None

    def resized(self) -> None:
        """Call on every Resize the app sees; checks once the burst is over."""
        if self._app.is_headless or self._app.is_web:  # no terminal to ask (served: the browser's size is the truth)
            return
        if self._timer is None:
            self._timer = self._app.set_timer(QUIET, self._check)
        else:
            self._timer.reset()

    def _check(self) -> None:
        self._timer = None
        width, height = shutil.get_terminal_size()  # what Textual's driver reads too
        size = Size(width or 80, height or 25)
        if size != self._app.size:
            self._app.post_message(events.Resize(size, size))

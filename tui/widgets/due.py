"""A refresh wanted at most once per interval, drawn in a frame that is painted anyway.

A followed log paints a frame for its new lines (ten a second at 10 lines/s), and three
slower things on the same screen want a repaint about once a second: the log's status line
(its counter), the log view's scrollbar, the detail screen's "Up 12 seconds". Each had its
own one-shot timer or interval, so each second cost three more frames, each a pass of the
compositor and a write to the terminal, beside the ten frames of lines: about a fifth of the
UI's time at 10 lines/s.

``Due`` keeps such a refresh pending (``mark``) and runs it when a frame is about to be
painted anyway and the interval has passed (``ride``, called by the log view just before it
paints its lines), so it lands in that frame. A fallback timer, ``slack`` after the interval,
runs it when no paint comes in time (a quiet log): then it costs its own frame, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

SLACK = 0.25  # seconds a due refresh waits for a paint to ride on before its own timer runs it
MIN_WAIT = 0.01  # Textual's timers divide by their interval


class Due:
    def __init__(self, node: Any, every: float, action: Callable[[], None], slack: float = SLACK) -> None:
        self._node = node
        self.every = every
        self.slack = slack
        self._action = action
        self.last = float("-inf")  # when it last ran (monotonic)
        self.pending = False
        self._timer = None

    def mark(self) -> None:
        """Something it shows changed: run within ``every`` (+ ``slack``) of the last run."""
        self.pending = True
        if self._timer is None:
            wait = self.last + self.every + self.slack - time.monotonic()
            self._timer = self._node.set_timer(max(MIN_WAIT, wait), self._fallback)

    def ride(self, now: float | None = None) -> bool:
        """A frame is about to be painted: run now if pending and the interval has passed."""
        if not self.pending:
            return False
        now = time.monotonic() if now is None else now
        if now - self.last < self.every:
            return False
        self.run(now)
        return True

    def run(self, now: float | None = None) -> None:
        """Run now, whatever the interval (a user's action shows at once)."""
        self.cancel()
        self.last = time.monotonic() if now is None else now
        self._action()

    def cancel(self) -> None:
        self.pending = False
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()

    def _fallback(self) -> None:
        self._timer = None
        if self.pending:
            self.run()

"""Textual's input thread sleeps until a key, not ten times a second.

``LinuxDriver.run_input_thread`` waits for the terminal with ``select(0.1)`` in a loop: it
wakes ten times a second with nothing to read, to check its exit event and to let the key
parser time out a lone Esc. Each wake takes the GIL from the UI thread: ~0.13 % of a core
with the dashboard idle (per-thread CPU from /proc, N=30), a wake-up the UI pays for too.

Here the thread blocks until the terminal has input, or until the parser's own deadline
when it holds a partial sequence (a lone Esc is still recognised on time, a little sooner
than Textual's next tenth of a second), or until the driver stops: the exit event writes to
a pipe the thread also waits on, so quitting is as quick as before. Everything it reads goes
through the stock parser and ``process_message`` as in Textual's loop.

The names it relies on (``exit_event``, ``fileno``, ``process_message``, the parser's
``_timeout_time``) are pinned by tests/test_framework_internals.py; it installs only on the
Textual minor we test (``tight_updates.install``).
"""

from __future__ import annotations

import os
import selectors
import threading
from codecs import getincrementaldecoder

from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

IDLE_WAIT = None  # no partial sequence: wait for input (or the exit pipe) as long as it takes
POLL = 0.1  # Textual's own tick, kept as the longest wait while a sequence is partial


class WakingEvent(threading.Event):
    """The driver's exit event; setting it also writes to the input thread's wake pipe."""

    def __init__(self) -> None:
        super().__init__()
        self._lock_fd = threading.Lock()
        self.wake_fd: int | None = None

    def set(self) -> None:
        super().set()
        with self._lock_fd:
            fd = self.wake_fd
            if fd is not None:
                try:
                    os.write(fd, b"x")
                except OSError:
                    pass


def wait_time(parser) -> float | None:
    """How long the thread may sleep: until the parser's deadline when it waits on one."""
    deadline = parser._timeout_time
    if deadline is None:
        return IDLE_WAIT
    return min(POLL, max(0.0, deadline - get_time()))


def run_input_thread(self) -> None:
    """Textual's ``LinuxDriver.run_input_thread`` with the waits above."""
    exit_event = self.exit_event
    if not isinstance(exit_event, WakingEvent):
        return _stock_run_input_thread(self)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    with exit_event._lock_fd:
        exit_event.wake_fd = wake_w
    selector = selectors.DefaultSelector()
    fileno = self.fileno
    selector.register(fileno, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    parser = XTermParser(self._debug)
    feed, tick = parser.feed, parser.tick
    decode = getincrementaldecoder("utf-8")().decode

    def process(events, final: bool = False) -> None:
        ready = [key for key, mask in events if key.fd == fileno and mask & selectors.EVENT_READ]
        for n, _key in enumerate(ready):
            data = decode(os.read(fileno, 1024 * 4), final=final and n == len(ready) - 1)
            if not data:
                break  # stdin piped and closed
            for event in feed(data):
                self.process_message(event)
        for event in tick():
            self.process_message(event)

    try:
        while not exit_event.is_set():
            process(selector.select(wait_time(parser)))
        process(selector.select(0), final=True)
    finally:
        with exit_event._lock_fd:
            exit_event.wake_fd = None
        selector.close()
        os.close(wake_r)
        os.close(wake_w)


_stock_run_input_thread = LinuxDriver.run_input_thread
_stock_init = LinuxDriver.__init__


def _init(self, *args, **kwargs) -> None:
    _stock_init(self, *args, **kwargs)
    self.exit_event = WakingEvent()


def install() -> None:
    """Patch LinuxDriver (idempotent)."""
    if LinuxDriver.run_input_thread is run_input_thread:
        return
    LinuxDriver.__init__ = _init
    LinuxDriver.run_input_thread = run_input_thread

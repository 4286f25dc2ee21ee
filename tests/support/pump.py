"""Run the engine's EventPump in a test and wait for the changes it emits."""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Callable, Iterator

from tui.domain import changes as ch


class Recorder:
    """A thread-safe ``emit``: keeps every change, lets the test wait for one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.changes: list[object] = []

    def __call__(self, change: object) -> None:
        with self._cond:
            self.changes.append(change)
            self._cond.notify_all()

    def mark(self) -> int:
        """The current position; pass it as ``after`` to wait only for newer changes."""
        with self._cond:
            return len(self.changes)

    def since(self, after: int = 0) -> list[object]:
        with self._cond:
            return self.changes[after:]

    def wait_for(self, predicate: Callable[[object], bool], timeout: float = 10.0, after: int = 0, what: str = "change"):
        """The first change at or after ``after`` for which predicate is true."""
        deadline = time.monotonic() + timeout
        with self._cond:
            seen = after
            while True:
                for change in self.changes[seen:]:
                    if predicate(change):
                        return change
                seen = len(self.changes)
                left = deadline - time.monotonic()
                if left <= 0:
                    tail = [describe(c) for c in self.changes[after:]][-15:]
                    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last changes: {tail}")
                self._cond.wait(left)

    def wait_resynced(self, timeout: float = 15.0, after: int = 0) -> ch.Resynced:
        return self.wait_for(lambda c: isinstance(c, ch.Resynced), timeout, after, "Resynced")


def describe(change: object) -> str:
    """A short label for failure messages: the kind and what it is about."""
    name = type(change).__name__
    if isinstance(change, ch.DaemonEvent):
        return f"{name}({change.type} {change.action} {change.actor_id[:12]})"
    if isinstance(change, ch.ContainerChanged):
        return f"{name}({change.container.name} {change.container.state})"
    if isinstance(change, ch.ConnectionChanged):
        return f"{name}({change.state})"
    return name


@contextlib.contextmanager
def running_pump(endpoint, first=None) -> Iterator[tuple[object, Recorder]]:
    """Start an EventPump (events + re-reader threads) and stop it at the end, promptly.
    ``first``: the quick first listing the dashboard's session gives it (None: none)."""
    from tui.engine.events import EventPump

    recorder = Recorder()
    stop = threading.Event()
    pump = EventPump(endpoint, recorder, stop, first=first)
    threads = pump.threads()
    for t in threads:
        t.start()
    try:
        yield pump, recorder
    finally:
        pump.close()
        for t in threads:
            t.join(5)
        alive = [t.name for t in threads if t.is_alive()]
        assert not alive, f"pump threads still running 5 s after close(): {alive}"

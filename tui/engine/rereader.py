"""Re-reads of the objects events name, one thread per session, coalesced.

Events only say *that* something changed; the re-read says what it is now. A burst
(five starts at once, a compose up) names many containers: every container key waiting
when the thread wakes is read in ONE filtered listing (``GET /containers/json?filters=
{"id": [...]}``), not one request each behind the others. Repeats of a key coalesce.

dockerd (20.10 at least) logs die, pause, unpause and network connect/disconnect *before*
it updates the view that GET /containers/json reads, so a re-read right after the event
can still show the old state. Such a stale answer is read again a little later; the
retry waits in a schedule, so the keys of newer events are not held behind it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Callable, Protocol

from ..domain import changes as ch
from . import listing
from .errors import translate

if TYPE_CHECKING:
    import docker

Key = tuple[str, str]
Expect = Callable[[object], bool]
STALE_RETRIES = (0.02, 0.05, 0.1, 0.2, 0.4)  # seconds before each further read of a stale answer
MAX_SKIPS = 3  # answers dropped in a row for a key a newer event queued again (see _done)
BATCH = 100  # container ids per filtered listing (the ids travel in the URL)


class Pump(Protocol):
    stop: threading.Event
    client: "docker.APIClient | None"
    answered_at: float

    def emit(self, change: object) -> None: ...

    def log(self, text: str) -> None: ...


class Rereader:
    """Re-reads objects named by events on its own thread, coalescing repeats and batching
    the containers of a burst into one request."""

    def __init__(self, pump: Pump) -> None:
        self._pump = pump
        # key -> what the newest event for it says a fresh re-read must show (or None)
        self._pending: OrderedDict[Key, Expect | None] = OrderedDict()
        # stale answers to read again: key -> (expect, retries done, when)
        self._retry: dict[Key, tuple[Expect, int, float]] = {}
        self._skips: dict[Key, int] = {}
        self._cond = threading.Condition()
        self.container_reads = 0  # filtered container listings made (tests: a burst is one)

    def push(self, keys: list[Key], expect: dict[Key, Expect] | None = None) -> None:
        if not keys:
            return
        expect = expect or {}
        with self._cond:
            for key in keys:
                self._pending[key] = expect.get(key)
                self._retry.pop(key, None)  # a newer event: read it fresh
            self._cond.notify()

    def clear(self) -> None:
        with self._cond:
            self._pending.clear()
            self._retry.clear()
            self._skips.clear()

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def _take(self) -> tuple[dict[Key, Expect | None], dict[Key, tuple[Expect, int]]] | None:
        """Wait for keys to read (new ones, or stale ones whose retry is due); None at stop."""
        stop = self._pump.stop
        with self._cond:
            while not stop.is_set():
                now = time.monotonic()
                due = {k: (e, n) for k, (e, n, when) in self._retry.items() if when <= now}
                if self._pending or due:
                    batch, self._pending = dict(self._pending), OrderedDict()
                    for k in due:
                        del self._retry[k]
                    return batch, due
                soonest = min((when for _, _, when in self._retry.values()), default=now + 0.5)
                self._cond.wait(min(0.5, max(0.0, soonest - now)))
        return None

    def run(self) -> None:
        stop = self._pump.stop
        while not stop.is_set():
            taken = self._take()
            if taken is None:
                return
            fresh, due = taken
            client = self._pump.client
            if client is None:
                continue
            work = {k: (e, 0) for k, e in fresh.items()}
            work.update(due)
            containers = [k for k in work if k[0] == "container"]
            for i in range(0, len(containers), BATCH):
                self._containers(client, {k: work[k] for k in containers[i : i + BATCH]})
            for key, (expect, tries) in work.items():
                if key[0] != "container" and not stop.is_set():
                    self._other(client, key, expect, tries)

    def _containers(self, client: docker.APIClient, work: dict[Key, tuple[Expect | None, int]]) -> None:
        try:
            found = listing.read_containers(client, [ident for _, ident in work])
        except Exception as exc:  # a failed re-read is repaired by the next resync
            self._pump.log(f"re-read of {len(work)} containers failed: {translate(exc)}")
            return
        self._pump.answered_at = time.monotonic()
        self.container_reads += 1
        for key, (expect, tries) in work.items():
            c = found.get(key[1])
            self._done(key, ch.ContainerChanged(c) if c else ch.ContainerRemoved(key[1]), expect, tries)

    def _other(self, client: docker.APIClient, key: Key, expect: Expect | None, tries: int) -> None:
        try:
            change = read(client, key)
        except Exception as exc:
            self._pump.log(f"re-read {key} failed: {translate(exc)}")
            return
        self._pump.answered_at = time.monotonic()
        self._done(key, change, expect, tries)

    def _done(self, key: Key, change: object, expect: Expect | None, tries: int) -> None:
        """Emit a fresh answer; a stale one is scheduled again (emitted after the last try)."""
        if change is None or self._pump.stop.is_set():
            return
        with self._cond:
            # A newer event for it came while this read was on its way: the answer may
            # predate that event (a "created" read back after the start event already
            # showed the row running), and a fresh read is queued. Skipped a few times
            # at most, so a container with a steady stream of events still gets its row.
            if key in self._pending and self._skips.get(key, 0) < MAX_SKIPS:
                self._skips[key] = self._skips.get(key, 0) + 1
                return
            self._skips.pop(key, None)
        if expect is not None and tries < len(STALE_RETRIES) and not expect(change):
            with self._cond:
                if key not in self._pending:  # else a newer event reads it anyway
                    self._retry[key] = (expect, tries + 1, time.monotonic() + STALE_RETRIES[tries])
            return
        self._pump.emit(change)


def read(client: docker.APIClient, key: Key):
    """The change one re-read of ``key`` finds (None for a kind it does not know)."""
    kind, ident = key
    if kind == "container":
        c = listing.read_container(client, ident)
        return ch.ContainerChanged(c) if c else ch.ContainerRemoved(ident)
    if kind == "images":
        return ch.ImagesRelisted(listing.read_images(client))
    if kind == "network":
        n = listing.read_network(client, ident)
        return ch.NetworkChanged(n) if n else ch.NetworkRemoved(ident)
    if kind == "volume":
        v = listing.read_volume(client, ident)
        return ch.VolumeChanged(v) if v else ch.VolumeRemoved(ident)
    if kind == "volumes":
        return ch.VolumesRelisted(listing.read_volumes(client))
    if kind == "info":
        return ch.InfoChanged(listing.read_info(client))
    return None

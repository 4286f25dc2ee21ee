"""A Fleet: one Session per host, keyed by the host's configured name, above Session.

Every change a host's session relays is handed on as ``emit(host, change)``, so the UI
can keep state keyed by (host, id). Hosts connect independently (none waits for the
slowest) but at most ``max_starting`` at once: a start holds a slot until that host's
first listing arrives, its connection is reported lost, or ``start_timeout`` (1 s) passes:
a host that does not answer (frozen, far away) stops holding back the hosts behind it
and goes on connecting on its own.
Each session keeps its own reconnect backoff (engine/events.py), watchdog and read-only
guard (a host entry's ``readonly`` is its Endpoint's). Hosts may be added and removed
while it runs; ``close`` ends every session at once and returns without waiting.
"""

from __future__ import annotations

import threading
from typing import Callable, Iterable

from ..domain import changes as ch
from .endpoint import Endpoint
from .session import Session
from .stats_pool import StatsPool

# Hosts connecting and listing at once. The 10-host fleet starts in one wave (a cap
# of 4 listed 10 hosts in three waves: the last ones answered ~2 s after the first, each
# wave waiting for the one before); a larger fleet is still bounded (ssh children, TLS
# handshakes, the daemons' listings all at once).
MAX_STARTING = 10
START_TIMEOUT = 1.0

FleetEmit = Callable[[str, ch.Change], None]


class Fleet:
    def __init__(
        self,
        emit: FleetEmit,
        *,
        readonly: bool = False,
        stats_interval: float = 2.0,
        max_starting: int = MAX_STARTING,
        start_timeout: float = START_TIMEOUT,
        session_factory: Callable[..., Session] = Session,
        log: Callable[[str], None] = lambda s: None,
    ) -> None:
        self._emit = emit
        self._readonly = readonly
        self._stats_interval = stats_interval
        self._factory = session_factory
        self._log = log
        self._start_timeout = start_timeout
        self._slots = threading.BoundedSemaphore(max(1, max_starting))
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}
        self._endpoints: dict[str, Endpoint] = {}
        self._answered: dict[str, threading.Event] = {}
        self._closed = threading.Event()
        self._launched: set[str] = set()
        # One stats pool for every host (bounded workers), when the factory takes one
        self.stats_pool: StatsPool | None = StatsPool(stats_interval) if _takes(session_factory, "stats_pool") else None
        self.starting = 0  # hosts holding a start slot now (tests read the cap)
        self.most_starting = 0

    # Hosts

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._sessions)

    def session(self, key: str) -> Session:
        with self._lock:
            return self._sessions[key]

    def endpoint(self, key: str) -> Endpoint:
        with self._lock:
            return self._endpoints[key]

    def add(self, key: str, endpoint: Endpoint, *, start: bool = True) -> Session:
        """Follow one more host (its start waits for a free slot, off this thread);
        ``start=False`` only creates its session: ``start_all`` starts it later."""
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the fleet is closed")
            if key in self._sessions:
                raise ValueError(f"host {key!r} is already in the fleet")
            answered = threading.Event()
            extra = {"stats_pool": self.stats_pool} if self.stats_pool is not None else {}
            session = self._factory(endpoint, self._tagged(key, answered), readonly=self._readonly, stats_interval=self._stats_interval, log=self._log, **extra)
            self._sessions[key] = session
            self._endpoints[key] = endpoint
            self._answered[key] = answered
        if start:
            self._launched.add(key)
            self._launch(key)
        return session

    def _launch(self, key: str) -> None:
        with self._lock:
            session, answered = self._sessions[key], self._answered[key]
        threading.Thread(target=self._start, args=(key, session, answered), name=f"dockyard-fleet-start-{key}", daemon=True).start()

    def start_all(self) -> None:
        """Start every host added with ``start=False`` (each once)."""
        for key in self.keys():
            with self._lock:
                session = self._sessions.get(key)
            if session is not None and not getattr(session, "_threads", None) and key not in self._launched:
                self._launched.add(key)
                self._launch(key)

    def remove(self, key: str) -> None:
        """Stop following a host: its session closes at once; it emits nothing more."""
        with self._lock:
            session = self._sessions.pop(key, None)
            self._endpoints.pop(key, None)
            answered = self._answered.pop(key, None)
        if answered is not None:
            answered.set()  # frees its start slot if it still held one
        if session is not None:
            session.close()

    def add_all(self, hosts: Iterable[tuple[str, Endpoint]]) -> None:
        for key, endpoint in hosts:
            self.add(key, endpoint)

    # Running

    def _tagged(self, key: str, answered: threading.Event) -> Callable[[ch.Change], None]:
        def emit(change: ch.Change) -> None:
            if isinstance(change, ch.Resynced) or (isinstance(change, ch.ConnectionChanged) and change.state == "lost"):
                answered.set()
            with self._lock:
                live = self._answered.get(key) is answered  # a removed host says nothing more
            if live:
                self._emit(key, change)

        return emit

    def _start(self, key: str, session: Session, answered: threading.Event) -> None:
        with self._slots:
            if self._closed.is_set() or answered.is_set() and key not in self._sessions:
                return
            with self._lock:
                self.starting += 1
                self.most_starting = max(self.most_starting, self.starting)
            try:
                session.start()
                answered.wait(self._start_timeout)
            finally:
                with self._lock:
                    self.starting -= 1

    def want_stats(self, key: str, ids: Iterable[str]) -> None:
        with self._lock:
            session = self._sessions.get(key)
        if session is not None:
            session.want_stats(ids)

    def close(self) -> None:
        """Every session's close, at once (each returns immediately, whatever its daemon does)."""
        self._closed.set()
        with self._lock:
            sessions = list(self._sessions.values())
            answered = list(self._answered.values())
        for event in answered:
            event.set()
        for session in sessions:
            session.close()
        if self.stats_pool is not None:
            self.stats_pool.close()

    def join(self, timeout: float = 2.0) -> None:
        for key in self.keys():
            self.session(key).join(timeout)


def _takes(factory: Callable, name: str) -> bool:
    import inspect

    try:
        return name in inspect.signature(factory).parameters
    except (TypeError, ValueError):
        return False

"""A Session ties one endpoint's pumps together: events, stats, watchdog, actions.

The UI creates one Session, hands it an ``emit`` callable (its post_message) and
calls ``close()`` at exit; ``close`` returns at once, whatever the daemon is doing.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Iterable

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads on the first connection, in the pump's thread: not on the UI's import path
    import docker

from ..domain import changes as ch
from ..domain.changes import Emit
from .actions import Actions
from .calls import SessionCalls
from .connection import Transport
from .readonly_guard import guard as guard_readonly
from .endpoint import Endpoint
from .events import EventPump
from .stats import StatsSampler

# The watchdog (see ``Session._watchdog``): a frozen daemon is "not responding" within
# PING_INTERVAL + PING_TIMEOUT = 7 s (issue 12: <= 8 s); an idle host costs one GET /_ping
# per PING_INTERVAL, 0.2 requests/s (issue 13: <= 0.3 per host), fewer while the daemon
# answers other requests (re-reads, listings) on its own.
PING_INTERVAL = 5.0
PING_TIMEOUT = 2.0
# How long a worker waits for the first client after the first listing came (Session.client):
# the import and the /version request, which a loaded machine can stretch to seconds.
CLIENT_DUE_WAIT = 10.0
# The quick first listing (quick_start) gives up sooner than a request: a daemon that does
# not answer it is then met by docker-py's road, which says so (connecting, then lost).
FIRST_LIST_TIMEOUT = 3.0


class Relay:
    """Holds engine changes until the UI is ready, then passes each one on, in order.

    Lets the session connect and list while the UI toolkit is still loading.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: list[object] = []
        self._target: Emit | None = None

    def __call__(self, change: object) -> None:
        with self._lock:
            if self._target is None:
                self._held.append(change)
                return
            target = self._target
        target(change)

    def connect(self, target: Emit) -> None:
        with self._lock:  # held while flushing, so nothing overtakes the backlog
            held, self._held = self._held, []
            for change in held:
                target(change)
            self._target = target


class Session(SessionCalls):
    """One daemon: its pumps, its client, and (SessionCalls) every call the UI makes to it."""

    def __init__(
        self,
        endpoint: Endpoint,
        emit: Emit,
        *,
        readonly: bool = False,
        stats_interval: float = 2.0,
        log: Callable[[str], None] = lambda s: None,
        stats_pool=None,
        quick_start: bool = False,
    ) -> None:
        """``quick_start`` (the dashboard's own session, made by the entry point): the first
        listing is read without docker-py (first_list.py) and docker-py's client opens only
        once the UI says that listing is on screen (``first_painted``; EventPump.HOLD_MAX at
        most), so loading it does not slow the first paint (issue 20). Until then ``client``
        is None on the UI thread and worth waiting for on any other."""
        self.endpoint = endpoint
        self._stats_pool = stats_pool  # a fleet's shared StatsPool runs the sampler (no thread of its own)
        self.transport = Transport(endpoint)  # for ssh:// it owns the host's one ssh child
        self.emit = emit
        self._relay = Relay()  # engine threads emit through it; start() connects it to ``emit``
        self._log = log
        # Read-only if asked here (--readonly) or by the host's own entry (Endpoint.readonly).
        self.readonly = readonly = readonly or endpoint.readonly
        self.stop = threading.Event()
        self._client: docker.APIClient | None = None
        self._ping_client: docker.APIClient | None = None
        self.pump = EventPump(
            endpoint, self._relay, self.stop, on_client=self._set_client, log=lambda s: self._log(s), opener=self.transport.open,
            first=(lambda: self.transport.first_snapshot(FIRST_LIST_TIMEOUT)) if quick_start else None,
            hold=threading.Event() if quick_start else None,
        )
        self.stats = StatsSampler(lambda: self._client, self._relay, self.stop, interval=stats_interval, local=endpoint.is_local)
        self.actions = Actions(lambda: self.client, endpoint.host, readonly=readonly)
        self._threads: list[threading.Thread] = []

    @property
    def client(self) -> docker.APIClient | None:
        """The client, or None while not connected. Between the first listing (made without
        docker-py, first_list.py) and the client's opening, a worker thread asking for it
        waits for the opening (at most CLIENT_DUE_WAIT) instead of hearing "not connected";
        the UI thread never waits."""
        pump = self.pump
        if self._client is None and pump.client_due and threading.current_thread() is not threading.main_thread():
            pump.client_opened.wait(CLIENT_DUE_WAIT)
        return self._client

    def first_painted(self) -> None:
        """The UI has the first listing on screen: the pump may load docker-py now."""
        self.pump.release()

    @property
    def api_version(self) -> str:
        client = self._client
        return client.api_version if client is not None else ""

    def _set_client(self, client: docker.APIClient | None) -> None:
        if client is not None and self.readonly:
            guard_readonly(client)
        self._client = client
        old, self._ping_client = self._ping_client, None
        if old is not None:  # its pool belongs to the connection that just ended
            try:
                old.close()
            except Exception:
                pass

    def prestart(self) -> None:
        """Start the threads now (connect, list, follow) and hold what they find until ``start``."""
        if not self._threads:
            own_stats = [self.stats.thread()] if self._stats_pool is None else []
            self._threads = [*self.pump.threads(), *own_stats, threading.Thread(target=self._watchdog, name="dockyard-ping", daemon=True)]
            for t in self._threads:
                t.start()
            if self._stats_pool is not None:
                self._stats_pool.add(self.stats)

    def wire(self, emit: Emit, log: Callable[[str], None] | None = None) -> "Session":
        """Deliver to ``emit`` (from ``start`` on): a session prestarted before the UI existed."""
        self.emit = emit
        if log is not None:
            self._log = log
        return self

    def start(self) -> None:
        """Start (if ``prestart`` did not) and deliver changes to ``emit`` from now on."""
        self.prestart()
        self._relay.connect(self.emit)

    def close(self) -> None:
        """Stop every thread and end the transport's children; returns at once."""
        self.stop.set()
        self.pump.close()
        self.stats.wake()
        if self._stats_pool is not None:
            self._stats_pool.remove(self.stats)
        # The reads' kept connections (lite_client.py): workers may still hold the client.
        for client in (self._client, self._ping_client):
            close_idle = getattr(type(client), "close_idle", None)  # a LiteClient's (not its __getattr__)
            if close_idle is not None:
                close_idle(client)
        self.transport.close()

    def join(self, timeout: float = 2.0) -> None:
        for t in self._threads:
            t.join(timeout)

    def want_stats(self, ids: Iterable[str]) -> None:
        self.stats.want(ids)

    def _watchdog(self) -> None:
        """A hung daemon leaves the event stream silent forever: ping to notice.

        One ping per PING_INTERVAL (counted from when the last one was sent), skipped
        while the daemon answered something else more recently (a re-read, a listing:
        ``pump.answered_at``); an idle host's stream is quiet, so there it is a ping.
        A ping with no answer within PING_TIMEOUT reports "not responding", unless
        another request was answered meanwhile."""
        unresponsive = False
        due = time.monotonic() + PING_INTERVAL
        while not self.stop.wait(max(0.0, due - time.monotonic())):
            client = self._client
            if client is None:
                unresponsive = False
                due = time.monotonic() + PING_INTERVAL
                continue
            answered = self.pump.answered_at
            if not unresponsive and answered + PING_INTERVAL > time.monotonic():
                due = answered + PING_INTERVAL  # it answered recently: no ping needed yet
                continue
            sent = time.monotonic()
            due = sent + PING_INTERVAL
            try:
                if self._ping_client is None:
                    self._ping_client = self.transport.open(timeout=PING_TIMEOUT, version=client.api_version)
                self._ping_client.ping()
                if unresponsive:
                    unresponsive = False
                    self._relay(ch.ConnectionChanged("live", self.endpoint.host))
            except Exception as exc:
                if self.stop.is_set():
                    return
                if self.pump.answered_at > sent:  # a re-read answered while the ping waited: alive
                    continue
                if self._client is client and not unresponsive:
                    unresponsive = True
                    self._relay(ch.ConnectionChanged("not-responding", self.endpoint.host, f"no answer to ping: {type(exc).__name__}"))

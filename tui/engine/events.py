"""The event pump: follow the daemon's event stream and keep the UI's state exact.

Order matters: open the stream first, then list, so nothing that happens in between
is missed; an event seen twice is harmless because each one only triggers a
re-read of the object it names. The stream always opens ``since`` a moment of the
daemon's own clock (see ``EventPump._since``): dockerd sends the answer's head before
it subscribes, so a stream opened without one could miss an event of that gap. End of
stream means the daemon went away: report it, reconnect with backoff, resume ``since``
the last event and list again.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Mapping

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads on the first connection, in the pump's thread: not on the UI's import path
    import docker

from ..domain import changes as ch
from ..domain.models import Snapshot
from ..domain.parse import parse_time
from ..domain.sanitize import clean_name
from . import listing
from .connection import open_client
from .endpoint import Endpoint
from .errors import ErrorKind, translate
from .rereader import Expect, Rereader

from ..domain.changes import Emit  # noqa: E402  (re-exported for the pumps)

# Container actions that do not change what a listing shows.
_QUIET_CONTAINER_ACTIONS = ("exec_", "attach", "resize", "top", "archive-path", "extract-to-dir", "export", "copy", "kill")
_BACKOFF = (0.25, 0.5, 1.0, 2.0, 3.0)


def normalise(raw: Mapping[str, Any]) -> ch.DaemonEvent:
    """A DaemonEvent from either the modern fields (Type/Action/Actor) or the legacy ones."""
    actor = raw.get("Actor") or {}
    attributes = actor.get("Attributes") or {}
    action = raw.get("Action") or raw.get("status") or ""
    etype = raw.get("Type") or ("container" if raw.get("id") else "")
    actor_id = actor.get("ID") or raw.get("id") or ""
    nanos = raw.get("timeNano")
    when = nanos / 1e9 if nanos else float(raw.get("time") or time.time())
    return ch.DaemonEvent(
        type=clean_name(etype),
        action=clean_name(action),
        actor_id=clean_name(actor_id),
        attributes=tuple(sorted((clean_name(k), clean_name(str(v))) for k, v in attributes.items())),
        time=when,
    )


def keys_for(event: ch.DaemonEvent) -> list[tuple[str, str]]:
    """Which objects an event may have changed, as (kind, id) keys to re-read."""
    action = event.action.split(":", 1)[0].strip()
    if event.type == "container":
        if action.startswith(_QUIET_CONTAINER_ACTIONS):
            return []
        keys = [("container", event.actor_id)]
        if action == "commit":
            keys.append(("images", ""))
        return keys
    if event.type == "image":
        return [("images", "")]
    if event.type == "network":
        keys = [("network", event.actor_id)]
        container = event.attr("container")
        if container:
            keys.append(("container", container))
        return keys
    if event.type == "volume":
        # The daemon sends one "prune" event for a volume prune and no per-volume destroy.
        return [("volumes", "")] if action == "prune" else [("volume", event.actor_id)]
    if event.type == "daemon":
        return [("info", "")]
    return []



def expectations(event: ch.DaemonEvent) -> dict[tuple[str, str], Expect]:
    """For the keys this event re-reads: what a re-read that is not stale must show."""
    if event.type == "container":
        key = ("container", event.actor_id)
        action, _, detail = event.action.partition(":")
        if action in ("pause", "unpause"):
            paused = action == "pause"
            return {key: lambda c: not isinstance(c, ch.ContainerChanged) or (c.container.state == "paused") == paused}
        if action == "die":
            return {key: lambda c: not isinstance(c, ch.ContainerChanged) or c.container.state not in ("running", "paused")}
        if action == "health_status" and detail.strip() in ("healthy", "unhealthy"):
            health = detail.strip()
            return {key: lambda c: not isinstance(c, ch.ContainerChanged) or c.container.health in (health, None)}
    if event.type == "network" and event.action in ("connect", "disconnect") and event.attr("container"):
        nid, joined = event.actor_id, event.action == "connect"

        def attached(c) -> bool:
            if not isinstance(c, ch.ContainerChanged):
                return True
            return (nid in {a.network_id for a in c.container.networks}) == joined or not c.container.is_running

        return {("container", event.attr("container")): attached}
    return {}


# The longest the docker-py client waits for the first listing to be painted (EventPump._hold).
HOLD_MAX = 1.0
# A reading of the daemon's clock older than this (s) is asked for again (the clocks drift).
CLOCK_FRESH = 60.0


class EventPump:
    """Connects, lists, follows events, reconnects. Runs until ``stop`` is set."""

    def __init__(
        self,
        endpoint: Endpoint,
        emit: Emit,
        stop: threading.Event,
        on_client: Callable[[docker.APIClient | None], None] = lambda c: None,
        log: Callable[[str], None] = lambda s: None,
        opener: Callable[[], docker.APIClient] | None = None,
        first: Callable[[], Snapshot | None] | None = None,
        hold: threading.Event | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.emit = emit
        self.stop = stop
        self.log = log
        # How to connect: a Session passes its Transport's (which owns the ssh child, if any).
        self._open = opener or (lambda: open_client(endpoint))
        self._on_client = on_client
        # A listing without docker-py for the first screen (Transport.first_snapshot), or None.
        self._first = first
        # Set by the UI once that listing is on screen (Session.first_painted); None: no wait.
        self._hold = hold
        # The first listing is shown and docker-py's client is being opened: a caller that
        # needs the client waits for client_opened (Session.client) instead of failing.
        self.client_due = False
        self.client_opened = threading.Event()
        self.client: docker.APIClient | None = None
        self._stream = None
        self._lock = threading.Lock()
        self._rereader = Rereader(self)
        self.last_event_time: float | None = None
        self._last_nanos: int | None = None  # exact, for since=: a float loses the nanoseconds
        self._clock_offset: float | None = None  # the daemon's clock minus ours (its /info's SystemTime)
        self._clock_read_at = 0.0  # time.monotonic() of that reading
        self.synced_once = False
        self.answered_at = 0.0  # time.monotonic() of the daemon's last answer to a listing or re-read (the watchdog reads it)

    def threads(self) -> list[threading.Thread]:
        return [
            threading.Thread(target=self.run, name="dockyard-events", daemon=True),
            threading.Thread(target=self._rereader.run, name="dockyard-reread", daemon=True),
        ]

    def close(self) -> None:
        """Stop now: close the open stream so a blocked read returns."""
        self.stop.set()
        self.release()
        self._opened()
        self._rereader.wake()
        with self._lock:
            stream = self._stream
            self._stream = None
        if stream is not None:
            try:
                stream.close()
            except Exception:  # the ssh transport may raise on close
                pass

    def _since(self) -> str | None:
        """Where the next stream starts, in the daemon's "seconds.nanoseconds" form: the last
        event's own time; before any event, the moment of the request by the daemon's clock.

        Never without one: dockerd flushes the head of ``GET /events`` before it subscribes
        (moby's system_routes.go), and the listing starts as soon as the head comes, so an
        event published in that gap (a container that dies: listed running, its ``die``
        before the subscription) would be missed until the next one. With ``since`` the
        daemon replays its buffered events from there, the gap included; events from before
        the request are not replayed (the listing shows what they did). The daemon's clock,
        not ours: Podman drops the live events older than ``since``, so one in its future
        would leave the stream deaf. The clock is read from an /info answer, which the daemon
        wrote before it reached us: the estimate is not ahead of the daemon's time (nor behind
        it by more than that answer's way to us), so no event from before that answer is
        replayed (its alert would fire twice)."""
        if self._last_nanos is not None:
            return f"{self._last_nanos // 1_000_000_000}.{self._last_nanos % 1_000_000_000:09d}"
        if self.last_event_time is not None:
            return f"{self.last_event_time:.9f}"
        if self._clock_offset is not None:
            return f"{time.time() + self._clock_offset:.9f}"
        return None

    def _learn_clock(self, system_time: float) -> None:
        """The daemon's clock as its /info gave it, just answered (0: it did not say)."""
        if system_time:
            self._clock_offset = system_time - time.time()
            self._clock_read_at = time.monotonic()

    def _clock_known(self) -> bool:
        return self._clock_offset is not None and time.monotonic() - self._clock_read_at < CLOCK_FRESH

    def _list_first(self) -> bool:
        """Put the daemon's objects on the first screen before docker-py has loaded.

        True when it did: the daemon answered, so the road below opens its client without
        saying "connecting" again. That road still opens the event stream and then lists
        once more, so nothing done between this listing and the stream is missed."""
        first, self._first = self._first, None
        if first is None:
            return False
        self.emit(ch.ConnectionChanged("connecting", self.endpoint.host))
        snapshot = first()
        if snapshot is None or self.stop.is_set():
            return False
        self.answered_at = time.monotonic()
        self._learn_clock(snapshot.info.system_time)
        self.client_due = True
        self.emit(ch.Resynced(snapshot))
        self.synced_once = True
        if self._hold is not None:
            # docker-py's import (~0.1 s of CPU) would share the GIL with the UI painting
            # these rows: open the client once they are on screen (or after HOLD_MAX).
            self._hold.wait(HOLD_MAX)
        return True

    def release(self) -> None:
        """The first listing is on screen: open the client now (see ``hold``)."""
        if self._hold is not None:
            self._hold.set()

    def _opened(self) -> None:
        """The first client's opening is over (opened or failed): release its waiters."""
        self.client_due = False
        self.client_opened.set()

    def run(self) -> None:
        attempt = 0
        host = self.endpoint.host
        quiet = self._list_first()
        while not self.stop.is_set():
            try:
                if self.client is None:
                    if not quiet:
                        self.emit(ch.ConnectionChanged("connecting" if not self.synced_once else "reconnecting", host))
                    quiet = False
                    try:
                        client = self._open()
                        self.client = client
                        self._on_client(client)
                    finally:
                        self._opened()
                client = self.client
                if self.last_event_time is None and not self._clock_known():  # ask its clock (one request)
                    self._learn_clock(parse_time(client.info().get("SystemTime")))
                stream = client.events(decode=True, since=self._since())
                with self._lock:
                    if self.stop.is_set():
                        stream.close()
                        return
                    self._stream = stream
                self._rereader.clear()
                snapshot = listing.list_all(client)
                self.answered_at = time.monotonic()
                self._learn_clock(snapshot.info.system_time)
                if self.stop.is_set():
                    return
                self.emit(ch.Resynced(snapshot))
                self.synced_once = True
                attempt = 0
                for raw in stream:
                    event = normalise(raw)
                    self.last_event_time = event.time
                    if isinstance(raw.get("timeNano"), int):
                        self._last_nanos = raw["timeNano"]
                    self.emit(event)
                    self._rereader.push(keys_for(event), expectations(event))
                if self.stop.is_set():
                    return
                reason = "the daemon closed the event stream"
            except Exception as exc:
                if self.stop.is_set():
                    return
                err = translate(exc, host, tls=self.endpoint.tls)
                reason = err.message
                if err.kind in (ErrorKind.CONFIG, ErrorKind.PERMISSION) and not self.synced_once:
                    self.emit(ch.ConnectionChanged("lost", host, reason))
                    # A permission problem rarely fixes itself quickly: retry slowly.
                    self._drop_client()
                    if self.stop.wait(5.0):
                        return
                    continue
            self._drop_client()
            state = "reconnecting" if self.synced_once else "lost"
            self.emit(ch.ConnectionChanged(state, host, reason))
            self.stop.wait(_BACKOFF[min(attempt, len(_BACKOFF) - 1)])
            attempt += 1

    def _drop_client(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:  # e.g. the listing failed after the stream opened: free its socket
            try:
                stream.close()
            except Exception:
                pass
        client, self.client = self.client, None
        self._on_client(None)
        if client is not None:
            try:
                client.close()
            except Exception:
                pass


"""Follow one container's logs: chunks in, batches of lines out.

A reader thread turns the raw response (multiplexed stdout/stderr frames, or a TTY's
bare byte stream) into ``LogLine`` objects and queues them. Lines that come after a quiet
spell (``interval`` since the last batch, the last one acked) are posted by the reader
itself, at once: a followed log shows each line as it arrives. While they keep coming a
ticker thread posts what is queued as one ``LogBatch`` at most every ``interval`` seconds.
The queue is bounded
(oldest dropped and counted) and a new batch is only posted once the UI has
``ack()``-ed the previous one, so a container printing 100,000 lines/s costs the UI
a handful of messages per second and the memory stays flat.

A followed response that turns into a flood (SWITCH_LINES in SWITCH_WINDOW) is handed to a
child process (``log_reader``): the thread posts what it read, then follows again from the
last line with the child. This process then only moves bytes; the child keeps the newest
``max_pending`` lines and posts one batch per ``ack()``, so a flood never holds the UI's GIL.
Quiet logs, history reads, and ``use_child=False`` (or ``DOCKYARD_LOG_READER=thread``) split
on the reader thread and cost no process.

When the container stops, the stream ends; the pump then waits for it to start
again and resumes after the last timestamp it saw (lines already shown are skipped).
``close()`` returns at once: it sets the stop event and shuts the socket so a
blocked read returns.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timezone
from typing import Callable, Iterator

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads with the first client that needs it: not for a LiteClient's log
    import docker

from ..domain.logbuffer import LogBatch, LogHistoryDone, LogStatus
from ..domain.loglines import LogLine
from . import log_reader
from .chunked import dechunked
from .log_reader import ChildReader, StreamLines
from .errors import is_not_found, translate
from .lite_client import LiteClient, Stream

MAX_LINE = 16 * 1024
DEFAULT_INTERVAL = 0.075
# Under a flood every batch repaints the whole view: fewer, larger batches keep the
# terminal traffic and the UI's CPU down, and leave room for key presses between them.
FLOOD_LINES = 500
FLOOD_INTERVAL = 0.2
RESTART_POLL = 1.0
# A followed log this busy is read by a child process (log_reader) from then on; a quiet or
# ordinary log (the preview's tail, 1,000 lines/s) stays on the thread and costs no process.
SWITCH_WINDOW = 1.0
SWITCH_LINES = 5000


def since_param(ts: str) -> str:
    """RFC 3339 (nanoseconds, 'Z') -> the API's 'seconds.nanoseconds' form."""
    base, _, rest = ts.partition(".")
    frac = "".join(ch for ch in rest if ch.isdigit())[:9].ljust(9, "0")
    if not rest:
        base = base.rstrip("Z")
    seconds = int(datetime.strptime(base[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp())
    return f"{seconds}.{frac}"


class LogPump:
    def __init__(
        self,
        get_client: Callable[[], docker.APIClient | None],
        cid: str,
        emit: Callable[[object], None],
        *,
        source: int = 0,
        tail: int | str = 1000,
        since: float | None = None,
        follow: bool = True,
        interval: float = DEFAULT_INTERVAL,
        max_pending: int = 10_000,
        max_line: int = MAX_LINE,
        history_first: bool = False,
        use_child: bool | None = None,
    ) -> None:
        self._get_client = get_client
        self.cid = cid
        self._emit = emit
        self.source = source
        self._tail = tail
        self._since = since
        self._follow = follow
        self._interval = interval
        self._max_pending = max_pending
        self._max_line = max_line
        # Merged views: read the history without following, post LogHistoryDone, then follow
        # from its last line, so the UI can interleave the histories by timestamp.
        self._history_first = history_first
        self._emit_lock = threading.Lock()  # a batch and the marker after it keep their order
        self.stop = threading.Event()
        self._wake = threading.Event()
        self._arrived = threading.Event()  # lines were queued since the ticker last looked
        self._acked = threading.Event()
        self._acked.set()
        self._last_flush = 0.0  # monotonic time of the last batch posted
        self._gap = interval  # the least time between two batches (longer under a flood)
        self._lock = threading.Lock()
        self._pending: list[LogLine] = []
        self._dropped = 0
        self._last_ts: str | None = None
        self._response = None
        self._started_at: str | None = None
        self._threads: list[threading.Thread] = []
        # A followed stream is split in a child process (log_reader): a flood then costs
        # the UI's process almost nothing. History reads (not followed) stay here.
        self._use_child = log_reader.enabled() if use_child is None else use_child
        self._child: ChildReader | None = None
        self._flooding = False  # a flood was seen: follow with the child from now on
        self._switch_now = False  # the thread reader stopped to hand over to the child

    # Control (any thread)

    def start(self) -> None:
        self._threads = [
            threading.Thread(target=self._read_loop, name=f"dockyard-logs-{self.cid[:12]}", daemon=True),
            threading.Thread(target=self._tick_loop, name=f"dockyard-logs-tick-{self.cid[:12]}", daemon=True),
        ]
        for t in self._threads:
            t.start()

    def ack(self) -> None:
        """The UI applied the last batch: the next one may be posted."""
        self._acked.set()
        child = self._child
        if child is not None:
            child.credit()

    def kick(self) -> None:
        """The container (re)started: stop waiting for it."""
        self._wake.set()

    def close(self) -> None:
        self.stop.set()
        self._wake.set()
        self._arrived.set()
        self._acked.set()
        self._close_response()
        child = self._child
        if child is not None:
            child.close()

    def join(self, timeout: float = 2.0) -> None:
        for t in self._threads:
            t.join(timeout)

    def pending_count(self) -> int:
        """Lines read but not posted yet (bounded by max_pending)."""
        with self._lock:
            return len(self._pending)

    @property
    def alive(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    # Threads

    def _tick_loop(self) -> None:
        # Lines the reader did not post itself (they came within ``_gap`` of the last batch,
        # or before its ack): at most one batch per gap while they keep coming.
        while True:
            self._arrived.wait(1.0)
            if self.stop.is_set():
                return
            if not self._arrived.is_set():
                continue
            pause = self._last_flush + self._gap - time.monotonic()
            if pause > 0 and self.stop.wait(pause):
                return
            if not self._acked.wait(1.0) or self.stop.is_set():
                continue  # _arrived is still set: try again
            self._arrived.clear()
            self._flush()

    def _flush(self, quiet_only: bool = False) -> int:
        """Post what is queued as one batch; returns how many lines went. ``quiet_only``
        (the reader, for lines it just queued): only when the last batch was acked and is at
        least ``_gap`` old, else nothing (0) and the ticker's coalescing takes them."""
        with self._emit_lock:
            if quiet_only and (not self._acked.is_set() or time.monotonic() - self._last_flush < self._gap):
                return 0
            with self._lock:
                if not self._pending and not self._dropped:
                    return 0
                lines, self._pending = self._pending, []
                dropped, self._dropped = self._dropped, 0
            self._acked.clear()
            self._emit(LogBatch(self.source, tuple(lines), dropped))
            self._last_flush = time.monotonic()
            self._gap = max(self._interval, FLOOD_INTERVAL) if len(lines) >= FLOOD_LINES else self._interval
            return len(lines)

    def _history_done(self) -> None:
        with self._emit_lock:
            with self._lock:
                lines, self._pending = self._pending, []
                dropped, self._dropped = self._dropped, 0
            if lines or dropped:
                self._emit(LogBatch(self.source, tuple(lines), dropped))
            if not self.stop.is_set():
                self._emit(LogHistoryDone(self.source))

    def _queue(self, lines: list[LogLine]) -> None:
        last = self._last_ts
        if last is not None:  # after a resume, skip what was already shown
            lines = [ln for ln in lines if ln.ts is None or ln.ts > last]
            if not lines:
                return
        for ln in reversed(lines):
            if ln.ts:
                self._last_ts = ln.ts
                break
        self._enqueue(lines)

    def _enqueue(self, lines: list) -> None:
        """Lines for the next flush; the oldest beyond the bound are dropped and counted.

        After a quiet spell they are posted from here: handing each line of a slow log to
        the ticker cost a thread wake-up per line (Event.set's notify and the GIL passed
        back and forth; the ticker was a third of the pump's CPU following 10 lines/s)."""
        with self._lock:
            self._pending.extend(lines)
            over = len(self._pending) - self._max_pending
            if over > 0:
                del self._pending[:over]
                self._dropped += over
        if self._arrived.is_set() or not self._flush(quiet_only=True):
            self._arrived.set()

    def _status(self, state: str, message: str = "") -> None:
        if not self.stop.is_set():
            self._emit(LogStatus(self.source, state, message))

    def _read_loop(self) -> None:
        first = True
        while not self.stop.is_set():
            client = self._get_client()
            if client is None:
                self._status("waiting", "not connected")
                self.stop.wait(RESTART_POLL)
                continue
            try:
                info = client.inspect_container(self.cid)
            except Exception as exc:
                if is_not_found(exc):
                    self._status("gone", "the container was removed")
                    return
                self._status("error", translate(exc).message)
                self.stop.wait(RESTART_POLL)
                continue
            running = bool((info.get("State") or {}).get("Running"))
            self._started_at = (info.get("State") or {}).get("StartedAt")
            tty = bool((info.get("Config") or {}).get("Tty"))
            follow = self._follow and running
            try:
                if first and self._history_first:
                    self._read_once(client, tty, False, True)
                    self._history_done()
                    first = False
                    if self._last_ts is None:
                        # no history: follow from now (tail 0), or from the same "since"
                        first = self._since is not None
                        self._tail = 0
                    if self.stop.is_set():
                        return
                self._status("following" if follow else "stopped")
                self._read_once(client, tty, follow, first)
            except Exception as exc:
                if self.stop.is_set():
                    return
                self._status("error", translate(exc).message)
                self.stop.wait(RESTART_POLL)
            first = False
            if self._switch_now and not self.stop.is_set():
                # A flood: post what the thread read, then follow again from its last line
                # with the child (the resume skips what was shown).
                self._switch_now = False
                self._drain()
                continue
            if self.stop.is_set() or not self._follow:
                return
            self._wait_for_start(client)

    def _drain(self) -> None:
        """Post every line still queued here (each batch after the UI's ack)."""
        while not self.stop.is_set():
            with self._lock:
                if not self._pending and not self._dropped:
                    return
            if self._acked.wait(0.2):
                self._flush()

    def _wait_for_start(self, client) -> None:
        """Poll (or be kicked) until the container runs again."""
        self._status("stopped", "waiting for the container to start")
        while not self.stop.is_set():
            self._wake.wait(RESTART_POLL)
            self._wake.clear()
            if self.stop.is_set():
                return
            try:
                state = client.inspect_container(self.cid).get("State") or {}
            except Exception as exc:
                if is_not_found(exc):
                    self._status("gone", "the container was removed")
                    self.stop.set()
                    return
                continue
            # StartedAt catches a run too short to be seen running between two polls
            if state.get("Running") or state.get("StartedAt") != self._started_at:
                return

    def _read_once(self, client, tty: bool, follow: bool, first: bool) -> None:
        params: dict[str, object] = {"stdout": 1, "stderr": 1, "timestamps": 1, "follow": int(follow)}
        if self._last_ts is not None:
            params["since"] = since_param(self._last_ts)
            params["tail"] = "all"
        elif first and self._since is not None:
            params["since"] = f"{self._since:.9f}"
            params["tail"] = "all"
        else:
            params["tail"] = str(self._tail)
        if isinstance(client, LiteClient):  # the stdlib's response (raises on an error status)
            res = self._response = client.log_stream(self.cid, params)
        else:
            res = client._get(client._url("/containers/{0}/logs", self.cid), params=params, stream=True)
            self._response = res
        try:
            if not isinstance(res, Stream):
                client._raise_for_status(res)
                try:  # a quiet container must not hit the client's request timeout
                    client._disable_socket_timeout(client._get_raw_response_socket(res))
                except Exception:
                    pass
            if self.stop.is_set():
                return
            if not (follow and self._use_child and self._flooding and self._pump_child(res, tty)):
                self._pump(res, tty, watch=follow and self._use_child and not self._flooding)
        finally:
            self._response = None
            try:
                res.close()
            except Exception:
                pass

    def _pump(self, res, tty: bool, watch: bool = False) -> None:
        """Split on this thread. ``watch``: a followed stream that turns into a flood
        (SWITCH_LINES in a SWITCH_WINDOW) is handed to the child reader: this returns, and
        the read loop follows again from the last line with the child."""
        splitter = StreamLines(tty, self._max_line)
        window, count = time.monotonic(), 0
        for chunk in _chunks(res):
            if self.stop.is_set():
                return
            lines = splitter.feed(chunk)
            if lines:
                self._queue(lines)
                count += len(lines)
            if watch:
                now = time.monotonic()
                if now - window >= SWITCH_WINDOW:
                    if count >= SWITCH_LINES:
                        self._flooding = self._switch_now = True
                        return  # the partial line comes again, whole, after the resume
                    window, count = now, 0
        tail = splitter.flush()
        if tail:
            self._queue(tail)

    def _pump_child(self, res, tty: bool) -> bool:
        """Follow ``res`` with the lines split in a child process (``log_reader``); False if
        no child could be started (the caller reads on this thread instead)."""
        if isinstance(res, Stream):
            chunked = res.chunked
            blocks = _blocks(res.raw_read1) if chunked else _chunks(res)
        else:
            raw = res.raw
            fp = getattr(getattr(raw, "_fp", None), "fp", None)
            chunked = bool(getattr(raw, "chunked", False))
            if chunked and fp is not None and hasattr(fp, "read1") and getattr(raw, "chunk_left", None) is None:
                blocks = _blocks(fp.read1)  # the body as sent; the child de-chunks it
            else:
                blocks, chunked = _chunks(res), False

        def on_batch(lines: list[LogLine], dropped: int) -> None:
            if self.stop.is_set():
                return
            for ln in reversed(lines):
                if ln.ts:
                    self._last_ts = ln.ts
                    break
            with self._emit_lock:
                self._acked.clear()
                self._emit(LogBatch(self.source, tuple(lines), dropped))

        child = ChildReader(tty=tty, chunked=chunked, max_line=self._max_line, keep=self._max_pending,
                            last_ts=self._last_ts, interval=self._interval, on_batch=on_batch)
        try:
            child.start()
        except OSError:
            return False
        self._child = child
        if self._acked.is_set():
            child.credit()  # the first batch needs no ack
        ender = threading.Thread(target=self._end_when_child_says, args=(child,), daemon=True)
        ender.start()
        try:
            child.forward(blocks, self.stop)
            child.wait(self.stop)
        finally:
            self._child = None
            child.close()
        return True

    def _end_when_child_says(self, child: ChildReader) -> None:
        # The daemon ended the response (its last chunk) but may keep the connection open:
        # the forwarder would wait in a read for ever.
        while not self.stop.is_set() and self._child is child:
            if child.ended.wait(0.5):
                self._close_response()
                return

    def _close_response(self) -> None:
        res = self._response
        if res is None:
            return
        if isinstance(res, Stream):
            res.close()  # shuts the socket down: a read blocked in another thread returns
            return
        try:  # shutdown wakes a recv blocked in another thread; close alone may not
            sock = res.raw._fp.fp.raw
            sock = getattr(sock, "_sock", sock)
            sock.shutdown(socket.SHUT_RDWR)
        except Exception:
            pass
        try:
            res.close()
        except Exception:  # the ssh transport may raise on close
            pass


def _blocks(read1, block: int = 65536) -> Iterator[bytes]:
    while True:
        data = read1(block)
        if not data:
            return
        yield data


def _chunks(res) -> Iterator[bytes]:
    """Yield the body as it arrives, in the blocks the socket gives."""
    if isinstance(res, Stream):
        yield from dechunked(res.raw_read1) if res.chunked else _blocks(res.read1)
        return
    raw = res.raw
    if getattr(raw, "chunked", False):
        # Below urllib3: http.client has read the headers and nothing of the body yet.
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        if fp is not None and hasattr(fp, "read1") and getattr(raw, "chunk_left", None) is None:
            yield from dechunked(fp.read1)
            return
        yield from raw.read_chunked(decode_content=False)
        return
    while True:
        data = raw.read1(65536)
        if not data:
            return
        yield data


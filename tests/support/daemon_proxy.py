"""A small unix-socket proxy in front of the isolated daemon, for fault and budget tests.

    proxy = DaemonProxy(upstream_socket_path).start()   # -> proxy.path, proxy.url
    proxy.requests            # [(t, method, path), ...] in arrival order
    proxy.open_streams()      # events/logs/stats/attach requests still open
    proxy.freeze(); proxy.thaw()   # a hung daemon: accept, but forward nothing
    proxy.stop(); proxy.restart()  # the daemon vanishes / comes back on the same path
    proxy.drop(r"/resize$")        # the next such request's connection closes unanswered

It runs in the test's process on plain threads (one per direction per connection),
so a test can count what the app asks for without any help from the app. Request
lines are parsed per connection, honouring keep-alive (several requests on one
connection): headers, then a Content-Length or chunked body is skipped. An upgraded
connection (exec/attach hijack) is passed through unparsed from then on.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

_CHUNK = 65536
# Paths whose responses are long-lived streams (unless asked for one-shot).
_STREAM_PATH = re.compile(r"^(?:/v[\d.]+)?/(?:events|containers/[^/]+/(?:logs|stats|attach)|exec/[^/]+/start)$")


def upstream_from_env() -> str:
    """The isolated daemon's socket path from DOCKER_HOST (unix:// only)."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host.startswith("unix://"):
        raise RuntimeError(f"the proxy needs a unix:// DOCKER_HOST, not {host!r}")
    return host[len("unix://"):]


def is_stream(method: str, target: str) -> bool:
    parts = urlsplit(target)
    if not _STREAM_PATH.match(parts.path):
        return False
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    if "/logs" in parts.path:
        return query.get("follow") in ("1", "true")
    if "/stats" in parts.path:
        return query.get("stream", "1") not in ("0", "false")
    return True


@dataclass
class Request:
    at: float
    method: str
    target: str
    conn: int

    @property
    def path(self) -> str:
        """The path without the /vX.Y prefix or the query: what a budget test groups by."""
        return re.sub(r"^/v[\d.]+", "", urlsplit(self.target).path)


class _RequestParser:
    """Feeds client->daemon bytes; calls on_request(method, target) per HTTP request."""

    def __init__(self, on_request, on_complete=None, response: bool = False) -> None:
        self._buf = b""
        self._body_left = 0
        self._chunked = False
        self._upgraded = False
        self._until_close = False
        self._on_request = on_request
        self._on_complete = on_complete or (lambda: None)
        self._response = response  # parse daemon->client bytes: status lines, body ends

    def feed(self, data: bytes) -> None:
        if self._upgraded or self._until_close:
            return
        self._buf += data
        while self._buf and not self._upgraded:
            if self._body_left:
                n = min(self._body_left, len(self._buf))
                self._buf = self._buf[n:]
                self._body_left -= n
                if not self._body_left:
                    self._on_complete()
                continue
            if self._chunked:
                if not self._skip_chunk():
                    return
                if not self._chunked:
                    self._on_complete()
                continue
            end = self._buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self._buf = self._buf[:end].decode("latin-1"), self._buf[end + 4:]
            lines = head.split("\r\n")
            parts = lines[0].split(" ")
            headers = {}
            for line in lines[1:]:
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            if len(parts) >= 2 and not self._response:
                self._on_request(parts[0], parts[1])
            if headers.get("upgrade") or headers.get("connection", "").lower() == "upgrade" or (self._response and parts[1:2] == ["101"]):
                self._upgraded = True
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                self._chunked = True
            elif self._response and "content-length" not in headers:
                self._until_close = True  # the body ends when the connection does
                return
            else:
                self._body_left = int(headers.get("content-length") or 0)
                if not self._body_left:
                    self._on_complete()

    def _skip_chunk(self) -> bool:
        line_end = self._buf.find(b"\r\n")
        if line_end < 0:
            return False
        size = int(self._buf[:line_end].split(b";")[0] or b"0", 16)
        if size == 0:
            # last chunk, then (no) trailers and the final CRLF
            end = self._buf.find(b"\r\n\r\n", line_end - 2 if line_end >= 2 else 0)
            if end < 0:
                return False
            self._buf = self._buf[end + 4:]
            self._chunked = False
            return True
        need = line_end + 2 + size + 2
        if len(self._buf) < need:
            return False
        self._buf = self._buf[need:]
        return True


@dataclass
class _Conn:
    ident: int
    client: socket.socket
    upstream: socket.socket | None = None
    current: Request | None = None
    closed: bool = False
    dropped: bool = False
    threads: list[threading.Thread] = field(default_factory=list)


class DaemonProxy:
    def __init__(self, upstream: str | None = None, path: str | None = None) -> None:
        self.upstream = upstream or upstream_from_env()
        if path is None:
            # AF_UNIX paths are limited to ~107 bytes: keep it short.
            path = os.path.join(tempfile.mkdtemp(prefix="dyp-"), "d.sock")
        self.path = path
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._conns: dict[int, _Conn] = {}
        self._next = 0
        self._thawed = threading.Event()
        self._thawed.set()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self.started_at = 0.0
        self._drops: list[list] = []  # [compiled path regex, times left]
        self.dropped: list[Request] = []

    # Lifecycle

    @property
    def url(self) -> str:
        return f"unix://{self.path}"

    def start(self) -> "DaemonProxy":
        if os.path.exists(self.path):
            os.unlink(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.path)
        listener.listen(128)
        self._listener = listener
        self._stopping = threading.Event()
        self.started_at = time.monotonic()
        threading.Thread(target=self._accept_loop, args=(listener, self._stopping), name="proxy-accept", daemon=True).start()
        return self

    def stop(self) -> None:
        """The daemon vanishes: no socket to connect to, every open connection cut."""
        self._stopping.set()
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        with self._lock:
            conns = list(self._conns.values())
        for conn in conns:
            self._close(conn)
        self._thawed.set()

    kill = stop

    def restart(self) -> "DaemonProxy":
        self.stop()
        return self.start()

    def freeze(self) -> None:
        """A hung daemon: connections are accepted, no byte is forwarded either way."""
        self._thawed.clear()

    def thaw(self) -> None:
        self._thawed.set()

    def drop(self, path_regex: str, times: int = 1) -> None:
        """The next ``times`` requests whose path matches are never forwarded: their
        connection closes without an answer (a transport's connection failing under them)."""
        with self._lock:
            self._drops.append([re.compile(path_regex), times])

    def __enter__(self) -> "DaemonProxy":
        return self.start() if self._listener is None else self

    def __exit__(self, *exc) -> None:
        self.stop()

    # Counting

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.started_at = time.monotonic()

    def requests_within(self, seconds: float, since: float | None = None) -> list[Request]:
        start = self.started_at if since is None else since
        with self._lock:
            return [r for r in self.requests if r.at - start <= seconds]

    def open_streams(self) -> list[Request]:
        with self._lock:
            return [c.current for c in self._conns.values() if not c.closed and c.current is not None and is_stream(c.current.method, c.current.target)]

    def open_connections(self) -> int:
        with self._lock:
            return sum(1 for c in self._conns.values() if not c.closed)

    def count(self, path_regex: str) -> int:
        pattern = re.compile(path_regex)
        with self._lock:
            return sum(1 for r in self.requests if pattern.search(r.path))

    # Plumbing

    def _accept_loop(self, listener: socket.socket, stopping: threading.Event) -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self._next += 1
                conn = _Conn(self._next, client)
                self._conns[conn.ident] = conn
            threading.Thread(target=self._serve, args=(conn, stopping), name=f"proxy-conn-{conn.ident}", daemon=True).start()

    def _serve(self, conn: _Conn, stopping: threading.Event) -> None:
        try:
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.upstream)
        except OSError:
            self._close(conn)
            return
        conn.upstream = upstream
        if stopping.is_set():
            self._close(conn)
            return

        def on_request(method: str, target: str) -> None:
            req = Request(time.monotonic(), method, target, conn.ident)
            with self._lock:
                self.requests.append(req)
                conn.current = req
                for rule in self._drops:
                    if rule[1] > 0 and rule[0].search(req.path):
                        rule[1] -= 1
                        conn.dropped = True
                        self.dropped.append(req)
                        break

        def on_response_done() -> None:
            # The response ended (keep-alive: the connection goes back to the pool), so its
            # request, if it was a stream, is no longer open. The response is parsed before
            # it is forwarded, so this lands before the client can send its next request.
            with self._lock:
                conn.current = None

        parser = _RequestParser(on_request)
        responses = _RequestParser(None, on_response_done, response=True)
        back = threading.Thread(target=self._pump, args=(conn, upstream, conn.client, responses, stopping), daemon=True)
        back.start()
        self._pump(conn, conn.client, upstream, parser, stopping)

    def _pump(self, conn: _Conn, src: socket.socket, dst: socket.socket, parser: _RequestParser | None, stopping: threading.Event) -> None:
        try:
            while not stopping.is_set():
                data = src.recv(_CHUNK)
                if not data:
                    break
                while not self._thawed.wait(0.1):
                    if stopping.is_set() or conn.closed:
                        return
                if parser is not None:
                    parser.feed(data)
                    if conn.dropped:
                        return  # the finally closes both ends: no byte of it reaches the daemon
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._close(conn)

    def _close(self, conn: _Conn) -> None:
        with self._lock:
            if conn.closed:
                return
            conn.closed = True
            self._conns.pop(conn.ident, None)
        for s in (conn.client, conn.upstream):
            if s is None:
                continue
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

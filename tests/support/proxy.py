"""A small unix-socket proxy in front of the test daemon, for tests that must see or
disturb the traffic: count the requests a listing makes, freeze the daemon as SIGSTOP
would (``pause``/``resume``), or accept connections and never answer (``upstream=None``).

    proxy = Proxy(upstream="/tmp/…/docker.sock")   # or Proxy(None): a black hole
    path = proxy.start()                             # DOCKER_HOST=unix://<path>
    …
    proxy.requests    # ["GET /v1.41/containers/json?all=1", …] in arrival order
    proxy.paths()     # the same without the /vX.Y prefix and the query string
    proxy.pause(); proxy.resume(); proxy.stop()

``start(upstream)`` is the one-line form: it returns a started Proxy.
Pass ``path=`` to listen at a chosen place (e.g. where a client is already retrying).
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading

_VERSION_PREFIX = re.compile(r"^/v\d+\.\d+")


class _RequestParser:
    """Finds request lines in one connection's client→daemon bytes (keep-alive aware)."""

    def __init__(self, record) -> None:
        self._buf = b""
        self._body_left = 0
        self._raw = False  # after an Upgrade (attach/exec) the bytes are no longer HTTP
        self._record = record

    def feed(self, data: bytes) -> None:
        if self._raw:
            return
        self._buf += data
        while True:
            if self._body_left:
                used = min(self._body_left, len(self._buf))
                self._buf = self._buf[used:]
                self._body_left -= used
                if self._body_left:
                    return
            end = self._buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self._buf = self._buf[:end].decode("latin-1"), self._buf[end + 4:]
            lines = head.split("\r\n")
            method, _, rest = lines[0].partition(" ")
            target = rest.rsplit(" ", 1)[0]
            self._record(f"{method} {target}")
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
            if "upgrade" in headers:
                self._raw = True
                return
            self._body_left = int(headers.get("content-length") or 0)


class Proxy:
    def __init__(self, upstream: str | None, path: str | None = None) -> None:
        if upstream and upstream.startswith("unix://"):
            upstream = upstream[len("unix://"):]
        self.upstream = upstream
        self._own_dir = None
        if path is None:
            self._own_dir = tempfile.mkdtemp(prefix="dyproxy-")
            path = os.path.join(self._own_dir, "docker.sock")
        self.path = str(path)
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self._stopped = threading.Event()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.path}"

    def start(self) -> str:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.path)
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()
        return self.path

    def paths(self) -> list[str]:
        """Requests as "METHOD /path" without the API version prefix or the query."""
        out = []
        for r in list(self.requests):
            method, _, target = r.partition(" ")
            out.append(f"{method} {_VERSION_PREFIX.sub('', target.split('?', 1)[0])}")
        return out

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def pause(self) -> None:
        """Freeze: connections stay open, no byte moves either way (like SIGSTOP on dockerd)."""
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def stop(self) -> None:
        self._stopped.set()
        self._flowing.set()
        if self._listener is not None:
            try:
                self._listener.close()
            except OSError:
                pass
        with self._lock:
            socks, self._sockets = self._sockets, []
        for s in socks:
            for op in (lambda: s.shutdown(socket.SHUT_RDWR), s.close):
                try:
                    op()
                except OSError:
                    pass
        try:
            os.unlink(self.path)
        except OSError:
            pass
        if self._own_dir:
            try:
                os.rmdir(self._own_dir)
            except OSError:
                pass

    def __enter__(self) -> "Proxy":
        if self._listener is None:
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # Internals

    def _record(self, line: str) -> None:
        with self._lock:
            self.requests.append(line)

    def _track(self, s: socket.socket) -> None:
        with self._lock:
            self._sockets.append(s)

    def _forget(self, s: socket.socket) -> None:
        with self._lock:
            if s in self._sockets:
                self._sockets.remove(s)
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._track(client)
            threading.Thread(target=self._serve, args=(client,), name="proxy-conn", daemon=True).start()

    def _upstream_for(self, client: socket.socket) -> socket.socket | None:
        """A tracked connection to the daemon for ``client`` (None: refused, client closed)."""
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(self.upstream)
        except OSError:
            upstream.close()
            self._forget(client)
            return None
        self._track(upstream)
        return upstream

    def _serve(self, client: socket.socket) -> None:
        parser = _RequestParser(self._record)
        if self.upstream is None:  # black hole: read and note requests, never answer
            self._pipe(client, None, parser)
            return
        upstream = self._upstream_for(client)
        if upstream is None:
            return
        threading.Thread(target=self._pipe, args=(upstream, client, None), name="proxy-down", daemon=True).start()
        self._pipe(client, upstream, parser)

    def _pipe(self, src: socket.socket, dst: socket.socket | None, parser: _RequestParser | None, alter=None) -> None:
        """Copy src to dst; ``parser`` sees the requests first, ``alter`` may change the bytes."""
        try:
            while not self._stopped.is_set():
                data = src.recv(65536)
                if not data:
                    break
                self._flowing.wait()
                if self._stopped.is_set():
                    break
                if parser is not None:
                    parser.feed(data)
                if alter is not None:
                    data = alter(data)
                if dst is not None and data:
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            # Either side hanging up ends the connection (HTTP clients do not half-close).
            for s in (src, dst):
                if s is not None:
                    self._forget(s)


class EventsGap(Proxy):
    """Widens the gap dockerd leaves between the head of ``GET /events`` and its subscription
    (moby flushes the head first): the client gets a head at once, the daemon gets the
    request only when ``gate`` is set. ``held`` is set once an events request waits there.
    Keep-alive aware (docker-py sends /events on a pooled connection)."""

    HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"

    def __init__(self, upstream: str | None, path: str | None = None) -> None:
        super().__init__(upstream, path)
        self.gate = threading.Event()
        self.held = threading.Event()

    def stop(self) -> None:
        self.gate.set()  # a held request's thread ends with the rest
        super().stop()

    def _serve(self, client: socket.socket) -> None:
        upstream = self._upstream_for(client)
        if upstream is None:
            return
        strip = _HeadStripper()

        def record(line: str) -> None:  # a request's head, before it is sent on
            self._record(line)
            if line.startswith("GET ") and "/events" in line:
                client.sendall(self.HEAD)
                self.held.set()
                self.gate.wait()
                strip.armed.set()  # the daemon's next head is this request's: drop it

        threading.Thread(target=self._pipe, args=(upstream, client, None, strip), name="proxy-down", daemon=True).start()
        self._pipe(client, upstream, _RequestParser(record))


class _HeadStripper:
    """Once ``armed``, drops the next answer head that passes (EventsGap sent its own)."""

    def __init__(self) -> None:
        self.armed = threading.Event()
        self._pending = b""

    def __call__(self, data: bytes) -> bytes:
        if not self.armed.is_set():
            return data
        self._pending += data
        end = self._pending.find(b"\r\n\r\n")
        if end < 0:
            return b""
        data, self._pending = self._pending[end + 4:], b""
        self.armed.clear()
        return data


def start(upstream: str | None, path: str | None = None) -> Proxy:
    """A started proxy in front of ``upstream`` (a unix socket path or unix:// URL)."""
    proxy = Proxy(upstream, path)
    proxy.start()
    return proxy


def daemon_socket() -> str:
    """The test daemon's socket path, from DOCKER_HOST (unix:// only)."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host.startswith("unix://"):
        raise RuntimeError(f"the proxy needs a unix:// DOCKER_HOST, not {host!r}")
    return host[len("unix://"):]


__all__ = ["Proxy", "EventsGap", "start", "daemon_socket"]

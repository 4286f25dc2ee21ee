"""The dashboard's reads over a unix socket, with the standard library only.

A dashboard that only watches needs a handful of GETs and two kinds of stream: listings,
inspects, info and version, one-shot stats, pings, the event stream and a container's log
(and, for browsing, a container's processes, an image's history, plugins, disk use).
Through docker-py each of them costs nothing more than here, but docker-py itself, with
requests, urllib3 and charset_normalizer, is ~8 MB of the process (211 modules) and ~0.1 s
of CPU to import: more than the rest of Dockyard's own modules. ``LiteClient`` answers those
reads with plain HTTP/1.1 GETs on an ``AF_UNIX`` socket (the endpoint's own, or an ssh
tunnel's local end; ``Answer`` reads the head, and the body by its length, its chunks or to the
socket's end), and opens docker-py's client the first time anything else is asked of it (an
action, exec, a pull, a build...): every attribute it does not have is that client's
(``__getattr__``), so callers hold one client and never choose.

The requests are docker-py's own (the same paths, queries and negotiated version, which
``tests/integration/test_lite_client.py`` compares answer for answer against docker-py on
the real daemons), and an error status raises ``ApiError`` (``NotFound`` for 404), which
``errors.translate`` and ``errors.is_not_found`` understand without docker-py.

A client is shared by the pump, the stats sampler, the watchdog and the UI's workers, and a
connection is not thread-safe: each request takes a connection of its own. A read whose answer
came whole and framed (a length, or chunks) leaves its connection open for the next one (HTTP
keep-alive, as docker-py's pool does), up to ``KEEP_IDLE`` of them (``KEEP_IDLE_DIAL_STDIO``
over dial-stdio). On a unix socket a new connection costs tens of microseconds, but over ssh
one is a channel the ssh master opens on the remote side (a round trip), and over
``dial-stdio`` one is a new ``ssh`` child and a new ``docker`` process on the host. A kept connection the other end has closed meanwhile (a daemon
restarted) is noticed before any byte of an answer, and the GET is sent again on a new one.
Streams (events, logs) keep a connection to themselves and close it.

Not ``http.client``: with the email package it parses headers with, it is ~0.8 MB of the
process and ~10 ms of CPU, and it imports ``ssl`` (OpenSSL, ~3 MB more: tui/tls_later.py), for
four headers and a status line. The first listing (first_list.py) is read while the UI thread
imports Textual by a ``oneshot`` client: HTTP/1.0 GETs (the daemon sends each answer whole,
never chunked), no streams.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from typing import Any, Iterator
from urllib.parse import quote, urlencode

# docker-py's query for ``containers(all=True)``: every container, no sizes, the full command.
CONTAINERS = "/containers/json?limit=-1&all=1&size=0&trunc_cmd=0"
READ_BLOCK = 65536
# Connections kept open between reads: as many as a stats sweep asks side by side
# (stats.SWEEP_WORKERS), so a steady dashboard opens no new connection.
KEEP_IDLE = 8
# Over ssh dial-stdio each connection is a session on the host's one ssh connection, and sshd
# allows 10 of those (MaxSessions); beyond, ssh logs in afresh, which needs keys or an agent
# that answer without a prompt. Four kept leave room for the event stream, a log, an exec.
KEEP_IDLE_DIAL_STDIO = 4


class ApiError(Exception):
    """The daemon answered an error status (its JSON ``message`` is the explanation)."""

    def __init__(self, status: int, explanation: str) -> None:
        super().__init__(f"{status}: {explanation}")
        self.status_code = status
        self.explanation = explanation


class NotFound(ApiError):
    """404: no such object."""


class _Stale(ConnectionError):
    """A kept connection was closed by the other end before it answered: ask on a new one."""


MAX_HEAD = 65536  # an answer's head longer than this is not the daemon's


def _parse_head(head: bytes) -> tuple[int, dict[bytes, bytes]]:
    """The status and the headers (names lower-cased) of an answer's head."""
    lines = head.split(b"\r\n")
    status_line = lines[0].split(None, 2)
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/") or not status_line[1].isdigit():
        raise ApiError(0, "not an HTTP answer")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])}
    return int(status_line[1]), headers


class Answer:
    """One GET's answer on a unix socket (a new one, or ``sock``, a kept one): the head read
    and parsed, the body read as it arrives: ``raw_read1`` as the daemon sent it (chunk framing
    included), ``read1`` and ``read`` de-chunked or cut at its length. One reader thread;
    ``close`` from any thread. ``keep``: ask for the connection to stay open (``reusable``
    says, once the body is read, whether it may serve another request)."""

    def __init__(self, path: str, target: str, timeout: float | None, http: str = "1.1", *, sock: socket.socket | None = None, keep: bool = False) -> None:
        kept = sock is not None
        if sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = sock
        buf = b""
        try:
            sock.settimeout(timeout)
            if not kept:
                sock.connect(path)
            # Connection: close, so an answer without a length or chunks ends where the daemon closes
            close = "" if keep else "Connection: close\r\n"
            sock.sendall(f"GET {target} HTTP/{http}\r\nHost: docker\r\n{close}\r\n".encode("ascii"))
            while (end := buf.find(b"\r\n\r\n")) < 0:
                data = sock.recv(READ_BLOCK) if len(buf) <= MAX_HEAD else b""
                if not data:
                    raise _Stale() if kept and not buf else ApiError(0, "not an HTTP answer")
                buf += data
            self.status, headers = _parse_head(buf[:end])
        except BaseException as exc:
            sock.close()
            if kept and not buf and isinstance(exc, OSError) and not isinstance(exc, (TimeoutError, _Stale)):
                raise _Stale() from None  # the send or the read found it closed (EPIPE, ECONNRESET)
            raise
        self._keep = keep and buf.startswith(b"HTTP/1.1 ") and b"close" not in headers.get(b"connection", b"").lower()
        self._rest = buf[end + 4:]
        self._eof = False
        self._closed = False
        self.chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        self._dechunker = None
        self._left: int | None = None  # body bytes still due, when the length is known
        if self.chunked:
            from .chunked import Dechunker

            self._dechunker = Dechunker()
        elif self.status in (204, 304) or 100 <= self.status < 200:
            self._left = 0
        elif b"content-length" in headers:
            try:
                self._left = int(headers[b"content-length"])
            except ValueError:
                self.close()
                raise ApiError(0, "not an HTTP answer") from None

    def raw_read1(self, size: int = READ_BLOCK) -> bytes:
        """The body as sent: what is buffered, else one read of the socket (b"" at its end)."""
        if self._rest:
            data, self._rest = self._rest[:size], self._rest[size:]
            return data
        if self._eof:
            return b""
        data = self.sock.recv(size)
        self._eof = not data
        return data

    def read1(self, size: int = READ_BLOCK) -> bytes:
        """The next payload bytes (de-chunked, cut at the length); b"" at the body's end."""
        dechunker = self._dechunker
        if dechunker is not None:
            while not dechunker.done:
                data = self.raw_read1(size)
                if not data:
                    return b""
                if out := dechunker.feed(data):
                    return out
            return b""
        if self._left is None:
            return self.raw_read1(size)
        if self._left <= 0:
            return b""
        data = self.raw_read1(min(size, self._left))
        if data:
            self._left -= len(data)
        else:
            self._left = -1  # cut short: see ``complete``
        return data

    @property
    def complete(self) -> bool:
        """Whether the body was read to its end as framed (not cut short)."""
        if self._dechunker is not None:
            return self._dechunker.done
        return self._left is None or self._left == 0

    @property
    def reusable(self) -> bool:
        """Whether, its body read to the end, the connection can carry another request: kept
        open by both sides, the body framed (ended by its length or last chunk, not by the
        connection closing) and nothing read past it."""
        if not self._keep or self._closed or not self.complete:
            return False
        if self._dechunker is not None:
            return not self._rest and self._dechunker.rest == b"\r\n"
        return self._left == 0 and not self._rest

    def read(self) -> bytes:
        """The whole body; an answer cut short raises ``ApiError``."""
        parts = []
        while data := self.read1(READ_BLOCK):
            parts.append(data)
        if not self.complete:
            raise ApiError(0, "the answer ended early")
        return b"".join(parts)

    def close(self) -> None:
        """Any thread, any number of times."""
        if self._closed:
            return
        self._closed = True
        try:  # shutdown wakes a recv blocked in another thread; close alone may not
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def _error(status: int, body: bytes) -> ApiError:
    try:
        explanation = str(json.loads(body).get("message") or "")
    except Exception:
        explanation = body.decode("utf-8", "replace").strip()
    if not explanation:
        from http import HTTPStatus

        try:
            explanation = HTTPStatus(status).phrase
        except ValueError:
            explanation = "error"
    return (NotFound if status == 404 else ApiError)(status, explanation)


def _query(params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return "?" + urlencode(kept) if kept else ""


def _filters(filters: dict[str, Any] | None) -> str | None:
    """docker-py's ``convert_filters``: every value a list of strings, as JSON."""
    if not filters:
        return None
    out: dict[str, list[str]] = {}
    for key, value in filters.items():
        values = value if isinstance(value, list) else [value]
        out[key] = [("true" if v else "false") if isinstance(v, bool) else str(v) for v in values]
    return json.dumps(out)


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


class Stream(Answer):
    """An answer read as it arrives, without a timeout (a quiet stream is not a dead one):
    ``read1`` de-chunked, ``raw_read1`` as the daemon sent it; ``close()`` from any thread ends
    a blocked read."""


class EventStream(Stream):
    """The event stream, decoded: one dict per event, until the daemon or ``close()`` ends it."""

    def __iter__(self) -> Iterator[dict]:
        buf = b""
        while not self._closed:
            try:
                data = self.read1(READ_BLOCK)
            except Exception:
                if self._closed:
                    return
                raise
            if not data:
                return
            buf += data
            *lines, buf = buf.split(b"\n")
            for line in lines:
                if line.strip():
                    yield json.loads(line)


class LiteClient:
    """docker-py's ``APIClient`` for the dashboard's reads, over a unix socket (see the module)."""

    def __init__(self, path: str, *, timeout: float | None = 10, version: str = "auto", full=None, oneshot: bool = False, keep_idle: int = KEEP_IDLE) -> None:
        """``full(version)`` opens docker-py's client for everything else (connection.py).
        ``oneshot``: each read is one HTTP/1.0 exchange, read to its end (first_list.py);
        no streams then. ``keep_idle``: connections kept between reads."""
        self.socket_path = path
        self._oneshot = oneshot
        self.base_url = "http+docker://localhost"
        self.timeout = timeout
        self._full_opener = full
        self._full = None
        self._full_lock = threading.Lock()
        self._closed = False
        self._idle: list[socket.socket] = []  # kept connections (KEEP_IDLE), under _idle_lock
        self._keeping = True
        self._keep_max = keep_idle
        self._idle_lock = threading.Lock()
        # Applied to docker-py's client when it opens (readonly_guard.guard sets it: read-only)
        self.guard_full = None
        self.server_version: dict | None = None  # /version's answer, when it was asked to negotiate
        if version == "auto":
            self.server_version = self._lite_json("/version")
            version = str(self.server_version.get("ApiVersion") or "")
        self.api_version = version
        self._prefix = f"/v{version}" if version else ""

    # plumbing (named apart from docker-py's private methods, which engine code calls on the
    # client and which must reach docker-py's client: _url, _get, _result, _post_json...)

    def _lite_open(self, path: str, kind: type[Answer] = Answer, *, sock: socket.socket | None = None, keep: bool = False) -> Answer:
        """GET ``path`` on a new socket (or ``sock``, a kept one): the answer (a ``kind``) with its
        head read (an error status raised as docker-py would, the socket closed then).
        ``oneshot``: as HTTP/1.0, so the daemon sends the answer whole, never chunked."""
        answer = kind(self.socket_path, path, self.timeout, "1.0" if self._oneshot else "1.1", sock=sock, keep=keep)
        if not 200 <= answer.status < 300:
            try:
                body = answer.read()
            except (OSError, ApiError):
                body = b""
            finally:
                answer.close()
            raise _error(answer.status, body)
        return answer

    def _lite_request(self, path: str) -> bytes:
        """The body of a GET, on a kept connection when there is one (see the module; a
        ``oneshot`` client keeps none: its answers are never reusable)."""
        while True:
            sock = self._take_idle()
            try:
                answer = self._lite_open(path, sock=sock, keep=not self._oneshot)
            except _Stale:
                continue  # that kept one had been closed: the next, or a new connection
            try:
                body = answer.read()
            except BaseException:
                answer.close()
                raise
            if answer.reusable:
                self._keep_idle(answer.sock)
            else:
                answer.close()
            return body

    def _take_idle(self) -> socket.socket | None:
        with self._idle_lock:
            return self._idle.pop() if self._idle else None

    def _keep_idle(self, sock: socket.socket) -> None:
        with self._idle_lock:
            if self._keeping and not self._closed and len(self._idle) < self._keep_max:
                self._idle.append(sock)
                return
        sock.close()

    def close_idle(self) -> None:
        """Close the kept connections and keep no more (the session is ending; a read still
        under way finishes on its own connection)."""
        self._keeping = False
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for sock in idle:
            sock.close()

    def _lite_json(self, path: str) -> Any:
        return json.loads(self._lite_request(path))

    def _lite_stream(self, path: str, kind: type[Stream] = Stream) -> Stream:
        if self._oneshot:
            raise ValueError("a oneshot LiteClient reads no streams")
        stream = self._lite_open(path, kind)
        try:
            stream.sock.settimeout(None)  # a quiet stream must not hit the request timeout
        except BaseException:
            stream.close()
            raise
        return stream

    def _lite_url(self, path: str, *args: str) -> str:
        return self._prefix + path.format(*(quote(str(a), safe="") for a in args))

    # the reads (docker-py's names, arguments and answers)

    def version(self, api_version: bool = True) -> dict:
        return self._lite_json(self._lite_url("/version") if api_version else "/version")

    def info(self) -> dict:
        return self._lite_json(self._lite_url("/info"))

    def ping(self) -> bool:
        return self._lite_request(self._lite_url("/_ping")) == b"OK"

    def containers(self, all: bool = False, filters: dict | None = None, **rest: Any) -> list[dict]:
        if rest or not all:
            return self.full().containers(all=all, filters=filters, **rest)
        query = f"&filters={quote(_filters(filters), safe='')}" if filters else ""
        return self._lite_json(self._prefix + CONTAINERS + query)

    def images(self, name: str | None = None, quiet: bool = False, all: bool = False, filters: dict | None = None) -> list:
        if name is not None or quiet or filters:
            return self.full().images(name=name, quiet=quiet, all=all, filters=filters)
        return self._lite_json(self._lite_url("/images/json") + _query({"only_ids": 0, "all": int(bool(all))}))

    def networks(self, names: list | None = None, ids: list | None = None, filters: dict | None = None) -> list[dict]:
        if names or ids or filters:
            return self.full().networks(names=names, ids=ids, filters=filters)
        return self._lite_json(self._lite_url("/networks"))

    def volumes(self, filters: dict | None = None) -> dict:
        if filters:
            return self.full().volumes(filters=filters)
        return self._lite_json(self._lite_url("/volumes"))

    def inspect_container(self, container: str) -> dict:
        return self._lite_json(self._lite_url("/containers/{0}/json", container))

    def inspect_network(self, net_id: str, verbose: bool | None = None, scope: str | None = None) -> dict:
        if verbose is not None or scope is not None:
            return self.full().inspect_network(net_id, verbose=verbose, scope=scope)
        return self._lite_json(self._lite_url("/networks/{0}", net_id))

    def inspect_volume(self, name: str) -> dict:
        return self._lite_json(self._lite_url("/volumes/{0}", name))

    def inspect_image(self, image: str) -> dict:
        return self._lite_json(self._lite_url("/images/{0}/json", image))

    def history(self, image: str) -> list:
        return self._lite_json(self._lite_url("/images/{0}/history", image))

    def top(self, container: str, ps_args: str | None = None) -> dict:
        return self._lite_json(self._lite_url("/containers/{0}/top", container) + _query({"ps_args": ps_args or None}))

    def plugins(self) -> list:
        return self._lite_json(self._lite_url("/plugins"))

    def df(self) -> dict:
        return self._lite_json(self._lite_url("/system/df"))

    def stats(self, container: str, decode: bool | None = None, stream: bool = True, one_shot: bool | None = None) -> Any:
        if stream:
            return self.full().stats(container, decode=decode, stream=stream, one_shot=one_shot)
        query = _query({"stream": 0, "one-shot": _flag(one_shot)})
        return self._lite_json(self._lite_url("/containers/{0}/stats", container) + query)

    def events(self, since: Any = None, until: Any = None, filters: dict | None = None, decode: bool | None = None):
        if not decode or not isinstance(since, (str, int, float, type(None))) or not isinstance(until, (str, int, float, type(None))):
            return self.full().events(since=since, until=until, filters=filters, decode=decode)
        query = _query({"since": since, "until": until, "filters": _filters(filters)})
        return self._lite_stream(self._lite_url("/events") + query, EventStream)

    def log_stream(self, container: str, params: dict[str, Any]) -> Stream:
        """A container's log response, open (engine/logs.py reads it)."""
        return self._lite_stream(self._lite_url("/containers/{0}/logs", container) + _query(params))

    # everything else: docker-py's client

    def full(self):
        """docker-py's client on the same socket and version, opened on first use."""
        full = self._full
        if full is not None:
            return full
        with self._full_lock:
            if self._full is None:
                if self._closed or self._full_opener is None:
                    raise ConnectionError(f"unix://{self.socket_path}: the client was closed")
                full = self._full_opener(self.api_version or "auto")
                if self.guard_full is not None:
                    full = self.guard_full(full)
                self._full = full
            return self._full

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_full", "_full_opener", "_full_lock", "_closed", "guard_full", "_idle", "_idle_lock", "_keeping", "_keep_max"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def close(self) -> None:
        with self._full_lock:
            self._closed = True
            full, self._full = self._full, None
        self.close_idle()
        if full is not None:
            full.close()


def socket_path_of(url: str) -> str | None:
    """The socket's path for a ``unix://`` address, else None."""
    if url.startswith("unix://"):
        path = url[len("unix://"):]
        return path if path.startswith("/") or os.sep in path else None
    return None

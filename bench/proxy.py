"""A counting unix-socket proxy in front of the Docker daemon.

Run as its own process (``python -m bench.proxy LISTEN UPSTREAM LOG``) so relaying
never competes with the harness for the GIL. Every HTTP request line a client sends
is logged as ``R <time> <conn> <method> <path>``; connections log ``O``/``C`` when they
open and close. ``Requests`` reads that log back: requests per window and which
connections hold a stream (events, followed logs, streaming stats, attach) open.
"""

from __future__ import annotations

import os
import re
import selectors
import socket
import sys
import time
from dataclasses import dataclass, field

REQUEST = re.compile(rb"(?:^|\n)(GET|POST|PUT|DELETE|HEAD) (/\S*) HTTP/1\.[01]\r\n")
STREAMING = re.compile(r"/events|/attach|/logs\?.*follow=(1|true)|/stats(?!\?.*stream=(0|false))", re.I)


def serve(listen: str, upstream: str, log_path: str) -> None:
    if os.path.exists(listen):
        os.unlink(listen)
    server = socket.socket(socket.AF_UNIX)
    server.bind(listen)
    server.listen(256)
    server.setblocking(False)
    log = open(log_path, "a", buffering=1)
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ, None)
    peers: dict[socket.socket, tuple[socket.socket, int, bool]] = {}  # sock -> (other, conn id, from client)
    tails: dict[int, bytes] = {}
    next_id = 0

    def close(sock: socket.socket) -> None:
        other, cid, _ = peers.pop(sock, (None, 0, False))
        if other is None:
            return
        peers.pop(other, None)
        for s in (sock, other):
            sel.unregister(s)
            s.close()
        tails.pop(cid, None)
        log.write(f"C {time.time():.6f} {cid}\n")

    while True:
        for key, _ in sel.select():
            sock = key.fileobj
            if sock is server:
                client, _ = server.accept()
                up = socket.socket(socket.AF_UNIX)
                try:
                    up.connect(upstream)
                except OSError:
                    client.close()
                    continue
                next_id += 1
                for s in (client, up):
                    s.setblocking(True)
                    sel.register(s, selectors.EVENT_READ, None)
                peers[client] = (up, next_id, True)
                peers[up] = (client, next_id, False)
                log.write(f"O {time.time():.6f} {next_id}\n")
                continue
            if sock not in peers:
                continue
            other, cid, from_client = peers[sock]
            try:
                data = sock.recv(262144)
            except OSError:
                data = b""
            if not data:
                close(sock)
                continue
            if from_client:
                scan = tails.get(cid, b"") + data
                now = time.time()
                for m in REQUEST.finditer(scan):
                    log.write(f"R {now:.6f} {cid} {m.group(1).decode()} {m.group(2).decode('latin-1')}\n")
                # Keep only an unfinished last line, so a request line split across reads is still seen once.
                tails[cid] = b"\n" + scan[scan.rfind(b"\n") + 1 :][-300:]
            try:
                other.sendall(data)
            except OSError:
                close(sock)


@dataclass
class Requests:
    """The proxy log, read back."""

    path: str
    requests: list[tuple[float, int, str, str]] = field(default_factory=list)
    opened: dict[int, float] = field(default_factory=dict)
    closed: dict[int, float] = field(default_factory=dict)

    def load(self) -> "Requests":
        self.requests.clear()
        with open(self.path) as f:
            for line in f:
                parts = line.rstrip("\n").split(" ", 4)
                if parts[0] == "R" and len(parts) == 5:
                    self.requests.append((float(parts[1]), int(parts[2]), parts[3], parts[4]))
                elif parts[0] == "O":
                    self.opened[int(parts[2])] = float(parts[1])
                elif parts[0] == "C":
                    self.closed[int(parts[2])] = float(parts[1])
        return self

    def between(self, t0: float, t1: float) -> list[tuple[float, int, str, str]]:
        return [r for r in self.requests if t0 <= r[0] < t1]

    def open_streams(self, at: float) -> int:
        """Connections open at ``at`` whose latest request by then is a stream."""
        last: dict[int, str] = {}
        for t, cid, _, path in self.requests:
            if t <= at:
                last[cid] = path
        return sum(
            1
            for cid, path in last.items()
            if STREAMING.search(path) and self.closed.get(cid, float("inf")) > at
        )

    @staticmethod
    def kinds(reqs: list[tuple[float, int, str, str]]) -> dict[str, int]:
        """Counts per endpoint (path without version, ids and query)."""
        out: dict[str, int] = {}
        for _, _, method, path in reqs:
            p = re.sub(r"^/v[\d.]+", "", path.split("?", 1)[0])
            p = re.sub(r"/[0-9a-f]{12,64}", "/{id}", p)
            k = f"{method} {p}"
            out[k] = out.get(k, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], sys.argv[3])

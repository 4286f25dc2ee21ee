"""The dial-stdio fallback of the ssh transport: a private unix socket whose every accepted
connection is piped through its own ``ssh -S <master> host docker system dial-stdio`` child
(what the docker CLI does for each connection when it talks ssh://).

Used only where the server refuses to forward a socket. Bytes are copied both ways; an end
of input on either side is passed on as a half-close, so hijacked exec/attach streams work.
"""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import threading
import time

from ..domain.errors import DockerError


def reap(proc: subprocess.Popen) -> None:
    """End a child now and collect it on a thread, so close() never waits."""
    if proc.poll() is not None:
        return
    try:
        proc.terminate()
    except OSError:
        return

    def wait() -> None:
        try:
            proc.wait(2.0)
        except subprocess.TimeoutExpired:
            try:
                proc.kill()
                proc.wait(2.0)
            except (OSError, subprocess.TimeoutExpired):
                pass

    threading.Thread(target=wait, name="dockyard-ssh-reap", daemon=True).start()



class DialStdioRelay:
    """Listens on a private unix socket; each connection is piped through its own dial-stdio child."""

    def __init__(self, path: str, argv: list[str], spawn) -> None:
        self._argv = argv
        self._spawn = spawn
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen] = set()
        self._last_stderr: collections.deque[str] = collections.deque(maxlen=10)
        self._closed = False
        self.spawned = 0  # dial-stdio children started so far (one per connection accepted)
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(path)
        self._listener.listen(64)
        threading.Thread(target=self._accept, name="dockyard-ssh-relay", daemon=True).start()

    def procs(self) -> list[subprocess.Popen]:
        with self._lock:
            return list(self._procs)

    def last_stderr(self) -> list[str]:
        time.sleep(0.05)  # the child's last words arrive just after its stdout closes
        return list(self._last_stderr)

    def close(self) -> None:
        self._closed = True
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        for proc in self.procs():
            reap(proc)

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            try:
                proc = self._spawn(self._argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
            except DockerError as exc:
                self._last_stderr.append(exc.message)
                conn.close()
                continue
            with self._lock:
                if self._closed:
                    reap(proc)
                    conn.close()
                    return
                self._procs.add(proc)
                self.spawned += 1
            threading.Thread(target=self._serve, args=(conn, proc), name="dockyard-ssh-dial", daemon=True).start()

    def _serve(self, conn: socket.socket, proc: subprocess.Popen) -> None:
        def errors() -> None:
            for raw in iter(proc.stderr.readline, b""):
                self._last_stderr.append(raw.decode("utf-8", "replace").rstrip("\r\n"))

        err = threading.Thread(target=errors, daemon=True)
        err.start()
        up = threading.Thread(target=self._upstream, args=(conn, proc), daemon=True)
        up.start()
        out = proc.stdout.fileno()
        try:
            while True:
                data = os.read(out, 65536)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass
        try:  # the daemon side is done: wake the upstream reader too
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        up.join()
        conn.close()
        reap(proc)
        err.join(1.0)
        with self._lock:
            self._procs.discard(proc)
        for stream in (proc.stdout, proc.stderr):
            try:
                stream.close()
            except OSError:
                pass

    def _upstream(self, conn: socket.socket, proc: subprocess.Popen) -> None:
        fd = proc.stdin.fileno()
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
        except OSError:
            pass
        try:
            proc.stdin.close()  # EOF to dial-stdio: it half-closes the daemon connection
        except OSError:
            pass

"""Run a terminal program in a pseudo-terminal and read its screen through pyte.

Everything the program writes is drained (a full pty would stall it), timestamped
and counted; parsing into the pyte screen can be deferred during measurement
windows so the harness competes less for the CPU it is measuring.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from typing import Callable

import pyte

from . import procs

KEYS = {"enter": b"\r", "escape": b"\x1b", "tab": b"\t", "down": b"\x1b[B", "up": b"\x1b[A", "space": b" "}


class _Screen(pyte.Screen):
    """A pyte screen that answers terminal queries (DA, cursor position), as a terminal would."""

    def __init__(self, cols: int, rows: int, reply: Callable[[bytes], None]) -> None:
        super().__init__(cols, rows)
        self._reply = reply

    def write_process_input(self, data) -> None:
        self._reply(data.encode() if isinstance(data, str) else data)


class PtyApp:
    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 160, rows: int = 45) -> None:
        self.argv = argv
        self.env = {**env, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        self.cols, self.rows = cols, rows
        self.proc: subprocess.Popen | None = None
        self.fd = -1
        self.t_spawn = 0.0
        self.total_bytes = 0
        self.last_read = 0.0
        self._raw = bytearray()
        self.screen = _Screen(cols, rows, self._reply)
        self.stream = pyte.ByteStream(self.screen)
        self.rss_peak = 0
        self._rss_at = 0.0

    # process

    def start(self) -> "PtyApp":
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))

        def child() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env, preexec_fn=child, close_fds=True)
        os.close(slave)
        self.fd = master
        os.set_blocking(master, False)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def pids(self) -> list[int]:
        return procs.tree(self.pid) if self.alive() else []

    def stop(self, quit_keys: bytes = b"q", timeout: float = 5.0) -> None:
        if self.alive():
            try:
                if quit_keys.startswith(b"\x1b") and len(quit_keys) > 1:
                    # a lone Esc first (closes a popup), then the rest after the terminal
                    # escape delay: sent together, "\x1bq" reads as Alt+q and lazydocker
                    # stayed up until it was killed 5 s later
                    self.send(b"\x1b")
                    self.pump(0.3)
                    quit_keys = quit_keys[1:]
                self.send(quit_keys)
            except OSError:
                pass
            deadline = time.monotonic() + timeout
            while self.alive() and time.monotonic() < deadline:
                self.pump(0.1)
        if self.alive():
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait(5)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    # input / output

    def _reply(self, data: bytes) -> None:
        if self.fd >= 0:
            try:
                os.write(self.fd, data)
            except OSError:
                pass

    def send(self, data: bytes | str) -> float:
        """Write keys; returns the monotonic time they were written."""
        data = KEYS.get(data, data.encode()) if isinstance(data, str) else data
        os.write(self.fd, data)
        return time.monotonic()

    def _drain(self, parse: bool) -> int:
        got = 0
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            except OSError as exc:
                if exc.errno == errno.EIO:  # the program exited
                    break
                raise
            if not data:
                break
            got += len(data)
            self._raw += data
        if got:
            self.total_bytes += got
            self.last_read = time.monotonic()
            if parse:
                self.parse()
        return got

    def parse(self) -> None:
        if self._raw:
            data, self._raw = bytes(self._raw), bytearray()
            self.stream.feed(data)

    def sample_rss(self, force: bool = False) -> int:
        now = time.monotonic()
        if force or now - self._rss_at >= 0.5:
            self._rss_at = now
            rss = procs.rss_bytes(self.pids())
            self.rss_peak = max(self.rss_peak, rss)
            return rss
        return 0

    def pump(self, seconds: float, parse: bool = True, until: Callable[[], bool] | None = None) -> bool:
        """Drain output for ``seconds``, or until ``until()`` holds (checked after each read)."""
        deadline = time.monotonic() + seconds
        if until is not None:
            self.parse()
            if until():
                return True
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                ready, _, _ = select.select([self.fd], [], [], min(left, 0.1))
            except InterruptedError:
                continue
            if ready:
                got = self._drain(parse)
                if got and until is not None and until():
                    return True
                if not got and not self.alive():
                    time.sleep(min(left, 0.05))
            self.sample_rss()

    # screen

    def text(self) -> str:
        self.parse()
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, pattern: str, timeout: float, since: float | None = None) -> float | None:
        """Seconds from ``since`` (default: spawn) to the read that put ``pattern`` on screen; None on timeout."""
        rx = re.compile(pattern)
        ok = self.pump(timeout, until=lambda: bool(rx.search(self.text())))
        if not ok:
            return None
        return max(0.0, self.last_read - (self.t_spawn if since is None else since))

    def wait_gone(self, pattern: str, timeout: float, since: float) -> float | None:
        rx = re.compile(pattern)
        ok = self.pump(timeout, until=lambda: not rx.search(self.text()))
        return max(0.0, max(self.last_read, since) - since) if ok else None


def pump_all(apps: list[PtyApp], seconds: float) -> None:
    """Drain several programs' output at once for ``seconds`` (unparsed, as ``pump(parse=False)``),
    so none stalls on a full pty while another is read; RSS sampled as ``pump`` does."""
    deadline = time.monotonic() + seconds
    live = {app.fd: app for app in apps if app.fd >= 0}
    while live and (left := deadline - time.monotonic()) > 0:
        try:
            ready, _, _ = select.select(list(live), [], [], min(left, 0.1))
        except InterruptedError:
            continue
        for fd in ready:
            if not live[fd]._drain(False) and not live[fd].alive():
                del live[fd]  # exited: its pty would read as ready (EIO) forever
        for app in apps:
            app.sample_rss()

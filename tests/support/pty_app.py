"""Run ``python -m tui`` in a real pseudo-terminal and look at what it wrote.

    with PtyApp(env={"DOCKER_HOST": url}, size=(120, 36)) as app:
        app.wait_for(r"containers \\d+/\\d+")     # regex on the pyte-rendered screen
        app.press("down", "enter")
        app.raw                                     # every byte the app wrote, for scanning
        app.resize(80, 24)
        app.quit_and_wait()                         # seconds it took to exit

A reader thread collects every byte from the pty master and feeds a pyte screen, so a
test can both see the screen a user would and scan the raw stream for sequences no
renderer would show (OSC 52, titles, DCS...). The child is a session leader with the
pty as its controlling terminal, so resizes deliver SIGWINCH as in a real terminal.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[2]

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "backspace": b"\x7f",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "space": b" ",
    "question_mark": b"?",
    "slash": b"/",
    "ctrl+c": b"\x03",
    "ctrl+p": b"\x10",
    "ctrl+q": b"\x11",
}


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def base_env(tmp: Path, **extra: str) -> dict[str, str]:
    """An environment with private config/cache/state dirs and a known terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST", "COLUMNS", "LINES", "NO_COLOR", "TMUX"))}
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env[name] = str(tmp / name.lower())
    env["HOME"] = str(tmp / "home")
    env.setdefault("TERM", "xterm-256color")
    env.setdefault("LANG", "C.UTF-8")
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


class PtyApp:
    def __init__(self, args: tuple[str, ...] = (), env: dict[str, str] | None = None, size: tuple[int, int] = (120, 36), cmd: list[str] | None = None) -> None:
        self.args = args
        self.env = env if env is not None else dict(os.environ)
        self.cols, self.rows = size
        self.cmd = cmd or [sys.executable, "-m", "tui", *args]
        self.raw = bytearray()
        self._lock = threading.Lock()
        self._screen = pyte.Screen(self.cols, self.rows)
        self._stream = pyte.ByteStream(self._screen)
        self.proc: subprocess.Popen | None = None
        self._master = -1
        self._reader: threading.Thread | None = None
        self._eof = threading.Event()
        self.rusage = None
        self.quit_cpu = float("nan")

    # Lifecycle

    def start(self) -> "PtyApp":
        master, slave = os.openpty()
        _set_size(slave, self.cols, self.rows)

        def child_setup() -> None:  # runs in the child between fork and exec
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            self.cmd, stdin=slave, stdout=slave, stderr=slave, env=self.env, cwd=str(ROOT), preexec_fn=child_setup, close_fds=True
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read_loop, name="pty-reader", daemon=True)
        self._reader.start()
        return self

    def __enter__(self) -> "PtyApp":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.proc is not None and self.returncode is None:
            self.proc.kill()
            self.wait_exit(5)
        if self._reader is not None:
            self._eof.wait(2)
        if self._master >= 0:
            try:
                os.close(self._master)
            except OSError:
                pass
            self._master = -1

    def _read_loop(self) -> None:
        fd = self._master
        try:
            while True:
                # No poll() here: reaping belongs to wait_exit, which keeps the rusage.
                # The child's exit closes the pty's last slave fd: read() then fails (EIO).
                ready, _, _ = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                try:
                    data = os.read(fd, 65536)
                except OSError:  # EIO: the child closed the pty
                    break
                if not data:
                    break
                with self._lock:
                    self.raw += data
                    try:
                        self._stream.feed(data)
                    except Exception:  # pyte must never kill the reader
                        pass
        finally:
            self._eof.set()

    # Looking

    def screen_text(self) -> str:
        with self._lock:
            return "\n".join(self._screen.display)

    def raw_bytes(self) -> bytes:
        with self._lock:
            return bytes(self.raw)

    def wait_for(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        """Wait until the rendered screen matches ``pattern``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen_text()
            m = regex.search(text)
            if m:
                return m
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {pattern!r}; screen:\n{text}")
            if self._eof.is_set() and self.returncode is not None:
                raise AssertionError(f"app exited ({self.proc.returncode}) before {pattern!r}; screen:\n{text}\nraw tail: {self.raw_bytes()[-2000:]!r}")
            time.sleep(0.05)

    def wait_raw(self, pattern: bytes, timeout: float = 15.0) -> re.Match[bytes]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.raw_bytes())
            if m:
                return m
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for raw {pattern!r}")
            time.sleep(0.05)

    def settle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait until the app has written nothing for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last = len(self.raw)
        since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.raw)
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    # Acting

    def send(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode()
        os.write(self._master, data)

    def press(self, *keys: str, delay: float = 0.05) -> None:
        for key in keys:
            if key not in KEYS and len(key) > 1:
                raise ValueError(f"unknown key name {key!r}: add it to KEYS (a name is not typed as text)")
            self.send(KEYS.get(key, key.encode()))
            time.sleep(delay)

    def type(self, text: str) -> None:
        self.send(text)

    def palette(self, query: str, expect: str | None = None, timeout: float = 10.0) -> None:
        """Open the command palette, type ``query``, wait for ``expect`` (default: the query)
        among the hits, let the list settle, and choose the top hit."""
        self.press("ctrl+p")
        self.wait_for("\U0001f50e", timeout=30)  # the palette's search icon
        self.type(query)
        self.wait_for(expect or re.escape(query), timeout=timeout)
        self.settle(0.3)
        self.press("enter")
        self.wait_gone("\U0001f50e", timeout=timeout)
        self.settle(0.3)

    def wait_gone(self, pattern: str, timeout: float = 10.0) -> None:
        """Wait until the rendered screen no longer matches ``pattern``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while regex.search(self.screen_text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {pattern!r} to go; screen:\n{self.screen_text()}")
            time.sleep(0.05)

    def resize(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        _set_size(self._master, cols, rows)
        with self._lock:
            self._screen.resize(rows, cols)
        if self.proc is not None and self.returncode is None:
            os.killpg(self.proc.pid, signal.SIGWINCH)

    def wait_exit(self, timeout: float = 5.0) -> int | None:
        """Reap the child (keeping its resource usage in ``self.rusage``); None on timeout."""
        assert self.proc is not None
        if self.proc.returncode is not None:
            return self.proc.returncode
        deadline = time.monotonic() + timeout
        while True:
            try:
                pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                return self.proc.returncode
            if pid:
                self.rusage = usage
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                return self.proc.returncode
            if time.monotonic() > deadline:
                return None
            time.sleep(0.005)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the running child has used so far."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit_and_wait(self, key: str = "q", timeout: float = 5.0) -> float:
        """Press ``key``; return how many seconds the process took to exit (inf if it did not).

        ``self.quit_cpu`` is the CPU time the exit itself cost: on a machine shared by many
        (load far above the core count) wall time says more about the neighbours than us.
        """
        cpu_before = self.cpu_seconds()
        start = time.monotonic()
        self.press(key, delay=0)
        code = self.wait_exit(timeout)
        elapsed = time.monotonic() - start
        if code is None:
            return float("inf")
        self.quit_cpu = self.rusage.ru_utime + self.rusage.ru_stime - cpu_before
        # The child has exited, but its last bytes (leaving the alternate screen) may still be
        # in the pty for the reader thread: a CI run under load checked the tail before them.
        self._eof.wait(5.0)
        return elapsed

    @property
    def returncode(self) -> int | None:
        return None if self.proc is None else self.wait_exit(0)


# What a terminal would act on: OSC, DCS, SOS, PM, APC in 7-bit form and as C1 characters
# (U+0090 etc., i.e. UTF-8 c2 90). The stream is decoded first, so the continuation byte
# 0x90 inside an ordinary glyph (e2 90 9b is U+241B) is not mistaken for a DCS. Invalid
# UTF-8 survives as surrogates, so a lone 8-bit C1 byte is caught as well.
_C1_STRING_STARTS = "\x90\x98\x9d\x9e\x9f\udc90\udc98\udc9d\udc9e\udc9f"
_STRING_SEQUENCE = re.compile("(?:\x1b[\\]PX^_]|[" + _C1_STRING_STARTS + "])[^\x07\x1b\x9c\udc9c]*(?:\x07|\x1b\\\\|\x9c|\udc9c)?")
_C1 = re.compile("[\x80-\x9f\udc80-\udc9f]")


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def string_sequences(data: bytes) -> list[str]:
    """Every OSC/DCS/SOS/PM/APC sequence in ``data`` (the app's own included)."""
    return [m.group(0) for m in _STRING_SEQUENCE.finditer(decode(data))]


def hostile_hits(data: bytes, marker: str) -> list[str]:
    """Terminal-acting text that carries ``marker``, and any OSC 52 at all.

    Textual emits CSI sequences and (rarely) its own OSC queries; those never carry
    the test's marker. Anything here came from the daemon.
    """
    import base64

    text = decode(data)
    needles = [marker, base64.b64encode(marker.encode()).decode()]
    hits = []
    for seq in string_sequences(data):
        if seq.startswith(("\x1b]52", "\x9d52")) or any(n in seq for n in needles):
            hits.append(repr(seq[:120]))
    # A raw C1 control or BEL right next to the marker.
    for needle in needles:
        for m in re.finditer(re.escape(needle), text):
            window = text[max(0, m.start() - 12): m.end() + 12]
            if "\x07" in window or _C1.search(window):
                hits.append(repr(window))
    return hits



def script_app(tmp_path: Path, source: str, size: tuple[int, int], *args: str) -> PtyApp:
    """A started PtyApp running ``source`` (a Python script) with ``args``, in a clean env."""
    script = tmp_path / "pty_script.py"
    script.write_text(source)
    return PtyApp(env=base_env(tmp_path), size=size, cmd=[sys.executable, str(script), *args]).start()


def counts_on_screen(text: str) -> dict[str, int]:
    """The ``name=number`` pairs a test app printed on its screen."""
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", text)}


def screen_cells(app: PtyApp, rows: range | None = None) -> list[list[tuple]]:
    """The cells of the app's screen now (all rows, or ``rows``): character, colours, bold,
    reverse, underscore."""
    with app._lock:
        screen = app._screen
        return [[(c.data, c.fg, c.bg, c.bold, c.reverse, c.underscore) for c in (screen.buffer[y][x] for x in range(screen.columns))] for y in (rows if rows is not None else range(screen.lines))]


def assert_same_as_full_repaint(app: PtyApp, size: tuple[int, int]) -> None:
    """The screen the partial updates left equals the one a full repaint draws (a resize
    away and back repaints everything), cell by cell."""
    app.settle(1.5, timeout=30)
    painted = screen_cells(app)
    app.resize(size[0] + 1, size[1])
    app.settle(0.5)
    app.resize(*size)
    app.settle(1.0)
    repainted = screen_cells(app)
    for y, (a, b) in enumerate(zip(painted, repainted)):
        assert a == b, f"row {y} differs after a full repaint:\n{''.join(c[0] for c in a)}\n{''.join(c[0] for c in b)}"

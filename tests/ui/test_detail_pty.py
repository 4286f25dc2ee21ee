"""The real program in a real pseudo-terminal: what reaches the terminal, and exec.

``python -m tui`` runs in a pty at 120x36; a thread reads every byte it writes (kept
raw for scanning, and fed to a pyte screen to see what the user would see); keys
are written to the pty as a terminal would send them.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios
import threading
import time

import pyte
import pytest

from tests.support.daemon import docker_host, wait_for

COLS, ROWS = 120, 36


class PtyApp:
    def __init__(self, tmp_path) -> None:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "COLUMNS": str(COLS),
            "LINES": str(ROWS),
        }
        env.pop("TEXTUAL", None)
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.execvpe(sys.executable, [sys.executable, "-m", "tui", "-H", docker_host()], env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        self.pid, self.fd = pid, fd
        self.raw = bytearray()
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.raw += data
                try:
                    self.stream.feed(data)
                except Exception:
                    pass

    def display(self) -> str:
        with self.lock:
            return "\n".join(self.screen.display)

    def output(self) -> bytes:
        with self.lock:
            return bytes(self.raw)

    def wait_screen(self, text: str, timeout: float = 20.0) -> None:
        try:
            wait_for(lambda: text in self.display(), timeout=timeout, what=f"{text!r} on screen")
        except AssertionError:
            raise AssertionError(f"{text!r} not on screen:\n{self.display()}") from None

    def wait_output(self, data: bytes, timeout: float = 20.0, start: int = 0) -> None:
        wait_for(lambda: data in self.output()[start:], timeout=timeout, what=f"{data!r} written")

    def send(self, data: str | bytes, pause: float = 0.15) -> None:
        os.write(self.fd, data.encode() if isinstance(data, str) else data)
        time.sleep(pause)

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(50):
            done, _status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture
def pty_app(tmp_path, daemon_client):
    apps = []

    def start() -> PtyApp:
        app = PtyApp(tmp_path)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()


def select_container(app: PtyApp, name: str) -> None:
    app.wait_screen("Containers")
    app.wait_screen(name[:12])  # the dashboard may shorten long names
    time.sleep(1.0)  # let the first layout settle before typing
    app.send("/", pause=0.5)
    app.wait_screen("enter keeps")  # the filter box is open and focused
    app.send(name, pause=0.5)
    app.send("\r", pause=0.5)


# Every sequence a log line might use to act on the terminal, each carrying MARK.
HOSTILE = (
    r"printf '\033]0;TITLE-%s\007\n' $M; "
    r"printf '\033]52;c;%s\007\n' $M; "
    r"printf '\033]8;;http://%s/\033\\link-text\033]8;;\033\\\n' $M; "
    r"printf '\033P1$r%s\033\\\n' $M; "
    r"printf '\033_%s\033\\\n' $M; "
    r"printf '\033^%s\033\\\n' $M; "
    r"printf '\302\235C1-OSC-%s\302\234\n' $M; "
    r"printf '\033[2J\033[Hcleared?\n'; "
    r"printf '[bold red]markup[/] a[/]b [link=x]%s[/link]\n' $M; "
    r"echo VISIBLE-$M-END; sleep 100000"
)


def test_hostile_log_lines_cannot_act_on_the_terminal(bed, pty_app):
    marker = "MK" + os.urandom(4).hex()
    cid = bed.run("hostile", HOSTILE, environment=[f"M={marker}"])
    name = bed.name("hostile")
    app = pty_app()
    select_container(app, name)
    app.send("l", pause=0.5)
    app.wait_screen(f"VISIBLE-{marker}-END")
    app.wait_screen("link-text")
    app.send("x", pause=0.5)  # colours off and on: a second render of every line
    app.send("x", pause=0.5)
    out = app.output()
    mark = marker.encode()
    # String sequences (OSC, DCS, SOS, PM, APC) must never carry the marker.
    for m in re.finditer(rb"\x1b[\]P_^X]([^\x07\x1b]*)(?:\x07|\x1b\\)?", out):
        assert mark not in m.group(1), f"sequence passed through: {m.group(0)[:80]!r}"
    assert b"\x1b]52;" not in out
    # 8-bit C1 controls (UTF-8 encoded) are never written.
    for c1 in (b"\xc2\x9b", b"\xc2\x9c", b"\xc2\x9d", b"\xc2\x90", b"\xc2\x9e", b"\xc2\x9f"):
        assert c1 not in out
    # The markup stayed literal text and the clear did not clear.
    screen = app.display()
    assert "[bold red]markup[/]" in screen
    assert f"[link=x]{marker}[/link]" in screen
    assert "cleared?" in screen
    assert cid


def test_exec_shell_runs_in_a_pty_and_returns_to_the_dashboard(bed, pty_app):
    bed.run("shell", "sleep 100000")
    name = bed.name("shell")
    app = pty_app()
    select_container(app, name)
    start = len(app.output())
    app.send("E", pause=1.0)
    app.wait_output(b"# ", start=start)  # busybox sh prompt
    app.send("echo MARK-$((6*7))\r", pause=0.5)
    app.wait_output(b"MARK-42", start=start)
    with app.lock:
        app.screen.reset()  # from here on, only a redraw can put the dashboard back
    app.send("exit\r", pause=0.5)
    app.wait_screen("Containers", timeout=10)
    app.wait_screen(name[:12])  # the dashboard may shorten long names
    assert b"MARK-42" in app.output()[start:]


def test_attach_to_a_tty_container_and_detach_with_ctrl_p_ctrl_q(bed, pty_app, daemon_client):
    cid = bed.run("attach", ["sh"], tty=True, stdin_open=True)
    name = bed.name("attach")
    app = pty_app()
    select_container(app, name)
    app.send("\r", pause=0.5)  # open the detail screen
    app.wait_screen("Ports & Mounts")
    app.wait_screen("Attach")  # offered once the inspect document says it has a TTY
    start = len(app.output())
    app.send("a", pause=1.5)
    app.wait_output(b"detach: ctrl+p ctrl+q", start=start)
    app.send("echo ATT-$((6*7))\r", pause=0.5)
    app.wait_output(b"ATT-42", start=start)
    out = app.output()[start:]
    banner = out.index(b"[dockyard] ")
    assert b"\x1b[2J" in out[:banner] and b"\x1b[3J" in out[:banner]  # a clean screen first
    with app.lock:
        app.screen.reset()
    app.send(b"\x10\x11", pause=0.5)  # ctrl+p ctrl+q
    app.wait_screen("Ports & Mounts", timeout=10)
    assert daemon_client.inspect_container(cid)["State"]["Running"]  # detached, not stopped


def test_a_new_exec_session_starts_on_a_clean_screen(bed, pty_app):
    """The second shell must not show the first one's output (issue 15, item 12)."""
    bed.run("clean", "sleep 100000")
    name = bed.name("clean")
    app = pty_app()
    select_container(app, name)
    start = len(app.output())
    app.send("E", pause=1.0)
    app.wait_output(b"# ", start=start)
    app.send("echo FIRST-$((6*7))\r", pause=0.5)
    app.wait_screen("FIRST-42")
    app.send("exit\r", pause=0.5)
    app.wait_screen("Containers", timeout=10)
    time.sleep(1.0)
    start = len(app.output())
    app.send("E", pause=1.0)
    app.wait_output(b"# ", start=start)
    time.sleep(0.5)
    assert "FIRST-42" not in app.display(), app.display()
    assert "[dockyard] shell in" in app.display()
    # pyte has no alternate screen, so it cannot show what a real terminal's main screen
    # still holds: the session must clear it (and its scrollback) before the banner
    out = app.output()[start:]
    banner = out.index(b"[dockyard] shell in")
    assert b"\x1b[2J" in out[:banner] and b"\x1b[3J" in out[:banner]
    app.send("exit\r", pause=0.5)
    app.wait_screen("Containers", timeout=10)

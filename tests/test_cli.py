"""The dockyard command outside a terminal, and its --version/--help."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui


def _command() -> list[str]:
    """The installed console script when there is one (./scripts/test installs it), else -m tui."""
    script = Path(sys.executable).parent / "dockyard"
    if script.exists():
        return [str(script)]
    found = shutil.which("dockyard")
    return [found] if found else [sys.executable, "-m", "tui"]


def _run(*args: str, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([*_command(), *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=30, env=env)


@pytest.mark.parametrize("args", [(), ("-H", "unix:///nonexistent/docker.sock"), ("--readonly",)])
def test_without_a_tty_exits_at_once_with_one_line(args):
    out = _run(*args)
    assert out.returncode == 2, out
    assert out.stdout == b""
    lines = out.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dockyard:") and "terminal" in lines[0], out.stderr
    assert b"\x1b" not in out.stderr and b"\x9b" not in out.stderr


def test_piped_through_cat_like_the_issue_says():
    cmd = " ".join(f"'{c}'" for c in _command())
    out = subprocess.run(f"{cmd} </dev/null | cat", shell=True, capture_output=True, timeout=30)
    # the pipeline's status is cat's; check the command's own status with PIPESTATUS
    status = subprocess.run(
        ["bash", "-c", f"{cmd} </dev/null | cat >/dev/null; echo ${{PIPESTATUS[0]}}"], capture_output=True, timeout=30
    )
    assert status.stdout.strip() == b"2"
    assert out.stdout == b"" and b"\x1b" not in out.stderr and out.stderr.count(b"\n") == 1


def test_version():
    out = _run("--version")
    assert out.returncode == 0
    assert out.stdout.decode().strip() == f"dockyard {tui.__version__}"
    assert b"\x1b" not in out.stdout


def test_help_names_every_option():
    out = _run("--help", env_extra={"COLUMNS": "100"})
    assert out.returncode == 0
    text = out.stdout.decode()
    for option in ("--host", "--context", "--readonly", "--stats-interval", "--version", "DOCKER_HOST"):
        assert option in text, option
    assert b"\x1b" not in out.stdout


def test_bad_option_is_a_usage_error():
    out = _run("--no-such-option")
    assert out.returncode == 2 and b"usage:" in out.stderr


def test_unknown_context_on_a_terminal_is_an_error_that_names_it(tmp_path):
    """With a TTY, an unknown context stops before the UI starts: no silent default socket."""
    import pty

    leader, follower = pty.openpty()
    try:
        out = _run("--context", "nosuch", stdin=follower, stdout=follower, env_extra={"DOCKER_CONFIG": str(tmp_path)})
    finally:
        os.close(follower)
        os.close(leader)
    assert out.returncode == 2
    line = out.stderr.decode().strip()
    assert line.startswith("dockyard:") and "'nosuch'" in line and "not found" in line, line


def test_on_a_terminal_without_a_daemon_it_shows_the_connect_screen_and_quits_on_q(tmp_path):
    """End to end on a real pseudo-terminal: the message names the endpoint; q quits with 0."""
    import pty
    import select
    import time

    host = f"unix://{tmp_path}/none.sock"
    pid, fd = pty.fork()
    if pid == 0:  # child: become dockyard on the terminal
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="36", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
        cmd = _command()
        os.execvpe(cmd[0], [*cmd, "-H", host], env)
    seen = b""
    deadline = time.monotonic() + 30
    try:
        while b"Cannot reach the Docker daemon" not in seen or host.encode() not in seen:
            assert time.monotonic() < deadline, seen[-2000:]
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
        os.write(fd, b"q")
        deadline = time.monotonic() + 10
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            assert time.monotonic() < deadline, "dockyard did not quit on q"
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    os.read(fd, 65536)  # keep the terminal drained
                except OSError:
                    pass
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


def test_an_address_that_cannot_parse_is_one_line_on_a_terminal():
    """On a terminal, ``-H`` naming no daemon address exits 2 with the reason (as the docker
    CLI), before any screen is drawn; the hostile part of the address is shown, not emitted."""
    import pty
    import select

    main, child = pty.openpty()
    try:
        proc = subprocess.Popen([*_command(), "-H", "tcp://127.0.0.1:1\x1b]0;DYKMaddr\x07"], stdin=child, stdout=child, stderr=child, env=dict(os.environ, TERM="xterm-256color"))
        os.close(child)
        child = -1
        out = b""
        while True:
            ready, _, _ = select.select([main], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed the pty
                break
            if not chunk:
                break
            out += chunk
        assert proc.wait(timeout=30) == 2, out
    finally:
        os.close(main)
        if child >= 0:
            os.close(child)
    lines = out.decode(errors="replace").splitlines()
    assert len(lines) == 1 and "cannot parse" in lines[0] and "IPv6" in lines[0], out
    assert b"\x1b" not in out and b"\x07" not in out, out

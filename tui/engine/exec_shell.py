"""An interactive shell (or attach) inside a container through the Engine API.

No docker CLI needed: ``exec_create`` with a TTY, ``exec_start(socket=True)`` for the
raw hijacked connection, the user's terminal in raw mode, bytes copied both ways,
and the terminal size passed on at start and on every SIGWINCH. Runs in the main
thread while the UI is suspended (signal handlers can only be set there).
"""

from __future__ import annotations

import fcntl
import os
import selectors
import signal
import socket
import struct
import termios
import threading
import time
import tty
from typing import Callable

import docker
import docker.errors
import requests.exceptions

from .errors import DockerError, ErrorKind, translate

SHELLS = ("/bin/bash", "/bin/sh")
DETACH_KEYS = "ctrl-p,ctrl-q"
UPGRADE = {"Connection": "Upgrade", "Upgrade": "tcp"}


def terminal_size(fd: int) -> tuple[int, int]:
    """(rows, columns) of the terminal on ``fd``; 24x80 when it has none."""
    try:
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
        if rows and cols:
            return rows, cols
    except OSError:
        pass
    return 24, 80


def pick_shell(client: docker.APIClient, cid: str, shells=SHELLS) -> str:
    """The first shell that exists in the container (a quick non-interactive probe)."""
    for shell in shells:
        try:
            probe = client.exec_create(cid, [shell, "-c", "exit 0"])
            client.exec_start(probe["Id"])  # attached: returns when the probe ends
            code = None
            for _ in range(20):  # the exit code lands a moment after the stream ends
                info = client.exec_inspect(probe["Id"])
                if not info.get("Running"):
                    code = info.get("ExitCode")
                    break
                time.sleep(0.05)
        except docker.errors.APIError as exc:
            if exc.status_code in (404, 409):  # container gone or not running: no point going on
                raise translate(exc) from None
            continue
        if code == 0:
            return shell
    raise DockerError(ErrorKind.NOT_FOUND, f"no shell found in the container (tried {', '.join(shells)})")


def run_exec(client: docker.APIClient, cid: str, *, command: list[str] | None = None, stdin_fd: int = 0, stdout_fd: int = 1, env: list[str] | None = None, user: str = "", workdir: str | None = None) -> int | None:
    """Run ``command`` (default: the first shell found) interactively; return its exit code."""
    try:
        cmd = command or [pick_shell(client, cid)]
        rows, cols = terminal_size(stdout_fd)
        term = ["TERM=" + os.environ.get("TERM", "xterm")]
        exec_id = client.exec_create(cid, cmd, stdin=True, tty=True, environment=term + list(env or ()), user=user, workdir=workdir or None)["Id"]
        res = client._post_json(client._url("/exec/{0}/start", exec_id), headers=UPGRADE, data={"Tty": True, "Detach": False}, stream=True)
        client._raise_for_status(res)
    except docker.errors.APIError as exc:
        raise translate(exc) from None
    _resize_quietly(lambda: client.exec_resize(exec_id, height=rows, width=cols))

    def resize() -> None:
        r, c = terminal_size(stdout_fd)
        _resize_quietly(lambda: client.exec_resize(exec_id, height=r, width=c))

    _pump(client, res, stdin_fd, stdout_fd, resize)
    try:
        return client.exec_inspect(exec_id).get("ExitCode")
    except Exception:
        return None


def run_attach(client: docker.APIClient, cid: str, *, stdin_fd: int = 0, stdout_fd: int = 1, detach_keys: str = DETACH_KEYS) -> None:
    """Attach to the main process's TTY until it exits or the user detaches."""
    params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1, "logs": 0, "detachKeys": detach_keys}
    try:
        res = client.post(client._url("/containers/{0}/attach", cid), None, params=params, stream=True, headers=UPGRADE)
        client._raise_for_status(res)
    except docker.errors.APIError as exc:
        raise translate(exc) from None

    def resize() -> None:
        r, c = terminal_size(stdout_fd)
        _resize_quietly(lambda: client.resize(cid, height=r, width=c))

    resize()
    _pump(client, res, stdin_fd, stdout_fd, resize)


def _resize_quietly(resize: Callable[[], object]) -> None:
    """Pass the terminal size on; a failure never ends the session (the size is cosmetic,
    the stream is already attached). The daemon refusing (the process has exited) is final;
    a connection dropped before any answer (a transport's new connection failing: over ssh
    each one is a new ``dial-stdio`` child) is tried once more on a fresh connection."""
    for _ in range(2):
        try:
            resize()
            return
        except (docker.errors.APIError, requests.exceptions.Timeout):
            return  # refused, or the daemon is slow: a second try would not do better
        except Exception:
            continue


def _pump(client, res, stdin_fd: int, stdout_fd: int, resize: Callable[[], None]) -> None:
    """Copy stdin -> socket (this thread) and socket -> stdout (a reader thread)
    until the container side closes.

    The reader goes through the response's buffered reader, not the bare socket:
    http.client has already buffered whatever followed the headers (a shell's
    first prompt), and a select() on the socket would never see those bytes.
    """
    sock = client._get_raw_response_socket(res)
    raw = getattr(sock, "_sock", sock)
    try:
        raw.settimeout(None)
    except Exception:
        pass
    reader = res.raw._fp.fp
    wake_r, wake_w = os.pipe()

    def on_winch(signum, frame) -> None:
        try:
            os.write(wake_w, b"w")
        except OSError:
            pass

    def copy_out() -> None:
        try:
            while True:
                data = reader.read1(65536)
                if not data:
                    break
                _write_all(stdout_fd, data)
        except (OSError, ValueError):
            pass
        finally:
            try:
                os.write(wake_w, b"x")
            except OSError:
                pass

    old_handler = signal.signal(signal.SIGWINCH, on_winch)
    old_attrs = None
    if os.isatty(stdin_fd):
        old_attrs = termios.tcgetattr(stdin_fd)
        tty.setraw(stdin_fd)
    out = threading.Thread(target=copy_out, name="dockyard-exec-out", daemon=True)
    out.start()
    sel = selectors.DefaultSelector()
    try:
        sel.register(stdin_fd, selectors.EVENT_READ, "stdin")
        sel.register(wake_r, selectors.EVENT_READ, "wake")
        done = False
        while not done:
            for key, _ in sel.select():
                if key.data == "wake":
                    signals = os.read(wake_r, 1024)
                    if b"x" in signals:
                        done = True
                        break
                    resize()
                    continue
                data = os.read(stdin_fd, 4096)
                if not data:
                    sel.unregister(stdin_fd)
                    try:
                        raw.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    continue
                try:
                    raw.sendall(data)
                except OSError:
                    done = True
                    break
    finally:
        sel.close()
        if old_attrs is not None:
            termios.tcsetattr(stdin_fd, termios.TCSADRAIN, old_attrs)
        signal.signal(signal.SIGWINCH, old_handler)
        try:
            raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        out.join(1.0)
        for fd in (wake_r, wake_w):
            os.close(fd)
        try:
            res.close()
        except Exception:
            pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]

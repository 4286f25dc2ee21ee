"""Dockyard's own SSH transport: one ``ssh`` child per host, a private unix socket on this side.

For ``ssh://[user@]host[:port]`` the engine runs the user's real ``ssh`` (so their whole
ssh_config applies: ProxyJump, agent, known_hosts, IdentityFile) as a ControlMaster:

    ssh -M -S <private dir>/ctl -N -T -o ServerAliveInterval=… -o ExitOnForwardFailure=yes … host

then, through that master (short-lived ``ssh -S`` clients, no second login):

1. finds the remote daemon's socket as the docker CLI would: the remote
   ``docker context inspect`` (which honours the remote DOCKER_HOST / DOCKER_CONTEXT), else
   the remote ``$DOCKER_HOST``, else ``unix:///var/run/docker.sock``;
2. adds ``-O forward -L <private dir>/docker.sock:<remote socket>`` and checks one ``/_ping``
   through it. A plain unix-socket docker client then talks to the local end.
3. Where the server refuses forwarding (``AllowTcpForwarding``/``AllowStreamLocalForwarding
   no``: the channel open fails), the forward is cancelled and a small relay listens on the
   same private socket instead, spawning ``ssh -S ctl host docker system dial-stdio`` for
   each accepted connection (as the docker CLI does for every connection).

So in forward mode exactly one process per host stays (the master); in dial-stdio mode each
open connection adds one short ``ssh -S`` mux client. The children never get the terminal:
stdin is /dev/null, they run in their own session (no controlling tty, so no password prompt
can write over the UI: BatchMode=yes) and stderr is captured, sanitised, and becomes the
DockerError message ("ssh: Permission denied (publickey)").

``DOCKYARD_SSH_COMMAND`` (split with shlex, e.g. ``ssh -F ~/.ssh/work_config``) replaces ``ssh``.
"""

from __future__ import annotations

import collections
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urlsplit

from ..domain.errors import DockerError, ErrorKind
from ..domain.sanitize import clean
from .ssh_command import ssh_command
from .ssh_relay import DialStdioRelay, reap

DEFAULT_REMOTE = "unix:///var/run/docker.sock"
SERVER_ALIVE_INTERVAL = 5
SERVER_ALIVE_COUNT = 3
CONNECT_TIMEOUT = 10
# What the remote runs to find the daemon's socket: in sh whatever the login shell is (csh,
# fish), single-quoted for it; errors stay silent. The docker CLI's answer honours the remote
# DOCKER_HOST and DOCKER_CONTEXT; without a docker CLI there, DOCKER_HOST itself.
PROBE_COMMAND = (
    "sh -c 'docker context inspect --format \"{{.Endpoints.docker.Host}}\" 2>/dev/null"
    " || printf \"%s\\n\" \"${DOCKER_HOST:-}\"'"
)


@dataclass(frozen=True, slots=True)
class SshTarget:
    host: str
    user: str | None = None
    port: int | None = None

    def args(self) -> list[str]:
        out: list[str] = []
        if self.port:
            out += ["-p", str(self.port)]
        if self.user:
            out += ["-l", self.user]
        return [*out, "--", self.host]


def parse_target(url: str) -> SshTarget:
    parts = urlsplit(url)
    if parts.scheme != "ssh" or not parts.hostname:
        raise DockerError(ErrorKind.CONFIG, f"not an ssh:// address: {url}", url)
    if parts.path not in ("", "/"):
        raise DockerError(ErrorKind.CONFIG, f"{url}: an ssh:// address takes no path", url)
    try:
        port = parts.port
    except ValueError:
        raise DockerError(ErrorKind.CONFIG, f"{url}: bad port", url) from None
    # urlsplit lower-cases the host and strips an IPv6 address's brackets: ssh wants it bare.
    return SshTarget(host=parts.hostname, user=parts.username or None, port=port)


def _message(lines: list[str], fallback: str) -> str:
    """The ssh child's last meaningful stderr lines as one "ssh: …" message."""
    useful = [clean(line).strip() for line in lines]
    useful = [line for line in useful if line and not line.startswith(("Warning: Permanently added", "debug"))]
    text = "; ".join(useful[-2:]) if useful else fallback
    if len(text) > 300:
        text = text[:300] + "…"
    return text if text.startswith("ssh:") else f"ssh: {text}"


def _kind(message: str) -> ErrorKind:
    if "Permission denied" in message:
        return ErrorKind.PERMISSION
    if "Host key verification failed" in message or "Bad configuration option" in message or "Can't open user config" in message:
        return ErrorKind.CONFIG
    return ErrorKind.UNREACHABLE


class _StderrTail:
    """Reads a child's stderr on a thread, keeping the last lines (never the terminal's)."""

    def __init__(self, stream) -> None:
        self.lines: collections.deque[str] = collections.deque(maxlen=20)
        self._thread = threading.Thread(target=self._read, args=(stream,), name="dockyard-ssh-stderr", daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        try:
            for raw in iter(stream.readline, b""):
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
        except (OSError, ValueError):
            pass

    def settle(self, timeout: float = 0.5) -> list[str]:
        self._thread.join(timeout)
        return list(self.lines)


def _ping(path: str, timeout: float) -> str:
    """One /_ping on a unix socket: "ok", "closed" (nothing came back) or "silent" (no answer yet)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
        s.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
        data = s.recv(16)
        return "ok" if data.startswith(b"HTTP/") else "closed"
    except socket.timeout:
        return "silent"
    except OSError:
        return "closed"
    finally:
        s.close()


class SshTunnel:
    """The ssh side of one ssh:// endpoint. ``ensure()`` (blocking) returns the local socket path."""

    def __init__(self, url: str, env: Mapping[str, str] | None = None) -> None:
        self.url = url
        self.target = parse_target(url)
        self._env = dict(os.environ if env is None else env)
        self._base = ssh_command(self._env)
        self._lock = threading.Lock()
        self._closed = False
        self._dir: str | None = None
        self._master: subprocess.Popen | None = None
        self._stderr: _StderrTail | None = None
        self._relay: DialStdioRelay | None = None
        self.mode = ""  # "forward" or "dial-stdio" once up
        self.remote = ""  # the remote daemon's address

    # Paths
    @property
    def control_path(self) -> str:
        assert self._dir
        return os.path.join(self._dir, "ctl")

    @property
    def socket_path(self) -> str:
        assert self._dir
        return os.path.join(self._dir, "docker.sock")

    def _mux(self, *extra: str) -> list[str]:
        """An ssh client that rides the master (no new login)."""
        return [*self._base, "-S", self.control_path, "-o", "ControlMaster=no", "-o", "BatchMode=yes", *extra]

    def children(self) -> list[int]:
        """Pids of the ssh processes alive for this host (the master, and dial-stdio clients)."""
        procs = [self._master] if self._master is not None else []
        if self._relay is not None:
            procs += self._relay.procs()
        return [p.pid for p in procs if p.poll() is None]

    def dialled(self) -> int:
        """How many dial-stdio children the relay has started (0 in forward mode): one per
        connection, which is why reads keep theirs (lite_client.KEEP_IDLE)."""
        relay = self._relay
        return relay.spawned if relay is not None else 0

    # Lifecycle
    def alive(self) -> bool:
        return self._master is not None and self._master.poll() is None and bool(self.mode)

    def ensure(self) -> str:
        """Start (or restart, if its master died) the tunnel; return the local socket's path."""
        with self._lock:
            if self._closed:
                raise DockerError(ErrorKind.UNREACHABLE, f"{self.url}: connection closed", self.url)
            if self.alive():
                return self.socket_path
            self._stop_children()
            self._start()
            return self.socket_path

    def close(self) -> None:
        """Stop every child at once (does not wait for them) and remove the private directory."""
        self._closed = True
        self._stop_children()
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)

    def _stop_children(self) -> None:
        relay, self._relay = self._relay, None
        if relay is not None:
            relay.close()
        master, self._master = self._master, None
        if master is not None:
            reap(master)
        self.mode = ""

    def _spawn(self, argv: list[str], **kwargs) -> subprocess.Popen:
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        try:
            return subprocess.Popen(argv, start_new_session=True, env=self._env, **kwargs)
        except FileNotFoundError:
            raise DockerError(
                ErrorKind.CONFIG, f"ssh: {argv[0]} not found (install OpenSSH's client, or set DOCKYARD_SSH_COMMAND)", self.url
            ) from None
        except OSError as exc:
            raise DockerError(ErrorKind.CONFIG, f"ssh: cannot run {argv[0]}: {exc}", self.url) from None

    def _start(self) -> None:
        if self._dir is None or not os.path.isdir(self._dir):
            # Short (unix socket paths are limited to ~107 bytes) and private (0700).
            self._dir = tempfile.mkdtemp(prefix="dockyard-ssh-")
        for name in ("ctl", "docker.sock"):
            try:
                os.unlink(os.path.join(self._dir, name))
            except FileNotFoundError:
                pass
        argv = [
            *self._base, "-M", "-S", self.control_path, "-N", "-T",
            "-o", "ControlPersist=no", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes",
            "-o", f"ServerAliveInterval={SERVER_ALIVE_INTERVAL}", "-o", f"ServerAliveCountMax={SERVER_ALIVE_COUNT}",
            "-o", f"ConnectTimeout={CONNECT_TIMEOUT}", "-o", "StreamLocalBindUnlink=yes",
            *self.target.args(),
        ]  # fmt: skip
        master = self._spawn(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._master, self._stderr = master, _StderrTail(master.stderr)
        try:
            self._connect(master)
        except BaseException:
            self._stop_children()
            raise
        if self._closed:  # close() ran meanwhile: it may have missed what was just started
            self._stop_children()
            raise DockerError(ErrorKind.UNREACHABLE, f"{self.url}: connection closed", self.url)

    def _connect(self, master: subprocess.Popen) -> None:
        deadline = time.monotonic() + CONNECT_TIMEOUT + 5
        while not os.path.exists(self.control_path):
            if self._closed:
                raise DockerError(ErrorKind.UNREACHABLE, f"{self.url}: connection closed", self.url)
            if master.poll() is not None:
                message = _message(self._stderr.settle(), f"ssh to {self.target.host} exited ({master.returncode})")
                raise DockerError(_kind(message), message, self.url)
            if time.monotonic() > deadline:
                raise DockerError(ErrorKind.TIMEOUT, f"ssh: no connection to {self.target.host} within {CONNECT_TIMEOUT + 5} s", self.url)
            time.sleep(0.01)
        self.remote = self._remote_socket()
        if self._forward() == "ok":
            self.mode = "forward"
            return
        self._relay = DialStdioRelay(self.socket_path, self._mux(*self.target.args(), "docker", "system", "dial-stdio"), self._spawn)
        result = _ping(self.socket_path, 10.0)
        if result == "closed":
            lines = self._relay.last_stderr()
            raise DockerError(
                ErrorKind.UNREACHABLE,
                _message(lines, f"ssh: {self.target.host} refused both the forward to {self.remote} and docker system dial-stdio"),
                self.url,
            )
        self.mode = "dial-stdio"

    def _run_mux(self, *args: str, timeout: float = CONNECT_TIMEOUT) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(
                self._mux(*args), stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, env=self._env, start_new_session=True
            )
        except subprocess.TimeoutExpired:
            raise DockerError(ErrorKind.TIMEOUT, f"ssh: {self.target.host} did not answer in {timeout:.0f} s", self.url) from None

    def _remote_socket(self) -> str:
        done = self._run_mux(*self.target.args(), PROBE_COMMAND)
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            line = clean(line).strip()
            if line.startswith(("unix://", "tcp://")):
                return line
        return DEFAULT_REMOTE

    def _forward(self) -> str:
        remote = self.remote
        if remote.startswith("unix://"):
            spec = f"{self.socket_path}:{remote[len('unix://'):]}"
        else:
            hostport = remote[len("tcp://"):].split("/", 1)[0]
            spec = f"{self.socket_path}:{hostport}"
        done = self._run_mux("-O", "forward", "-L", spec, *self.target.args())
        if done.returncode != 0:
            return "refused"
        result = _ping(self.socket_path, 10.0)
        if result == "closed":  # the server refused the channel (or the socket is not there)
            self._run_mux("-O", "cancel", "-L", spec, *self.target.args())
            try:
                os.unlink(self.socket_path)
            except FileNotFoundError:
                pass
            return "refused"
        return "ok"  # "silent": the tunnel is up, the daemon is slow; the watchdog will tell

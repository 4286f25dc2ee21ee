"""Fixtures for the remote transports of the test bed (scripts/testbed): two sshd on
loopback (one refusing forwarding) in front of the bed's dockerd, and a TLS dockerd."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.support.daemon import require_daemon
from tests.support.pump import Recorder


def bed_var(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        if require_daemon():
            pytest.fail(f"{name} is not set: the test bed did not start its remote parts")
        pytest.skip(f"{name} not set (run under ./scripts/test)")
    return value


@pytest.fixture
def ssh_env(monkeypatch):
    """DOCKYARD_SSH_COMMAND=ssh -F <the bed's ssh_config>, as a user would pass their own."""
    config = bed_var("DOCKYARD_TEST_SSH_CONFIG")
    monkeypatch.setenv("DOCKYARD_SSH_COMMAND", f"ssh -F {shlex.quote(config)}")
    return config


@pytest.fixture
def ssh_endpoint(ssh_env):
    from tui.engine.endpoint import resolve

    return resolve(host=bed_var("DOCKYARD_TEST_SSH_HOST"), env={})


@pytest.fixture
def nofwd_endpoint(ssh_env):
    from tui.engine.endpoint import resolve

    return resolve(host=bed_var("DOCKYARD_TEST_SSH_NOFWD_HOST"), env={})


@pytest.fixture
def tls_certs() -> Path:
    return Path(bed_var("DOCKYARD_TEST_TLS_CERTS"))


def docker_cli() -> str:
    cli = shutil.which("docker") or "/usr/bin/docker"
    if not os.path.exists(cli):
        pytest.fail("no docker CLI to create contexts with")
    return cli


@pytest.fixture
def docker_config(tmp_path, monkeypatch) -> Path:
    """A private DOCKER_CONFIG for this test (contexts are created in it)."""
    path = tmp_path / "docker-config"
    path.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(path))
    return path


def create_context(config: Path, name: str, host: str, *, ca: Path | None = None, cert: Path | None = None, key: Path | None = None, description: str = "") -> None:
    """``docker context create`` with the real CLI, into ``config``."""
    spec = f"host={host}"
    for field, path in (("ca", ca), ("cert", cert), ("key", key)):
        if path is not None:
            spec += f",{field}={path}"
    argv = [docker_cli(), "--config", str(config), "context", "create", name, "--docker", spec]
    if description:
        argv += ["--description", description]
    subprocess.run(argv, check=True, capture_output=True, timeout=30, env={**os.environ, "DOCKER_HOST": ""})


@pytest.fixture
def tls_endpoint(docker_config, tls_certs):
    """The TLS dockerd through a docker context (CA, client certificate and key in its store)."""
    from tui.engine.endpoint import resolve

    create_context(
        docker_config, "dyt-tls", bed_var("DOCKYARD_TEST_TLS_HOST"),
        ca=tls_certs / "ca.pem", cert=tls_certs / "cert.pem", key=tls_certs / "key.pem",
    )  # fmt: skip
    return resolve(context="dyt-tls", env={"DOCKER_CONFIG": str(docker_config)})


@contextlib.contextmanager
def frozen(pidfile: str):
    """SIGSTOP a bed daemon for the block; SIGCONT whatever happens."""
    pid = int(Path(pidfile).read_text().strip())
    os.kill(pid, signal.SIGSTOP)
    try:
        yield pid
    finally:
        os.kill(pid, signal.SIGCONT)


def main_dockerd_pidfile() -> str:
    return str(Path(bed_var("DOCKYARD_TESTBED_DIR")) / "docker.pid")


@pytest.fixture
def start_session():
    """start_session(endpoint, **kwargs) -> (session, recorder); every session is closed afterwards."""
    from tui.engine.session import Session

    sessions = []

    def start(endpoint, **kwargs):
        recorder = Recorder()
        kwargs.setdefault("stats_interval", 0.5)
        session = Session(endpoint, recorder, **kwargs)
        sessions.append(session)
        session.start()
        return session, recorder

    yield start
    for s in sessions:
        s.close()
    for s in sessions:
        s.join(5)


def ssh_children() -> list[int]:
    """Live (not zombie) ``ssh`` processes whose parent is this test process."""
    me = os.getpid()
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        state, ppid = fields[0], int(fields[1])
        if ppid == me and comm == "ssh" and state != "Z":
            out.append(int(entry.name))
    return out


@pytest.fixture
def registry() -> str:
    return bed_var("DOCKYARD_TEST_REGISTRY")

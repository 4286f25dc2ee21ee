"""Run the compose CLI for a project: ``docker compose`` (v2 plugin) when it exists, else
``docker-compose`` (v1). Output lines are yielded sanitised as they come. Blocking: call
from worker threads. DOCKER_HOST (and TLS) point at the session's own endpoint, never at
whatever the environment or a context says."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Iterator

from ..domain.compose_cli import ComposeTarget, argv, command_line
from ..domain.errors import DockerError, ErrorKind
from ..domain.sanitize import clean
from .endpoint import Endpoint

_detected: tuple[str, ...] | None = None


def detect() -> tuple[str, ...]:
    """The compose CLI to use; () when there is none."""
    global _detected
    if _detected is not None:
        return _detected
    found: tuple[str, ...] = ()
    docker = shutil.which("docker")
    if docker:
        try:
            ok = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=10, env=_base_env()).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            found = (docker, "compose")
    if not found:
        v1 = shutil.which("docker-compose")
        if v1:
            found = (v1,)
    _detected = found
    return found


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "COMPOSE_"))}
    env["COMPOSE_INTERACTIVE_NO_CLI"] = "1"
    env["NO_COLOR"] = "1"
    if "DOCKER_CONFIG" in os.environ:
        env["DOCKER_CONFIG"] = os.environ["DOCKER_CONFIG"]  # plugins and auth live there
    return env


def environment(endpoint: Endpoint) -> dict[str, str]:
    env = _base_env()
    env["DOCKER_HOST"] = endpoint.host
    tls = endpoint.tls
    if tls is not None:
        env["DOCKER_TLS_VERIFY"] = "1" if tls.verify else ""
        if tls.ca_cert:
            env["DOCKER_CERT_PATH"] = os.path.dirname(tls.ca_cert)
    return env


def check_files(t: ComposeTarget) -> None:
    if not t.config_files and not t.working_dir:
        raise DockerError(ErrorKind.NOT_FOUND, f"{t.project}: its containers carry no compose labels for files or working directory")
    missing = [f for f in t.config_files if not os.path.exists(f)]
    if t.working_dir and not os.path.isdir(t.working_dir):
        missing.insert(0, t.working_dir)
    if missing:
        raise DockerError(ErrorKind.NOT_FOUND, f"the files of project {t.project} are gone: {', '.join(clean(m) for m in missing)}")


def command(t: ComposeTarget, action: str, *, volumes: bool = False) -> list[str]:
    cli = detect()
    if not cli:
        raise DockerError(ErrorKind.NOT_FOUND, "no compose CLI found (neither 'docker compose' nor 'docker-compose')")
    return argv(cli, t, action, volumes=volumes)


def run(endpoint: Endpoint, t: ComposeTarget, args: list[str]) -> Iterator[str]:
    """Yield the command's output lines (stdout and stderr merged), cleaned."""
    check_files(t)
    try:
        proc = subprocess.Popen(
            args, cwd=t.working_dir or None, env=environment(endpoint), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
    except OSError as exc:
        raise DockerError(ErrorKind.CONFIG, f"cannot run {command_line(args)}: {exc.strerror or exc}") from None
    tail: list[str] = []
    try:
        assert proc.stdout is not None
        for raw in proc.stdout:
            for part in raw.replace(b"\r", b"\n").split(b"\n"):
                if not part.strip():
                    continue
                line = clean(part)
                tail = (tail + [line])[-5:]
                yield line
        code = proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if code != 0:
        raise DockerError(ErrorKind.DAEMON, f"exit {code}: " + (tail[-1] if tail else "no output"))

"""The user's own commands, run on this machine with DOCKER_HOST set to the session's
daemon. Blocking: ``run_background`` from worker threads, ``run_terminal`` while the UI is
suspended."""

from __future__ import annotations

import subprocess

from ..domain.errors import DockerError, ErrorKind
from ..domain.sanitize import clean
from .compose_cli import environment
from .endpoint import Endpoint

MAX_OUTPUT = 1024 * 1024
TIMEOUT = 600


def run_background(endpoint: Endpoint, line: str) -> tuple[int, str]:
    """Exit code and the output (stdout and stderr, cleaned, the last MiB)."""
    try:
        done = subprocess.run(["sh", "-c", line], env=environment(endpoint), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT, start_new_session=True)
    except subprocess.TimeoutExpired:
        raise DockerError(ErrorKind.TIMEOUT, f"still running after {TIMEOUT} s: stopped") from None
    except OSError as exc:
        raise DockerError(ErrorKind.CONFIG, f"cannot run sh: {exc.strerror or exc}") from None
    return done.returncode, clean(done.stdout[-MAX_OUTPUT:], keep_newlines=True)


def run_terminal(endpoint: Endpoint, line: str) -> int:
    try:
        return subprocess.run(["sh", "-c", line], env=environment(endpoint)).returncode
    except OSError as exc:
        raise DockerError(ErrorKind.CONFIG, f"cannot run sh: {exc.strerror or exc}") from None

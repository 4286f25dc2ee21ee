"""The ssh program an ssh:// host runs (its own small module: the entry point sets config.toml's
command on every start, and the tunnel's module, with its relay, loads with the first ssh://
host only)."""

from __future__ import annotations

import os
import shlex
from typing import Mapping

from ..domain.errors import DockerError, ErrorKind

_configured: list[str] = ["ssh"]  # config.toml's [ssh] command (set_configured_command)


def set_configured_command(command) -> None:
    """``[ssh] command`` of config.toml (the entry point sets it): used when
    DOCKYARD_SSH_COMMAND is not set (the environment wins, as for DOCKER_HOST)."""
    global _configured
    _configured = [str(w) for w in command] or ["ssh"]


def ssh_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The ssh program and its own options: DOCKYARD_SSH_COMMAND split as a shell would, else
    config.toml's ``[ssh] command``, else ssh."""
    env = os.environ if env is None else env
    raw = (env.get("DOCKYARD_SSH_COMMAND") or "").strip()
    if not raw:
        return list(_configured)
    try:
        words = shlex.split(raw)
    except ValueError as exc:
        raise DockerError(ErrorKind.CONFIG, f"DOCKYARD_SSH_COMMAND: {exc}") from None
    return words or ["ssh"]

"""Run one command in a container and collect its output (no TTY, stdout and stderr as the
daemon interleaves them). Blocking: call from worker threads."""

from __future__ import annotations

from dataclasses import dataclass

import docker
import docker.errors

from ..domain.exec_spec import ExecSpec
from .errors import translate

MAX_OUTPUT = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ExecResult:
    exit_code: int | None
    output: bytes  # raw; the UI sanitises
    truncated: bool = False


def run_once(client: docker.APIClient, cid: str, spec: ExecSpec, limit: int = MAX_OUTPUT) -> ExecResult:
    try:
        exec_id = client.exec_create(
            cid, list(spec.command), stdout=True, stderr=True, stdin=False, tty=False,
            user=spec.user, workdir=spec.workdir or None, environment=list(spec.env) or None,
        )["Id"]
        chunks: list[bytes] = []
        size = 0
        truncated = False
        for chunk in client.exec_start(exec_id, stream=True, demux=False):
            if size < limit:
                chunks.append(chunk[: limit - size])
            else:
                truncated = True
            size += len(chunk)
        code = client.exec_inspect(exec_id).get("ExitCode")
    except docker.errors.APIError as exc:
        raise translate(exc) from None
    return ExecResult(code, b"".join(chunks), truncated or size > limit)

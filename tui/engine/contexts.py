"""Every docker context, read live from ``$DOCKER_CONFIG/contexts/meta/*/meta.json``.

docker-py's own context API lists only ``default`` when ``config.json`` does not exist;
this reads the store directly each time it is called, so a context created while Dockyard
runs is there on the next call. Everything read is sanitised; a broken context is listed
with its error rather than hidden.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Mapping

from ..domain.errors import DockerError
from ..domain.hosts import ContextInfo
from ..domain.sanitize import clean, clean_name
from .endpoint import DEFAULT_HOST, _context_from_config, _normalise, docker_config_dir, resolve

_DEFAULT_DESCRIPTION = "Current DOCKER_HOST based configuration"


def current_context(env: Mapping[str, str] | None = None) -> str:
    """The context the docker CLI would use: DOCKER_CONTEXT, else config.json's, else default."""
    env = os.environ if env is None else env
    try:
        return env.get("DOCKER_CONTEXT") or _context_from_config(docker_config_dir(env)) or "default"
    except DockerError:
        return "default"


def list_contexts(env: Mapping[str, str] | None = None) -> tuple[ContextInfo, ...]:
    """``default`` first, then every stored context by name."""
    env = os.environ if env is None else env
    config_dir = docker_config_dir(env)
    current = current_context(env)
    default_host = _normalise(env["DOCKER_HOST"]) if env.get("DOCKER_HOST") else DEFAULT_HOST
    out = [ContextInfo(name="default", host=clean(default_host), description=_DEFAULT_DESCRIPTION, current=current == "default")]
    meta_root = config_dir / "contexts" / "meta"
    try:
        entries = sorted(p for p in meta_root.iterdir() if p.is_dir())
    except OSError:
        entries = []
    found = [_read(entry, config_dir, current) for entry in entries]
    out += sorted((c for c in found if c is not None and c.name != "default"), key=lambda c: c.name)
    return tuple(out)


def _read(entry: Path, config_dir: Path, current: str) -> ContextInfo | None:
    meta_file = entry / "meta.json"
    try:
        meta = json.loads(meta_file.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return ContextInfo(name=clean_name(entry.name[:12]), host="", error=clean(f"cannot read {meta_file}: {exc}"))
    if not isinstance(meta, dict):
        return ContextInfo(name=clean_name(entry.name[:12]), host="", error=clean(f"{meta_file} is not a JSON object"))
    name = clean_name(str(meta.get("Name") or entry.name[:12]))
    docker_ep = (meta.get("Endpoints") or {}).get("docker") or {}
    if not isinstance(docker_ep, dict):
        docker_ep = {}
    description = ((meta.get("Metadata") or {}) if isinstance(meta.get("Metadata"), dict) else {}).get("Description") or ""
    tls_dir = config_dir / "contexts" / "tls" / entry.name / "docker"
    host = str(docker_ep.get("Host") or "")
    return ContextInfo(
        name=name,
        host=clean(host),
        description=clean(str(description)),
        current=name == current,
        tls_ca=(tls_dir / "ca.pem").is_file(),
        tls_cert=(tls_dir / "cert.pem").is_file(),
        tls_key=(tls_dir / "key.pem").is_file(),
        skip_tls_verify=bool(docker_ep.get("SkipTLSVerify")),
        error="" if host else "the context has no docker endpoint",
    )


def endpoint_for(name: str, env: Mapping[str, str] | None = None):
    """The Endpoint for a context by name (as ``--context NAME``). Raises DockerError(CONFIG)."""
    return resolve(context=name, env=env)

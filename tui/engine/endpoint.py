"""Which daemon to talk to, resolved in the docker CLI's order.

1. the ``--host`` flag, 2. the ``--context`` flag, 3. ``DOCKER_HOST``, 4. ``DOCKER_CONTEXT``,
5. ``currentContext`` in ``$DOCKER_CONFIG/config.json`` (default ``~/.docker``),
6. the platform default socket. An unknown context is an error that names it.

As in the docker CLI, an explicit flag beats any environment variable, and the
"default" context means DOCKER_HOST if set, else the default socket.
TLS from the environment: DOCKER_TLS or DOCKER_TLS_VERIFY (any non-empty value, as
the CLI reads them) turn TLS on, DOCKER_TLS_VERIFY also verifies the daemon;
DOCKER_CERT_PATH alone turns TLS on too (as docker-py does).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..domain.hosts import address_problem
from ..domain.sanitize import clean_name
from .errors import DockerError, ErrorKind

DEFAULT_HOST = "unix:///var/run/docker.sock"


@dataclass(frozen=True, slots=True)
class TLSSettings:
    verify: bool
    ca_cert: str | None = None
    client_cert: str | None = None
    client_key: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    source: str  # "flag", "DOCKER_HOST", "context", "default"
    context: str | None = None
    tls: TLSSettings | None = None
    # Per-host read-only (a host entry's ``readonly = true``): Actions refuse every
    # mutating call before any request, exactly as --readonly does.
    readonly: bool = False
    # The host's configured name ([[hosts]] name, or -H/-c given several times); "" if none.
    name: str = ""
    # The context DOCKER_HOST overrides (the docker CLI warns about it); "" when none.
    overrides: str = ""

    @property
    def key(self) -> str:
        """What names this daemon to the user: configured name, else context, else URL."""
        named = self.context if self.context and self.context != "default" else ""
        return self.name or named or self.host

    def cli_args(self) -> tuple[str, ...]:
        """The docker CLI flags that reach this daemon (none when plain ``docker`` does)."""
        if self.context and self.context != "default" and self.source != "DOCKER_CONTEXT" and self.source != "config":
            return ("--context", self.context)
        if self.source in ("flag", "config-host") and not self.context:
            return ("-H", self.host)
        return ()

    @property
    def transport(self) -> str:
        scheme = self.host.split("://", 1)[0] if "://" in self.host else "unix"
        if scheme == "tcp" and self.tls is not None:
            return "tcp+tls"
        return scheme

    @property
    def is_local(self) -> bool:
        """True when the daemon runs on this machine (so /proc and cgroups are ours to read)."""
        if self.host.startswith(("unix://", "npipe://")):
            return True
        for local in ("tcp://127.", "tcp://localhost", "tcp://[::1]"):
            if self.host.startswith(local):
                return True
        return False

    def describe(self) -> str:
        where = self.host
        if self.context:
            return f"{where} (context {self.context})"
        return where


def docker_config_dir(env: Mapping[str, str]) -> Path:
    if env.get("DOCKER_CONFIG"):
        return Path(env["DOCKER_CONFIG"])
    return Path(env.get("HOME", str(Path.home()))) / ".docker"


def _tls_from_env(env: Mapping[str, str]) -> TLSSettings | None:
    verify = bool(env.get("DOCKER_TLS_VERIFY"))
    cert_path = env.get("DOCKER_CERT_PATH")
    if not verify and not cert_path and not env.get("DOCKER_TLS"):
        return None
    return _tls_files(Path(cert_path) if cert_path else docker_config_dir(env), verify)


def _tls_files(base: Path, verify: bool) -> TLSSettings:
    """ca.pem, cert.pem, key.pem where they exist (a missing CA means the system's)."""

    def pem(name: str) -> str | None:
        return str(base / name) if (base / name).is_file() else None

    return TLSSettings(verify=verify, ca_cert=pem("ca.pem"), client_cert=pem("cert.pem"), client_key=pem("key.pem"))


def _context_from_config(config_dir: Path) -> str | None:
    try:
        data = json.loads((config_dir / "config.json").read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DockerError(ErrorKind.CONFIG, f"cannot read {config_dir / 'config.json'}: {exc}") from exc
    name = data.get("currentContext") if isinstance(data, dict) else None
    return _outside(name) if isinstance(name, str) and name else None


def _context_endpoint(name: str, config_dir: Path, source: str) -> Endpoint:
    import hashlib  # only for a context (OpenSSL's hashes load in ~3 ms; nothing else at start needs them)

    digest = hashlib.sha256(name.encode()).hexdigest()
    meta_file = config_dir / "contexts" / "meta" / digest / "meta.json"
    try:
        meta = json.loads(meta_file.read_text())
    except FileNotFoundError:
        raise DockerError(
            ErrorKind.CONFIG,
            f"context {name!r} not found (no {meta_file}); 'docker context ls' lists the known ones",
        ) from None
    except (OSError, ValueError) as exc:
        raise DockerError(ErrorKind.CONFIG, f"context {name!r}: cannot read {meta_file}: {exc}") from exc
    endpoints = meta.get("Endpoints") if isinstance(meta, dict) else None
    docker_ep = (endpoints if isinstance(endpoints, dict) else {}).get("docker")
    docker_ep = docker_ep if isinstance(docker_ep, dict) else {}
    host = _outside(docker_ep.get("Host")) if isinstance(docker_ep.get("Host"), str) else None
    if not host:
        raise DockerError(ErrorKind.CONFIG, f"context {name!r} has no docker endpoint")
    tls_dir = config_dir / "contexts" / "tls" / digest / "docker"
    tls = None
    if tls_dir.is_dir():
        tls = _tls_files(tls_dir, verify=not docker_ep.get("SkipTLSVerify", False))
    elif host.startswith("tcp://") and docker_ep.get("SkipTLSVerify"):
        tls = TLSSettings(verify=False)
    return Endpoint(host=host, source=source, context=name, tls=tls)


def resolve(
    host: str | None = None,
    context: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Endpoint:
    """Resolve the endpoint as the docker CLI does. Raises DockerError(CONFIG)."""
    env = os.environ if env is None else env
    # Outside text from the flags, the environment and context files: controls made
    # visible here, once, so the header, errors and the connect screen never emit them.
    # A host with a control character is no valid URL; cleaned, it fails visibly.
    host, context = _outside(host), _outside(context)
    # Paths (DOCKER_CONFIG, DOCKER_CERT_PATH, HOME) stay as they are: they are opened, not
    # shown, and the one error that shows them is a DockerError, which cleans its message.
    env = {**env, **{k: _outside(env[k]) for k in ("DOCKER_HOST", "DOCKER_CONTEXT") if env.get(k)}}
    if host and context:
        raise DockerError(ErrorKind.CONFIG, "give either --host or --context, not both")
    if host:
        return Endpoint(host=_parsed(_normalise(host), ""), source="flag", tls=_tls_from_env(env))
    if not context and env.get("DOCKER_HOST"):
        return Endpoint(host=_parsed(_normalise(env["DOCKER_HOST"]), "DOCKER_HOST: "), source="DOCKER_HOST", tls=_tls_from_env(env), overrides=_overridden(env))
    config_dir = docker_config_dir(env)
    name = context or env.get("DOCKER_CONTEXT") or _context_from_config(config_dir)
    source = "flag" if context else ("DOCKER_CONTEXT" if env.get("DOCKER_CONTEXT") else "config")
    if name and name != "default":
        return _context_endpoint(name, config_dir, source)
    if env.get("DOCKER_HOST"):  # only reached with an explicit --context default
        return Endpoint(host=_parsed(_normalise(env["DOCKER_HOST"]), "DOCKER_HOST: "), source=source, context="default", tls=_tls_from_env(env))
    return Endpoint(host=DEFAULT_HOST, source="default", context="default" if name else None)


def _outside(value: str | None) -> str | None:
    """Outside text (flags, environment, context files) with every control made visible."""
    return None if value is None else clean_name(value)


def _overridden(env: Mapping[str, str]) -> str:
    """The non-default context DOCKER_HOST wins over (as the docker CLI warns), or ""."""
    try:
        name = env.get("DOCKER_CONTEXT") or _context_from_config(docker_config_dir(env))
    except DockerError:
        return ""
    return name if name and name != "default" else ""


def _parsed(host: str, where: str) -> str:
    """``host`` if it can name a daemon, else DockerError(CONFIG) saying why: refused at start
    as the docker CLI does ("unable to parse docker host"), not retried on the connect screen."""
    why = address_problem(host)
    if why:
        raise DockerError(ErrorKind.CONFIG, f"{where}cannot parse the daemon address {host!r}: {why}")
    return host


def _normalise(host: str) -> str:
    if host.startswith("/"):
        return "unix://" + host
    if "://" not in host:
        return "tcp://" + host
    return host

"""What a Hosts view shows: docker contexts as configured, and what a probe of a daemon found.

Frozen and sanitised by the engine (tui.engine.contexts, tui.engine.probe), so the UI
renders them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass


SCHEMES = ("unix", "npipe", "tcp", "ssh", "http", "https")


def address_problem(host: str) -> str:
    """Why ``host`` (a URL with its scheme) names no daemon, or "": an unknown scheme, or an
    address or port a client cannot read (as the docker CLI's "unable to parse docker host")."""
    scheme = host.split("://", 1)[0] if "://" in host else ""
    if scheme not in SCHEMES:
        return f"unknown scheme {scheme + '://'!r} (unix://, tcp://, ssh://)"
    if scheme in ("unix", "npipe"):
        return ""
    from urllib.parse import urlsplit

    try:
        _ = urlsplit(host).port  # the address and its port, as the client will read them
    except ValueError as exc:
        return "'[' or ']' outside an [IPv6] address" if "IPv6" in str(exc) else str(exc)
    return ""


def transport_of(host: str, tls: bool = False) -> str:
    scheme = host.split("://", 1)[0] if "://" in host else "unix"
    return "tcp+tls" if scheme == "tcp" and tls else scheme


@dataclass(frozen=True, slots=True)
class ContextInfo:
    """One docker context (``default`` included), as ``docker context ls`` would list it."""

    name: str
    host: str  # the docker endpoint's address ("" when the context has none)
    description: str = ""
    current: bool = False
    tls_ca: bool = False  # ca.pem present in the context's TLS store
    tls_cert: bool = False  # cert.pem present
    tls_key: bool = False  # key.pem present
    skip_tls_verify: bool = False
    error: str = ""  # why the context cannot be used (unreadable meta.json, no docker endpoint)

    @property
    def has_tls(self) -> bool:
        return self.tls_ca or self.tls_cert or self.tls_key or self.skip_tls_verify

    @property
    def transport(self) -> str:
        return transport_of(self.host, self.has_tls) if self.host else ""


@dataclass(frozen=True, slots=True)
class HostProbe:
    """One look at a daemon: versions, a ping's round trip, container counts, or the error."""

    host: str
    transport: str
    engine_version: str = ""
    api_version: str = ""
    ping_ms: float | None = None
    running: int | None = None
    total: int | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True, slots=True)
class HostTarget:
    """One row of the Hosts view: a docker context or a configured ``[[hosts]]`` entry.

    ``key`` names the host everywhere (the configured name, or the context's name);
    ``source`` is "context" or "config".
    """

    key: str
    source: str
    address: str  # the daemon's URL ("" when unknown)
    context: str = ""  # the docker context it goes through, if any
    description: str = ""
    group: str = ""
    readonly: bool = False
    colour: str = ""
    current: bool = False  # the context the docker CLI would use now
    transport: str = ""
    error: str = ""

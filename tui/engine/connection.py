"""Open docker-py low-level clients for an Endpoint, with explicit timeouts.

``Transport`` is what a Session holds: it opens clients for its endpoint and owns whatever
the endpoint needs beside them (for ssh:// the host's ssh child, see ssh_tunnel.py);
``close()`` ends that at once. ``open_client`` serves unix://, tcp:// and tcp+TLS directly.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from .endpoint import Endpoint
from .errors import DockerError, ErrorKind, translate

if TYPE_CHECKING:  # docker-py (with requests and urllib3) loads when the first client opens, not at startup
    import docker
    import docker.tls

    from ..domain.models import Snapshot

# Requests that should answer quickly; streams (events, logs, stats) have no timeout.
REQUEST_TIMEOUT = 10
# Several streams (events, logs, exec) share the pool; the default 10 is too few.
POOL_SIZE = 32


@cache
def _client_class() -> type:
    """The APIClient subclass, made on first use so importing this module loads no docker-py."""
    import docker

    class _Client(docker.APIClient):
        merge_environment_settings = _merge_environment_settings

    return _Client


def _merge_environment_settings(self, url, proxies, stream, verify, cert):
    """An APIClient whose explicit TLS settings the environment cannot replace.

    requests merges REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE into every request when the
    request itself names no ``verify`` (docker-py never does), and that beats the
    session's CA: a context's own CA would silently be swapped for the company bundle.
    Only an explicit CA file or verify=False is kept; plain ``True`` (system CAs) still
    lets the environment name the bundle, as requests users expect. Proxies and the
    rest of the environment are untouched.
    """

    import docker

    settings = docker.APIClient.merge_environment_settings(self, url, proxies, stream, verify, cert)
    if verify is None and self.verify is not True:
        settings["verify"] = self.verify
    return settings


def _tls_config(endpoint: Endpoint) -> docker.tls.TLSConfig | bool:
    tls = endpoint.tls
    if tls is None:
        return False
    cert = (tls.client_cert, tls.client_key) if tls.client_cert and tls.client_key else None
    import docker.errors
    import docker.tls

    try:
        return docker.tls.TLSConfig(client_cert=cert, ca_cert=tls.ca_cert if tls.verify else None, verify=tls.verify)
    except docker.errors.TLSParameterError as exc:
        raise DockerError(ErrorKind.CONFIG, f"TLS settings for {endpoint.host}: {exc}", endpoint.host) from exc


def _pinned(version: str) -> str:
    if version == "auto":
        return os.environ.get("DOCKER_API_VERSION") or "auto"
    return version


def open_client(endpoint: Endpoint, timeout: float = REQUEST_TIMEOUT, version: str = "auto", *, base_url: str | None = None) -> docker.APIClient:
    """Connect and (by default) negotiate the API version. Blocking: call from a worker thread.

    DOCKER_API_VERSION pins the version instead, as it does for the docker CLI. ``base_url``
    replaces the endpoint's address (a transport's local end, e.g. an ssh tunnel's socket)."""
    version = _pinned(version)
    url = base_url or endpoint.host
    if url.startswith("ssh://"):
        raise DockerError(ErrorKind.CONFIG, f"{endpoint.host}: ssh:// is opened through a Transport (its ssh child)", endpoint.host)
    # TLS only means something over TCP; stray DOCKER_CERT_PATH must not break a unix socket.
    tls = _tls_config(endpoint) if url.startswith("tcp://") else False
    if tls:
        url = "https://" + url[len("tcp://"):]
    try:
        return _client_class()(base_url=url, version=version, timeout=timeout, tls=tls, max_pool_size=POOL_SIZE)
    except Exception as exc:  # docker-py raises DockerException wrapping the cause
        raise translate(exc, endpoint.host, tls=endpoint.tls) from None


def open_lite(endpoint: Endpoint, path: str, timeout: float = REQUEST_TIMEOUT, version: str = "auto", keep_idle: int | None = None):
    """A LiteClient on the unix socket ``path`` (see ``Transport.open``); docker-py's client
    behind it opens on the same socket and version when first needed."""
    from .lite_client import LiteClient

    def full(negotiated: str) -> docker.APIClient:
        return open_client(endpoint, timeout, negotiated, base_url="unix://" + path)

    try:
        kept = {} if keep_idle is None else {"keep_idle": keep_idle}
        return LiteClient(path, timeout=timeout, version=_pinned(version), full=full, **kept)
    except Exception as exc:
        raise translate(exc, endpoint.host, tls=endpoint.tls) from None


class Transport:
    """Opens clients for one endpoint; for ssh:// it owns the host's one ssh child."""

    def __init__(self, endpoint: Endpoint, env=None) -> None:
        self.endpoint = endpoint
        self.tunnel = None
        if endpoint.transport == "ssh":
            from .ssh_tunnel import SshTunnel

            self.tunnel = SshTunnel(endpoint.host, env=env)

    def open(self, timeout: float = REQUEST_TIMEOUT, version: str = "auto") -> docker.APIClient:
        """A client for the endpoint. Over a unix socket (the endpoint's own or the ssh
        tunnel's local end) it is a LiteClient: the dashboard's reads without docker-py,
        which loads on the first other call (lite_client.py)."""
        if self.tunnel is None:
            path = self.endpoint.host[len("unix://"):] if self.endpoint.host.startswith("unix://") else None
        else:
            path = self.tunnel.ensure()
        if path is None:
            return open_client(self.endpoint, timeout, version)
        keep_idle = None
        if self.tunnel is not None and self.tunnel.mode == "dial-stdio":
            from . import lite_client

            keep_idle = lite_client.KEEP_IDLE_DIAL_STDIO  # each kept one is an ssh session
        return open_lite(self.endpoint, path, timeout, version, keep_idle)

    def first_snapshot(self, timeout: float = REQUEST_TIMEOUT) -> Snapshot | None:
        """The first listing without docker-py (first_list.py) over a unix socket: the
        endpoint's own or the ssh tunnel's local end. None over TCP, or on any trouble."""
        try:
            if self.tunnel is not None:
                path = self.tunnel.ensure()
            elif self.endpoint.host.startswith("unix://"):
                path = self.endpoint.host[len("unix://"):]
            else:
                return None
        except DockerError:
            return None
        from .first_list import snapshot

        return snapshot(path, timeout)

    def describe(self) -> str:
        """How the daemon is reached, for status lines: "unix", "tcp+tls", "ssh (forward)"…"""
        if self.tunnel is not None and self.tunnel.mode:
            return f"ssh ({self.tunnel.mode})"
        return self.endpoint.transport

    def children(self) -> list[int]:
        return self.tunnel.children() if self.tunnel is not None else []

    def close(self) -> None:
        if self.tunnel is not None:
            self.tunnel.close()

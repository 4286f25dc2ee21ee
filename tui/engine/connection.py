"""Open a docker-py low-level client for an Endpoint, with explicit timeouts."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .endpoint import Endpoint
from .errors import DockerError, ErrorKind, translate

if TYPE_CHECKING:  # docker-py loads when the first client is opened (the pump's thread), not at import
    import docker
    import docker.tls

# Requests that should answer quickly; streams (events, logs, stats) have no timeout.
REQUEST_TIMEOUT = 10
# Several streams (events, logs, exec) share the pool; the default 10 is too few.
POOL_SIZE = 32


def _tls_config(endpoint: Endpoint) -> docker.tls.TLSConfig | bool:
    tls = endpoint.tls
    if tls is None:
        return False
    import docker.errors
    import docker.tls

    cert = (tls.client_cert, tls.client_key) if tls.client_cert and tls.client_key else None
    try:
        return docker.tls.TLSConfig(client_cert=cert, ca_cert=tls.ca_cert if tls.verify else None, verify=tls.verify)
    except docker.errors.TLSParameterError as exc:
        raise DockerError(ErrorKind.CONFIG, f"TLS settings for {endpoint.host}: {exc}", endpoint.host) from exc


def open_client(endpoint: Endpoint, timeout: float = REQUEST_TIMEOUT, version: str = "auto") -> docker.APIClient:
    """Connect and (by default) negotiate the API version. Blocking: call from a worker thread.

    DOCKER_API_VERSION pins the version instead, as it does for the docker CLI."""
    if version == "auto":
        version = os.environ.get("DOCKER_API_VERSION") or "auto"
    import docker

    base_url = endpoint.host
    # TLS only means something over TCP; stray DOCKER_CERT_PATH must not break a unix socket.
    tls = _tls_config(endpoint) if base_url.startswith("tcp://") else False
    if tls:
        base_url = "https://" + base_url[len("tcp://"):]
    try:
        return docker.APIClient(
            base_url=base_url,
            version=version,
            timeout=timeout,
            tls=tls,
            max_pool_size=POOL_SIZE,
            use_ssh_client=base_url.startswith("ssh://"),
        )
    except Exception as exc:  # docker-py raises DockerException wrapping the cause
        raise translate(exc, endpoint.host) from None

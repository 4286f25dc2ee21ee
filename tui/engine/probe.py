"""One look at a daemon for a Hosts view: versions, ping round trip, container counts.

Blocking (call from a worker thread). Never raises: a failure is the probe's ``error``.
Pass a live Session's ``transport`` to reuse its connection (and, for ssh, its one ssh
child); otherwise a transport is opened for the probe and closed after it.
"""

from __future__ import annotations

import time

from ..domain.errors import DockerError
from ..domain.hosts import HostProbe
from ..domain.sanitize import clean
from .connection import Transport
from .endpoint import Endpoint
from .errors import translate

PROBE_TIMEOUT = 5.0


def probe(endpoint: Endpoint, transport: Transport | None = None, timeout: float = PROBE_TIMEOUT) -> HostProbe:
    own = transport is None
    transport = transport or Transport(endpoint)
    client = None
    try:
        client = transport.open(timeout=timeout)
        started = time.perf_counter()
        client.ping()
        ping_ms = (time.perf_counter() - started) * 1000
        version = client.version(api_version=False)
        info = client.info()
        return HostProbe(
            host=endpoint.host,
            transport=transport.describe(),
            engine_version=clean(str(version.get("Version") or "")),
            api_version=clean(str(version.get("ApiVersion") or client.api_version)),
            ping_ms=ping_ms,
            running=int(info.get("ContainersRunning") or 0),
            total=int(info.get("Containers") or 0),
        )
    except Exception as exc:
        err = exc if isinstance(exc, DockerError) else translate(exc, endpoint.host, tls=endpoint.tls)
        return HostProbe(host=endpoint.host, transport=transport.describe(), error=err.message)
    finally:
        if client is not None:
            try:
                client.close()
            except Exception:
                pass
        if own:
            transport.close()

"""The first listing of a daemon behind a unix socket, before the pump's client opens.

At start the dashboard waits for one thing from the daemon: the listing. It is read here by
a LiteClient (lite_client.py: plain HTTP GETs on an ``AF_UNIX`` socket, docker-py's paths,
query and negotiated version, DOCKER_API_VERSION pinning it as for the docker CLI), parsed by
the same ``domain.parse``, while the UI thread is still importing Textual. Anything
unexpected (no socket, permission, an error status, a body that is not JSON) returns None and
the pump's usual road reports it. The pump still opens the event stream and lists again right
after the first paint; this listing only puts rows on the first screen sooner.
"""

from __future__ import annotations

import os

from ..domain.models import Snapshot
from .listing import list_all
from .lite_client import LiteClient


def snapshot(socket_path: str, timeout: float) -> Snapshot | None:
    """Everything the dashboard shows first, or None when anything at all goes wrong."""
    try:
        client = LiteClient(socket_path, timeout=timeout, version=os.environ.get("DOCKER_API_VERSION") or "auto", oneshot=True)
        # the negotiation's /version answer serves the daemon bar: one request fewer
        return list_all(client, version=client.server_version or client.version(api_version=False))
    except Exception:  # the pump's docker-py road meets the same trouble and reports it
        return None

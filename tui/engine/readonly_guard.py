"""Read-only at the transport: a client that sends nothing but GET and HEAD.

``Actions`` refuses its mutating methods in read-only mode, but a few engine paths take
the client directly (exec and attach hijack a POST; a future feature may add another).
In read-only mode the session wraps every client it is handed, so whatever asks for a
POST, PUT or DELETE — a screen, a key the UI forgot to hide, a remote viewer of
``dockyard serve`` — gets a ReadOnlyError and the daemon never sees the request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docker-py loads on the first connection, in the pump's thread: not on the UI's import path
    import docker

from .actions import ReadOnlyError

SAFE_METHODS = frozenset({"GET", "HEAD"})


def guard(client: docker.APIClient) -> docker.APIClient:
    """Make ``client`` refuse every request that is not a GET or HEAD (idempotent)."""
    from .lite_client import LiteClient

    if isinstance(client, LiteClient):  # it sends only GETs; docker-py's client behind it is guarded when it opens
        client.guard_full = guard
        if client._full is not None:  # already open
            guard(client._full)
        return client
    if getattr(client, "_dockyard_readonly", False):
        return client
    original = client.request  # requests.Session.request: every docker-py call ends here

    def request(method, url, *args, **kwargs):
        if str(method).upper() not in SAFE_METHODS:
            path = urlsplit(str(url)).path
            raise ReadOnlyError(f"{str(method).upper()} {path}")
        return original(method, url, *args, **kwargs)

    client.request = request
    client._dockyard_readonly = True
    return client

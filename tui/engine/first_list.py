"""The first listing of a daemon behind a unix socket, with the standard library only.

At start the dashboard waits for one thing from the daemon: the listing. Reading it
through docker-py means importing docker-py, requests and urllib3 first (about 0.1 s of
CPU on the machine the benchmark runs on), in the pump's thread, while the UI thread is
importing Textual: the two share the GIL, so the listing and the first frame both wait.
Six GETs over a unix socket need none of it: ``http.client`` on an ``AF_UNIX`` socket.

The answer is the same JSON docker-py would hand back (the same paths, the same query,
the version negotiated as docker-py's ``version="auto"`` does, DOCKER_API_VERSION pinning
it as for the docker CLI), parsed by the same ``domain.parse``. Anything unexpected
(no socket, permission, an error status, a body that is not JSON) returns None and the
pump's usual road, through docker-py, reports it. The pump still opens the event stream
and lists again through docker-py right after; this listing only puts rows on the first
screen sooner.
"""

from __future__ import annotations

import http.client
import json
import os
import socket

from ..domain import parse
from ..domain.models import Snapshot

# docker-py's own query for ``containers(all=True)``: every container, no sizes, the full command.
CONTAINERS = "/containers/json?limit=-1&all=1&size=0&trunc_cmd=0"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self._path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class _Refused(Exception):
    """The daemon answered something other than 200 with JSON."""


def _get(conn: _UnixConnection, path: str):
    conn.request("GET", path, headers={"Host": "docker"})
    res = conn.getresponse()
    body = res.read()
    if res.status != 200:
        raise _Refused(f"{path}: {res.status}")
    return json.loads(body)


def snapshot(socket_path: str, timeout: float) -> Snapshot | None:
    """Everything the dashboard shows first, or None when anything at all goes wrong."""
    conn = _UnixConnection(socket_path, timeout)
    try:
        version = _get(conn, "/version")
        api = os.environ.get("DOCKER_API_VERSION") or str(version.get("ApiVersion") or "")
        prefix = f"/v{api}" if api else ""
        containers = _get(conn, prefix + CONTAINERS)
        images = _get(conn, prefix + "/images/json?only_ids=0&all=0")
        networks = _get(conn, prefix + "/networks")
        volumes = (_get(conn, prefix + "/volumes") or {}).get("Volumes") or []
        info = _get(conn, prefix + "/info")
        return parse.snapshot(containers, images, networks, volumes, parse.info_from_api(info, version))
    except Exception:  # the pump's docker-py road meets the same trouble and reports it
        return None
    finally:
        conn.close()

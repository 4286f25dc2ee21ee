"""Read-only at the transport: a read-only session's client sends only GET and HEAD,
whatever asks (exec and attach take the client directly, not through Actions)."""

from __future__ import annotations

import pytest

from tests.support.daemon_proxy import DaemonProxy, upstream_from_env
from tui.engine.actions import ReadOnlyError
from tui.engine.connection import open_client
from tui.engine.endpoint import resolve
from tui.engine.exec_shell import pick_shell
from tui.engine.readonly_guard import guard
from tui.engine.session import Session

pytestmark = pytest.mark.daemon


def test_a_guarded_client_reads_and_refuses_everything_else(bed, daemon_client):
    cid = bed.run("guarded")
    with DaemonProxy(upstream_from_env()).start() as proxy:
        client = guard(guard(open_client(resolve(host=proxy.url))))
        assert client.inspect_container(cid)["State"]["Running"]
        assert client.ping()
        calls = [
            lambda: client.stop(cid),
            lambda: client.kill(cid),
            lambda: client.pause(cid),
            lambda: client.remove_container(cid, force=True),
            lambda: client.exec_create(cid, ["sh"]),
            lambda: client.create_container(bed.image, ["true"]),
            lambda: client.prune_containers(),
            lambda: pick_shell(client, cid),
        ]
        for call in calls:
            with pytest.raises(ReadOnlyError):
                call()
        assert {r.method for r in proxy.requests} <= {"GET", "HEAD"}
        client.close()
    assert daemon_client.inspect_container(cid)["State"]["Running"]


def test_a_readonly_session_guards_the_client_it_is_handed(bed):
    cid = bed.run("session")
    session = Session(resolve(), lambda change: None, readonly=True)
    session._set_client(open_client(resolve()))
    with pytest.raises(ReadOnlyError):
        session.client.restart(cid)
    writable = Session(resolve(), lambda change: None)
    writable._set_client(open_client(resolve()))
    assert not getattr(writable.client, "_dockyard_readonly", False)
    session.client.close()
    writable.client.close()

"""A frozen daemon (SIGSTOP of a bed dockerd) is reported as not responding, on every
transport, well before the user gives up; close() stays instant while it is frozen."""

from __future__ import annotations

import time

import pytest

from tests.remote.conftest import bed_var, frozen, main_dockerd_pidfile
from tui.domain import changes as ch

pytestmark = pytest.mark.daemon

# The promise: "not responding" within 8 s of the daemon freezing.
REPORT_WITHIN = 8.0


@pytest.fixture(params=["unix", "tls", "ssh"])
def transport_case(request):
    if request.param == "unix":
        from tui.engine.endpoint import resolve

        return resolve(host=bed_var("DOCKER_HOST"), env={}), main_dockerd_pidfile()
    if request.param == "tls":
        return request.getfixturevalue("tls_endpoint"), bed_var("DOCKYARD_TEST_TLS_PIDFILE")
    return request.getfixturevalue("ssh_endpoint"), main_dockerd_pidfile()


def test_frozen_daemon_is_not_responding_then_live_again(transport_case, start_session):
    endpoint, pidfile = transport_case
    session, rec = start_session(endpoint)
    rec.wait_resynced(timeout=20)
    # Let the watchdog make its first ping (it keeps a client for pings).
    time.sleep(0.5)
    mark = rec.mark()
    with frozen(pidfile):
        started = time.monotonic()
        change = rec.wait_for(
            lambda c: isinstance(c, ch.ConnectionChanged) and c.state == "not-responding",
            after=mark, timeout=REPORT_WITHIN, what=f"not-responding over {endpoint.transport}",
        )  # fmt: skip
        assert change.endpoint == endpoint.host
        assert time.monotonic() - started <= REPORT_WITHIN
        mark = rec.mark()
    rec.wait_for(lambda c: isinstance(c, ch.ConnectionChanged) and c.state == "live", after=mark, timeout=15, what="live again")


def test_close_returns_at_once_while_the_daemon_is_frozen(ssh_endpoint, start_session):
    session, rec = start_session(ssh_endpoint)
    rec.wait_resynced(timeout=20)
    with frozen(main_dockerd_pidfile()):
        time.sleep(0.5)
        started = time.monotonic()
        session.close()
        took = time.monotonic() - started
    # Generous: "instant" means it does not wait for the daemon (or for ssh) at all.
    assert took < 2.0, took

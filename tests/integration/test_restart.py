"""Stop and start the isolated dockerd under a running pump: disconnected, then resynced exactly."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.daemon import wait_for
from tui.domain import changes as ch

TESTBED = os.environ.get("DOCKYARD_TESTBED_DIR")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "testbed"

pytestmark = pytest.mark.skipif(
    not TESTBED, reason="needs the isolated dockerd of ./scripts/test (DOCKYARD_TESTBED_DIR); a shared daemon is not restarted"
)


def _testbed(command: str) -> None:
    subprocess.run([str(SCRIPT), command, TESTBED], check=True, timeout=90, capture_output=True)


@pytest.fixture
def daemon_restarter(daemon_client):
    """Stops dockerd on request; always leaves it running for the tests that follow."""
    stopped = []

    def stop():
        stopped.append(True)
        _testbed("stop-dockerd")

    def start():
        _testbed("start-dockerd")
        stopped.clear()

    yield stop, start
    if stopped:
        _testbed("start-dockerd")
    wait_for(lambda: _pings(daemon_client), timeout=30, interval=0.2, what="the daemon to answer again")


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def test_daemon_restart_is_seen_and_state_relisted(bed, pump, daemon_restarter, daemon_client):
    stop_daemon, start_daemon = daemon_restarter
    _, rec = pump
    running = bed.run("running")
    exited = bed.run("exited", "true")
    rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == running and c.container.is_running)
    rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == exited and c.container.state == "exited")
    mark = rec.mark()

    stopping = time.monotonic()
    stop_daemon()
    lost = rec.wait_for(
        lambda c: isinstance(c, ch.ConnectionChanged) and c.state in ("reconnecting", "lost"), timeout=3, after=mark,
        what="the pump to notice the daemon is gone",
    )
    assert lost.reason, lost
    assert time.monotonic() - stopping < 30  # stop-dockerd itself waits for dockerd to exit

    # While it is down, the pump keeps retrying without listing anything.
    down = rec.mark()
    time.sleep(1.0)
    assert not any(isinstance(c, ch.Resynced) for c in rec.since(down))

    start_daemon()
    back = rec.mark()
    fresh = bed.run("fresh")  # made right after the restart
    resynced = rec.wait_resynced(timeout=20, after=mark)
    containers = {c.id: c for c in resynced.snapshot.containers}
    # dockerd stops its containers on shutdown: the relisted state must say so
    assert containers[running].state == "exited", containers[running]
    assert containers[exited].state == "exited"
    assert bed.name("running") == containers[running].name

    # The new container arrives, through the resync or the events that follow it.
    def fresh_running():
        if fresh in {c.id for c in resynced.snapshot.containers if c.is_running}:
            return True
        return any(isinstance(c, ch.ContainerChanged) and c.container.id == fresh and c.container.is_running for c in rec.since(back))

    wait_for(fresh_running, timeout=10, what="the container created after the restart")

    # Events flow again after the reconnect (since= the last event worked).
    after = rec.mark()
    daemon_client.start(running)
    rec.wait_for(
        lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == running and c.container.is_running, after=after,
        what="a change after the restart",
    )
    states = [c.state for c in rec.since(mark) if isinstance(c, ch.ConnectionChanged)]
    assert states[0] in ("reconnecting", "lost") and "reconnecting" in states, states

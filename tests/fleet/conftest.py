"""Fleet fixtures: the bed's extra private dockerds (scripts/testbed up-hosts / up-twins,
started on demand once per test session and stopped by the bed's ``down``), plus the
remote bed's fixtures (contexts, TLS certificates, ssh config)."""

from __future__ import annotations

import os
import subprocess

from pathlib import Path

import pytest

from tests.remote.conftest import bed_var, docker_config, ssh_env, tls_certs  # noqa: F401
from tests.support.daemon import new_prefix
from tests.support.pump import Recorder

REPO = Path(__file__).resolve().parents[2]
FLEET_SIZE = 4


def _testbed(*args: str) -> dict[str, str]:
    out = subprocess.run([str(REPO / "scripts" / "testbed"), *args], check=True, capture_output=True, text=True, timeout=120).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


@pytest.fixture(scope="session")
def fleet_sockets() -> list[str]:
    """At least four private dockerds beside the bed's own (unix:// URLs)."""
    have = [h for h in os.environ.get("DOCKYARD_TEST_FLEET_HOSTS", "").split(",") if h]
    if len(have) < FLEET_SIZE:
        found = _testbed("up-hosts", bed_var("DOCKYARD_TESTBED_DIR"), str(FLEET_SIZE - len(have)))
        have = found["DOCKYARD_TEST_FLEET_HOSTS"].split(",")
        os.environ["DOCKYARD_TEST_FLEET_HOSTS"] = ",".join(have)
    return have[:FLEET_SIZE]


@pytest.fixture(scope="session")
def twin_hosts() -> tuple[list[str], str]:
    """Two daemons started from copies of one data-root: the same container id on both."""
    if not os.environ.get("DOCKYARD_TEST_TWIN_HOSTS"):
        found = _testbed("up-twins", bed_var("DOCKYARD_TESTBED_DIR"))
        os.environ.update(found)
    return os.environ["DOCKYARD_TEST_TWIN_HOSTS"].split(","), os.environ["DOCKYARD_TEST_TWIN_ID"]


def host_number(socket_url: str) -> str:
    """K of .../hosts/hostK/docker.sock (for testbed stop-host / start-host)."""
    return Path(socket_url[len("unix://"):]).parent.name[len("host"):]


def pidfile(socket_url: str) -> str:
    return str(Path(socket_url[len("unix://"):]).parent / "docker.pid")


def stop_host(socket_url: str) -> None:
    _testbed("stop-host", bed_var("DOCKYARD_TESTBED_DIR"), host_number(socket_url))


def start_host(socket_url: str) -> None:
    _testbed("start-host", bed_var("DOCKYARD_TESTBED_DIR"), host_number(socket_url))


@pytest.fixture
def fleet_clients(fleet_sockets):
    """A docker client and an object bed (unique prefix, cleaned up) per fleet host."""
    import docker

    from tests.support.daemon import Bed

    prefix = new_prefix()
    out = []
    for url in fleet_sockets:
        client = docker.APIClient(base_url=url, version="auto", timeout=30)
        out.append((url, client, Bed(client, prefix)))
    yield out
    for _, client, b in out:
        try:
            b.cleanup()
        except Exception:
            pass
        client.close()


class FleetRecorder:
    """emit(host, change) -> one Recorder per host."""

    def __init__(self) -> None:
        self.by_host: dict[str, Recorder] = {}

    def __call__(self, host: str, change: object) -> None:
        self.host(host)(change)

    def host(self, key: str) -> Recorder:
        return self.by_host.setdefault(key, Recorder())


@pytest.fixture
def start_fleet():
    from tui.engine.fleet import Fleet

    fleets = []

    def start(hosts, **kwargs):
        rec = FleetRecorder()
        for key, _ in hosts:
            rec.host(key)
        kwargs.setdefault("stats_interval", 0.5)
        fleet = Fleet(rec, **kwargs)
        fleets.append(fleet)
        fleet.add_all(hosts)
        return fleet, rec

    yield start
    for f in fleets:
        f.close()
    for f in fleets:
        f.join(5)


def wait(predicate, timeout=10.0, what="condition"):
    from tests.support.daemon import wait_for

    return wait_for(predicate, timeout=timeout, what=what)




"""Swarm fixtures: a real two-node swarm of the bed (scripts/testbed up-swarm: a manager and a
worker dockerd on distinct loopback addresses), started on demand once per test session and
stopped by the bed's ``down``. Services are made with docker-py's ``create_service`` (the image
is not resolved against a registry: both nodes have the test image loaded)."""

from __future__ import annotations

import os
import subprocess
import time

from pathlib import Path

import pytest

from tests.remote.conftest import bed_var
from tests.support.daemon import TEST_IMAGE, new_prefix, wait_for

REPO = Path(__file__).resolve().parents[2]
# A loop that ends at once on SIGTERM: an update or rollback does not wait out the grace period.
LOOP = "trap 'exit 0' TERM; while true; do echo \"tick $(hostname)\"; sleep 0.3 & wait; done"


def _testbed(*args: str) -> dict[str, str]:
    out = subprocess.run([str(REPO / "scripts" / "testbed"), *args], check=True, capture_output=True, text=True, timeout=120).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


@pytest.fixture(scope="session")
def swarm() -> dict[str, str]:
    """manager / worker socket URLs and pidfiles of the bed's two-node swarm."""
    if not os.environ.get("DOCKYARD_TEST_SWARM_MANAGER"):
        os.environ.update(_testbed("up-swarm", bed_var("DOCKYARD_TESTBED_DIR")))
    return {
        "manager": os.environ["DOCKYARD_TEST_SWARM_MANAGER"],
        "worker": os.environ["DOCKYARD_TEST_SWARM_WORKER"],
        "manager_pid": os.environ["DOCKYARD_TEST_SWARM_MANAGER_PIDFILE"],
        "worker_pid": os.environ["DOCKYARD_TEST_SWARM_WORKER_PIDFILE"],
    }


class SwarmBed:
    """Services (and stack networks/configs/secrets) under a unique prefix, removed afterwards."""

    def __init__(self, manager, worker) -> None:
        self.manager = manager
        self.worker = worker
        self.prefix = new_prefix()

    def service(self, name: str, replicas: int = 2, *, mode: str = "replicated", stack: str = "", networks=None,
                command: str = LOOP, constraints=None) -> dict:
        from docker.types import ContainerSpec, EndpointSpec, Placement, RollbackConfig, ServiceMode, TaskTemplate, UpdateConfig

        labels = {"com.docker.stack.namespace": stack} if stack else {}
        spec = TaskTemplate(
            ContainerSpec(TEST_IMAGE, ["sh", "-c", command], labels=labels, stop_grace_period=1_000_000_000),
            networks=networks, placement=Placement(constraints=constraints) if constraints else None,
        )
        full = f"{stack}_{name}" if stack else self.prefix + name
        self.manager.create_service(
            spec, name=full, labels=labels, mode=ServiceMode(mode, replicas if mode == "replicated" else None),
            update_config=UpdateConfig(parallelism=0, monitor=200_000_000),
            rollback_config=RollbackConfig(parallelism=0, monitor=200_000_000),
            endpoint_spec=EndpointSpec(),
        )
        return self.manager.inspect_service(full)

    def running(self, name: str) -> int:
        tasks = self.manager.tasks(filters={"service": name, "desired-state": "running"})
        return sum(1 for t in tasks if t["Status"]["State"] == "running")

    def cleanup(self) -> None:
        for s in self.manager.services():
            name = s["Spec"]["Name"]
            labels = s["Spec"].get("Labels") or {}
            if name.startswith(self.prefix) or labels.get("com.docker.stack.namespace", "").startswith(self.prefix):
                try:
                    self.manager.remove_service(s["ID"])
                except Exception:
                    pass
        for n in self.manager.networks(filters={"label": "com.docker.stack.namespace"}):
            if n["Name"].startswith(self.prefix):
                try:
                    self.manager.remove_network(n["Id"])
                except Exception:
                    pass
        for c in self.manager.configs():
            if c["Spec"]["Name"].startswith(self.prefix):
                try:
                    self.manager.remove_config(c["ID"])
                except Exception:
                    pass
        for s in self.manager.secrets():
            if s["Spec"]["Name"].startswith(self.prefix):
                try:
                    self.manager.remove_secret(s["ID"])
                except Exception:
                    pass
        for node in self.manager.nodes():  # a test may have drained a node
            if node["Spec"].get("Availability") != "active":
                spec = dict(node["Spec"], Availability="active")
                try:
                    self.manager.update_node(node["ID"], node["Version"]["Index"], spec)
                except Exception:
                    pass
        # The tasks' containers go with their service, a moment later
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            left = [c for cl in (self.manager, self.worker) for c in cl.containers(all=True, filters={"label": "com.docker.swarm.service.id"})
                    if self.prefix in (c.get("Names") or [""])[0]]
            if not left:
                break
            time.sleep(0.1)


@pytest.fixture
def swarm_bed(swarm):
    import docker

    manager = docker.APIClient(base_url=swarm["manager"], version="1.41", timeout=30)
    worker = docker.APIClient(base_url=swarm["worker"], version="1.41", timeout=30)
    b = SwarmBed(manager, worker)
    yield b
    b.cleanup()
    manager.close()
    worker.close()


__all__ = ["swarm", "swarm_bed", "wait_for", "SwarmBed"]

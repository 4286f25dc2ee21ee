"""Helpers for tests against the isolated real daemon started by ./scripts/test."""

from __future__ import annotations

import os
import time
import uuid
from typing import Callable

import docker

TEST_IMAGE = os.environ.get("DOCKYARD_TEST_IMAGE", "dockyard-test/busybox:latest")


def docker_host() -> str | None:
    return os.environ.get("DOCKER_HOST")


def require_daemon() -> bool:
    return os.environ.get("DOCKYARD_TEST_REQUIRE_DAEMON") == "1"


def new_prefix() -> str:
    return f"dyt-{uuid.uuid4().hex[:8]}-"


# CI machines are busy: a deadline is how long a test waits before it calls a behaviour
# missing, never a speed claim. Each is stretched by this factor (a listing by exec took
# more than 10 s under a load average of ~40 on two cores; a Swarm service's followed log
# through the manager more than 10 s with a CPU-heavy process beside the suite); a passing
# test waits no longer. The UI tests' ``until`` (tests/conftest.py) uses the same factor.
DEADLINE_SCALE = 3.0


def wait_for(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.05, what: str = "condition"):
    """Poll until predicate() is truthy; return its value or raise AssertionError."""
    timeout *= DEADLINE_SCALE
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)


class Bed:
    """Creates objects under a unique name prefix and removes them all afterwards."""

    def __init__(self, client: docker.APIClient, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self.image = TEST_IMAGE

    def name(self, suffix: str) -> str:
        return f"{self.prefix}{suffix}"

    def run(self, suffix: str, command: str | list[str] = "sleep 100000", *, start: bool = True, **create_kwargs) -> str:
        """Create (and start) a container; returns its id. Traps TERM so stop is quick."""
        if isinstance(command, str):
            command = ["sh", "-c", f"trap 'exit 0' TERM; {command} & wait"]
        host_config_keys = ("port_bindings", "binds", "network_mode", "restart_policy", "mem_limit", "privileged", "cap_add", "cap_drop", "read_only", "tmpfs", "ulimits", "pid_mode")
        hc = {k: create_kwargs.pop(k) for k in host_config_keys if k in create_kwargs}
        if hc:
            create_kwargs["host_config"] = self.client.create_host_config(**hc)
        c = self.client.create_container(self.image, command, name=self.name(suffix), **create_kwargs)
        if start:
            self.client.start(c["Id"])
        return c["Id"]

    def network(self, suffix: str, **kwargs) -> str:
        return self.client.create_network(self.name(suffix), **kwargs)["Id"]

    def volume(self, suffix: str, **kwargs) -> str:
        return self.client.create_volume(self.name(suffix), **kwargs)["Name"]

    def cleanup(self) -> None:
        c = self.client
        for ct in c.containers(all=True, filters={"name": self.prefix}):
            try:
                c.remove_container(ct["Id"], force=True, v=True)
            except docker.errors.APIError:
                pass
        for net in c.networks(names=[self.prefix]):
            if net["Name"].startswith(self.prefix):
                try:
                    c.remove_network(net["Id"])
                except docker.errors.APIError:
                    pass
        for vol in (c.volumes(filters={"name": self.prefix}) or {}).get("Volumes") or []:
            if vol["Name"].startswith(self.prefix):
                try:
                    c.remove_volume(vol["Name"], force=True)
                except docker.errors.APIError:
                    pass
        for img in c.images():
            for tag in img.get("RepoTags") or []:
                if tag.split("/")[-1].startswith(self.prefix) or tag.startswith(self.prefix):
                    try:
                        c.remove_image(tag, force=True)
                    except docker.errors.APIError:
                        pass

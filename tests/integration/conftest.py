"""Fixtures for engine tests against the isolated daemon."""

from __future__ import annotations

import os

import pytest

from tests.support.daemon import docker_host
from tests.support.pump import running_pump
from tui.engine.actions import Actions


@pytest.fixture
def endpoint(daemon_client):
    """The test daemon's endpoint, resolved as the app does (DOCKER_HOST)."""
    from tui.engine.endpoint import resolve

    ep = resolve(env={"DOCKER_HOST": docker_host()})
    assert ep.source == "DOCKER_HOST"
    return ep


@pytest.fixture
def pump(endpoint):
    """A running EventPump that has listed once: yields (pump, recorder)."""
    with running_pump(endpoint) as (p, recorder):
        recorder.wait_resynced()
        yield p, recorder


@pytest.fixture
def actions(daemon_client):
    """Actions on the test daemon's client (images, networks, volumes, compose tests)."""
    return Actions(lambda: daemon_client, os.environ.get("DOCKER_HOST", ""))


@pytest.fixture
def readonly_actions(daemon_client):
    return Actions(lambda: daemon_client, os.environ.get("DOCKER_HOST", ""), readonly=True)


@pytest.fixture
def registry() -> str:
    addr = os.environ.get("DOCKYARD_TEST_REGISTRY")
    if not addr:
        pytest.fail("DOCKYARD_TEST_REGISTRY is not set: run under ./scripts/test")
    return addr


@pytest.fixture
def compose_project(tmp_path, daemon_client):
    from tests.integration.compose_project import project_fixture

    project = project_fixture(tmp_path)
    yield project
    project.down()

"""Fixtures for engine tests against the isolated daemon."""

from __future__ import annotations

import pytest

from tests.support.daemon import docker_host
from tests.support.pump import running_pump


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

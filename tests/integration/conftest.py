"""Fixtures for engine tests: an Actions object on the isolated daemon."""

from __future__ import annotations

import os

import pytest

from tui.engine.actions import Actions


@pytest.fixture
def actions(daemon_client):
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

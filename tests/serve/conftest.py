"""Fixtures for dockyard serve: the server against the isolated daemon, a real browser."""

from __future__ import annotations

import pytest

from tests.support.daemon import docker_host, require_daemon
from tests.support.serve import Browser, ServeProcess, browser_available


@pytest.fixture
def serve(daemon_client):
    """serve(*args, host=...) -> a started ServeProcess (stopped after the test)."""
    started: list[ServeProcess] = []

    def start(*args: str, host: str | None = None) -> ServeProcess:
        server = ServeProcess(*args, host=host or docker_host())
        started.append(server)  # stopped after the test even when its start fails
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def browser():
    if not browser_available():
        if require_daemon():
            pytest.fail("chromium and chromedriver are missing although ./scripts/test installs them (scripts/testbed)")
        pytest.skip("no chromium/chromedriver (apt-get install chromium chromium-driver)")
    b = Browser()
    yield b
    b.quit()

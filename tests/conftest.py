"""Shared fixtures. Daemon tests run against the isolated dockerd that ./scripts/test
starts (DOCKER_HOST points at it). Under ./scripts/test a missing daemon is a failure,
never a skip (DOCKYARD_TEST_REQUIRE_DAEMON=1)."""

from __future__ import annotations

from tui import lean_code

# The suite runs the code the command runs: what loads from here on (Textual, Rich,
# docker-py, ours) without its functions' docstrings (tui/lean_code.py, tui/entry.py).
lean_code.install()

import asyncio  # noqa: E402
import time  # noqa: E402

import docker  # noqa: E402
import pytest  # noqa: E402

from tests.support.daemon import DEADLINE_SCALE, TEST_IMAGE, Bed, docker_host, new_prefix, require_daemon  # noqa: E402


@pytest.fixture(scope="session")
def daemon_client():
    host = docker_host()
    if not host:
        if require_daemon():
            pytest.fail("DOCKER_HOST is not set although ./scripts/test requires the isolated daemon")
        pytest.skip("no test daemon (run ./scripts/test)")
    if host.startswith("unix:///var/run/docker.sock"):
        pytest.fail("refusing to run tests against the user's own daemon")
    try:
        client = docker.APIClient(base_url=host, version="auto", timeout=30)
        client.ping()
    except Exception as exc:
        if require_daemon():
            pytest.fail(f"the isolated test daemon at {host} does not answer: {exc}")
        pytest.skip(f"no test daemon at {host}: {exc}")
    yield client
    client.close()


@pytest.fixture
def bed(daemon_client):
    """Objects created through bed are named with a unique prefix and removed afterwards."""
    b = Bed(daemon_client, new_prefix())
    yield b
    b.cleanup()


@pytest.fixture
def test_image() -> str:
    return TEST_IMAGE


@pytest.fixture
def make_app(daemon_client, tmp_path, monkeypatch):
    """Build a DockyardApp on the test daemon, isolated from the user's config."""
    from tui.app import DockyardApp
    from tui.engine.endpoint import resolve
    from tui.keymap import Config

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def factory(**kwargs):
        kwargs.setdefault("config", Config())
        kwargs.setdefault("stats_interval", 0.5)
        return DockyardApp(resolve(), **kwargs)

    return factory


# Deadlines are stretched as tests/support/daemon.py says (DEADLINE_SCALE).


async def wait_until(pilot, predicate, timeout: float = 10.0, what: str = "condition"):
    """Let the app run until predicate() is truthy (UI tests)."""
    from textual.css.query import NoMatches

    deadline = time.monotonic() + timeout * DEADLINE_SCALE
    while True:
        try:
            value = predicate()
        except NoMatches:  # the screen is there but has not composed its widgets yet
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout * DEADLINE_SCALE:g}s waiting for {what}")
        await pilot.pause(0.05)


@pytest.fixture
def until():
    return wait_until


# The run must end when its tests have. A thread left blocked by a test (a worker waiting on a
# loop that has gone, a read from a daemon a test froze) keeps the interpreter from exiting:
# concurrent.futures joins its pool's threads at exit. Once pytest has printed its summary,
# a daemon timer gives the interpreter EXIT_GRACE seconds; then it prints every thread's stack
# (so the leak can be found) and leaves with the run's own status.
EXIT_GRACE = 90.0
_run_status: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    _run_status[:] = [int(exitstatus)]


def pytest_unconfigure(config):
    import faulthandler
    import os
    import sys
    import threading

    def leave() -> None:
        out = sys.__stderr__
        try:
            out.write(f"\n[tests] the interpreter had not exited {EXIT_GRACE:.0f} s after the run; the threads left:\n")
            out.flush()
            faulthandler.dump_traceback(file=out, all_threads=True)
            out.flush()
        finally:
            os._exit(_run_status[0] if _run_status else 1)

    timer = threading.Timer(EXIT_GRACE, leave)
    timer.daemon = True
    timer.start()

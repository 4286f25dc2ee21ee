"""Fixtures for the hardening tests: a proxy in front of the isolated daemon, a pty app."""

from __future__ import annotations

import os

import pytest

from tests.support.daemon_proxy import DaemonProxy
from tests.support.pty_app import PtyApp, base_env


@pytest.fixture
def proxy(daemon_client):
    p = DaemonProxy().start()
    yield p
    p.stop()


@pytest.fixture
def pty_app(tmp_path, daemon_client):
    """Factory: pty_app(env=..., size=..., args=...) -> a started PtyApp, killed afterwards."""
    apps: list[PtyApp] = []

    def start(*, size=(120, 36), args=(), docker_host: str | None = None, cmd: list[str] | None = None, **env) -> PtyApp:
        # docker_host="" leaves DOCKER_HOST unset (a context then chooses the daemon).
        environment = base_env(tmp_path, DOCKER_HOST=docker_host or os.environ["DOCKER_HOST"], **env)
        if docker_host == "":
            del environment["DOCKER_HOST"]
        app = PtyApp(args=tuple(args), env=environment, size=size, cmd=cmd).start()
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()


@pytest.fixture
def proxied_app(make_app, proxy, monkeypatch):
    """Factory for a pilot app whose daemon is behind ``proxy``."""
    monkeypatch.setenv("DOCKER_HOST", proxy.url)

    def factory(**kwargs):
        return make_app(**kwargs)

    return factory

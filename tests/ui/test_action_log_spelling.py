"""The action log speaks the user's client: `podman …` on Podman, `docker-compose -p` where
only compose v1 exists; palette action entries name their targets (issue 15, item 12)."""

from __future__ import annotations

import os
import uuid

import docker
import pytest

from tests.support.daemon import TEST_IMAGE
from tests.ui.helpers import pane, shown
from tui.commands import DockyardCommands
from tui.domain import docker_cli

pytestmark = pytest.mark.daemon


async def test_podman_actions_are_logged_as_podman_commands(make_app, until, monkeypatch):
    host = os.environ.get("DOCKYARD_TEST_PODMAN_HOST")
    assert host, "scripts/testbed starts podman"
    client = docker.APIClient(base_url=host, version="auto", timeout=30)
    name = f"dyt-{uuid.uuid4().hex[:8]}-web"
    cid = client.create_container(TEST_IMAGE, ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"], name=name)["Id"]
    client.start(cid)
    monkeypatch.setenv("DOCKER_HOST", host)
    try:
        app = make_app()
        async with app.run_test(size=(140, 40)) as pilot:
            await until(pilot, lambda: app.state.synced and shown(app, cid), timeout=30, what="the podman container")
            p = pane(app)
            p.select_key(cid)
            await until(pilot, lambda: p.selected_key == cid)
            await pilot.press("s")
            await until(pilot, lambda: any(r.command == f"podman stop {name}" for r in app.control.store.action_log), timeout=30,
                        what=f"podman stop in the action log ({[r.command for r in app.control.store.action_log]})")
            assert "podman stop" in app.control.store.last_action.plain
    finally:
        client.remove_container(cid, force=True)
        client.close()


def test_compose_v1_and_podman_spelling():
    assert docker_cli.flavour("docker compose -p shop stop", compose_v1=True) == "docker-compose -p shop stop"
    assert docker_cli.flavour("docker compose -p shop stop") == "docker compose -p shop stop"
    assert docker_cli.flavour("docker rm -f web", podman=True) == "podman rm -f web"
    assert docker_cli.compose_v1_only(lambda n: "/usr/bin/docker-compose", lambda p: False) is True
    assert docker_cli.compose_v1_only(lambda n: "/usr/bin/docker-compose", lambda p: p.startswith("/usr/libexec")) is False
    assert docker_cli.compose_v1_only(lambda n: None, lambda p: False) is False


async def test_compose_v1_host_logs_docker_compose(make_app, bed, until):
    cid = bed.run("single")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid))
        app.control.store.compose_v1 = True  # this host's check: docker-compose without the plugin
        app.control.project_action("restart", "shopx", [app.state.containers[cid]])
        await until(pilot, lambda: any(r.command.startswith("docker-compose -p shopx restart") for r in app.control.store.action_log), timeout=30, what="compose v1 spelling")


async def test_palette_entries_name_their_targets(make_app, bed, until):
    a = bed.run("alpha")
    b = bed.run("beta")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, a) and shown(app, b))
        p = pane(app)
        for cid in (a, b):
            await until(pilot, lambda: p.select_key(cid))
            await pilot.press("space")
        provider = DockyardCommands(app.screen)
        names = [name for name, _, _ in provider._commands() if not name.startswith("go to")]
        assert f"Stop {bed.name('alpha')}, {bed.name('beta')}" in names, names

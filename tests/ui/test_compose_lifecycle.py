"""Compose lifecycle from the dashboard against the real daemon and Debian's docker-compose:
pull, recreate one service, down one service, up, restart, config, down (volumes kept unless
ticked), and a project whose files are gone."""

from __future__ import annotations

import pytest

import os
import uuid

import docker

from tests.integration.compose_project import COMPOSE_FILE, ComposeProject
from tests.integration.subnets import random_subnet
from tests.support.daemon import TEST_IMAGE
from tests.ui.helpers import pane

pytestmark = pytest.mark.daemon


@pytest.fixture
def project(tmp_path, daemon_client):
    """The shared two-service project, its image served by the loopback registry so that
    ``pull`` has somewhere to pull from (there is no network beyond loopback)."""
    registry = os.environ.get("DOCKYARD_TEST_REGISTRY")
    if not registry:
        pytest.fail("DOCKYARD_TEST_REGISTRY is not set: run under ./scripts/test")
    image = f"{registry}/dyt-compose/busybox"
    daemon_client.tag(TEST_IMAGE, image, "latest")
    for line in daemon_client.push(image, "latest", stream=True, decode=True):
        assert "error" not in line, line
    p = ComposeProject(tmp_path, f"dyt-{uuid.uuid4().hex[:8]}")
    subnet, _ = random_subnet()
    (tmp_path / "docker-compose.yml").write_text(COMPOSE_FILE.format(image=f"{image}:latest", subnet=subnet))
    p.run("up", "-d", "--no-build")
    yield p
    p.down()
    try:
        daemon_client.remove_image(f"{image}:latest")  # the tag only; other suites count shared layers
    except docker.errors.APIError:
        pass


def _members(app, name: str, service: str = "") -> list:
    return [c for c in app.state.containers.values() if c.compose_project == name and (not service or c.compose_service == service)]


async def _run(app, pilot, until, project: str, service: str, action: str, confirm: bool | None = None, volumes: bool = False):
    app.control.daily.compose(project, service, action)
    if confirm is not None:
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", what="confirm")
        screen = app.screen
        await until(pilot, lambda: not screen.query_one("#ok").disabled, what="armed")
        assert screen.query_one("#opt-volumes").value is False, "remove volumes must start unticked"
        if volumes:
            screen.query_one("#opt-volumes").value = True
        screen.query_one("#ok" if confirm else "#cancel").press()
    await until(pilot, lambda: type(app.screen).__name__ == "ComposeRunScreen", what="progress view")
    run = app.screen
    await until(pilot, lambda: run.finished, timeout=120, what=f"compose {action}")
    await pilot.press("escape")
    await pilot.pause()
    return run


async def test_compose_lifecycle(make_app, project, daemon_client, until):
    app = make_app()
    name = project.name
    async with app.run_test(size=(130, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and len(_members(app, name)) == 2, what="project listed")
        web = _members(app, name, "web")[0]

        # The menu opens from the dashboard on a compose container.
        assert pane(app).select_key(web.id)
        await pilot.pause()
        await pilot.press("M")
        await until(pilot, lambda: type(app.screen).__name__ == "ComposeMenuScreen", what="menu")
        await pilot.press("escape")

        run = await _run(app, pilot, until, name, "", "pull")
        assert not run.error, run.error
        assert run.command.split()[0].endswith(("docker-compose", "docker"))
        assert f"-p {name}" in run.command and " pull" in run.command
        assert any(r.command == run.command for r in app.control.store.action_log), "exact command echoed in the action log"

        run = await _run(app, pilot, until, name, "", "config")
        assert not run.error and any("services:" in line for line in run.lines)

        run = await _run(app, pilot, until, name, "web", "recreate")
        assert not run.error, run.error
        assert "--force-recreate" in run.command
        await until(pilot, lambda: _members(app, name, "web") and _members(app, name, "web")[0].id != web.id, timeout=30, what="web recreated")

        run = await _run(app, pilot, until, name, "worker", "down", confirm=True)
        assert not run.error, run.error
        await until(pilot, lambda: not _members(app, name, "worker"), timeout=30, what="worker removed")

        run = await _run(app, pilot, until, name, "", "up")
        assert not run.error, run.error
        await until(pilot, lambda: len([c for c in _members(app, name) if c.is_running]) == 2, timeout=30, what="both up")

        run = await _run(app, pilot, until, name, "", "restart")
        assert not run.error, run.error

        # Asked first; cancelling does nothing.
        app.control.daily.compose(name, "", "down")
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", what="confirm")
        screen = app.screen
        await until(pilot, lambda: not screen.query_one("#cancel").disabled, what="armed")
        screen.query_one("#cancel").press()
        await pilot.pause()
        assert len(_members(app, name)) == 2

        run = await _run(app, pilot, until, name, "", "down", confirm=True)
        assert not run.error, run.error
        assert " -v" not in run.command
        await until(pilot, lambda: not _members(app, name), timeout=30, what="project down")
        assert daemon_client.volumes(filters={"name": f"{name}_data"})["Volumes"], "volumes kept unless ticked"


async def test_a_project_whose_files_are_gone_says_so(make_app, project, until):
    app = make_app()
    name = project.name
    async with app.run_test(size=(130, 40)) as pilot:
        await until(pilot, lambda: app.state.synced and len(_members(app, name)) == 2, what="project listed")
        (project.directory / "docker-compose.yml").rename(project.directory / "moved.yml")
        try:
            run = await _run(app, pilot, until, name, "", "up")
        finally:
            (project.directory / "moved.yml").rename(project.directory / "docker-compose.yml")
        assert "gone" in run.error and "docker-compose.yml" in run.error


BUILD_FILE = """\
version: "2.4"
services:
  app:
    build: ./app
    network_mode: none
  other:
    image: {image}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"]
    network_mode: none
    depends_on: [app]
"""


async def test_build_only_where_a_build_context_exists(make_app, tmp_path, daemon_client, until):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(f'FROM {TEST_IMAGE}\nCMD ["sleep", "100000"]\n')
    (tmp_path / "docker-compose.yml").write_text(BUILD_FILE.format(image=TEST_IMAGE))
    project = ComposeProject(tmp_path, f"dyt-{uuid.uuid4().hex[:8]}")
    project.run("up", "-d")
    try:
        app = make_app()
        name = project.name
        async with app.run_test(size=(130, 40)) as pilot:
            await until(pilot, lambda: app.state.synced and len(_members(app, name)) == 2, what="project listed")
            run = await _run(app, pilot, until, name, "other", "build")
            assert "no build context" in run.error and not run.command
            run = await _run(app, pilot, until, name, "", "build")
            assert not run.error, run.error
            assert run.command.endswith(" build") and any("Successfully built" in line for line in run.lines)
    finally:
        project.down()
        try:
            daemon_client.remove_image(f"{project.name}_app:latest")
        except docker.errors.APIError:
            pass

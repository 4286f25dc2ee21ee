"""Compose projects on the real daemon: grouping by labels and project-level stop/start."""

from __future__ import annotations

from tests.support.daemon import wait_for
from tui.domain import compose
from tui.domain.parse import container_from_list
from tui.engine.compose import project_action


def _members(client, name):
    raw = client.containers(all=True, filters={"label": f"com.docker.compose.project={name}"})
    return [container_from_list(c) for c in raw]


def test_grouping_finds_the_project_and_its_services(compose_project, daemon_client):
    everything = [container_from_list(c) for c in daemon_client.containers(all=True)]
    project = compose.project_of(everything, compose_project.name)
    assert project is not None
    assert project.services == ("web", "worker")
    assert project.total == 2 and project.running == 2 and project.state == "running"
    assert project.working_dir == str(compose_project.directory)
    assert project.key == f"project:{compose_project.name}"
    # Containers of other projects or none never join it.
    assert all(compose_project.name == c.compose_project for c in everything if c.id in project.container_ids)


def test_project_level_stop_and_start(compose_project, daemon_client, actions):
    members = _members(daemon_client, compose_project.name)
    assert len(members) == 2
    assert project_action(actions, "stop", members, timeout=5) == []
    stopped = wait_for(lambda: all(c.state == "exited" for c in _members(daemon_client, compose_project.name)), timeout=15, what="project stopped")
    assert stopped
    project = compose.project_of(_members(daemon_client, compose_project.name), compose_project.name)
    assert project.state == "exited" and project.running == 0
    assert project_action(actions, "start", _members(daemon_client, compose_project.name)) == []
    wait_for(lambda: all(c.state == "running" for c in _members(daemon_client, compose_project.name)), timeout=15, what="project running")
    # docker-compose itself agrees the services are up again.
    assert compose_project.run("ps", "--services", "--filter", "status=running").split() == ["web", "worker"]

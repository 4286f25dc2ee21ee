"""Each action is logged as the docker command that would do the same."""

from __future__ import annotations

import shlex

import pytest

from tui.domain.docker_cli import command


@pytest.mark.parametrize("action", ["start", "stop", "restart", "pause", "unpause", "kill"])
def test_container_lifecycle(action):
    assert command("container", action, ["web"]) == f"docker {action} web"


def test_several_targets():
    assert command("container", "stop", ["a", "b", "c"]) == "docker stop a b c"


def test_remove_flags():
    assert command("container", "remove", ["web"]) == "docker rm web"
    assert command("container", "remove", ["web"], force=True) == "docker rm -f web"
    assert command("container", "remove", ["web"], force=True, volumes=True) == "docker rm -f -v web"
    assert command("image", "remove", ["app:1"]) == "docker image rm app:1"
    assert command("image", "remove", ["app:1"], force=True) == "docker image rm -f app:1"
    assert command("network", "remove", ["front"]) == "docker network rm front"
    assert command("volume", "remove", ["data"]) == "docker volume rm data"


def test_kill_signal():
    assert command("container", "kill", ["web"], signal="SIGKILL") == "docker kill web"
    assert command("container", "kill", ["web"], signal="SIGHUP") == "docker kill --signal=SIGHUP web"


@pytest.mark.parametrize("name", ["my app", "$(rm -rf ~)", "a;b", "it's", "nginx:[latest]"])
def test_names_are_shell_quoted(name):
    cmd = command("container", "stop", [name])
    assert shlex.split(cmd) == ["docker", "stop", name]

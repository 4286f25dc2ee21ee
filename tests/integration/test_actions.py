"""Actions against the real daemon: each does what its name says; read-only sends nothing."""

from __future__ import annotations

import inspect

import pytest

from tests.support import proxy as proxies
from tests.support.daemon import wait_for
from tui.engine import images
from tui.engine.actions import Actions, ReadOnlyError
from tui.engine.connection import open_client
from tui.engine.endpoint import resolve
from tui.engine.errors import DockerError, ErrorKind


@pytest.fixture
def actions(endpoint):
    client = open_client(endpoint)
    yield Actions(lambda: client, endpoint.host)
    client.close()


def _state(client, cid: str) -> str:
    return client.inspect_container(cid)["State"]["Status"]


def test_container_lifecycle(bed, actions, daemon_client):
    cid = bed.run("life", start=False)
    actions.start(cid)
    assert _state(daemon_client, cid) == "running"
    actions.pause(cid)
    assert _state(daemon_client, cid) == "paused"
    actions.unpause(cid)
    assert _state(daemon_client, cid) == "running"
    started = daemon_client.inspect_container(cid)["State"]["StartedAt"]
    actions.restart(cid, timeout=2)
    assert daemon_client.inspect_container(cid)["State"]["StartedAt"] != started
    actions.stop(cid, timeout=2)
    assert _state(daemon_client, cid) == "exited"
    actions.start(cid)
    actions.kill(cid, signal="SIGKILL")
    wait_for(lambda: _state(daemon_client, cid) == "exited", what="killed")
    assert daemon_client.inspect_container(cid)["State"]["ExitCode"] == 137
    actions.rename_container(cid, bed.name("renamed"))
    assert daemon_client.inspect_container(cid)["Name"] == "/" + bed.name("renamed")
    actions.remove_container(cid)
    assert not daemon_client.containers(all=True, filters={"id": cid})


def test_reading(bed, actions, daemon_client):
    cid = bed.run("reader")
    daemon_client.exec_start(daemon_client.exec_create(cid, ["sh", "-c", "echo x > /tmp/new"]))
    assert actions.inspect_container(cid)["Id"] == cid
    assert actions.inspect_image(bed.image)["RepoTags"] == [bed.image]
    assert images.history(actions, bed.image)
    assert any("sleep" in " ".join(p) for p in actions.top(cid)["Processes"])
    assert any(d["Path"] == "/tmp/new" for d in actions.diff(cid))
    assert "Containers" in actions.df()


def test_images_networks_volumes(bed, actions, daemon_client):
    image_id = daemon_client.inspect_image(bed.image)["Id"]
    repo = f"{bed.prefix}tagged"
    images.tag(actions, image_id, f"{repo}:v2")
    assert f"{repo}:v2" in daemon_client.inspect_image(image_id)["RepoTags"]
    actions.remove_image(f"{repo}:v2")  # untags: the image stays
    assert daemon_client.inspect_image(bed.image)["Id"] == image_id

    nid = bed.network("net")
    assert actions.inspect_network(nid)["Name"] == bed.name("net")
    actions.remove_network(nid)
    with pytest.raises(DockerError) as info:
        actions.inspect_network(nid)
    assert info.value.kind is ErrorKind.NOT_FOUND

    name = bed.volume("vol")
    assert actions.inspect_volume(name)["Name"] == name
    actions.remove_volume(name)
    assert not [v for v in (daemon_client.volumes() or {}).get("Volumes") or [] if v["Name"] == name]


def test_readonly_refuses_every_mutating_action_without_a_request(daemon_client):
    with proxies.start(proxies.daemon_socket()) as proxy:
        client = open_client(resolve(host=proxy.url, env={}))
        proxy.clear()
        ro = Actions(lambda: client, proxy.url, readonly=True)
        mutating = [n for n, f in inspect.getmembers(Actions, inspect.isfunction) if getattr(f, "mutating", False)]
        assert {"start", "stop", "remove_container", "remove_image", "remove_network", "remove_volume"} <= set(mutating)
        for name in mutating:
            params = [p for p in inspect.signature(getattr(Actions, name)).parameters.values()
                      if p.name not in ("self", "client") and p.default is inspect.Parameter.empty]
            with pytest.raises(ReadOnlyError):
                getattr(ro, name)(*["x"] * len(params))
        assert proxy.requests == []
        assert "Containers" in ro.df()  # reading still works
        client.close()


def test_not_connected_is_unreachable():
    actions = Actions(lambda: None, "unix:///nowhere.sock")
    with pytest.raises(DockerError) as info:
        actions.inspect_container("x")
    assert info.value.kind is ErrorKind.UNREACHABLE and "unix:///nowhere.sock" in info.value.message

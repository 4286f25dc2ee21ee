"""Images on the real daemon and the loopback registry: push/pull with progress, tag,
prune preview, run from an image."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from tests.support.daemon import wait_for
from tests.integration.subnets import ipam
from tui.domain import run_spec, transfer as tr
from tui.engine import images
from tui.engine.actions import ReadOnlyError
from tui.engine.errors import DockerError


def _tags(client) -> set[str]:
    return {t for i in client.images() for t in i.get("RepoTags") or ()}


def test_push_then_pull_back_with_layer_progress(actions, bed, registry, daemon_client):
    ref = f"{registry}/{bed.prefix}img:1"
    # An image of its own (a fresh layer on top of the test image), so pulling it back
    # really downloads a layer instead of finding every layer present.
    cid = bed.run("layer", f"echo {bed.prefix} > /stamp", start=False)
    daemon_client.start(cid)
    daemon_client.wait(cid, timeout=10)
    image_id = daemon_client.commit(cid)["Id"]
    images.tag(actions, image_id, ref)
    assert ref in _tags(daemon_client)

    pushed = list(images.push(actions, ref))
    layers = [f for f in pushed if isinstance(f, tr.LayerProgress)]
    assert layers, pushed
    assert isinstance(pushed[-1], tr.TransferFinished)
    progress = tr.Progress()
    for f in pushed:
        progress = progress.advance(f)
    assert progress.finished and not progress.error and progress.fraction == 1.0

    daemon_client.remove_container(cid, force=True)
    daemon_client.remove_image(ref)
    assert ref not in _tags(daemon_client)
    assert image_id not in {i["Id"] for i in daemon_client.images(all=True)}

    pulled = list(images.pull(actions, ref))
    assert any(isinstance(f, tr.LayerProgress) for f in pulled), pulled
    assert isinstance(pulled[-1], tr.TransferFinished)
    assert pulled[-1].digest.startswith("sha256:")
    assert ref in _tags(daemon_client)


def test_pull_from_unreachable_registry_fails_fast_and_says_why(actions):
    start = time.monotonic()
    with pytest.raises(DockerError) as info:
        list(images.pull(actions, "127.0.0.1:1/dyt-nothing/here:1"))
    assert time.monotonic() - start < 5
    message = info.value.message
    assert "127.0.0.1:1" in message and "cannot pull" in message
    assert "refused" in message


def test_push_and_pull_are_refused_in_readonly_mode(readonly_actions, bed):
    with pytest.raises(ReadOnlyError):
        list(images.pull(readonly_actions, bed.image))
    with pytest.raises(ReadOnlyError):
        images.tag(readonly_actions, bed.image, f"{bed.prefix}x:1")


def test_split_reference_keeps_registry_port():
    assert images.split_reference("127.0.0.1:5000/app:1") == ("127.0.0.1:5000/app", "1")
    assert images.split_reference("127.0.0.1:5000/app") == ("127.0.0.1:5000/app", "latest")
    assert images.split_reference("busybox") == ("busybox", "latest")


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_run_from_image_applies_ports_env_volume_network(actions, bed, daemon_client):
    net = bed.name("net")
    bed.network("net", ipam=ipam())
    vol = bed.volume("data")
    port = _free_port()
    spec = run_spec.build(
        bed.image,
        name=bed.name("web"),
        command="sh -c 'echo hello > /www/index.html; exec httpd -f -p 80 -h /www'",
        env="GREETING='hello world' MODE=test",
        ports=f"127.0.0.1:{port}:80",
        volumes=f"{vol}:/www",
        network=net,
        restart="unless-stopped",
    )
    cid = images.run(actions, spec)
    doc = daemon_client.inspect_container(cid)
    assert doc["Name"] == "/" + bed.name("web")
    assert doc["State"]["Running"]
    assert {"GREETING=hello world", "MODE=test"} <= set(doc["Config"]["Env"])
    assert doc["HostConfig"]["PortBindings"]["80/tcp"] == [{"HostIp": "127.0.0.1", "HostPort": str(port)}]
    assert doc["HostConfig"]["RestartPolicy"]["Name"] == "unless-stopped"
    assert [m["Name"] for m in doc["Mounts"] if m["Type"] == "volume"] == [vol]
    assert net in doc["NetworkSettings"]["Networks"]
    # The published port answers: the container really is reachable as asked.
    body = wait_for(lambda: _fetch(f"http://127.0.0.1:{port}/"), timeout=10, what="httpd on the published port")
    assert body.strip() == "hello"


def _fetch(url: str) -> str | None:
    try:
        return urllib.request.urlopen(url, timeout=1).read().decode()
    except OSError:
        return None


def test_run_reports_a_missing_image_clearly(actions, bed):
    with pytest.raises(DockerError) as info:
        images.run(actions, run_spec.build(f"{bed.prefix}missing:1", name=bed.name("x")))
    assert "No such image" in info.value.message or "not found" in info.value.message.lower()


def test_image_prune_preview_equals_what_is_removed(actions, bed, daemon_client):
    label = bed.prefix.rstrip("-")
    cid = bed.run("src", start=False)
    # Commit twice: two dangling images carrying our label; nothing else can match.
    made = {daemon_client.commit(cid, conf={"Labels": {label: "1"}, "Cmd": ["sh", "-c", f"echo {n}"]})["Id"] for n in range(2)}
    preview = images.prune_preview(actions, filters={"label": label})
    assert {i.id for i in preview.items} == made
    result = images.prune(actions, filters={"label": label})
    assert set(result.removed) == made
    remaining = {i["Id"] for i in daemon_client.images(all=True)}
    assert not made & remaining

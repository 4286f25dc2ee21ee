"""Podman's Docker-compatible API: the same engine lists, follows events and samples stats.

./scripts/test starts `podman system service` on its own socket and storage
(DOCKYARD_TEST_PODMAN_HOST); under it this test runs, never skips.
"""

from __future__ import annotations

import os
import uuid

import docker
import pytest

from tests.support.daemon import TEST_IMAGE, require_daemon, wait_for
from tests.support.pump import running_pump
from tui.domain import changes as ch


@pytest.fixture
def podman():
    host = os.environ.get("DOCKYARD_TEST_PODMAN_HOST")
    if not host:
        if require_daemon() and os.environ.get("DOCKYARD_TESTBED_DIR"):
            pytest.fail("DOCKYARD_TEST_PODMAN_HOST is not set although scripts/testbed starts podman")
        pytest.skip("no podman service (run ./scripts/test)")
    client = docker.APIClient(base_url=host, version="auto", timeout=30)
    prefix = f"dyt-{uuid.uuid4().hex[:8]}-"
    yield host, client, prefix
    for c in client.containers(all=True):
        if any(n.lstrip("/").startswith(prefix) for n in c.get("Names") or ()):
            client.remove_container(c["Id"], force=True)
    client.close()


def test_podman_lists_follows_events_and_names_itself(podman):
    from tui.engine.endpoint import resolve

    host, client, prefix = podman
    endpoint = resolve(host=host, env={})
    with running_pump(endpoint) as (pump, recorder):
        snap = recorder.wait_resynced(timeout=30).snapshot
        assert snap.info.product == "Podman Engine"
        assert any(TEST_IMAGE.split(":")[0] in t for i in snap.images for t in i.tags)

        mark = recorder.mark()
        cid = client.create_container(TEST_IMAGE, ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"], name=f"{prefix}web")["Id"]
        client.start(cid)
        started = recorder.wait_for(
            lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == cid and c.container.state == "running",
            timeout=30, after=mark, what="podman container running",
        )
        assert started.container.name == f"{prefix}web"

        mark = recorder.mark()
        client.stop(cid, timeout=5)
        recorder.wait_for(
            lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == cid and c.container.state == "exited",
            timeout=30, after=mark, what="podman container exited",
        )
        mark = recorder.mark()
        client.remove_container(cid)
        recorder.wait_for(lambda c: isinstance(c, ch.ContainerRemoved) and c.id == cid, timeout=30, after=mark, what="removed")


def test_podman_stats_through_the_sampler(podman):
    import threading

    from tui.engine.stats import StatsSampler

    host, client, prefix = podman
    cid = client.create_container(TEST_IMAGE, ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"], name=f"{prefix}stats")["Id"]
    client.start(cid)
    batches = []
    stop = threading.Event()
    sampler = StatsSampler(lambda: client, batches.append, stop, interval=0.2)
    sampler.want([cid])
    try:
        sampler.sweep()
        sampler.sweep()
        wait_for(lambda: batches and batches[-1].samples, timeout=10, what="a stats batch")
    finally:
        stop.set()
    sample = batches[-1].samples[0]
    assert sample.id == cid
    assert sample.mem_usage is not None and sample.mem_usage > 0

"""The LiteClient (engine/lite_client.py) answers the dashboard's reads as docker-py does,
without docker-py, against the real daemons (Docker, and Podman's compatible API); anything
else goes to docker-py's client behind it (issue 20: memory)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from tests.integration.test_podman import podman  # noqa: F401 - a fixture
from tests.support.daemon import docker_host, wait_for
from tui.domain.errors import ErrorKind
from tui.engine import lite_client
from tui.engine.actions import ReadOnlyError
from tui.engine.connection import open_client, open_lite
from tui.engine.endpoint import resolve
from tui.engine.errors import is_not_found, translate
from tui.engine.readonly_guard import guard


def _lite(host: str):
    endpoint = resolve(env={"DOCKER_HOST": host})
    return endpoint, open_lite(endpoint, endpoint.host[len("unix://"):])


@pytest.fixture
def clients():
    endpoint, lite = _lite(docker_host())
    full = open_client(endpoint)
    yield lite, full
    lite.close()
    full.close()


def _ids(items, key="Id"):
    return sorted(i.get(key) for i in items)


def _answer(call):
    """What a call answered, or the error status it raised."""
    try:
        return call()
    except Exception as exc:
        return ("error", getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None))


def _same_reads(lite, full, cid: str | None, network: str | None, volume: str | None) -> None:
    assert lite.api_version == full.api_version
    assert lite.ping() is True
    assert lite.version()["ApiVersion"] == full.version()["ApiVersion"]
    mine, theirs = lite.info(), full.info()  # (Podman makes up a new ID per answer)
    assert (mine["Name"], mine["ServerVersion"]) == (theirs["Name"], theirs["ServerVersion"])
    assert _ids(lite.containers(all=True)) == _ids(full.containers(all=True))
    assert _ids(lite.images()) == _ids(full.images())
    assert _ids(lite.networks()) == _ids(full.networks())
    assert sorted(v["Name"] for v in lite.volumes()["Volumes"] or []) == sorted(v["Name"] for v in full.volumes()["Volumes"] or [])
    assert _answer(lite.plugins) == _answer(full.plugins)  # Podman: 404 from both
    assert sorted(lite.df()) == sorted(full.df())
    image = lite.images()[0]["Id"] if lite.images() else None
    if image is not None:
        assert lite.inspect_image(image)["Id"] == full.inspect_image(image)["Id"]
        assert [h["Id"] for h in lite.history(image)] == [h["Id"] for h in full.history(image)]
    if cid is not None:
        assert _ids(lite.containers(all=True, filters={"id": cid})) == [cid]
        assert _ids(lite.containers(all=True, filters={"id": [cid, "0" * 64]})) == [cid]
        assert lite.inspect_container(cid)["Id"] == full.inspect_container(cid)["Id"] == cid
        assert lite.top(cid)["Titles"] == full.top(cid)["Titles"]
        assert lite.top(cid, ps_args="-o pid")["Titles"] == full.top(cid, ps_args="-o pid")["Titles"]
        mine = lite.stats(cid, stream=False, one_shot=True)
        theirs = full.stats(cid, stream=False, one_shot=True)
        assert set(mine) == set(theirs) and "memory_stats" in mine
    if network is not None:
        assert lite.inspect_network(network)["Id"] == full.inspect_network(network)["Id"]
    if volume is not None:
        assert lite.inspect_volume(volume)["Name"] == full.inspect_volume(volume)["Name"] == volume


def test_the_reads_equal_docker_pys(bed, clients):
    lite, full = clients
    cid = bed.run("lite", "echo hi; sleep 100000")
    _same_reads(lite, full, cid, bed.network("net"), bed.volume("vol"))
    assert lite._full is None, "the reads opened docker-py's client"


def test_podman_answers_the_same_reads(podman):  # noqa: F811 - the fixture, imported
    host, client, _ = podman
    endpoint, lite = _lite(host)
    try:
        _same_reads(lite, open_client(endpoint), None, None, None)
    finally:
        lite.close()


def _by_id(items, key="Id"):
    return sorted(items, key=lambda i: str(i.get(key)))


def _same_oneshot_reads(path: str) -> None:
    """The first listing's client (HTTP/1.0, read to the end, no http.client) answers what
    the http.client one does."""
    oneshot, lite = lite_client.LiteClient(path, oneshot=True), lite_client.LiteClient(path)
    assert oneshot.api_version == lite.api_version and oneshot.server_version["ApiVersion"] == lite.server_version["ApiVersion"]
    # (the daemon lists networks and volumes in no fixed order: compare them sorted)
    assert _by_id(oneshot.containers(all=True)) == _by_id(lite.containers(all=True))
    assert _by_id(oneshot.images()) == _by_id(lite.images())
    assert _by_id(oneshot.networks()) == _by_id(lite.networks())
    assert _by_id(oneshot.volumes()["Volumes"] or [], "Name") == _by_id(lite.volumes()["Volumes"] or [], "Name")
    assert oneshot.info()["Name"] == lite.info()["Name"]
    with pytest.raises(lite_client.NotFound) as caught:
        oneshot.inspect_container("dockyard-no-such-container")
    assert "no such container" in caught.value.explanation.lower()
    with pytest.raises(ValueError):
        oneshot.events(decode=True)


def test_the_first_listings_oneshot_reads_equal_the_others(bed):
    bed.run("oneshot", "sleep 100000")
    _same_oneshot_reads(docker_host()[len("unix://"):])


def test_podman_answers_the_oneshot_reads(podman):  # noqa: F811 - the fixture, imported
    host, _, _ = podman
    _same_oneshot_reads(host[len("unix://"):])


def test_a_missing_object_is_not_found_without_docker_py(bed, clients):
    lite, _ = clients
    with pytest.raises(lite_client.NotFound) as caught:
        lite.inspect_container("dockyard-no-such-container")
    assert is_not_found(caught.value)
    err = translate(caught.value, "unix:///x")
    assert err.kind is ErrorKind.NOT_FOUND and "no such container" in err.message.lower()


def test_the_event_stream_follows_and_closes_from_another_thread(bed, clients):
    lite, _ = clients
    stream = lite.events(decode=True, since=f"{time.time():.9f}")
    seen: list[dict] = []
    done = threading.Event()

    def read() -> None:
        for event in stream:
            seen.append(event)
        done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    cid = bed.run("ev", start=False)
    wait_for(lambda: any((e.get("Actor") or {}).get("ID") == cid and e.get("Action") == "create" for e in seen), what="the create event")
    stream.close()
    assert done.wait(5), "close() did not end the blocked read"


def test_other_calls_go_to_docker_pys_client_behind_it(bed, clients):
    lite, full = clients
    cid = bed.run("other", "sleep 100000")
    assert lite._full is None
    changes = lite.diff(cid)  # not one of the LiteClient's reads
    assert changes is None or isinstance(changes, list)
    behind = lite._full
    assert behind is not None and behind.api_version == lite.api_version
    # docker-py's private helpers, which engine code calls on the client (swarm.py, logs.py)
    assert lite._result(lite._get(lite._url("/containers/{0}/json", cid)), True)["Id"] == cid
    lite.kill(cid)
    wait_for(lambda: not lite.inspect_container(cid)["State"]["Running"], what="the kill")


def test_read_only_refuses_what_goes_to_docker_py(bed):
    endpoint, lite = _lite(docker_host())
    try:
        cid = bed.run("ro", "sleep 100000")
        guard(lite)
        assert lite.inspect_container(cid)["State"]["Running"]
        with pytest.raises(ReadOnlyError):
            lite.kill(cid)
        assert bed.client.inspect_container(cid)["State"]["Running"]
    finally:
        lite.close()


_STEADY = r"""
import json, sys, threading, time
from tui.engine.endpoint import resolve
from tui.engine.session import Session
from tui.engine.logs import LogPump
from tui.domain import changes as ch
from tui.domain.logbuffer import LogBatch

got = {"resynced": 0, "events": 0, "stats": 0, "lines": 0}
lock = threading.Lock()
def emit(change):
    with lock:
        if isinstance(change, ch.Resynced): got["resynced"] += 1
        elif isinstance(change, ch.DaemonEvent): got["events"] += 1
        elif isinstance(change, ch.StatsBatch): got["stats"] += 1

session = Session(resolve(env={"DOCKER_HOST": sys.argv[1]}), emit, quick_start=True, stats_interval=0.5)
session.start()
session.first_painted()
cid = sys.argv[2]
session.want_stats([cid])
pump = None
def on_log(change):
    if isinstance(change, LogBatch):
        with lock:
            got["lines"] += len(change.lines)
        pump.ack()
pump = LogPump(lambda: session.client, cid, on_log)
pump.start()
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    with lock:
        if got["resynced"] >= 2 and got["stats"] and got["lines"] >= 2 and got["events"]:
            break
    time.sleep(0.1)
pump.close(); session.close()
print(json.dumps({**got, "docker": sorted(m for m in ("docker", "requests", "urllib3") if m in sys.modules)}))
"""


def test_a_dashboards_steady_state_never_loads_docker_py(bed):
    """Listing, events, stats and a followed log through the session's client: docker-py,
    requests and urllib3 stay unloaded (in a fresh interpreter: the test's own has them)."""
    cid = bed.run("steady", "while true; do echo tick; sleep 0.2; done")
    child = subprocess.Popen([sys.executable, "-c", _STEADY, docker_host(), cid], stdout=subprocess.PIPE, text=True)
    try:
        # an event for the child's stream once it listens (it counts any)
        deadline = time.monotonic() + 60
        pokes = 0
        while child.poll() is None and time.monotonic() < deadline:
            bed.run(f"poke{pokes}", start=False)
            pokes += 1
            time.sleep(1.0)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    got = json.loads(out.strip().splitlines()[-1])
    assert got["resynced"] >= 2 and got["events"] and got["stats"] and got["lines"] >= 2, got
    assert got["docker"] == [], f"loaded: {got['docker']}"


def test_reads_keep_their_connection_and_a_closed_session_leaves_none_open(bed):
    """Keep-alive against the real daemon behind a proxy that counts connections: a steady
    stream of reads rides the kept ones, and Session.close() closes them (and the stream)."""
    from tests.support.daemon_proxy import DaemonProxy, upstream_from_env
    from tests.support.pump import Recorder
    from tui.engine.session import Session

    cid = bed.run("kept")
    with DaemonProxy(upstream_from_env()).start() as proxy:
        rec = Recorder()
        session = Session(resolve(host=proxy.url), rec)
        try:
            session.start()
            rec.wait_resynced(timeout=20)
            client = session.client
            before = proxy._next  # connections accepted so far
            for _ in range(20):
                client.inspect_container(cid)
                client.ping()
            assert proxy._next - before <= 1, f"{proxy._next - before} new connections for 40 reads"
        finally:
            session.close()
        wait_for(lambda: proxy.open_connections() == 0, timeout=10, what=f"no connection left open (open: {proxy.open_connections()})")

"""The dashboard's own session lists first without docker-py, then opens docker-py's client
once the UI has painted that listing (issue 20: start-up). Against the real test daemon."""

from __future__ import annotations

import threading
import time

from tests.integration.test_podman import podman  # noqa: F401 - a fixture
from tests.support.pump import Recorder
from tui.domain import changes as ch
from tui.engine import events, listing
from tui.engine.connection import Transport, open_client
from tui.engine.endpoint import Endpoint, resolve
from tui.engine.session import Session


def _session(endpoint, **kw) -> tuple[Session, Recorder]:
    rec = Recorder()
    session = Session(endpoint, rec, quick_start=True, **kw)
    session.start()
    return session, rec


def _resynced(rec: Recorder, after: int = 0, timeout: float = 20.0) -> ch.Resynced:
    return rec.wait_for(lambda c: isinstance(c, ch.Resynced), after=after, timeout=timeout, what="a listing")


def _close(session: Session) -> None:
    session.close()
    session.join(5)


def _same(a, b) -> None:
    assert sorted((c.id, c.name, c.state, c.image) for c in a.containers) == sorted((c.id, c.name, c.state, c.image) for c in b.containers)
    assert sorted(i.id for i in a.images) == sorted(i.id for i in b.images)
    assert sorted(n.id for n in a.networks) == sorted(n.id for n in b.networks)
    assert sorted(v.name for v in a.volumes) == sorted(v.name for v in b.volumes)
    assert a.info == b.info


def test_the_first_listing_equals_docker_pys_and_the_client_waits_for_the_paint(bed, endpoint):
    bed.run("quick")
    session, rec = _session(endpoint)
    try:
        first = _resynced(rec)
        # Read without docker-py: no client yet, and none while the UI has not painted.
        assert session.pump.client is None
        time.sleep(0.3)
        assert session.pump.client is None and session.client is None  # the UI thread never waits
        _same(first.snapshot, listing.list_all(open_client(endpoint)))
        assert any(c.name == bed.name("quick") for c in first.snapshot.containers)
        states = [c.state for c in rec.since() if isinstance(c, ch.ConnectionChanged)]
        assert states == ["connecting"]

        # Something made between the first listing and the client: the second listing has it.
        late = bed.run("late")
        mark = rec.mark()
        session.first_painted()
        second = _resynced(rec, after=mark)
        assert session.client is not None
        assert any(c.id == late for c in second.snapshot.containers)
        # No "connecting" or "reconnecting" once the first listing was shown.
        assert not [c for c in rec.since(mark) if isinstance(c, ch.ConnectionChanged) and c.state != "live"]
        # Followed by events as usual.
        mark = rec.mark()
        cid = bed.run("after", start=False)
        rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == cid, after=mark, what="the new container")
    finally:
        _close(session)


def test_a_worker_asking_for_the_client_waits_for_it_instead_of_failing(bed, endpoint):
    session, rec = _session(endpoint)
    try:
        _resynced(rec)
        got: list[object] = []
        worker = threading.Thread(target=lambda: got.append(session.client))
        worker.start()
        worker.join(0.3)
        assert worker.is_alive(), "the worker should wait for the client being opened"
        session.first_painted()
        worker.join(20)
        assert got and got[0] is not None
        # An action right after the paint goes through (Actions asks for the client the same way).
        info = session.actions.call(lambda client: client.version(), mutating=False)
        assert info.get("ApiVersion")
    finally:
        _close(session)


def test_without_the_ui_the_client_opens_after_the_hold_limit(bed, endpoint, monkeypatch):
    monkeypatch.setattr(events, "HOLD_MAX", 0.2)
    session, rec = _session(endpoint)
    try:
        first = _resynced(rec)
        second = _resynced(rec, after=rec.changes.index(first) + 1)
        assert session.client is not None
        _same(first.snapshot, second.snapshot)
    finally:
        _close(session)


def test_close_during_the_hold_returns_at_once(bed, endpoint):
    session, rec = _session(endpoint)
    _resynced(rec)
    started = time.monotonic()
    session.close()
    session.join(5)
    assert not [t.name for t in session._threads if t.is_alive()]
    assert time.monotonic() - started < 5


def test_the_api_version_pin_is_honoured(bed, endpoint, monkeypatch):
    bed.run("pinned")
    monkeypatch.setenv("DOCKER_API_VERSION", "1.41")
    snap = Transport(endpoint).first_snapshot()
    assert snap is not None and snap.info.api_version
    assert any(c.name == bed.name("pinned") for c in snap.containers)
    monkeypatch.setenv("DOCKER_API_VERSION", "0.1")  # a version the daemon refuses: no quick listing
    assert Transport(endpoint).first_snapshot() is None


def test_no_quick_listing_over_tcp_or_from_a_missing_socket(tmp_path):
    assert Transport(Endpoint("tcp://127.0.0.1:9", "flag")).first_snapshot(timeout=1) is None
    assert Transport(Endpoint(f"unix://{tmp_path}/none.sock", "flag")).first_snapshot(timeout=1) is None


def test_a_missing_socket_is_reported_as_before(tmp_path):
    session, rec = _session(Endpoint(f"unix://{tmp_path}/none.sock", "flag"))
    try:
        lost = rec.wait_for(lambda c: isinstance(c, ch.ConnectionChanged) and c.state == "lost", what="lost")
        assert lost.reason
        assert not [c for c in rec.since() if isinstance(c, ch.Resynced)]
    finally:
        _close(session)


def test_podman_answers_the_quick_listing_too(podman):  # noqa: F811 - the fixture, imported
    host, client, _ = podman
    endpoint = resolve(env={"DOCKER_HOST": host})
    snap = Transport(endpoint).first_snapshot()
    assert snap is not None
    _same(snap, listing.list_all(client))

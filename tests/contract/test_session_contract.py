"""One contract, two sessions: the scriptable FakeSession of the fast UI tier
(tests/ui/fake_daemon.py) and the real engine Session on the isolated daemon.

The fast tier may only assume what the real daemon does. Each test here runs against both,
so a fake that drifts from the daemon fails here, not in a UI test that silently lies.
"""

from __future__ import annotations

import inspect
import threading

import pytest

from tests.support.pump import Recorder
from tests.ui.fake_daemon import FakeSession
from tui.domain import changes as ch
from tui.domain.errors import DockerError
from tui.engine.actions import ReadOnlyError
from tui.engine.endpoint import Endpoint, resolve
from tui.engine.session import Session

KINDS = ["fake", "real"]


class Harness:
    """A started session of either kind, its recorder and a running container's id."""

    def __init__(self, kind: str, request, readonly: bool = False) -> None:
        self.kind = kind
        self.recorder = Recorder()
        if kind == "fake":
            self.session = FakeSession(Endpoint(host="unix:///fake.sock", source="test"), self.recorder, readonly=readonly)
            self.session.start()
            self.cid = next(c.id for c in self.session.snapshot.containers if c.state == "running")
        else:
            bed = request.getfixturevalue("bed")
            self.cid = bed.run("contract")
            self.session = Session(resolve(env=None), self.recorder, readonly=readonly, stats_interval=60)
            self.session.start()
            request.addfinalizer(self.session.close)
        self.recorder.wait_resynced(timeout=30)

    def act(self, *args, method: str = "container_action", **kwargs) -> int:
        mark = self.recorder.mark()
        getattr(self.session, method)(*args, **kwargs)
        return mark


@pytest.fixture(params=KINDS)
def harness(request):
    return Harness(request.param, request)


def test_the_fake_has_every_call_the_ui_makes_with_the_same_parameters():
    """Every call screens make through app.control (tui/control/*) exists on both, alike."""
    used = ("container_action", "remove", "inspect", "want_stats", "start", "close", "wire")
    for name in used:
        real = inspect.signature(getattr(Session, name))
        fake = inspect.signature(getattr(FakeSession, name))
        assert list(real.parameters) == list(fake.parameters), name
    assert isinstance(FakeSession.api_version, property) and hasattr(Session, "api_version")


def test_stop_is_confirmed_by_die_and_stop_events_then_the_reread_row(harness):
    mark = harness.act("stop", harness.cid, timeout=2)
    rec = harness.recorder
    rec.wait_for(lambda c: isinstance(c, ch.DaemonEvent) and c.actor_id == harness.cid and c.action == "die", after=mark, what="die")
    rec.wait_for(lambda c: isinstance(c, ch.DaemonEvent) and c.actor_id == harness.cid and c.action == "stop", after=mark, what="stop")
    changed = rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == harness.cid and c.container.state == "exited", after=mark, what="exited row")
    assert changed.container.status.startswith("Exited (")


def test_start_and_pause_each_come_back_as_their_event_and_state(harness):
    rec = harness.recorder
    mark = harness.act("pause", harness.cid)
    rec.wait_for(lambda c: isinstance(c, ch.DaemonEvent) and c.actor_id == harness.cid and c.action == "pause", after=mark, what="pause event")
    rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == harness.cid and c.container.state == "paused", after=mark, what="paused row")
    mark = harness.act("unpause", harness.cid)
    rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == harness.cid and c.container.state == "running", after=mark, what="running row")


def test_remove_is_a_destroy_event_and_a_removed_row(harness):
    mark = harness.act("containers", harness.cid, method="remove", force=True)
    rec = harness.recorder
    rec.wait_for(lambda c: isinstance(c, ch.DaemonEvent) and c.actor_id == harness.cid and c.action == "destroy", after=mark, what="destroy")
    rec.wait_for(lambda c: isinstance(c, ch.ContainerRemoved) and c.id == harness.cid, after=mark, what="removed row")


def test_inspect_names_the_container(harness):
    doc = harness.session.inspect("containers", harness.cid)
    assert doc["Id"] == harness.cid and "Config" in doc and "State" in doc


def test_unknown_container_is_a_docker_error(harness):
    with pytest.raises(DockerError):
        harness.session.container_action("stop", "0" * 64)


@pytest.mark.parametrize("kind", KINDS)
def test_read_only_refuses_before_anything_happens(kind, request):
    h = Harness(kind, request, readonly=True)
    mark = h.recorder.mark()
    for action in ("stop", "kill", "pause", "restart"):
        with pytest.raises(ReadOnlyError):
            h.session.container_action(action, h.cid)
    with pytest.raises(ReadOnlyError):
        h.session.remove("containers", h.cid, force=True)
    threading.Event().wait(0.5)  # nothing arrives: no request was sent
    assert not [c for c in h.recorder.since(mark) if isinstance(c, ch.DaemonEvent) and c.actor_id == h.cid]

"""The pure reducer, row diffs and usage counts."""

from __future__ import annotations

import dataclasses

import pytest

from tui.domain import changes as ch
from tui.domain.models import Attachment, Container, DaemonInfo, Image, Mount, Network, Snapshot, StatsSample, Volume
from tui.domain.state import State, apply, diff, image_usage, network_usage, volume_usage

NET = Network(id="n1", name="front")
BRIDGE = Network(id="n0", name="bridge")
IMG = Image(id="sha256:i1", tags=("app:1",))
IMG2 = Image(id="sha256:i2", tags=("db:1",))
VOL = Volume(name="data")


def ctr(cid: str, state: str = "running", image_id: str = "sha256:i1", networks=(), mounts=()) -> Container:
    return Container(id=cid, name=f"n-{cid}", image="app:1", image_id=image_id, state=state, networks=networks, mounts=mounts)


A = ctr("a", networks=(Attachment("front", "n1"),), mounts=(Mount("volume", "/d", name="data"),))
B = ctr("b", "exited", networks=(Attachment("bridge"),), mounts=(Mount("bind", "/x", source="/host"),))
C = ctr("c", image_id="sha256:i2", networks=(Attachment("front", "n1"), Attachment("bridge", "n0")), mounts=(Mount("volume", "/d", name="data"),))

SNAP = Snapshot(containers=(A, B, C), images=(IMG, IMG2), networks=(NET, BRIDGE), volumes=(VOL,), info=DaemonInfo(name="host1"))


def synced() -> State:
    return apply(State(), ch.Resynced(SNAP))


def test_initial_state():
    s = State()
    assert not s.synced and s.connection == "connecting" and not s.containers


def test_resynced_replaces_everything():
    s = synced()
    assert s.synced and s.connection == "live" and s.info.name == "host1"
    assert set(s.containers) == {"a", "b", "c"} and set(s.images) == {"sha256:i1", "sha256:i2"}
    assert set(s.networks) == {"n1", "n0"} and set(s.volumes) == {"data"}
    # a later resync without c drops it and its stats
    s = apply(s, ch.StatsBatch((StatsSample("c", 5.0), StatsSample("a", 1.0))))
    s = apply(s, ch.Resynced(dataclasses.replace(SNAP, containers=(A, B))))
    assert "c" not in s.containers and set(s.stats) == {"a"}


def test_resync_clears_a_connection_reason():
    s = apply(synced(), ch.ConnectionChanged("reconnecting", "unix:///x", "gone"))
    assert (s.connection, s.connection_reason) == ("reconnecting", "gone")
    s = apply(s, ch.Resynced(SNAP))
    assert (s.connection, s.connection_reason) == ("live", "")


def test_a_reconnect_attempt_keeps_saying_why_the_host_went_away():
    """The pump announces each new attempt ("reconnecting", no reason) between the failures
    that carry one: the header and the @ picker kept showing a bare "reconnecting" (CI)."""
    s = apply(synced(), ch.ConnectionChanged("reconnecting", "unix:///x", "cannot reach unix:///x: connection refused"))
    s = apply(s, ch.ConnectionChanged("reconnecting", "unix:///x"))
    assert (s.connection, s.connection_reason) == ("reconnecting", "cannot reach unix:///x: connection refused")
    s = apply(s, ch.ConnectionChanged("not-responding", "unix:///x", "no answer to ping: ReadTimeout"))
    s = apply(s, ch.ConnectionChanged("reconnecting", "unix:///x"))
    assert s.connection_reason == "no answer to ping: ReadTimeout"
    s = apply(s, ch.ConnectionChanged("reconnecting", "unix:///x", "the daemon closed the event stream"))
    assert s.connection_reason == "the daemon closed the event stream"  # a new reason replaces it
    s = apply(s, ch.ConnectionChanged("live", "unix:///x"))
    assert s.connection_reason == ""
    assert apply(s, ch.ConnectionChanged("connecting", "unix:///x")).connection_reason == ""


def test_apply_never_mutates_the_old_state():
    old = synced()
    before = dict(old.containers)
    new = apply(old, ch.ContainerRemoved("a"))
    assert dict(old.containers) == before and "a" not in new.containers
    with pytest.raises(TypeError):
        old.containers["z"] = A  # read-only mappings
    with pytest.raises(dataclasses.FrozenInstanceError):
        old.synced = False


def test_container_changes():
    s = synced()
    s = apply(s, ch.ContainerChanged(ctr("d", "created")))
    assert s.containers["d"].state == "created"
    s = apply(s, ch.StatsBatch((StatsSample("a", 3.0),)))
    s = apply(s, ch.ContainerChanged(dataclasses.replace(A, state="exited")))
    assert s.containers["a"].state == "exited" and "a" not in s.stats  # stats of a stopped container go
    s = apply(s, ch.ContainerRemoved("d"))
    assert "d" not in s.containers
    assert apply(s, ch.ContainerRemoved("never-existed")) == s


def test_stats_only_for_known_containers():
    s = apply(synced(), ch.StatsBatch((StatsSample("a", 1.0), StatsSample("ghost", 9.0))))
    assert set(s.stats) == {"a"} and s.stats["a"].cpu_percent == 1.0


def test_images_networks_volumes_info():
    s = synced()
    s = apply(s, ch.ImagesRelisted((IMG,)))
    assert set(s.images) == {"sha256:i1"}
    s = apply(s, ch.NetworkChanged(Network(id="n2", name="back")))
    s = apply(s, ch.NetworkRemoved("n0"))
    assert set(s.networks) == {"n1", "n2"}
    s = apply(s, ch.VolumeChanged(Volume(name="logs")))
    s = apply(s, ch.VolumeRemoved("data"))
    assert set(s.volumes) == {"logs"}
    s = apply(s, ch.InfoChanged(DaemonInfo(name="host2")))
    assert s.info.name == "host2"


def test_unknown_changes_and_raw_events_leave_state_alone():
    s = synced()
    assert apply(s, object()) is s
    assert apply(s, ch.DaemonEvent("container", "exec_start", "a", (), 1.0)) is s


def test_usage_counts():
    s = synced()
    assert image_usage(s) == {"sha256:i1": 2, "sha256:i2": 1}
    # B is attached to "bridge" by name only (no id in the listing): resolved through the network list
    assert network_usage(s) == {"n1": 2, "n0": 2}
    assert volume_usage(s) == {"data": 2}  # bind mounts are not volumes
    s = apply(s, ch.ContainerRemoved("c"))
    assert image_usage(s) == {"sha256:i1": 2} and volume_usage(s) == {"data": 1} and network_usage(s) == {"n1": 1, "n0": 1}


def test_diff():
    old = {"a": 1, "b": 2, "c": 3}
    new = {"b": 2, "c": 30, "d": 4}
    d = diff(old, new)
    assert (d.removed, d.changed, d.added) == (("a",), ("c",), ("d",)) and not d.empty
    assert diff(old, old).empty and diff(old, dict(old)).empty


def test_diff_between_states_is_what_a_pane_patches():
    s1 = synced()
    s2 = apply(apply(s1, ch.ContainerChanged(dataclasses.replace(B, state="running"))), ch.ContainerRemoved("c"))
    d = diff(s1.containers, s2.containers)
    assert (d.removed, d.changed, d.added) == (("c",), ("b",), ())
    assert diff(s1.images, s2.images).empty  # untouched mappings are the same object
    assert s1.images is s2.images


# A lifecycle event shows on its row before the re-read it triggers comes back


def event(cid: str, action: str, **attrs) -> ch.DaemonEvent:
    return ch.DaemonEvent("container", action, cid, tuple(sorted(attrs.items())), 0.0)


def test_a_start_event_shows_running_at_once():
    s = apply(synced(), event("b", "start"))
    b = s.containers["b"]
    assert (b.state, b.status, b.health) == ("running", "Up Less than a second", None)
    assert b.networks == B.networks and b.name == B.name  # the rest waits for the re-read


def test_a_die_event_shows_exited_with_its_code_and_drops_the_stats():
    s = apply(synced(), ch.StatsBatch((StatsSample("a", 1.0, 2, 3),)))
    s = apply(s, event("a", "die", exitCode="137"))
    assert (s.containers["a"].state, s.containers["a"].status) == ("exited", "Exited (137) Less than a second ago")
    assert "a" not in s.stats
    odd = apply(synced(), event("a", "die", exitCode="\x1b[31m")).containers["a"]
    assert odd.status == "Exited (0) Less than a second ago"  # not a code: never shown as one


def test_pause_unpause_and_health_events():
    s = apply(synced(), event("a", "pause"))
    assert s.containers["a"].state == "paused"
    assert apply(s, event("a", "unpause")).containers["a"].state == "running"
    assert apply(synced(), event("b", "pause")) == synced()  # an exited container is not paused by a stale event
    h = apply(synced(), event("a", "health_status: unhealthy"))
    assert h.containers["a"].health == "unhealthy"


def test_events_that_say_nothing_certain_leave_the_state_as_it_was():
    s = synced()
    for e in (event("a", "exec_start: sh"), event("a", "rename"), event("zz", "start"), ch.DaemonEvent("network", "connect", "n1", (), 0.0)):
        assert apply(s, e) is s
    assert apply(s, event("a", "start")) is not s  # already running: the status restarts at 0

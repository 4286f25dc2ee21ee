"""normalise()/keys_for() work with API 1.41 events and with API 1.52 ones (no status/id/from)."""

from __future__ import annotations

from tui.domain import changes as ch
from tui.domain.models import Attachment, Container
from tui.engine.events import expectations, keys_for, normalise

CID = "4f0c" + "a" * 60
NID = "9e1b" + "b" * 60

# Shaped like what a 1.41 daemon sends (legacy fields present) ...
LEGACY = {
    "status": "start",
    "id": CID,
    "from": "dockyard-test/busybox:latest",
    "Type": "container",
    "Action": "start",
    "Actor": {"ID": CID, "Attributes": {"image": "dockyard-test/busybox:latest", "name": "web"}},
    "scope": "local",
    "time": 1764370000,
    "timeNano": 1764370000123456789,
}
# ... and what API 1.52 sends: the legacy status/id/from are gone.
MODERN = {k: v for k, v in LEGACY.items() if k not in ("status", "id", "from")}


def test_legacy_and_modern_events_normalise_the_same():
    a, b = normalise(LEGACY), normalise(MODERN)
    assert a == b
    assert (a.type, a.action, a.actor_id) == ("container", "start", CID)
    assert a.attr("name") == "web" and a.attr("missing", "-") == "-"
    assert abs(a.time - 1764370000.123456789) < 1e-6


def test_time_without_nanoseconds():
    ev = normalise({k: v for k, v in MODERN.items() if k != "timeNano"})
    assert ev.time == 1764370000.0


def test_very_old_legacy_only_event():
    ev = normalise({"status": "die", "id": CID, "from": "busybox", "time": 5})
    assert (ev.type, ev.action, ev.actor_id, ev.time) == ("container", "die", CID, 5.0)


def test_hostile_text_in_events_is_cleaned():
    raw = dict(MODERN, Actor={"ID": CID, "Attributes": {"name": "x\x1b]0;pwned\x07y", "\x1b[2Jk": "v"}})
    ev = normalise(raw)
    assert all("\x1b" not in k and "\x1b" not in v for k, v in ev.attributes)


def _ev(etype: str, action: str, actor: str, **attrs) -> ch.DaemonEvent:
    return normalise({"Type": etype, "Action": action, "Actor": {"ID": actor, "Attributes": attrs}, "timeNano": 1})


def test_keys_for_each_type():
    assert keys_for(_ev("container", "start", CID)) == [("container", CID)]
    assert keys_for(_ev("container", "health_status: healthy", CID)) == [("container", CID)]
    assert keys_for(_ev("container", "commit", CID)) == [("container", CID), ("images", "")]
    # exec and friends do not change what a listing shows
    for quiet in ("exec_create: sh", "exec_start: sh", "exec_die", "attach", "resize", "top", "kill", "archive-path"):
        assert keys_for(_ev("container", quiet, CID)) == [], quiet
    assert keys_for(_ev("image", "tag", "sha256:1")) == [("images", "")]
    assert keys_for(_ev("image", "delete", "sha256:1")) == [("images", "")]
    assert keys_for(_ev("network", "create", NID)) == [("network", NID)]
    assert keys_for(_ev("network", "connect", NID, container=CID)) == [("network", NID), ("container", CID)]
    assert keys_for(_ev("volume", "destroy", "vol1")) == [("volume", "vol1")]
    assert keys_for(_ev("daemon", "reload", "daemon-id")) == [("info", "")]
    assert keys_for(_ev("plugin", "enable", "p")) == []


def _changed(state: str, networks=()) -> ch.ContainerChanged:
    return ch.ContainerChanged(Container(id=CID, name="web", image="i", state=state, networks=tuple(networks)))


def test_expectations_detect_a_stale_reread():
    pause = expectations(_ev("container", "pause", CID))[("container", CID)]
    assert not pause(_changed("running")) and pause(_changed("paused"))
    unpause = expectations(_ev("container", "unpause", CID))[("container", CID)]
    assert not unpause(_changed("paused")) and unpause(_changed("running"))
    die = expectations(_ev("container", "die", CID))[("container", CID)]
    assert not die(_changed("running")) and die(_changed("exited")) and die(ch.ContainerRemoved(CID))
    connect = expectations(_ev("network", "connect", NID, container=CID))[("container", CID)]
    assert not connect(_changed("running")) and connect(_changed("running", [Attachment("n", NID)]))
    disconnect = expectations(_ev("network", "disconnect", NID, container=CID))[("container", CID)]
    assert disconnect(_changed("running")) and not disconnect(_changed("running", [Attachment("n", NID)]))
    assert expectations(_ev("container", "start", CID)) == {}

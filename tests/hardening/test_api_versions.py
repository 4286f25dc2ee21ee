"""API versions: negotiate, work at 1.41 (the test daemon) and pinned older, read the
event shape of daemons (API 1.52) that dropped the legacy fields, and say what an old API lacks."""

from __future__ import annotations

import time

import pytest

from tui.domain import api_features
from tui.engine.events import keys_for, normalise

# Recorded shapes. Engine 20.10 (API 1.41) sends the legacy status/id/from beside the
# modern fields; Engine 29 (API 1.52) sends only Type/Action/Actor/scope/time/timeNano.
EVENT_1_41 = {
    "status": "start", "id": "abc123", "from": "busybox:latest",
    "Type": "container", "Action": "start",
    "Actor": {"ID": "abc123", "Attributes": {"image": "busybox:latest", "name": "web"}},
    "scope": "local", "time": 1764370000, "timeNano": 1764370000123456789,
}
EVENT_1_52 = {
    "Type": "container", "Action": "start",
    "Actor": {"ID": "abc123", "Attributes": {"image": "busybox:latest", "name": "web"}},
    "scope": "local", "time": 1764370000, "timeNano": 1764370000123456789,
}
NETWORK_1_52 = {
    "Type": "network", "Action": "connect",
    "Actor": {"ID": "net1", "Attributes": {"container": "abc123", "name": "bridge", "type": "bridge"}},
    "scope": "local", "time": 1764370001, "timeNano": 1764370001000000000,
}
LEGACY_ONLY = {"status": "die", "id": "abc123", "from": "busybox:latest", "time": 1400000000}


def test_events_without_legacy_fields_read_the_same():
    old, new = normalise(EVENT_1_41), normalise(EVENT_1_52)
    assert (old.type, old.action, old.actor_id, old.time) == (new.type, new.action, new.actor_id, new.time)
    assert keys_for(old) == keys_for(new) == [("container", "abc123")]
    assert new.attr("name") == "web"
    net = normalise(NETWORK_1_52)
    assert ("container", "abc123") in keys_for(net) and ("network", "net1") in keys_for(net)
    legacy = normalise(LEGACY_ONLY)
    assert (legacy.type, legacy.action, legacy.actor_id) == ("container", "die", "abc123")


def test_feature_notes_by_version():
    assert api_features.notes("1.52") == []
    assert api_features.notes("1.44") == []
    assert len(api_features.notes("1.41")) == 1 and "1.42" in api_features.notes("1.41")[0]
    assert any("1.41" in n for n in api_features.notes("1.40"))
    assert api_features.available("1.41", "stats_one_shot") and not api_features.available("1.40", "stats_one_shot")
    assert "older" in api_features.notes("1.12")[0]
    assert api_features.notes("garbage") == []


@pytest.mark.daemon
async def test_negotiates_the_daemons_version(daemon_client, proxy, proxied_app, until):
    app = proxied_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced, what="sync")
        daemon_version = daemon_client.version()["ApiVersion"]
        assert app.api_version == daemon_version
        targets = [r.target for r in proxy.requests]
        assert targets[0].split("?")[0] == "/version"  # negotiation first, unversioned
        assert any(t.startswith(f"/v{daemon_version}/containers/json") for t in targets)


@pytest.mark.daemon
async def test_works_pinned_to_an_older_api_and_says_what_is_missing(bed, proxy, proxied_app, until, monkeypatch):
    monkeypatch.setenv("DOCKER_API_VERSION", "1.40")
    cid = bed.run("old")
    app = proxied_app(stats_interval=0.5)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cid in app.state.containers, what="sync at 1.40")
        assert app.api_version == "1.40"
        assert all(r.target.startswith("/v1.40/") for r in proxy.requests if r.target.startswith("/v"))
        await until(pilot, lambda: any("1.41" in str(n.message) for n in app._notifications), what="a note about the older API")
        # Stats still arrive (from cgroup files for a local daemon, else the API), and an
        # API call, if any, leaves out the one_shot parameter the daemon would reject.
        app.control.want_stats("test", [cid])
        await until(pilot, lambda: cid in app.state.stats, timeout=15, what="stats at 1.40")
        stats_calls = [r.target for r in proxy.requests if "/stats" in r.target]
        assert not any("one-shot" in t or "one_shot" in t for t in stats_calls)
        # Events flow at 1.40 too.
        bed.client.stop(cid, timeout=1)
        await until(pilot, lambda: app.state.containers[cid].state == "exited", timeout=10, what="event at 1.40")

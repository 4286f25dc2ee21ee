"""What reaches the daemon, seen on the wire by a counting proxy (tests/support/proxy.py):
no periodic re-listing while live, and nothing mutating in --readonly."""

from __future__ import annotations

import pytest

from tests.support import proxy as wire
from tests.ui.helpers import cell, pane, shown

pytestmark = pytest.mark.daemon
MUTATING_METHODS = ("POST", "DELETE", "PUT")


@pytest.fixture
def counted(monkeypatch, daemon_client):
    p = wire.start(wire.daemon_socket())
    monkeypatch.setenv("DOCKER_HOST", p.url)
    yield p
    p.stop()


def _full_listings(paths: list[str], requests: list[str]) -> int:
    # GET /containers/json without an id filter is a full listing; a re-read filters by id.
    return sum(1 for p, r in zip(paths, requests) if p == "GET /containers/json" and "filters" not in r)


async def test_an_external_stop_is_one_filtered_reread_not_a_listing(make_app, bed, daemon_client, counted, until):
    cid = bed.run("wire")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and cell(app, cid, "state") == "running")
        await pilot.pause(1.0)
        counted.clear()
        daemon_client.stop(cid)
        await until(pilot, lambda: cell(app, cid, "state") == "exited", what="exited row")
        await pilot.pause(2.5)  # more than a stats interval: any timer-driven listing would show
        paths, requests = counted.paths(), list(counted.requests)
        assert _full_listings(paths, requests) == 0, requests
        assert not any(p.startswith(("GET /images/json", "GET /networks", "GET /volumes")) for p in paths), requests
        assert any(p == "GET /containers/json" and "filters" in r for p, r in zip(paths, requests)), "the row came from a re-read"


async def test_readonly_sends_no_mutating_request(make_app, bed, counted, until):
    up = bed.run("ro-wire")
    down = bed.run("ro-wire-down", start=False)
    app = make_app(readonly=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, up) and shown(app, down))
        counted.clear()
        for cid in (up, down):
            pane(app).select_key(cid)
            await pilot.press("S", "s", "r", "p", "K", "d", "enter", "escape", "ctrl+a", "s", "d")
            await pilot.pause(0.3)
        for kind in ("images", "networks", "volumes"):
            await pilot.press(str(["containers", "images", "networks", "volumes"].index(kind) + 1), "d")
            await pilot.pause(0.2)
        await pilot.pause(0.5)
    sent = [r for r in counted.requests if r.split(" ", 1)[0] in MUTATING_METHODS]
    assert sent == []

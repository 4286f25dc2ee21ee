"""Snapshots of the main screen, replayed from a recording of the real daemon with a frozen
clock and a pinned theme (docs/ARCHITECTURE.md, "Testing": snapshots pin size, clock and theme), plus the contract that keeps the recording honest."""

from __future__ import annotations

import pytest

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession, load, snapshot_from
from tests.ui.helpers import pane
from tui.app import DockyardApp
from tui.engine.endpoint import Endpoint
from tui.keymap import Config


def replay_app(**kwargs) -> DockyardApp:
    app = DockyardApp(
        Endpoint("unix:///var/run/docker.sock", "default"),
        config=Config(),
        clock=lambda: FROZEN_NOW,
        session_factory=FakeSession,
        **kwargs,
    )
    app.theme = "textual-dark"
    return app


async def _settled(pilot) -> None:
    app = pilot.app
    for _ in range(100):
        if app.state.synced and app.state.stats and pane(app).table.row_count:
            break
        await pilot.pause(0.02)
    await pilot.pause(0.1)


def test_main_screen_120x36(snap_compare):
    assert snap_compare(replay_app(), terminal_size=(120, 36), run_before=_settled)


def test_main_screen_80x24(snap_compare):
    assert snap_compare(replay_app(), terminal_size=(80, 24), run_before=_settled)


def test_main_screen_readonly_120x36(snap_compare):
    assert snap_compare(replay_app(readonly=True), terminal_size=(120, 36), run_before=_settled)


async def test_recording_parses_to_the_objects_it_holds():
    data = load()
    snap = snapshot_from(data)
    assert len(snap.containers) == len(data["containers"]) > 0
    assert {c.state for c in snap.containers} >= {"running", "exited", "paused", "created"}
    assert any(c.health == "unhealthy" for c in snap.containers)
    assert any(i.dangling for i in snap.images)


@pytest.mark.daemon
def test_recording_has_the_fields_the_live_daemon_sends(daemon_client, bed):
    """Contract: every field the live daemon puts in a listing entry is in the recording too."""
    bed.run("contract")
    bed.network("contract")
    bed.volume("contract")
    data = load()
    live = {
        "containers": daemon_client.containers(all=True),
        "images": daemon_client.images(),
        "networks": daemon_client.networks(),
        "volumes": (daemon_client.volumes() or {}).get("Volumes") or [],
    }
    for kind, entries in live.items():
        recorded_fields = set().union(*(set(e) for e in data[kind]))
        live_fields = set().union(*(set(e) for e in entries))
        assert live_fields <= recorded_fields, f"{kind}: the recording lacks {live_fields - recorded_fields}"

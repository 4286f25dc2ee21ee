"""Start-up (issue 20): after the first listing, an empty kind says so and a listed kind shows
its table. (A pane is empty from mount: see ObjectPane._update_title for why.)"""

from __future__ import annotations

import dataclasses

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tests.ui.helpers import dash, pane
from tui.app import DockyardApp
from tui.domain import changes as ch
from tui.engine.endpoint import Endpoint
from tui.keymap import Config

KINDS = ("containers", "images", "networks", "volumes")


class HeldSession(FakeSession):
    """Answers nothing until the test releases the first listing (volumes: none)."""

    started = False

    def start(self) -> None:
        type(self).started = True
        self.emit(ch.ConnectionChanged("live", self.endpoint.host))

    def release(self) -> None:
        snap = dataclasses.replace(self.snapshot, volumes=())
        self.emit(ch.Resynced(snap))


async def test_after_the_first_listing_only_empty_kinds_say_so():
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=HeldSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert dash(app).is_mounted and not app.state.synced
        app.session.release()
        for _ in range(250):
            await pilot.pause(0.02)
            if app.state.synced and pane(app).table.row_count:
                break
        assert app.state.synced
        await pilot.pause()
        assert pane(app, "volumes").empty and not pane(app, "volumes").table.display
        assert pane(app, "volumes").query_one(".pane-empty").display
        for kind in ("containers", "images", "networks"):
            assert not pane(app, kind).empty and pane(app, kind).table.display, kind
            assert not pane(app, kind).query_one(".pane-empty").display, kind
            assert pane(app, kind).table.row_count > 0, kind

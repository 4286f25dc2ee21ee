"""tui/gc_tuning.py's pause and resume: the collector is off while Dockyard starts and on
again after the dashboard's first frame; a collector someone else turned off stays off."""

from __future__ import annotations

import gc

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tui import gc_tuning
from tui.app import DockyardApp
from tui.engine.endpoint import Endpoint
from tui.keymap import Config


def test_pause_and_resume_turn_the_collector_off_and_on():
    assert gc.isenabled()
    try:
        gc_tuning.pause()
        assert not gc.isenabled()
        gc_tuning.resume()
        assert gc.isenabled()
        gc_tuning.resume()  # again: nothing
        assert gc.isenabled()
    finally:
        gc.enable()


def test_a_collector_turned_off_elsewhere_stays_off():
    gc.disable()
    try:
        gc_tuning.pause()
        gc_tuning.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_the_dashboards_first_frame_turns_it_on_again():
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    gc_tuning.pause()  # as cli.main does
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            for _ in range(100):
                await pilot.pause(0.02)
                if gc.isenabled():
                    break
            assert gc.isenabled()
            assert app.screen.pane("containers").table.row_count  # after the first rows
    finally:
        gc_tuning.resume()
        gc.enable()

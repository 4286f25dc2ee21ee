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


async def test_a_prestarted_listing_is_in_the_first_frame(monkeypatch):
    """What a session found before the UI existed (FakeSession.start hands over its listing at
    once, as a prestarted Session's relay does) reaches the store on the UI thread during
    Control.start: the dashboard mounts with the rows, so its first frame has them, instead of
    an empty frame first and the rows a layout later (issue 20)."""
    from tui.screens.dashboard import DashboardScreen

    at_mount: dict = {}
    original = DashboardScreen.on_mount

    def on_mount(self):
        original(self)
        at_mount.update(synced=self.app.state.synced, rows=self.pane("containers").table.row_count)

    monkeypatch.setattr(DashboardScreen, "on_mount", on_mount)
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert at_mount == {"synced": True, "rows": len(app.session.snapshot.containers)}


async def test_changes_after_the_start_are_posted(monkeypatch):
    """Only the backlog is applied inside Control.start: a change emitted later (from an
    engine thread, or from the UI thread outside start) goes through the message queue."""
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        calls = []
        monkeypatch.setattr(app.control, "on_change", lambda change, *a, **kw: calls.append(change))
        change = ch.ConnectionChanged("live", "test")
        app.session.emit(change)
        assert calls == []  # not applied inside the emit
        await pilot.pause()
        assert calls == [change]


async def test_no_frame_is_rendered_inside_the_start_up_batch(monkeypatch):
    """Textual holds a batch (repaints suspended) while it mounts the app; a screen laid out
    inside it renders a full frame that App._display then drops, and renders it again once the
    batch ends (~0.07 s at N=100 here). The dashboard is pushed after that batch (App.on_mount:
    call_later), so no render happens while a batch is open at start."""
    from textual._compositor import Compositor

    batched: list[int] = []
    original = Compositor.render_update

    def render_update(self, *args, **kwargs):
        if app._batch_count:
            batched.append(app._batch_count)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", render_update)
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert dash(app).is_mounted and pane(app).table.row_count
        assert batched == []


async def test_the_first_resume_does_not_style_the_dashboard_again(monkeypatch):
    """Textual restyles a screen's every node when it resumes. The dashboard's first resume
    follows its mount, which styled each node: skipped there (issue 20), kept for every later
    one (a switch back to it)."""
    from tui.screens.dashboard import DashboardScreen

    restyled: list[bool] = []
    original = DashboardScreen.update_node_styles

    def update_node_styles(self, animate: bool = True) -> None:
        restyled.append(animate)
        original(self, animate)

    monkeypatch.setattr(DashboardScreen, "update_node_styles", update_node_styles)
    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert dash(app).is_mounted and restyled == []
        from textual import events

        dash(app).post_message(events.ScreenResume())  # as App.switch_screen sends it
        await pilot.pause()
        assert restyled == [False]  # Screen._on_screen_resume's own call (animate=False)


async def test_a_resize_to_the_size_the_app_has_lays_nothing_out_again(monkeypatch):
    """Textual's App._on_resize keeps a Resize event of the size the app already has and hands
    it to the screen at the next idle, which lays out and renders every widget again (the
    driver's first reading arrives right after the dashboard's first frame: ~0.07 s of CPU at
    N=100, issue 20). Such an event now ends at the app; a new size still reaches the screen."""
    from textual import events
    from textual.geometry import Size

    from textual.screen import Screen

    from tui.screens.dashboard import DashboardScreen

    app = DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=FakeSession)
    resized: list[Size] = []
    original = Screen._screen_resized

    def screen_resized(self, size):
        if isinstance(self, DashboardScreen):
            resized.append(size)
        return original(self, size)

    monkeypatch.setattr(Screen, "_screen_resized", screen_resized)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.state.synced and pane(app).table.row_count:
                break
        await pilot.pause(0.1)
        resized.clear()
        app.post_message(events.Resize(Size(160, 45), Size(160, 45)))
        await pilot.pause(0.1)
        assert resized == [] and app.size == Size(160, 45)
        await pilot.resize_terminal(150, 40)
        await pilot.pause(0.1)
        assert resized and resized[-1] == Size(150, 40) and app.screen.size == Size(150, 40)

"""A small App that hosts one learning view over a fixed State: no daemon, no engine, no
clock, so snapshots are deterministic. It offers what the views use of DockyardApp."""

from __future__ import annotations

from textual.app import App
from textual.signal import Signal

from tests.learn import fake_state
from tui.engine.endpoint import Endpoint
from tui.paths import stylesheets
from tui.widgets.palette import state_variables


class LearnHarness(App):
    CSS_PATH = stylesheets("base", "learn")

    def __init__(self, make_screen, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.readonly = False
        self.state = fake_state.state()
        self.endpoint = Endpoint(host="unix:///var/run/docker.sock", source="default")
        self.session = None
        self.state_signal = Signal(self, "state")
        self.event_signal = Signal(self, "events")
        self._make_screen = make_screen
        self.opened: list = []

    def get_css_variables(self) -> dict[str, str]:
        base = super().get_css_variables()
        return {**base, **state_variables(base)}

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())

    def want_stats(self, owner, ids) -> None:
        pass

    def open_detail(self, kind, obj) -> None:
        self.opened.append((kind, obj))

"""A small App that hosts one learning view over a fixed State: no daemon, no engine, no
clock, so snapshots are deterministic. It offers what the views use of DockyardApp."""

from __future__ import annotations

from textual.app import App

from tests.learn import fake_state
from tui.control import Control
from tui.engine.endpoint import Endpoint
from tui.paths import stylesheets
from tui.widgets.colours import state_variables


class LearnHarness(App):
    CSS_PATH = stylesheets("base", "learn")

    def __init__(self, make_screen, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.readonly = False
        self.endpoint = Endpoint(host="unix:///var/run/docker.sock", source="default")
        # The real application layer over a session that never connects: views read the
        # fixed state from the store; a read they start fails quietly (not connected).
        self.control = Control(self, self.endpoint, session=QuietSession(self.endpoint))
        self.control.store.state = fake_state.state()
        self.control.nav.open_detail = lambda kind, obj: self.opened.append((kind, obj))
        self._make_screen = make_screen
        self.opened: list = []

    @property
    def state(self):
        return self.control.store.state

    def get_css_variables(self) -> dict[str, str]:
        base = super().get_css_variables()
        return {**base, **state_variables(base)}

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())



class QuietSession:
    """The session surface the learning views use, never connected (no daemon, no threads)."""

    api_version = ""
    readonly = False

    def __init__(self, endpoint) -> None:
        self.endpoint = endpoint

    def wire(self, emit, log=None):
        return self

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass

    def want_stats(self, ids) -> None:
        pass

    def __getattr__(self, name):
        from tui.domain.errors import DockerError, ErrorKind

        def not_connected(*args, **kwargs):
            raise DockerError(ErrorKind.UNREACHABLE, "not connected (test harness)")

        return not_connected

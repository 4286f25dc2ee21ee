"""Start-up (issue 20): the stylesheets of the other screens are read after the first rows are
painted (DockyardApp.LATER_CSS), never later than the first screen that needs them."""

from __future__ import annotations

from pathlib import Path

from textual.css.match import match
from textual.css.stylesheet import Stylesheet

from tests.ui.fake_daemon import FROZEN_NOW, FakeSession
from tests.ui.helpers import dash, pane
from tui.app import DockyardApp
from tui.domain import changes as ch
from tui.engine.endpoint import Endpoint
from tui.keymap import Config
from tui.paths import stylesheets
from tui.screens.dialogs.confirm import ConfirmScreen


class SilentSession(FakeSession):
    """Lists nothing until the test says so."""

    def start(self) -> None:
        self.emit(ch.ConnectionChanged("connecting", self.endpoint.host))

    def release(self) -> None:
        self.emit(ch.Resynced(self.snapshot))


def _app(session=SilentSession) -> DockyardApp:
    return DockyardApp(Endpoint("unix:///fake.sock", "test"), config=Config(), clock=lambda: FROZEN_NOW, session_factory=session)


def _later_sources(app) -> set[str]:
    return {Path(path).stem for path, _ in app.stylesheet.source if path.endswith(".tcss")} & set(app.LATER_CSS)


async def test_read_once_the_first_rows_are_painted_and_they_style_nothing_on_the_dashboard():
    app = _app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert not _later_sources(app), "read before the first listing"
        app.session.release()
        for _ in range(250):
            await pilot.pause(0.02)
            if app._later_css and pane(app).table.row_count:
                break
        assert _later_sources(app) == set(app.LATER_CSS)
        # Every rule they hold names another screen, an id or a class: none applies to a widget
        # of the dashboard, so reading them after its first frame changes nothing it shows.
        sheet = Stylesheet(variables=app.get_css_variables())
        for path in stylesheets(*app.LATER_CSS):
            sheet.read(path)
        sheet.parse()
        later = sheet.rules
        assert len(later) > 50
        for node in dash(app).walk_children(with_self=True):
            hits = [rule.selectors for rule in later if match(rule.selector_set, node)]  # (their only pseudo class, :focus, is on #form-box Input)
            assert not hits, (node, hits)


async def test_a_dialog_shown_before_the_first_listing_is_styled():
    app = _app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert not app._later_css
        app.push_screen(ConfirmScreen("Remove?", ["x"]))
        await pilot.pause()
        box = app.screen.query_one("#confirm-box")
        assert box.styles.border_top[0] == "thick"  # dialogs.tcss's rule, not Textual's default
        assert _later_sources(app) == set(app.LATER_CSS)

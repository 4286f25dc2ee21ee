"""`?` on every screen lists that screen's keys; the footer at 80-100 columns keeps
Filter, Help, Quit and the palette key whole (issue 15, item 6)."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from tests.ui.helpers import pane, shown
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import ContainerDetailScreen
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.help import HelpScreen

pytestmark = pytest.mark.daemon


def help_text(app) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return "\n".join(f"{keys} {text}" for _, keys, text, _ in screen._rows)


async def _open_help(app, pilot, until):
    await pilot.press("question_mark")
    await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
    return help_text(app)


async def test_question_mark_on_detail_inspect_learn_and_dialogs(make_app, bed, until):
    cid = bed.run("helped", environment={"API_TOKEN": "x"})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), what="the row")
        p = pane(app)
        p.select_key(cid)
        await until(pilot, lambda: p.selected_key == cid)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, ContainerDetailScreen) and app.screen.is_mounted, what="logs")
        text = await _open_help(app, pilot, until)
        for key in ("0 ", "5 ", "x ", "n ", "N ", "c ", "Since 1 min", "Colours", "Copy"):
            assert key in text, (key, text)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ContainerDetailScreen), what="back on the detail")
        app.screen.query_one("TabbedContent").active = "tab-env"
        await until(pilot, lambda: app.screen.active_tab == "env", what="Env tab")
        assert "v Reveal" in await _open_help(app, pilot, until)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), what="dashboard")
        await pilot.press("i")
        await until(pilot, lambda: "Inspect" in type(app.screen).__name__, what="inspect screen")
        assert "esc" in await _open_help(app, pilot, until)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), what="dashboard")
        await pilot.press("A")
        await until(pilot, lambda: not isinstance(app.screen, DashboardScreen), what="architecture view")
        learn = type(app.screen).__name__
        assert await _open_help(app, pilot, until), learn
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), what="dashboard")
        await pilot.press("K")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen._armed, what="kill dialog")
        assert "Move between Cancel and Kill" in await _open_help(app, pilot, until)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")


@pytest.mark.parametrize("width", [80, 90, 100])
async def test_footer_keeps_filter_help_quit_whole(make_app, until, width):
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await until(pilot, lambda: app.state.synced and isinstance(app.screen, DashboardScreen), what="dashboard")
        await pilot.pause(0.3)
        keys = list(app.screen.query_one(Footer).children)
        palette = [k for k in keys if getattr(k, "description", "") == "palette"]
        others = [k for k in keys if k not in palette]
        assert palette and palette[0].region.right <= width
        left = palette[0].region.x
        descriptions = [k.description for k in others]
        for wanted in ("Filter", "Help", "Quit"):
            assert wanted in descriptions, descriptions
        assert all(k.region.right <= left for k in others), [(k.description, k.region) for k in others]

"""The footer recomposes once per refresh, and only when the keys it shows change (issue 17
item 7: a focus move sent two bindings signals, and each remounted every footer key).

Against the real daemon: the logs view of a quiet container; `/` moves focus to the search
box (the log view's Follow key leaves the footer), esc moves it back.
"""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tests.ui.test_detail_logs import open_container
from tui.screens.detail.logs_tab import LogsTab
from tui.widgets.footer import Footer


def _labels(screen) -> list[str]:
    return [k.description for k in screen.query(FooterKey)]


async def test_a_focus_move_recomposes_the_footer_once_and_a_no_change_not_at_all(bed, make_app, until, monkeypatch):
    cid = bed.run("quiet", "while true; do echo quiet; sleep 1; done")
    recomposes = []
    original = Footer.recompose

    async def counted(self):
        recomposes.append(self)
        return await original(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_container(app, pilot, until, cid, key="l")
        tab = screen.query_one(LogsTab)
        await until(pilot, lambda: tab.view.has_focus and "Follow" in _labels(screen), what="the log view focused, Follow shown")
        await pilot.pause(0.3)
        for _ in range(2):
            recomposes.clear()
            await pilot.press("slash")
            await until(pilot, lambda: tab._input.has_focus and "Follow" not in _labels(screen), what="search open, Follow gone")
            await pilot.pause(0.3)
            assert len(recomposes) == 1, f"{len(recomposes)} footer recomposes for one focus move"
            recomposes.clear()
            await pilot.press("escape")
            await until(pilot, lambda: tab.view.has_focus and "Follow" in _labels(screen), what="search closed, Follow back")
            await pilot.pause(0.3)
            assert len(recomposes) == 1, f"{len(recomposes)} footer recomposes for one focus move"
        # A bindings signal that changes nothing shown: no recompose.
        footer = screen.query_one(Footer)
        recomposes.clear()
        screen.refresh_bindings()
        await pilot.pause(0.3)
        assert recomposes == [] and "Follow" in _labels(footer)

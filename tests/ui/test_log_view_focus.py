"""Opening and closing the logs search box repaints no line of the log view: the view has no
``:focus`` look, so Textual's repaint on focus and blur is skipped (tui/widgets/log_view.py)."""

from __future__ import annotations

from textual.app import App

from tests.ui.test_detail_logs import open_container
from tui.domain.logbuffer import LogBuffer
from tui.screens.detail.logs_tab import LogsTab
from tui.widgets.log_view import LogView


async def test_search_box_open_and_close_render_no_log_line(bed, make_app, until):
    cid = bed.run("quiet-log", "i=0; while [ $i -lt 80 ]; do echo quiet line $i; i=$((i+1)); done; sleep 100000")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_container(app, pilot, until, cid, key="l")
        tab = screen.query_one(LogsTab)
        view = screen.query_one(LogView)
        await until(pilot, lambda: len(tab.buffer) >= 80 and "quiet line 79" in "".join(s.text for s in view.render_lines(view.region.reset_offset)), what="lines painted")
        await pilot.pause(0.5)
        rendered = []
        original = view.render_line
        view.render_line = lambda y: rendered.append(y) or original(y)
        await pilot.press("slash")
        await until(pilot, lambda: app.focused is not view and not tab._input.has_class("-hidden"), what="search box")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await until(pilot, lambda: app.focused is view and tab._input.has_class("-hidden"), what="box closed")
        await pilot.pause(0.3)
        assert rendered == []  # every visible line was rendered again, twice, before
        await pilot.press("t")  # a real change still paints
        await until(pilot, lambda: len(rendered) > 10, what="timestamps painted")


class _Focusable(App):
    CSS = "LogView:focus { background-tint: white 20%; }"

    def compose(self):
        yield LogView(LogBuffer(100))
        yield LogView(LogBuffer(100), id="other")


async def test_a_view_whose_look_changes_on_focus_still_repaints():
    app = _Focusable()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query(LogView).first()
        view.focus()
        await pilot.pause()
        calls = []
        original = view.render_line
        view.render_line = lambda y: calls.append(y) or original(y)
        app.query_one("#other").focus()
        await pilot.pause(0.2)
        assert calls  # the tint went: every row painted again

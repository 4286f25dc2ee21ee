"""The preview pane's log tail: each line of a followed container is drawn when it arrives
(no timer or poll period in between), and the tail jumps by half its height when full
instead of moving every row for every line (a pane beside the list cannot be scrolled
by the terminal: each move rewrites all its rows)."""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult

from tests.ui.helpers import dash, pane, shown
from tui.widgets import tail_log
from tui.widgets.tail_log import TailLog


class _TailApp(App):
    CSS = "TailLog { overflow-x: hidden; }"  # as in the preview pane

    def compose(self) -> ComposeResult:
        yield TailLog(max_lines=50, id="tail")


def _on_screen(tail: TailLog) -> list[str]:
    return [tail.render_line(y).text.rstrip() for y in range(tail.scrollable_content_region.height)]


def _painted_equals_fresh(tail: TailLog) -> bool:
    """The rows a paint returns (Textual's line cache, refreshed only where we said, and the
    rows the tail keeps by line) equal a render from nothing, cell for cell and style for
    style: no row was left stale by a partial refresh or drawn with an old style."""
    region = tail.size.region
    painted = [list(s) for s in tail.render_lines(region)]
    tail._styles_cache.clear()
    tail._render_line_cache.clear()
    tail._rows.clear()
    fast, tail_log.FAST_ROWS = tail_log.FAST_ROWS, False  # the fresh rows all from Textual
    try:
        fresh = [list(s) for s in tail.render_lines(region)]
    finally:
        tail_log.FAST_ROWS = fast
    tail._rows.clear()  # (kept from Textual now: the next paint makes its new rows again)
    return painted == fresh


async def test_each_line_is_on_screen_when_appended_and_the_view_jumps_rarely(monkeypatch):
    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 3600.0)  # no settling in this part
    monkeypatch.setattr("tui.widgets.tail_log.SLOW", 3600.0)  # every line counts as fast
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = app.query_one(TailLog)
        await pilot.pause()
        height = tail.scrollable_content_region.height
        assert height == 12
        for n in range(120):  # past max_lines: pruned lines must not shift the view
            tail.append([f"line {n:03d}"])
            await pilot.pause()
            assert _painted_equals_fresh(tail), n
            rows = _on_screen(tail)
            assert f"line {n:03d}" in rows, (n, rows)
            shown_numbers = [int(r[5:]) for r in rows if r]
            assert shown_numbers == list(range(shown_numbers[0], n + 1)), (n, rows)  # in order, newest last
            if n >= height:
                assert len(shown_numbers) > height // 2 - 1, (n, rows)  # at least half the view is log
        # one jump per half view, not one move per line
        assert tail.jumps <= (120 - height) // (height // 2) + 2, tail.jumps


async def test_a_jump_draws_only_the_rows_new_to_the_view_and_a_theme_redraws_all(monkeypatch):
    """Lines that stay on screen through a jump keep their finished rows (Textual's cache is
    kept by row: each of them was drawn again); anything they were drawn with changing (the
    theme, the width) draws them again."""
    from textual.widget import Widget

    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 3600.0)
    monkeypatch.setattr("tui.widgets.tail_log.SLOW", 3600.0)
    drawn: list[int] = []
    original = Widget.render_lines

    def counting(self, crop):
        if isinstance(self, TailLog):
            drawn.append(crop.height)
        return original(self, crop)

    monkeypatch.setattr(Widget, "render_lines", counting)
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = app.query_one(TailLog)
        await pilot.pause()
        for n in range(12):
            tail.append([f"line {n:03d}"])
        await pilot.pause()
        jumps = tail.jumps
        drawn.clear()
        tail.append(["line 012"])  # the view is full: it jumps
        await pilot.pause()
        assert tail.jumps == jumps + 1
        assert "line 012" in _on_screen(tail)
        # the new line and the blank rows under it (a blank row drawn once is kept too)
        assert sum(drawn) <= 2, drawn
        assert _painted_equals_fresh(tail)
        dark = list(tail.render_lines(tail.size.region)[0])
        app.theme = "textual-light"
        await pilot.pause()
        light = list(tail.render_lines(tail.size.region)[0])
        assert light != dark
        assert _painted_equals_fresh(tail)
        await pilot.resize_terminal(30, 12)
        await pilot.pause()
        assert tail.render_lines(tail.size.region)[0].cell_length == tail.size.width
        assert _painted_equals_fresh(tail)


async def test_a_line_painted_at_once_wakes_no_refresh_round(monkeypatch):
    """A line into a blank row is painted from ``append`` (scroll_region.paint_now); its row is
    dirtied without Textual's Prompt (scroll_region.dirty_quietly), which woke the tail's task
    for an idle round that found nothing left to paint: one task step per line before."""
    from textual import messages

    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 3600.0)
    monkeypatch.setattr("tui.widgets.tail_log.SLOW", 3600.0)
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = app.query_one(TailLog)
        await pilot.pause()
        prompts: list = []
        original = tail.post_message

        def post(message):
            if isinstance(message, messages.Prompt):
                prompts.append(message)
            return original(message)

        tail.post_message = post
        try:
            for n in range(10):  # rows 0-9 of 12: no jump
                tail.append([f"line {n:03d}"])
                await pilot.pause()
                assert _painted_equals_fresh(tail), n
                assert f"line {n:03d}" in _on_screen(tail)
        finally:
            del tail.post_message
        assert tail.jumps == 0
        assert len(prompts) <= 2, len(prompts)


async def _filled(pilot, lines: int) -> TailLog:
    """The app's tail with ``lines`` numbered lines appended, painted."""
    tail = pilot.app.query_one(TailLog)
    await pilot.pause()
    tail.append([f"line {n:03d}" for n in range(lines)])
    await pilot.pause()
    return tail


async def test_a_quiet_tail_settles_full_at_the_end(monkeypatch, until):
    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 0.2)
    monkeypatch.setattr("tui.widgets.tail_log.SLOW", 3600.0)
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = await _filled(pilot, 12)
        tail.append(["line 012"])  # a jump: blank rows under it
        await pilot.pause()
        assert _on_screen(tail)[-1] == ""
        await until(pilot, lambda: _on_screen(tail)[-1] == "line 012", timeout=10, what="the tail settled at the end")
        assert _on_screen(tail) == [f"line {n:03d}" for n in range(1, 13)]


async def test_a_slow_log_moves_a_full_view_by_one_row(monkeypatch):
    """Lines that come a while apart: each moves the full view up by one (the newest at the
    bottom, no blank rows), instead of a jump that the settle would undo a second later."""
    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 3600.0)
    monkeypatch.setattr("tui.widgets.tail_log.SLOW", 0.0)  # every line counts as slow
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = await _filled(pilot, 12)
        assert _on_screen(tail) == [f"line {n:03d}" for n in range(12)]
        for n in range(12, 20):
            tail.append([f"line {n:03d}"])
            await pilot.pause()
            assert _painted_equals_fresh(tail), n
            assert _on_screen(tail) == [f"line {k:03d}" for k in range(n - 11, n + 1)], n


async def test_scrolled_away_the_tail_stays_put(monkeypatch):
    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 3600.0)
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = await _filled(pilot, 30)
        tail.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        tail.append(["line 030"])
        await pilot.pause()
        assert _on_screen(tail)[0] == "line 000"


@pytest.mark.daemon
async def test_a_containers_new_line_reaches_the_preview_tail_without_a_timer(make_app, bed, monkeypatch, until):
    """A container printing a numbered line every second: every new line is in the tail
    although the fast-log flush timer is set to an hour (the tail used to be drawn once a
    second from a timer: a line waited up to that period)."""
    monkeypatch.setattr("tui.widgets.preview.LOG_FLUSH", 3600.0)
    cid = bed.run("ticks", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done")
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await until(pilot, lambda: app.state.synced and shown(app, cid), timeout=30, what="row")
        p = pane(app)
        p.table.focus()
        assert p.select_key(cid)
        preview = dash(app).preview
        await until(pilot, lambda: preview.logs.line_count > 0, timeout=30, what="the first tail")
        # the tail fills the pane under the facts (it was capped at 12 rows, half the pane empty)
        assert preview.logs.region.bottom == preview.content_region.bottom, (preview.logs.region, preview.content_region)
        assert preview.logs.scrollable_content_region.height >= 20, preview.logs.region

        def newest() -> int:
            numbers = [int(n) for n in re.findall(r"tick-(\d+)", "\n".join(preview.logs.lines))]
            return max(numbers, default=-1)

        first = newest()
        await until(pilot, lambda: newest() >= first + 3, timeout=60, what="three more lines in the tail")
        assert not preview._pending, "lines held back for a timer"
        assert preview._flush_timer is None


async def test_plain_rows_made_from_the_checked_template_equal_textuals(monkeypatch):
    """Plain lines (printable ASCII) are drawn from a row template learnt from Textual's own
    rows and checked against them; both kinds of row (text and blanks, text to the edge)
    equal Textual's cell for cell, style and mouse offset alike, through jumps, a theme
    change and a resize. Lines that are not plain (wide characters, control codes shown as
    a replacement) and blank lines (a blank row, kept) are still Textual's."""
    from textual.widgets import Log

    monkeypatch.setattr("tui.widgets.tail_log.QUIET", 3600.0)
    monkeypatch.setattr("tui.widgets.tail_log.SLOW", 3600.0)
    drawn: list[int] = []  # lines Textual drew (absolute index)
    original = Log._render_line_strip

    def counting(self, y, rich_style):
        drawn.append(self._first() + y)
        return original(self, y, rich_style)

    monkeypatch.setattr(Log, "_render_line_strip", counting)
    app = _TailApp()
    lines = ["short", "x" * 40, "y" * 55, "", "a\tb", "wide 漢字 line", "bell \x07 here", "tail end", "-" * 39]
    async with app.run_test(size=(40, 12)) as pilot:
        tail = app.query_one(TailLog)
        await pilot.pause()
        for n in range(60):
            tail.append([f"{n:03d} {lines[n % len(lines)]}" if n % len(lines) != 3 else ""])  # (a blank line: a blank row)
            await pilot.pause()
            assert _painted_equals_fresh(tail), n
        template = tail._template
        assert template is not None and not template.off and template.kinds == {(True, True), (True, False)}
        drawn.clear()
        first_plain = tail._total
        for n in range(20):
            tail.append([f"plain {n:03d}"])
            await pilot.pause()
        assert [i for i in drawn if i >= first_plain] == [], drawn  # every new line's row made here (old lines' rows may be redrawn by a jump)
        app.theme = "textual-light"
        await pilot.pause()
        tail.append(["after the theme"])
        await pilot.pause()
        assert _painted_equals_fresh(tail)
        await pilot.resize_terminal(30, 12)
        await pilot.pause()
        tail.append(["after the resize", "z" * 45])
        await pilot.pause()
        assert _painted_equals_fresh(tail)
        assert "after the resize" in _on_screen(tail)


async def test_a_row_template_that_does_not_match_turns_itself_off():
    """A row Textual draws differently from the template's guess (here: a highlighter) is
    never made from it: the template is off and Textual draws every row."""
    app = _TailApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tail = app.query_one(TailLog)
        await pilot.pause()
        template = tail_log.RowTemplate(("k",))
        row = tail_log.RowTemplate(("k",))
        tail.append(["line one"])
        await pilot.pause()
        drawn = tail.render_lines(tail.size.region)[0]
        row.learn(drawn, "line one", 0, 40, 0)
        assert row.ready
        assert list(row.row("line one", 0, 40, 0)) == list(drawn)
        template.learn(drawn, "line two", 0, 40, 0)  # not what was drawn
        assert template.off and template.row("line two", 0, 40, 0) is None

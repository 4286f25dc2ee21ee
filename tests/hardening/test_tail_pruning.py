"""A log tail beside another widget, past its ``max_lines``, in a real pty.

When old lines are dropped, Textual's ``Log`` renumbers the rest and its view's scroll offset
moves: every visible row is repainted with the same cells, but each row's segments carry the
line's index in their ``meta`` (mouse data no terminal shows). The shadow diff
(tui/scroll_region.py) compared styles with ``meta``, so it sent every row again, once per new
line: the preview pane's tail wrote 7x the log's bytes once its 200 lines were full (bench).
Here a small Textual app (the real ``TailLog``, the real compositor and shadow) tails a line
every 50 ms in a pane beside a static column; behaviour, not speed: rows written per line.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from tests.support.pty_app import script_app

APP = textwrap.dedent(
    """
    import sys
    from textual.app import App
    from textual.widgets import Static
    from tui import scroll_region
    from tui.widgets import tail_log
    from tui.widgets.tail_log import TailLog

    tail_log.PRUNE_SLACK = float(sys.argv[1])
    scroll_region.install()
    BANDS = [0]
    _band = scroll_region._band_update

    def counted(compositor):
        update = _band(compositor)
        if update is not None and isinstance(update.widget, TailLog):
            BANDS[0] += 1
        return update

    scroll_region._band_update = counted
    CUT = [0]
    _partial = scroll_region._original_partial

    def cut(compositor):
        # the compositor cutting the tail's rows (the band update declined them)
        if APP_REF and APP_REF[0].n > 40 and any(r.right > 30 for r in compositor._dirty_regions):
            CUT[0] += 1
        return _partial(compositor)

    scroll_region._original_partial = cut
    APP_REF = []

    class Tail(App):
        CSS = "Screen { layout: horizontal; } #left { width: 30; } TailLog { width: 40; height: 12; overflow-x: hidden; }"

        def compose(self):
            yield Static("\\n".join(f"left {n}" for n in range(20)), id="left")
            yield TailLog(max_lines=30, id="tail")

        def on_mount(self):
            self.n = 0
            APP_REF.append(self)
            self.set_interval(0.05, self.tick)

        def tick(self):
            if self.n < 160:
                self.query_one(TailLog).append([f"line {self.n:04d} " + "x" * (self.n % 17)])
                self.n += 1
            elif self.n == 160:
                self.query_one(TailLog).append([f"TAIL-DONE bands={BANDS[0]} cut={CUT[0]}"])
                self.n += 1

    Tail().run()
    """
)

LEFT = 30  # the tail's first column


def _tail_rows_written(raw: bytes) -> int:
    """Cursor moves into the tail's columns: one per row (or part of a row) written there."""
    return sum(1 for m in re.finditer(rb"\x1b\[(\d+);(\d+)H", raw) if int(m.group(2)) - 1 >= LEFT)


@pytest.mark.parametrize("slack", ["0", "0.25"])
def test_dropping_old_lines_does_not_resend_the_tail(tmp_path, slack):
    app = script_app(tmp_path, APP, (80, 16), slack)
    try:
        app.wait_for(r"line 0060", timeout=60)  # max_lines (30) long past: every line drops one (slack 0)
        mark = len(app.raw_bytes())
        app.wait_for(r"line 0140", timeout=60)
        raw = app.raw_bytes()[mark:]
        shown = [int(n) for n in re.findall(r"line (\d{4})", app.screen_text())]
        lines = max(shown) - 60
        written = _tail_rows_written(raw)
        # ~1 row per new line, the 12 rows once per 6 lines (a jump: 2 a line), cursor homing
        # outside the tail. Resending the tail on every line is ~13 a line.
        assert written <= 4 * lines + 12, (written, lines)
        done = app.wait_for(r"TAIL-DONE bands=\d+", timeout=60)
        # Each line was painted by the band update (the tail's own rows spliced between the
        # column beside it and the screen's edge), not by the compositor cutting every widget
        # in its rows: it fails if the tail's refresh touches its scrollbar's cells again.
        bands = int(re.search(r"bands=(\d+)", app.screen_text()).group(1))
        assert bands >= 120, bands
        # A jump (and, without slack, every line: dropping a line renumbers the rest) moves the
        # view: its rows went through Textual's scroll watcher, which dirties the whole widget,
        # scrollbar included, and the compositor cut them. Now they go the band's way too.
        cuts = int(re.search(r"cut=(\d+)", app.screen_text()).group(1))
        assert cuts <= 5, cuts  # 0 here; 30 and 68 before
        app.settle(4.0, timeout=30)  # the tail settles full after a quiet spell (tail_log.QUIET)
        text = app.screen_text()
        app.resize(81, 16)  # a resize repaints everything
        app.settle(0.5)
        app.resize(80, 16)
        app.settle(0.5)
        assert app.screen_text() == text
    finally:
        app.close()

"""A tail between two columns, in a real pty (the real ``TailLog``, compositor and shadow).

A line that lands in a blank row of the tail changes that row's strip only: the band
update takes the shadow's row as it was, swaps the strip between the segments left and
right of it (their counts are kept from the paint before) and sends the strips'
difference, instead of cutting the row again and diffing it from its first column, the
column beside the tail included. Lines that share their start or their end with the row
they replace exercise the trimming inside a segment. Behaviour: rows took the short way,
the bytes per line stay small, and the screen afterwards equals a full repaint, cell by
cell, style by style.
"""

from __future__ import annotations

import re
import textwrap

from tests.support.pty_app import assert_same_as_full_repaint, counts_on_screen, script_app

APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Static
    from tui import scroll_region
    from tui.widgets import tail_log
    from tui.widgets.tail_log import TailLog

    tail_log.QUIET = 3600.0  # no settling at the end: the screen compared is the one the lines left
    scroll_region.install()
    COUNTS = {"bands": 0, "swapped": 0}

    class Counted(scroll_region.BandUpdate):
        def render_segments(self, console):
            out = super().render_segments(console)
            COUNTS["bands"] += 1
            COUNTS["swapped"] += self.swapped
            return out

    scroll_region.BandUpdate = Counted
    WORDS = ["alpha", "alpha beta", "alpha beta gamma", "gamma", "x" * 38, "", "tail end"]

    class Tail(App):
        CSS = (
            "Screen { layout: horizontal; } #left { width: 24; background: $panel; }"
            " TailLog { width: 40; height: 14; overflow-x: hidden; } #right { width: 1fr; color: red; }"
        )

        def compose(self):
            yield Static("\\n".join(f"left {n}" for n in range(20)), id="left")
            yield TailLog(max_lines=200, id="tail")
            yield Static("\\n".join(f"right {n}" for n in range(20)), id="right")

        def on_mount(self):
            self.n = 0
            self.set_interval(0.04, self.tick)

        def tick(self):
            tail = self.query_one(TailLog)
            if self.n < 90:
                tail.append([f"{self.n:03d} {WORDS[self.n % len(WORDS)]}" if self.n % 9 else "\\u6f22\\u5b57 wide"])
                self.n += 1
            elif self.n == 90:
                tail.append([f"DONE bands={COUNTS['bands']} swapped={COUNTS['swapped']}"])
                self.n += 1

    Tail().run()
    """
)


def test_a_line_in_a_blank_row_swaps_the_strip_and_the_screen_is_whole(tmp_path):
    size = (80, 16)
    app = script_app(tmp_path, APP, size)
    try:
        app.wait_for(r"DONE bands=\d+", timeout=60)
        counts = counts_on_screen(app.screen_text())
        assert counts["bands"] >= 60, counts
        # Most lines land in a blank row (a jump frees half the view): those rows were swapped.
        assert counts["swapped"] >= 30, counts
        assert re.search(r"089 ", app.screen_text())
        assert_same_as_full_repaint(app, size)
    finally:
        app.close()

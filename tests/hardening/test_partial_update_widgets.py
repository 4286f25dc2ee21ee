"""A partial update asks only the widgets under its dirty regions for their lines, and
those only for the rows they share with them, in a real pty (the real compositor, chops
and shadow).

Two counters change in the same frame at either side of a column that does not (the
dashboard's stats cells on the left, the preview's sparklines on the right, its log tail
between them): Textual's crop is the box around both, and the middle column was drawn and
cut into chops for every row of it, to send nothing; and a list whose one row ticks beside
a taller counter (the containers' fresh STATUS beside the preview's facts) was drawn for
every row of the counter's height. Behaviour, not speed: what is drawn by those frames,
and the screen equals a full repaint.
"""

from __future__ import annotations

import textwrap

from tests.support.pty_app import assert_same_as_full_repaint, counts_on_screen, script_app

APP = textwrap.dedent(
    """
    from rich.segment import Segment
    from textual.app import App
    from textual.containers import Horizontal
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget
    from textual.widgets import Static
    from tui import scroll_region

    scroll_region.install()
    COUNTS = {"middle": 0, "list": 0}
    TICKING = 5  # the list's row that changes

    class Middle(Static):
        def render_lines(self, crop):
            COUNTS["middle"] += 1
            return super().render_lines(crop)

    class List(Widget):
        n = 0

        def render_line(self, y):
            text = f"list {self.n:03d}" if y == TICKING else f"row {y:02d}"
            return Strip([Segment(text.ljust(self.size.width))], self.size.width)

        def render_lines(self, crop):
            if self.app.n > 20:
                COUNTS["list"] += crop.height
            return super().render_lines(crop)

    class Sides(App):
        CSS = (
            "Horizontal { height: 1fr; } Horizontal > * { width: 1fr; height: 1fr; }"
            " #left { height: 3; } #done { height: 1; }"
        )

        def compose(self):
            with Horizontal():
                yield List(id="list")
                yield Middle("\\n".join(f"middle {n:02d}" for n in range(12)), id="middle")
                yield Static("right", id="right")
            yield Static("", id="done")

        def on_mount(self):
            self.n = 0
            self.set_interval(0.05, self.tick)

        def tick(self):
            if self.n == 20:
                COUNTS["at20"] = COUNTS["middle"]
            if self.n < 60:
                self.n += 1
                rows = self.query_one(List)
                rows.n = self.n
                rows.refresh(Region(0, TICKING, rows.size.width, 1))
                # the counter spans rows 2..9, around the list's ticking row
                self.query_one("#right", Static).update("\\n" * 2 + "\\n".join(f"right {self.n:03d}" for _ in range(8)))
            elif self.n == 60:
                self.n += 1
                self.query_one("#done", Static).update("DONE " + " ".join(f"{k}={v}" for k, v in COUNTS.items()))

    Sides().run()
    """
)


def test_only_the_widgets_and_rows_under_the_dirty_regions_are_drawn_and_the_screen_is_whole(tmp_path):
    app = script_app(tmp_path, APP, (66, 16))
    try:
        app.wait_for(r"DONE", timeout=60)
        text = app.screen_text()
        counts = counts_on_screen(text)
        # forty frames of both sides changing after the first twenty (one or two more for a
        # layout on a loaded machine), each of which drew every row of the middle before
        assert counts["middle"] - counts["at20"] <= 3, counts
        # the list's one row a frame (the counter's whole height, 10 rows, before), and
        # room for a few whole paints on a loaded machine
        assert counts["list"] <= 40 + 3 * 15, counts
        assert "list 060" in text and "right 060" in text, text
        assert_same_as_full_repaint(app, (66, 16))
    finally:
        app.close()


MODAL_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.containers import Vertical
    from textual.screen import ModalScreen
    from textual.widgets import Static
    from tui import scroll_region

    scroll_region.install()

    class Dialog(ModalScreen):
        CSS = "Dialog { align: center middle; } #box { width: 30; height: 5; border: round white; }"

        def compose(self):
            with Vertical(id="box"):
                yield Static("dialog 000", id="ticker")

        def on_mount(self):
            self.n = 0
            self.set_interval(0.05, self.tick)

        def tick(self):
            if self.n < 40:
                self.n += 1
                self.query_one("#ticker", Static).update(f"dialog {self.n:03d}")
            elif self.n == 40:
                self.n += 1
                self.query_one("#ticker", Static).update("DONE")

    class Under(App):
        def compose(self):
            yield Static("header under the dialog", id="header")
            yield Static("\\n".join(f"body {n:02d}" for n in range(14)), id="body")

        def on_key(self, event):
            if event.key == "o":
                self.push_screen(Dialog())

    Under().run()
    """
)


def test_a_modal_screen_shows_the_screen_under_it_whole_through_partial_updates(tmp_path):
    """A modal screen draws the screen under it through that screen's compositor while its
    own partial update renders: only the modal's own renders are filtered by its dirty
    regions (filtered too, the dashboard's header was blank under the help)."""
    app = script_app(tmp_path, MODAL_APP, (50, 16))
    try:
        app.wait_for(r"body 13", timeout=60)
        app.press("o")
        app.wait_for(r"DONE", timeout=60)
        text = app.screen_text()
        assert "header under the dialog" in text and "body 00" in text, text
        assert_same_as_full_repaint(app, (50, 16))
    finally:
        app.close()

"""A partial update asks only the widgets under its dirty regions for their lines, in a
real pty (the real compositor, chops and shadow).

Two counters change in the same frame at either side of a column that does not (the
dashboard's stats cells on the left, the preview's sparklines on the right, its log tail
between them): Textual's crop is the box around both, and the middle column was drawn
and cut into chops for every row of it, to send nothing. Behaviour, not speed: the middle
column is not asked for its lines by those frames, and the screen equals a full repaint.
"""

from __future__ import annotations

import re
import sys
import textwrap

from tests.support.pty_app import PtyApp, base_env

APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.containers import Horizontal
    from textual.widgets import Static
    from tui import scroll_region

    scroll_region.install()
    COUNTS = {"middle": 0}

    class Middle(Static):
        def render_lines(self, crop):
            COUNTS["middle"] += 1
            return super().render_lines(crop)

    class Sides(App):
        CSS = "Horizontal { height: 1fr; } Horizontal > Static { width: 1fr; height: 1fr; } #left { height: 3; } #done { height: 1; }"

        def compose(self):
            with Horizontal():
                yield Static("left", id="left")
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
                self.query_one("#left", Static).update(f"left {self.n:03d}")
                self.query_one("#right", Static).update("\\n" * 8 + f"right {self.n:03d}")
                self.n += 1
            elif self.n == 60:
                self.n += 1
                self.query_one("#done", Static).update("DONE " + " ".join(f"{k}={v}" for k, v in COUNTS.items()))

    Sides().run()
    """
)


def _cells(app: PtyApp) -> list[list[tuple]]:
    with app._lock:
        screen = app._screen
        return [[(c.data, c.fg, c.bg, c.bold, c.reverse) for c in (screen.buffer[y][x] for x in range(screen.columns))] for y in range(screen.lines)]


def test_a_widget_between_two_dirty_ones_is_not_drawn_and_the_screen_is_whole(tmp_path):
    script = tmp_path / "sides_app.py"
    script.write_text(APP)
    app = PtyApp(env=base_env(tmp_path), size=(66, 16), cmd=[sys.executable, str(script)]).start()
    try:
        app.wait_for(r"DONE", timeout=60)
        counts = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", app.screen_text()))
        # forty frames of both sides changing after the first twenty (one or two more for a
        # layout on a loaded machine), each of which drew every row of the middle before
        assert counts["middle"] - counts["at20"] <= 3, counts
        assert "left 059" in app.screen_text() and "right 059" in app.screen_text()
        app.settle(1.0, timeout=30)
        painted = _cells(app)
        app.resize(67, 16)
        app.settle(0.5)
        app.resize(66, 16)
        app.settle(1.0)
        repainted = _cells(app)
        for y, (a, b) in enumerate(zip(painted, repainted)):
            assert a == b, f"row {y} differs after a full repaint:\n{''.join(c[0] for c in a)}\n{''.join(c[0] for c in b)}"
    finally:
        app.close()

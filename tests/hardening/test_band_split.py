"""A followed log view between a title and a status line that change as lines come, in a
real pty (the real ``LogView``, compositor and shadow).

Each new line dirties the log view's rows, and now and then the title's clock or the
status line's counter in the same frame. The log view's rows go the band's way (the
terminal scrolls them, the rows that only moved are not rendered again) and the title and
status go the compositor's, each on its own (tui/scroll_region.py ``_split_update`` and
``_moved_strips``). Behaviour, not speed: which path painted, how many rows were rendered
and written per line, and the screen afterwards equals a full repaint cell by cell.
"""

from __future__ import annotations

import re
import textwrap

from tests.support.pty_app import assert_same_as_full_repaint, counts_on_screen, script_app

APP = textwrap.dedent(
    """
    from rich.text import Text
    from textual.app import App
    from textual.widgets import Static
    from tui import scroll_region
    from tui.domain.logbuffer import LogBuffer
    from tui.domain.loglines import LogLine
    from tui.widgets.log_view import LogView

    scroll_region.install()
    COUNTS = {"split": 0, "moved": 0, "carried": 0, "rendered": 0}
    _split = scroll_region._split_update
    _moved = scroll_region._moved_strips

    def split(compositor):
        update = _split(compositor)
        COUNTS["split"] += update is not None
        return update

    def moved(widget, full, k, old, sources):
        strips = _moved(widget, full, k, old, sources)
        COUNTS["moved"] += 1
        COUNTS["carried"] += sum(1 for i, strip in enumerate(strips) if 0 <= i + k < len(old) and strip is old[i + k])
        return strips

    scroll_region._split_update = split
    scroll_region._moved_strips = moved
    BUFFER = LogBuffer()

    class Follow(App):
        CSS = "#title, #status { height: 1; } LogView { height: 1fr; }"

        def compose(self):
            yield Static("title", id="title")
            yield LogView(BUFFER)
            yield Static("status", id="status")

        def on_mount(self):
            self.n = 0
            view = self.query_one(LogView)
            render = view.render_lines

            def counted(crop):
                COUNTS["rendered"] += crop.height
                return render(crop)

            view.render_lines = counted
            view.before_paint.append(self.chores)
            self.set_interval(0.05, self.tick)

        def chores(self, now):
            # what rides in a line's frame: the title's clock every fourth line, the
            # status's counter every third (the real logs screen: once a second each)
            riders = []
            if self.n % 4 == 0:
                title = self.query_one("#title", Static)
                title.update(Text(f"Up {self.n // 4} seconds", style="bold #ffaf00"), layout=False)
                riders.append(title)
            if self.n % 3 == 0:
                status = self.query_one("#status", Static)
                status.update(Text(f"{self.n:,} lines", style="reverse"), layout=False)
                riders.append(status)
            return riders

        def tick(self):
            view = self.query_one(LogView)
            if self.n < 150:
                text = f"\\x1b[3{self.n % 7 + 1}mline {self.n:04d}\\x1b[0m " + "x" * (self.n % 23)
                BUFFER.append([LogLine(text, "stderr" if self.n % 5 == 0 else "stdout", None)])
                self.n += 1
                view.appended(1, 0)
            elif self.n == 150:
                self.n += 1
                BUFFER.append([LogLine("FOLLOW-DONE " + " ".join(f"{k}={v}" for k, v in COUNTS.items()), "stdout", None)])
                view.appended(1, 0)

    Follow().run()
    """
)


def test_a_followed_view_with_a_clock_and_a_counter_paints_each_its_own_way(tmp_path):
    app = script_app(tmp_path, APP, (70, 20))
    try:
        app.wait_for(r"line 0040", timeout=60)
        mark = len(app.raw_bytes())
        app.wait_for(r"line 0120", timeout=60)
        raw = app.raw_bytes()[mark:]
        shown = [int(n) for n in re.findall(r"line (\d{4})", app.screen_text())]
        lines = max(shown) - 40
        # Rows written inside the log view (rows 1..18): ~1 per line (the new one; the
        # terminal scrolls the rest) and cursor homing. Resending the view is ~18 a line.
        written = sum(1 for m in re.finditer(rb"\x1b\[(\d+);(\d+)H", raw) if 2 <= int(m.group(1)) <= 19)
        assert written <= 3 * lines + 12, (written, lines)
        # The last line is wider than the view: the horizontal scrollbar comes and the view,
        # still following, shows it above the bar (it sat under the bar before).
        app.wait_for(r"FOLLOW-DONE", timeout=60)
        counts = counts_on_screen(app.screen_text())
        # About half the lines carried a rider (a quarter the clock, a third the counter): each
        # of those frames split; a frame without one is a plain band update. (~75 and ~130
        # here; the bounds leave room for a loaded machine painting two lines in one frame.)
        assert counts["split"] >= 20, counts
        # Scrolled by one, the view's rows but the new one are carried (18 rows, 17 carried)
        # and one row is rendered per line; whole renders (18 rows) only while the view was
        # filling up and after a layout. Rendering every row per line would be ~18 a line.
        assert counts["moved"] >= 50 and counts["carried"] >= 15 * counts["moved"], counts
        assert counts["rendered"] <= counts["moved"] + 30 * 18, counts
        assert_same_as_full_repaint(app, (70, 20))
    finally:
        app.close()

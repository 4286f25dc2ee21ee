"""One write per frame where the terminal syncs updates, in a real pty with Textual's own
driver and writer thread (tui/frame_write.py).

The test answers the terminal's side of the synchronized-output query, as kitty or
WezTerm would; Textual then brackets each frame with begin and end markers, which it
handed to its writer thread as three writes (three flushes, over SSH up to three packets).
Behaviour: every frame reaches the writer thread as one string, markers included, and
the screen equals a full repaint.
"""

from __future__ import annotations

import textwrap

from tests.support.pty_app import PtyApp, assert_same_as_full_repaint, counts_on_screen, script_app

APP = textwrap.dedent(
    """
    import sys
    from textual.app import App
    from textual.widgets import Static
    from tui import frame_write

    if "--stock" not in sys.argv:
        frame_write.install()
    COUNTS = {"frames": 0, "writes": 0, "whole": 0}

    class Frames(App):
        def compose(self):
            yield Static("waiting", id="count")
            yield Static("", id="done")

        def on_mount(self):
            self.n = 0
            put = self._driver._writer_thread._queue.put

            def counted(text, *args, **kwargs):
                if self.n and text and self.n <= 40:
                    COUNTS["writes"] += 1
                    COUNTS["whole"] += text.startswith("\\x1b[?2026h") and text.endswith("\\x1b[?2026l")
                return put(text, *args, **kwargs)

            self._driver._writer_thread._queue.put = counted
            self.set_interval(0.05, self.tick)

        def _display(self, screen, renderable):
            if self.n and renderable is not None and self.n <= 40:
                COUNTS["frames"] += 1
            return super()._display(screen, renderable)

        def tick(self):
            if not self._sync_available:
                return  # the test has not answered the query yet
            if self.n < 40:
                self.n += 1
                self.query_one("#count", Static).update(f"count {self.n:03d}")
            elif self.n == 40:
                self.n += 1
                self.query_one("#done", Static).update("DONE " + " ".join(f"{k}={v}" for k, v in COUNTS.items()))

    Frames().run()
    """
)


def _run(tmp_path, *args: str) -> tuple[dict, PtyApp]:
    app = script_app(tmp_path, APP, (40, 8), *args)
    app.wait_for(r"waiting", timeout=60)
    app.send("\x1b[?2026;2$y")  # the terminal's answer: synchronized output supported
    app.wait_for(r"DONE", timeout=60)
    return counts_on_screen(app.screen_text()), app


def test_each_frame_is_one_write_markers_included(tmp_path):
    counts, app = _run(tmp_path)
    try:
        assert counts["frames"] >= 10, counts  # (forty updates; a loaded machine merges some frames)
        assert counts["writes"] == counts["frames"] == counts["whole"], counts
        assert b"\x1b[?2026h" in app.raw_bytes()
        assert "count 040" in app.screen_text()
        assert_same_as_full_repaint(app, (40, 8))
    finally:
        app.close()


def test_textuals_own_display_writes_three_times_a_frame(tmp_path):
    """What the module changes (if Textual stops splitting a frame, it can go)."""
    counts, app = _run(tmp_path, "--stock")
    try:
        assert counts["writes"] == 3 * counts["frames"] and counts["whole"] == 0, counts
    finally:
        app.close()

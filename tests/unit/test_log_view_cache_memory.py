"""The log view's rendered-line cache holds a few screens, not thousands of lines: each
cached line is a Strip with its own small caches (~1.6 kB), and 2,000 of them were ~3 MB
of the first logs view's memory high-water mark, which the process keeps after the view
closes (issue 15 item 9: the soak's first use)."""

from __future__ import annotations

import gc
import tracemalloc

from textual.app import App, ComposeResult

from tui.domain.logbuffer import LogBuffer
from tui.domain.loglines import LogLine
from tui.widgets.log_view import LogView


class _LogApp(App):
    def compose(self) -> ComposeResult:
        self.buffer = LogBuffer(10_000)
        yield LogView(self.buffer)


def _cache_bytes(view: LogView) -> int:
    gc.collect()
    before = tracemalloc.take_snapshot()
    view._cache.clear()
    gc.collect()
    after = tracemalloc.take_snapshot()
    return -sum(s.size_diff for s in after.compare_to(before, "filename"))


async def test_following_thousands_of_lines_keeps_a_bounded_render_cache():
    app = _LogApp()
    async with app.run_test(size=(160, 45)) as pilot:
        view = app.query_one(LogView)
        view.timestamps = True
        await pilot.pause()
        tracemalloc.start()
        try:
            n = 0
            for _ in range(80):  # 3,200 lines, 40 a paint, every one drawn while followed
                lines = [LogLine(f"FLOOD {n + i:06d} the quick brown fox jumps over the lazy dog", "stdout", "2026-12-02T08:00:00.123456789Z") for i in range(40)]
                n += 40
                view.appended(app.buffer.append(lines), 0)
                await pilot.pause()
            held = _cache_bytes(view)
        finally:
            tracemalloc.stop()
        assert held < 1_000_000, f"the rendered-line cache held {held / 1e6:.1f} MB"
        await pilot.pause()
        assert view.render_lines(view.scrollable_content_region.reset_offset)[0].text.strip(), "still paints after the cache was dropped"

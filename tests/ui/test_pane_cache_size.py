"""A pane's render caches hold twice what it shows (tui/widgets/pane_table.py, issue 20's
memory): live stats and every update give rows, lines and cells new cache keys, so a cache
fills to its bound with entries no paint asks for again."""

from __future__ import annotations

import dataclasses

from tests.ui.fake_daemon import FakeSession
from tests.ui.helpers import pane
from tests.ui.test_fast_tier import fake_app, ready


class ManySession(FakeSession):
    """The recording plus 80 running containers: more than two screenfuls."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        base = next(c for c in self.snapshot.containers if c.state == "running")
        extra = [dataclasses.replace(base, id=f"{n:04x}" * 16, name=f"many-{n:02d}") for n in range(80)]
        self.snapshot = dataclasses.replace(self.snapshot, containers=tuple(self.snapshot.containers) + tuple(extra))
        self._containers = {c.id: c for c in self.snapshot.containers}


def _sizes(table) -> tuple[int, int, int, int]:
    return tuple(c.maxsize for c in (table._cell_render_cache, table._row_render_cache, table._row_renderable_cache, table._line_cache))


async def test_the_caches_hold_twice_a_screenful_and_grow_with_the_table():
    app = fake_app(FakeSession)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        table = pane(app).table
        rows = 2 * table.size.height
        assert table.size.height > 12
        assert _sizes(table) == (rows * max(len(table.columns), 8), rows, rows, rows)
        assert _sizes(table)[0] < 1500 and rows < 150  # the bounds before: far more than a screen

        for n in range(3 * rows):  # a full cache (stale entries) grows when the table does
            table._line_cache[("stale", n)] = None
        assert len(table._line_cache) == rows

        await pilot.resize_terminal(160, 90)
        for _ in range(50):
            if 2 * table.size.height > rows:
                break
            await pilot.pause(0.02)
        taller = 2 * table.size.height
        assert taller > rows and _sizes(table)[1:] == (taller, taller, taller)
        for n in range(3 * taller):
            table._line_cache[("stale again", n)] = None
        assert len(table._line_cache) == taller

        await pilot.resize_terminal(160, 45)  # never shrinks: entries would stay over the bound
        await pilot.pause(0.1)
        assert _sizes(table)[1] == taller


async def test_a_page_down_and_back_repaints_from_the_caches():
    """Two screenfuls fit: paging down and back renders no cell anew."""
    app = fake_app(ManySession)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        table = pane(app).table
        assert table.row_count > 2 * table.size.height, "the recording has too few rows to page"
        table.focus()
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause(0.1)
        assert table.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause(0.1)
        before = table._cell_render_cache.misses
        await pilot.press("pagedown")
        await pilot.pause(0.1)
        await pilot.press("pageup")
        await pilot.pause(0.1)
        assert table._cell_render_cache.misses == before

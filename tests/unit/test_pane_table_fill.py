"""PaneTable.add_rows_fast: rows added below the rows on screen (a large first listing's
chunks) keep the rendered lines on screen valid; rows added where they show are drawn."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.pane_table import PaneTable


class _TableApp(App):
    CSS = "PaneTable { height: 1fr; }"  # as in the dashboard (styles/dashboard.tcss)

    def compose(self) -> ComposeResult:
        yield PaneTable(cursor_type="row")


def _rows(start: int, stop: int):
    return [(f"k{i}", [Text(f"name-{i:04d}"), Text(f"v{i}")]) for i in range(start, stop)]


async def test_rows_below_the_screen_keep_its_render_caches():
    app = _TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(PaneTable)
        table.add_column("name", key="name", width=12)
        table.add_column("v", key="v", width=6)
        await pilot.pause()
        table.add_rows_fast(_rows(0, 5))  # fewer rows than the screen holds: they show
        count = table._update_count
        table.add_rows_fast(_rows(5, 40))  # some land on screen: caches must go
        assert table._update_count > count
        await pilot.pause()
        assert "name-0003" in table.render_line(4).text
        count = table._update_count
        table.add_rows_fast(_rows(40, 200))  # all below the screen: nothing on screen changed
        assert table._update_count == count
        await pilot.pause()
        assert table.row_count == 200 and table.virtual_size.height == 200 + 1  # + header
        assert "name-0003" in table.render_line(4).text
        table.move_cursor(row=150)
        await pilot.pause()
        shown = "".join(table.render_line(y).text for y in range(1, table.size.height))
        assert "name-0150" in shown and "v150" in shown
        assert [r.key.value for r in table.ordered_rows][-1] == "k199"

"""PaneTable keeps the cursor row in view: a cursor moved before the table's first layout
(Dockyard's first second: a container created while the first listing is placed) must not
leave the table scrolled with the cursor row above the view, and ``g`` / ``G`` bring the view
to the ends even when the cursor is on the end row already (found by using it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.pane_table import PaneTable


class _TableApp(App):
    CSS = "PaneTable { height: 0; }"

    def compose(self) -> ComposeResult:
        yield PaneTable(cursor_type="row")


async def _table(pilot, rows: int = 40) -> PaneTable:
    table = pilot.app.query_one(PaneTable)
    table.add_column("name", key="name", width=10)
    table.add_rows_fast([(f"k{i}", [Text(f"name-{i}")]) for i in range(rows)])
    await pilot.pause()
    return table


async def test_a_cursor_moved_before_the_first_layout_is_placed_when_the_table_has_its_size():
    app = _TableApp()
    async with app.run_test(size=(40, 30)) as pilot:
        table = await _table(pilot)
        table.move_cursor(row=1)  # a row was added above the selected one
        await pilot.pause()
        assert table.scroll_y == 0, "scrolled against a 0-row view"
        table.styles.height = 12
        await pilot.pause()
        await pilot.pause()
        assert table.scroll_y == 0 and table.cursor_row == 1, "row 1 fits in the view: no scroll"
        # a cursor far below the view once the table is laid out is brought into view
        table.styles.height = 0
        await pilot.pause()
        table.move_cursor(row=30)
        await pilot.pause()
        table.styles.height = 12
        await pilot.pause()
        await pilot.pause()
        top = int(table.scroll_y)
        assert top < 30 < top + 12, f"cursor row 30 out of the view at scroll {top}"


async def test_g_and_G_bring_the_view_to_the_ends_even_from_the_end_rows():
    app = _TableApp()
    async with app.run_test(size=(40, 30)) as pilot:
        table = await _table(pilot)
        table.styles.height = 12
        table.focus()
        await pilot.pause()
        table.scroll_to(y=5, animate=False, immediate=True)  # the cursor row 0 above the view
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 5
        await pilot.press("g")
        await pilot.pause()
        assert table.scroll_y == 0
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 39 and table.scroll_y == table.max_scroll_y
        table.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y

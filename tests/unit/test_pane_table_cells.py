"""PaneTable renders a cell again only when that cell changed (tui/widgets/pane_table.py,
_render_cell): a stats tick that patches one cell of a row must not send every other cell
of the row through Rich again, nor a row that only moved; a change of widths still does."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from tui.widgets import pane_table
from tui.widgets.pane_table import PaneTable


class _TableApp(App):
    CSS = "PaneTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield PaneTable(cursor_type="row")


def _without_meta(lines):
    def plain(style):
        if style is None or not style._meta:
            return style
        style = style.copy()
        style._meta, style._hash = None, None
        return style

    return [[Segment(seg.text, plain(seg.style), seg.control) for seg in line] for line in lines]


def _line(table: PaneTable, y: int) -> str:
    return table.render_line(y).text


async def _table(pilot, rows: int = 6) -> PaneTable:
    table = pilot.app.query_one(PaneTable)
    for key in ("name", "cpu", "mem"):
        table.add_column(key, key=key, width=10)
    table.add_rows_fast([(f"k{i}", [Text(f"name-{i}"), Text(f"{i}%"), Text(f"{i} MB")]) for i in range(rows)])
    await pilot.pause()
    return table


def _count_stock_renders(monkeypatch) -> list:
    """Cells rendered through Rich: DataTable's method, or PaneTable's own for a Text cell."""
    calls: list = []
    stock = DataTable._render_cell
    text_cell = PaneTable._render_text_cell

    def counting(self, row_index, column_index, *args, **kwargs):
        calls.append((row_index, column_index))
        return stock(self, row_index, column_index, *args, **kwargs)

    def counting_text(self, value, row_key, row_index, column_index, *args, **kwargs):
        lines = text_cell(self, value, row_key, row_index, column_index, *args, **kwargs)
        if lines is not None:
            calls.append((row_index, column_index))
        return lines

    monkeypatch.setattr(DataTable, "_render_cell", counting)
    monkeypatch.setattr(PaneTable, "_render_text_cell", counting_text)
    return calls


async def test_a_patched_cell_is_the_only_cell_rendered_again(monkeypatch):
    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = await _table(pilot)
        for y in range(8):
            _line(table, y)  # everything on screen rendered once
        calls = _count_stock_renders(monkeypatch)
        table.update_cell("k2", "cpu", Text("97%"))
        table.update_cell("k4", "mem", Text("55 MB"))
        lines = [_line(table, y) for y in range(8)]  # header + rows 0..6 (row N at y N+1)
        assert sorted(calls) == [(2, 1), (4, 2)]
        assert "97%" in lines[3] and "name-2" in lines[3] and "2 MB" in lines[3]
        assert "55 MB" in lines[5] and "4%" in lines[5]
        assert "name-0" in lines[1] and "0%" in lines[1]
        # the same value object again: nothing to render
        calls.clear()
        value = table.get_cell("k2", "cpu")
        table.update_cell("k2", "cpu", value)
        _line(table, 3)
        assert calls == []


async def test_moved_rows_keep_their_rendering_and_a_click_finds_their_new_place(monkeypatch):
    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = await _table(pilot)
        for y in range(8):
            _line(table, y)
        calls = _count_stock_renders(monkeypatch)
        table.move_row("k5", 0)  # a re-sort: every row between shifts by one
        lines = [_line(table, y) for y in range(8)]
        assert "name-5" in lines[1] and "name-0" in lines[2] and "name-4" in lines[6]
        # only the cursor's row changed how it looks: the cursor moved from k0 to k5 with row 0
        assert sorted(calls) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
        # no cell carries its place: nothing to redo when it moves (the mouse finds it, below)
        assert not any(seg.style and seg.style.meta for y in range(1, 7) for seg in table.render_line(y).__iter__()
                       if seg.text.strip())

        def drawn():
            return [[(seg.text, str(seg.style), seg.style.meta if seg.style else None) for seg in table.render_line(y)] for y in range(8)]

        placed = drawn()
        table._clear_caches()  # render everything from scratch: the same segments and styles
        assert drawn() == placed
        # a click on a moved row's cell selects that row (the cursor type is row: the cursor
        # goes there; a second click on it selects it, as DataTable does)
        selected = []
        post = table.post_message

        def recording(message):
            if isinstance(message, DataTable.RowSelected):
                selected.append(message.row_key.value)
            return post(message)

        table.post_message = recording
        await pilot.click(table, offset=(12, 3))  # y 3: row 2 (k1 after the move); x 12: column cpu
        await pilot.pause()
        assert table.cursor_row == 2 and selected == []
        await pilot.click(table, offset=(12, 3))
        await pilot.pause()
        assert selected == ["k1"]
        calls.clear()
        table.clear(columns=True)  # the pane re-fits its columns this way (object_pane.py)
        for key, width in (("name", 4), ("cpu", 10), ("mem", 10)):
            table.add_column(key, key=key, width=width)
        table.add_rows_fast([("k5", [Text("name-5"), Text("5%"), Text("5 MB")])])
        await pilot.pause()
        assert "name-5" not in _line(table, 1) and "name" in _line(table, 1)
        assert calls


async def test_the_mouse_finds_the_row_column_and_header_from_the_tables_geometry():
    """What DataTable's mouse handlers read from the segment under the mouse, found from the
    place: a cell (scrolled too), the header, past the last column, below the last row."""
    from textual.geometry import Offset

    class _Event:
        def __init__(self, table, x, y):
            self.offset, self.widget = Offset(x, y), table
            self.style = Style()

        def get_content_offset(self, widget):
            return self.offset

    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = await _table(pilot, rows=30)
        meta = lambda x, y: table._mouse_style(_Event(table, x, y)).meta  # noqa: E731
        assert meta(0, 0) == {"row": -1, "column": 0}
        assert meta(12, 0) == {"row": -1, "column": 1}
        assert meta(3, 1) == {"row": 0, "column": 0} and meta(25, 4) == {"row": 3, "column": 2}
        assert meta(37, 2)["out_of_bounds"] and meta(37, 2)["row"] == 1
        table.scroll_to(y=10, animate=False)
        await pilot.pause()
        assert meta(3, 1) == {"row": 10, "column": 0} and meta(3, 0)["row"] == -1  # the header stays
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await pilot.pause()
        table.clear()
        table.add_rows_fast([("only", [Text("x"), Text("y"), Text("z")])])
        await pilot.pause()
        assert meta(3, 1) == {"row": 0, "column": 0} and meta(3, 5) == {}  # no row there


async def test_the_header_and_the_cursor_row_follow_their_own_changes():
    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = await _table(pilot)
        assert "cpu" in _line(table, 0)
        table.columns[next(k for k in table.columns if k.value == "cpu")].label = Text("CPU▼")
        table._update_count += 1  # as DataTable's sort and label changes do
        assert "CPU▼" in _line(table, 0)
        before = table.render_line(2)
        table.move_cursor(row=1)
        await pilot.pause()
        assert table.render_line(2) != before  # the cursor row is drawn with the cursor's style


async def test_a_paint_walks_the_styles_once_and_a_style_change_shows_after_it(monkeypatch):
    """The table's own style, its header's component styles and its background colours are
    computed once per paint (DataTable asks for them per line or row), and none of them
    outlives the paint."""
    from textual.css.styles import RenderStyles
    from textual.dom import DOMNode
    from textual.geometry import Region

    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = await _table(pilot, rows=8)
        counts = {"rich_style": 0, "component": 0}
        stock_style = DOMNode.rich_style.fget
        stock_component = DOMNode.get_component_styles

        def style(self):
            counts["rich_style"] += 1
            return stock_style(self)

        def component(self, *names):
            counts["component"] += 1
            return stock_component(self, *names)

        monkeypatch.setattr(DOMNode, "rich_style", property(style))
        monkeypatch.setattr(DOMNode, "get_component_styles", component)
        for key in (f"k{i}" for i in range(8)):
            table.update_cell(key, "cpu", Text("50%"))
            table.update_cell(key, "mem", Text("9 MB"))
        table._styles_cache.clear()
        strips = table.render_lines(Region(0, 0, table.size.width, 9))
        assert "50%" in strips[1].text and "9 MB" in strips[8].text
        # the table's once and each component's once (DataTable: per line and per row, ~17 here)
        assert counts["rich_style"] <= 3
        assert counts["component"] <= 2  # one per component class asked for
        assert isinstance(table.get_component_styles("datatable--header"), RenderStyles)  # outside a paint: Textual's own
        table.styles.color = "red"
        assert table.rich_style.color.name == "red" or table.rich_style.color.triplet.hex == "#ff0000"


_CELLS = [
    Text("plain"),
    Text(""),
    Text("", style="red"),
    Text("x" * 50),
    Text("trailing    "),
    Text("  lead"),
    Text.from_markup("[bold red]Up[/] 3 [i]seconds[/i]"),
    Text("right", style="green", justify="right"),
    Text("centre", justify="center"),
    Text("left", justify="left"),
    Text("full text here", justify="full"),
    Text("an ellipsis for a long one", overflow="ellipsis"),
    Text("cropped long one here", overflow="crop"),
    Text("tab\there"),
    Text("이름 컨테이너 하나"),
    Text("whale 🐳 and é"),
    Text("two\nlines"),
    Text("wraps when allowed to", no_wrap=False),
    Text("no end", end=""),
    Text("bold base", style="bold"),
    Text.assemble(("12.5%", "yellow"), " ", ("▂▃▅", "on blue")),
    Text("linked", style="link https://example.invalid"),
    # the panes' own cells (tui/widgets/columns.py): one style, printable ASCII
    Text("bench-r-001", style="bold", no_wrap=True, overflow="ellipsis"),
    Text("12.5%", style="yellow", no_wrap=True, overflow="ellipsis", justify="right"),
    Text("r  ", style="red", justify="right"),
    Text("   ", justify="right"),
    Text(" c ", style="blue", justify="center"),
    Text("l", style="bold on red", justify="left"),
    Text("dflt", justify="default"),
    Text("none style", style="none"),
    Text("a null style", style=Style()),
    Text("~!@#$%^&*()_+{}|:<>?`-=[]\\;',./", style="italic"),
]


async def test_a_text_cell_renders_as_datatables_own_method():
    """The Text-cell path gives DataTable's segments exactly (text, style, control) but for
    the click metadata (the mouse finds the place instead: PaneTable._mouse_style), for every
    width, padding, cursor and hover, a fixed column, and cells that overflow, justify, hold
    tabs, newlines or wide characters."""
    async with _TableApp().run_test(size=(60, 12)) as pilot:
        table = pilot.app.query_one(PaneTable)
        table.add_column("a", key="a", width=8)
        table.add_column("b", key="b", width=8)
        table.add_rows_fast([(f"k{i}", [cell, cell]) for i, cell in enumerate(_CELLS)])
        await pilot.pause()
        base = table.rich_style
        checked = shortcut = 0
        for padding in (0, 1, 2):
            table.cell_padding = padding
            for fixed in (0, 1):
                table.fixed_columns = fixed
                for i, cell in enumerate(_CELLS):
                    row_key = table._row_locations.get_key(i)
                    for column in (0, 1):
                        for width in (*range(1, 13), 30):
                            for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                                short = pane_table._short_ascii_line(cell, None, width - 2 * padding, pilot.app.console, Style.null())
                                shortcut += short is not None
                                fast = table._render_text_cell(cell, row_key, i, column, base, width, cursor, hover)
                                table._cell_render_cache.clear()
                                stock = DataTable._render_cell(table, i, column, base, width, cursor, hover)
                                if width - 2 * padding < 1:
                                    assert fast is None
                                    continue
                                assert fast == _without_meta(stock), (cell, padding, fixed, column, width, cursor, hover)
                                checked += 1
        assert checked > 5000 and shortcut > 2000, (checked, shortcut)  # both ways taken

"""The table inside a dashboard pane: cell-only repaints, bounded render caches, vi keys."""

from __future__ import annotations

from itertools import zip_longest
from typing import Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import _EMPTY_TEXT, DuplicateKey, Row, RowKey


class _PaintStyles:
    """Component styles for the length of one paint: ``rich_style`` computed once (Textual's
    recomputes it from the component's ancestors on every access); the rest is the
    styles object's own."""

    __slots__ = ("_styles", "rich_style")

    def __init__(self, styles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str):
        return getattr(self._styles, name)


class PaneTable(DataTable):
    """The pane's table; j/k move like the arrows, g/G jump (kept out of the footer)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="table.down", show=False, tooltip="Next row"),
        Binding("k", "cursor_up", "Up", id="table.up", show=False, tooltip="Previous row"),
        Binding("g", "scroll_top", "Top", id="table.top", show=False, tooltip="First row"),
        Binding("G", "scroll_bottom", "Bottom", id="table.bottom", show=False, tooltip="Last row"),
    ]

    _cell_only = False
    _tall_rows = 0  # rows added with a height other than 1 (the panes add none)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # DataTable keeps 10,000 rendered cells and 1,000 rows and lines per table. Live
        # stats give every changed cell a new cache key (and every update all rows and lines
        # new keys), so the caches fill to their bounds with what no paint asks for again:
        # ~40 MB over four panes after a few minutes at Textual's sizes. Twice what the
        # table shows is enough (_fit_caches, as the table's size changes).
        rows = self.CACHED_SCREENS * self.MIN_ROWS
        self._cell_render_cache = LRUCache(rows * self.MIN_COLUMNS)
        self._row_render_cache = LRUCache(rows)
        self._row_renderable_cache = LRUCache(rows)
        self._line_cache = LRUCache(rows)

    CACHED_SCREENS = 2  # rendered rows, lines and cells kept: twice a screenful
    MIN_ROWS = 12
    MIN_COLUMNS = 8

    def _fit_caches(self) -> None:
        """Grow the render caches to twice what the table shows (a cursor move or a page back
        and forth repaints from them); they never shrink (Textual's caches evict one entry per
        new one once full: ``_full`` is cleared so that a grown cache fills to its new bound)."""
        rows = self.CACHED_SCREENS * max(self.size.height, self.MIN_ROWS)
        cells = rows * max(len(self.columns), self.MIN_COLUMNS)
        for cache, size in (
            (self._cell_render_cache, cells), (self._row_render_cache, rows),
            (self._row_renderable_cache, rows), (self._line_cache, rows),
        ):  # fmt: skip
            if size > cache.maxsize:
                cache.maxsize = size
                cache._full = False

    def update_cell(self, row_key, column_key, value, *, update_width: bool = False) -> None:
        """As DataTable's, but repaint only the cell.

        The stock method refreshes the whole table, so each stats tick re-rendered and
        re-sent every visible row (~12 kB/s and ~7 % CPU idle at 30 containers, measured
        by bench/); a cell region sends only the few bytes that changed.
        """
        self._cell_only = not update_width
        try:
            super().update_cell(row_key, column_key, value, update_width=update_width)
        finally:
            self._cell_only = False
        if not update_width:
            self.refresh_coordinate(self.get_cell_coordinate(row_key, column_key))

    def _render_cell(self, row_index: int, column_index: int, base_style, width: int, cursor: bool = False, hover: bool = False):
        """DataTable's, cached per cell instead of per table update.

        The stock cache key holds ``_update_count``, which every ``update_cell``, added,
        moved or removed row raises: one stats tick re-rendered every cell of every
        repainted line through Rich, though one or two cells of the row had changed (the
        UI thread's largest share in a py-spy profile of an idle fleet), and a container
        that started moved to the top of its group, so every row between shifted by one
        and was rendered again (most of a fleet burst's paint: bench/analysis.md).

        Here a cell's rendering is keyed by what it is drawn from: the cell's own value
        (the object; the entry keeps it alive, so its id is not reused), its width, the
        row's base style, cursor and hover, the pseudo classes. What DataTable changes
        otherwise (cell padding, zebra stripes, fixed rows, a refit through ``clear``)
        empties the cache. Nothing drawn depends on where the row sits: DataTable puts the
        cell's row and column in every segment's style for its mouse handlers, and this
        table finds them from the mouse's place instead (``_mouse_style``), so a row that
        moved keeps its segments as they are.
        """
        if column_index < 0 or self._tall_rows or self.fixed_rows:  # a fixed row's style depends on its index
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if row_index == -1:
            row_key = self._header_row_key
            column_key = self._column_locations.get_key(column_index)
            value = self.columns[column_key].label
        else:
            row_key = self._row_locations.get_key(row_index)
            column_key = self._column_locations.get_key(column_index)
            value = self._data[row_key].get(column_key)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._pseudo_class_state, width, id(value))
        cache = self._cell_render_cache
        hit = cache.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        lines = self._render_text_cell(value, row_key, row_index, column_index, base_style, width, cursor, hover) if row_index >= 0 and isinstance(value, Text) else None
        if lines is None:
            count = self._update_count  # the stock method caches under its own key: render once, keep ours
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            cache.discard((row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, count, self._pseudo_class_state))
        cache[key] = (value, lines)
        return lines

    def _render_text_cell(self, value: Text, row_key, row_index: int, column_index: int, base_style, width: int, cursor: bool, hover: bool):
        """What ``DataTable._render_cell`` draws for a ``Text`` cell in a row one line high,
        through the same Rich calls without the layers around them.

        The stock method formats the whole row again (per update count), then renders
        ``Styled(Padding(cell))`` through ``console.render_lines`` three levels deep: five
        generators and two line splits per cell. Here ``Text.__rich_console__`` (wrap,
        justify, overflow, tabs, wide characters: Rich's own), then Padding's blanks, Styled's
        ``Segment.apply_style`` and render_lines' ``split_and_crop_lines`` as those classes
        do them. A stats tick renders a few cells in every visible row: they were ~31 % of
        a table frame (profile of the real app, preview following a log at N=30). Parity
        with the stock method: tests/unit/test_pane_table_cells.py. None: not such a cell."""
        row = self.rows.get(row_key)
        pad = self.cell_padding
        inner = width - 2 * pad
        if row is None or row.height != 1 or row.auto_height or inner < 1:
            return None
        if not value:
            value = _EMPTY_TEXT  # as DataTable's row formatting replaces an empty cell
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, column_index < self.fixed_columns, hover, cursor, self.show_cursor,
            self._show_hover_cursor, self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        pre_style = base_style + component_style  # no click metadata: see _mouse_style
        console = self.app.console
        options = self._painted("cell_options", lambda: self.app.console_options.update(no_wrap=True, height=1))
        blank = self._painted("cell_blank_style", lambda: console.get_style("none"))
        line = _short_ascii_line(value, options.justify, inner, console, blank)
        if line is None:  # Rich's way
            segments = value.__rich_console__(console, options.update(width=inner))
            line = next(Segment.split_and_crop_lines(segments, inner, blank, pad=True, include_new_lines=False), None)
            if line is None:
                line = [Segment(" " * inner, blank)]
        if pad:
            line = [Segment(" " * pad, blank), *line, Segment(" " * pad, blank)]
        line.append(Segment.line())
        styled = Segment.apply_style(line, style=pre_style, post_style=post_style)
        out = next(Segment.split_and_crop_lines(styled, width, pad=True, include_new_lines=False), None)
        return [out if out is not None else [Segment(" " * width)]]

    # Styles asked for once per paint. DataTable asks for its own rich style (a walk over
    # every ancestor's CSS) for each line, and builds the header's component styles (a
    # merge of two Styles and the same walk) and the background colours for each row it
    # renders. Within one ``render_lines`` nothing can change them (no await, no style
    # update), so each is computed once per paint: a stats tick's paint of 16 rows at 30
    # containers went from ~7.6-10.5 ms to ~7.0-7.6 ms (timing wrapper, real app).

    _paint: dict | None = None

    def render_lines(self, crop):
        self._paint = {}
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def _painted(self, key, make):
        paint = self._paint
        if paint is None:
            return make()
        value = paint.get(key)
        if value is None:
            value = paint[key] = make()
        return value

    @property
    def rich_style(self):
        return self._painted("rich_style", lambda: DataTable.rich_style.fget(self))

    @property
    def background_colors(self):
        return self._painted("background_colors", lambda: DataTable.background_colors.fget(self))

    def get_component_styles(self, *names: str):
        if self._paint is None:
            return super().get_component_styles(*names)
        return self._painted(names, lambda: _PaintStyles(super(PaneTable, self).get_component_styles(*names)))

    def add_row(self, *cells, height: int | None = 1, key: str | None = None, label=None):
        if height != 1:
            self._tall_rows += 1
        return super().add_row(*cells, height=height, key=key, label=label)

    def _get_cell_region(self, coordinate):
        """DataTable's, without summing the height of every row above the cell (an O(rows)
        walk per patched cell: 15 ms at 2,000 rows): one-line rows put row N at y = N."""
        if self._tall_rows or not self.is_valid_coordinate(coordinate):
            return super()._get_cell_region(coordinate)
        from textual.geometry import Region

        row_index, column_index = coordinate
        columns = self.ordered_columns
        x = sum(column.get_render_width(self) for column in columns[:column_index]) + self._row_label_column_width
        y = row_index + (self.header_height if self.show_header else 0)
        return Region(x, y, columns[column_index].get_render_width(self), 1)

    # One-line rows (the panes add no other): row N is line N. DataTable rebuilds its
    # ordered rows and a per-line offset list (O(rows) each) after every cell update, for
    # every paint, for the cursor's region and for the fixed-row offset; at 2,000 fleet
    # rows that was paid for each event. These answer in O(1) instead.

    @property
    def _total_row_height(self) -> int:
        if self._tall_rows:
            return super()._total_row_height
        return len(self.rows)

    def _get_offsets(self, y: int):
        if self._tall_rows:
            return super()._get_offsets(y)
        if self.show_header:
            if y < self.header_height:
                return self._header_row_key, y
            y -= self.header_height
        key = self._row_locations.get_key(y)
        if key is None:
            raise LookupError(f"Y coord {y!r} is greater than total height")
        return key, 0

    def _get_row_region(self, row_index: int):
        if self._tall_rows or not self.is_valid_row_index(row_index):
            return super()._get_row_region(row_index)
        from textual.geometry import Region

        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        y = row_index + (self.header_height if self.show_header else 0)
        return Region(0, y, max(self.size.width, width), 1)

    def _get_fixed_offset(self):
        if self._tall_rows or self.fixed_rows:
            return super()._get_fixed_offset()
        from textual.geometry import Spacing

        left = sum(column.get_render_width(self) for column in self.ordered_columns[: self.fixed_columns]) + self._row_label_column_width
        return Spacing(self.header_height if self.show_header else 0, 0, 0, left)

    def move_row(self, key: str, index: int) -> None:
        """Put one row at ``index``; the rows between its old and new place shift by one
        (the rest of the table is not touched: O(distance), not a sort of every row)."""
        locations = self._row_locations
        row_key = RowKey(key)
        old = locations.get(row_key)
        if old is None or old == index:
            return
        get_key = locations.get_key
        if old < index:
            for i in range(old + 1, index + 1):
                locations[get_key(i)] = i - 1
        else:
            for i in range(old - 1, index - 1, -1):
                locations[get_key(i)] = i + 1
        locations[row_key] = index
        self._update_count += 1
        self.refresh()

    def keys_between(self, start: int, stop: int) -> list[str]:
        """The keys of rows ``start`` to ``stop - 1`` in table order, without building the
        whole ordered row list (what the screen shows: O(rows shown))."""
        get = self._row_locations.get_key
        out = []
        for index in range(max(0, start), min(stop, len(self.rows))):
            key = get(index)
            if key is not None:
                out.append(key.value)
        return out

    def refresh(self, *regions, **kwargs):
        if self._cell_only and not regions and not kwargs.get("layout") and not kwargs.get("recompose"):
            return self  # update_cell's whole-table repaint, replaced by the cell's region
        return super().refresh(*regions, **kwargs)

    def add_rows_fast(self, rows: Sequence[tuple[str, Sequence[object]]]) -> None:
        """``add_row`` for many one-line, unlabelled rows: the bookkeeping once, not per row.

        DataTable.add_row re-validates the cursor and wakes the idle handler for each row
        (~0.13 ms); a filter widened to 2,000 rows spent a quarter of a second there.
        """
        if not rows:
            return
        was_empty = self.row_count == 0
        columns = self.ordered_columns
        index = self.row_count
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = index
            index += 1
            self._data[row_key] = {column.key: cell for column, cell in zip_longest(columns, cells)}
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
        if self._tall_rows or not self.size.height or index - len(rows) < self.scroll_y + self.size.height:
            self._update_count += 1  # before sizing: row offsets are cached per update count
        # else every new row goes below the rows on screen (a large first listing filled in
        # chunks): the rendered cells and lines on screen stay valid, so the paint after
        # the chunk reuses them instead of rendering every visible cell again
        if any(column.auto_width for column in self.columns.values()):
            self._require_update_dimensions = True  # measured on idle, as add_row does
        else:
            # Nothing to measure: set the new size now, so the paint that shows these
            # rows is the only one (on idle it came after a first paint: two full paints).
            self._new_rows.clear()
            self._require_update_dimensions = False
            self._set_virtual_size()
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Skip measuring every new cell when nothing depends on it.

        The pane gives every column a fixed width and every row one line without a
        label, so the stock pass (``measure`` on each cell of each new row: 0.5 s for
        2,000 rows) changes nothing but the virtual size, which is set here directly.
        """
        if any(column.auto_width for column in self.columns.values()) or any(
            row.auto_height or row.label is not None for key in new_rows if (row := self.rows.get(key)) is not None
        ):
            super()._update_dimensions(new_rows)
            return
        self._set_virtual_size()

    def _set_virtual_size(self) -> None:
        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    class Resized(Message):
        """The table's own size changed (maximized or restored): its columns are re-fitted."""

    def on_resize(self) -> None:
        self._fit_caches()
        self.post_message(self.Resized())
        if self._unplaced_cursor and self.size.height:
            self._unplaced_cursor = False
            self._scroll_cursor_into_view()

    _unplaced_cursor = False  # the cursor moved before the table had a size

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        # Before its first layout the table is 0 rows high, so any row but the first is "out of
        # view": a row added above the cursor in Dockyard's first second scrolled the table by
        # one, and a later re-fit kept that offset with the cursor row above the view (found by
        # using it). The cursor is brought into view once the table has its size.
        if not self.size.height:
            self._unplaced_cursor = True
            return
        super()._scroll_cursor_into_view(animate=animate)

    # The user moved the cursor (a key or a click): the pane stops holding it on the top row
    # while a fleet's hosts are still listing (ObjectPane.arriving).
    touched = False

    def action_cursor_up(self) -> None:
        self.touched = True
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        self.touched = True
        super().action_cursor_down()

    def action_page_up(self) -> None:
        self.touched = True
        super().action_page_up()

    def action_page_down(self) -> None:
        self.touched = True
        super().action_page_down()

    # The mouse. DataTable's handlers read the row and column under the mouse from the style
    # of the segment there; this table's cells carry none (a Style per cell and place, and
    # every moved row's segments copied with new ones). Each handler here runs before
    # DataTable's own (Textual calls every class's handler, subclass first) and gives the
    # event the metadata of the place under the mouse, from the table's geometry.

    def _on_mouse_move(self, event) -> None:
        event.style = self._mouse_style(event)

    async def _on_click(self, event) -> None:
        self.touched = True
        event.style = self._mouse_style(event)

    def _mouse_style(self, event) -> Style:
        """The style DataTable's handlers expect under the mouse: ``{"row", "column"}`` meta
        (row -1: the header; column -1: the row labels; past the last column: column 0 and
        ``out_of_bounds``), or no meta where no cell is."""
        if self._tall_rows or self.fixed_rows or self.fixed_columns:
            return event.style  # the stock rendering, metadata and all (see _render_cell)
        offset = event.get_content_offset(self)
        if offset is None:
            return Style()
        x, y = offset.x + int(self.scroll_x), offset.y
        if self.show_header and y < self.header_height:
            row = -1
        else:
            try:
                row_key, _ = self._get_offsets(y + int(self.scroll_y))
                row = self._row_locations.get(row_key)
            except LookupError:
                return Style()
            if row is None:
                return Style()
        if self.show_row_labels and self._row_label_column_width:
            x -= self._row_label_column_width
            if x < 0:
                return Style.from_meta({"row": row, "column": -1})
        for index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            if x < width:
                return Style.from_meta({"row": row, "column": index})
            x -= width
        return Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})

    def action_scroll_top(self) -> None:
        """First row, and the view at the top (the stock action moves the cursor only, which
        does nothing when the cursor is on the first row already)."""
        self.touched = True
        super().action_scroll_top()
        self.scroll_to(y=0, animate=False)  # the columns stay where they were scrolled

    def action_scroll_bottom(self) -> None:
        self.touched = True
        super().action_scroll_bottom()
        self.scroll_to(y=self.max_scroll_y, animate=False)

    class Scrolled(Message):
        """The table scrolled: the visible rows (and so the sampled stats) changed."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if int(old_value) != int(new_value):
            self.post_message(self.Scrolled())


def _short_ascii_line(value: Text, default_justify, inner: int, console, blank: Style) -> list[Segment] | None:
    """The segments ``Text.__rich_console__`` and ``split_and_crop_lines`` make of a cell that
    is one style over printable ASCII and fits its ``inner`` width (nearly every cell of the
    panes: names, states, figures), without wrapping, joining and splitting lines: a third of
    the first frame's table CPU went there (issue 20). None: any other cell (spans, wide or
    control characters, tabs, more text than room, full justification): Rich's way. Parity
    with DataTable's own method: tests/unit/test_pane_table_cells.py."""
    plain = value.plain
    if value._spans or not 0 < len(plain) <= inner or not plain.isascii() or not plain.isprintable():
        return None
    justify = value.justify or default_justify or "default"
    if justify == "default":
        text = plain
    elif justify == "left":
        text = plain.ljust(inner)
    elif justify == "right":
        text = plain.rstrip().rjust(inner)
    elif justify == "center":
        core = plain.rstrip()
        text = (" " * ((inner - len(core)) // 2) + core).ljust(inner)
    else:
        return None
    # Rich renders the line joined into a Text whose only span is the cell's style, if any
    style = value.style
    segment = Segment(text, console.get_style(style, default=Style.null())) if style else Segment(text)
    return [segment, Segment(" " * (inner - len(text)), blank)] if len(text) < inner else [segment]

"""A log tail for a pane that sits beside others: each line is drawn when it arrives, and
the view jumps by part of its height when it is full instead of moving every row per line.

A terminal scrolls whole rows only (DECSTBM; left/right margins, DECSLRM, are missing in
tmux and VTE), so a tail beside the container list cannot be scrolled by the terminal:
moving its rows up by one rewrites every row of it, ~12 rows of the pane's width for one
60-byte line (12x the log's own bytes). Here a new line goes into the first blank row under
the last one, and only that row changes on screen; when no blank row is left, the view
jumps so that ``JUMP`` of its rows are free again (every row changes once per ``JUMP``
lines: ~2x the log's bytes instead of ~12x). After a quiet spell (``QUIET`` seconds with no
line) the view settles at the end, so a tail at rest is full. A line that comes after a
gap of ``SLOW`` seconds or more (a slow log) moves a full view up by one row instead: a
jump and the settle after it would rewrite every row twice for that one line.

Scrolled away by the user (mouse wheel), the view stays where it is.

A line's finished row (Textual's styles cache output, cropped) is kept by the line's
absolute index while nothing it was drawn with changed: after a jump the lines that stay
on screen sit on other rows, and Textual's cache, kept by row, drew each of them again
(~1.5 ms for a 30-row tail, every fifteen lines).
"""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import Log

from .. import scroll_region
from .paint_style import BaseStyle, PaintCached

JUMP = 0.5  # the part of the view freed by a jump
QUIET = 3.0  # seconds without a line before the view settles at the end
SLOW = 3.0  # a line this long after the previous one scrolls a full view by one row (no jump)
# (a log of a line every second or two fills blank rows and jumps, ~3 rows a line; a settle
# between its lines would make each one rewrite the whole view)
PRUNE_SLACK = 0.25  # lines kept past ``max_lines`` (a part of it) before the oldest are dropped
FAST_ROWS = True  # plain lines drawn from a checked row template (tests turn it off to compare)


class TailLog(PaintCached, Log):
    """``Log`` with jump scrolling; feed it with ``append``."""

    def __init__(self, *, max_lines: int, id: str | None = None) -> None:
        super().__init__(max_lines=max_lines, auto_scroll=False, id=id)
        self._total = 0  # lines ever appended (since clear): absolute index of the next line
        self._top = 0  # absolute index of the first line on screen
        self._placed_y: int | None = None  # the scroll_y we set last (None: not placed yet)
        self._last_line = 0.0
        self._settle_timer = None
        self.jumps = 0  # times the view moved (tests count them)
        self._paint_style = None  # rich_style while render_lines paints
        self._base = BaseStyle()
        self._rows: dict[int, Strip] = {}  # absolute line index (-1: a blank row) -> its finished row
        self._rows_key: tuple = ()  # what the kept rows were drawn with
        self._template: RowTemplate | None = None  # for plain lines, under ``_rows_key``

    def on_mount(self) -> None:
        # Its paints go through the band update (its own rows spliced between the columns
        # beside it, not every widget in those rows cut into chops), never scrolled by the
        # terminal: a scroll of whole rows would move the pane beside it.
        scroll_region.register(self)

    def scroll_anchor(self) -> int:
        """The same anchor always: the band update never scrolls the tail (see on_mount)."""
        return 0

    def clear(self):
        self._total = 0
        self._top = 0
        self._placed_y = None
        self._rows.clear()
        return super().clear()

    def _prune_max_lines(self) -> None:
        self._rows.clear()  # (the rows carry their line's index for the mouse: renumbered)
        super()._prune_max_lines()

    def selection_updated(self, selection) -> None:
        self._rows.clear()
        super().selection_updated(selection)

    def append(self, lines: list[str]) -> None:
        """Write ``lines`` (one line each) and place the view: the newest line on screen.

        ``Log.write_lines`` is not used: it sets ``virtual_size``, which lays out the whole
        screen (the container table, every pane) for each line, and repaints the whole tail."""
        split = [part for line in lines for part in line.splitlines() or [""]]  # a blank line is a row too
        if not split:
            return
        following = self._placed_y is None or round(self.scroll_y) == self._placed_y
        self._lines.extend(split)
        if self.max_lines is not None and len(self._lines) > self.max_lines + max(1, int(self.max_lines * PRUNE_SLACK)):
            # Dropping old lines renumbers the rest, so the view's scroll offset moves and
            # Textual repaints all its rows: drop them in batches, not one per new line.
            self._prune_max_lines()
        self._update_size(self._updates, split)
        self._total += len(split)
        now = time.monotonic()
        slow = now - self._last_line >= SLOW
        self._last_line = now
        before = round(self.scroll_y)
        if following:
            self._place(settle=False, slow=slow)
            if self._settle_timer is None and self._has_room_above_blank():
                self._settle_timer = self.set_timer(QUIET, self._settle)
        else:
            self._set_size(len(self._lines))
        moved = round(self.scroll_y) != before
        if not moved:  # (a move dirtied every content row): the new rows only, quietly
            self._refresh_new(len(self._lines) - len(split), len(split))
        bar = [self.vertical_scrollbar] if moved and self.show_vertical_scrollbar else []
        scroll_region.paint_now(self, bar)  # now, not a refresh round later (same frame), or that round

    def render_lines(self, crop):
        # Log asks for rich_style (a walk over every ancestor's CSS) once per line, even for
        # a line it has cached: here once, until a style on the way to the screen changes.
        self._paint_style = self._base.of(self)
        try:
            return self._kept_rows(crop)
        finally:
            self._paint_style = None

    def _kept_rows(self, crop: Region) -> list[Strip]:
        """The crop's rows, each line's kept row where there is one, the others from Textual
        (and kept). Everything a row's cells depend on but its line is in the key; a widget
        with padding or a border, a text selection or a hovered link goes to Textual."""
        if self.styles.gutter or self.text_selection is not None or self.hover_style._link_id:
            self._rows.clear()
            return super().render_lines(crop)
        app = self.app
        key = (self._base.key, self.size, round(self.scroll_x), crop.x, crop.width,
               tuple(map(id, self.get_line_filters())), id(app.ansi_theme), app.native_ansi_color)
        rows = self._rows
        if key != self._rows_key:
            rows.clear()
            self._rows_key = key
        scroll_y = round(self.scroll_y)
        count = len(self._lines)
        first = self._first()
        index = [first + scroll_y + y if scroll_y + y < count else -1 for y in crop.line_range]
        out: list = [rows.get(i) for i in index]
        template = self._template
        if template is None or template.key != key:
            template = self._template = RowTemplate(key) if not self.highlight and crop.x == 0 else None
        if not FAST_ROWS:
            template = None
        if template is not None and template.ready:
            scroll_x = round(self.scroll_x)
            for y, i in enumerate(index):
                if out[y] is None and i >= 0:
                    strip = template.row(self._plain(i - first), scroll_x, crop.width, i - first)
                    if strip is not None:
                        out[y] = rows[i] = strip
        drawn_now: list[int] = []
        y = 0
        while y < len(out):
            if out[y] is not None:
                y += 1
                continue
            end = y + 1
            while end < len(out) and out[end] is None:
                end += 1
            drawn = super().render_lines(Region(crop.x, crop.y + y, crop.width, end - y))
            out[y:end] = drawn
            for i, strip in zip(index[y:end], drawn):
                rows[i] = strip
            drawn_now.extend(range(y, end))
            y = end
        if template is not None and not template.off:
            scroll_x = round(self.scroll_x)
            for y in drawn_now:
                if index[y] >= 0 and not template.off:
                    template.learn(out[y], self._plain(index[y] - first), scroll_x, crop.width, index[y] - first)
        if len(rows) > 4 * max(crop.height, self._height(), 1):
            low = first + scroll_y - self._height()  # lines far above the view will not come back soon
            for i in [i for i in rows if 0 <= i < low]:
                del rows[i]
        return out

    def _plain(self, line: int) -> str | None:
        """The line as Log draws it, when that is printable ASCII (one cell a character)."""
        text = self._process_line(self._lines[line])
        return text if text.isascii() and text.isprintable() else None

    @property
    def rich_style(self):
        return self._paint_style or super().rich_style

    def _refresh_new(self, y: int, count: int) -> None:
        """``Log.refresh_lines`` for the content columns only: Textual's dirties the scrollbar's
        cells too, and a repaint that touches them is not confined to the tail's rows
        (the band update declines it; the compositor then cuts every widget in those rows)."""
        for line in range(y, y + count):
            self._render_line_cache.discard(line)
        width = self.scrollable_content_region.width
        # without Textual's Prompt: append paints at once (paint_now asks for it if it cannot)
        scroll_region.dirty_quietly(self, Region(0, y - round(self.scroll_y), width, count))

    def _set_size(self, height: int) -> None:
        """The virtual size without a layout of the screen: the scrollbars are updated here
        (a scrollbar that appears lays out the view itself)."""
        size = Size(self._width, height)
        if size == self.virtual_size:
            return
        if not self.is_mounted or self._size.height <= 0 or size.width != self.virtual_size.width:
            self.virtual_size = size
            return
        self.set_reactive(Log.virtual_size, size)
        self._scroll_update(size)

    def _update_size(self, updates: int, lines: list[str]) -> None:
        """The widest line, measured here: ``Log`` starts a thread worker per write for it, and
        its answer would reset the virtual height that holds the blank rows."""
        if lines:
            process = self._process_line
            self._width = max(self._width, max(cell_len(process(line)) for line in lines))

    def _first(self) -> int:
        return self._total - len(self._lines)

    def _height(self) -> int:
        return self.scrollable_content_region.height

    def _has_room_above_blank(self) -> bool:
        """Blank rows under the newest line while older lines are above the view."""
        height = self._height()
        return self._top > self._first() and self._total - self._top < height

    def _place(self, settle: bool, slow: bool = False) -> None:
        height = self._height()
        first, total = self._first(), self._total
        count = total - first
        if height <= 0 or count <= height:
            top = first
        elif settle:
            top = total - height
        else:
            top = max(self._top, first)
            if total - top > height:  # the newest line is below the view
                if slow:  # move by what it takes: a jump would be undone by the settle after it
                    top = total - height
                else:  # jump
                    free = max(1, int(height * JUMP))
                    top = max(first, total - (height - free))
        rel = top - first
        if top != self._top:
            self.jumps += 1
        self._top = top
        self._placed_y = rel
        if round(self.scroll_y) > rel:
            # up first: a smaller size below would clamp the offset through Textual's
            # scroll watcher (the whole widget repainted; dropping old lines does it)
            self._move_to(rel)
        # Blank rows under the newest line are virtual rows past the end (Log draws them blank).
        self._set_size(max(count, rel + height))
        if round(self.scroll_y) != rel:
            self._move_to(rel)

    def _move_to(self, y: int) -> None:
        """The view's own move (a jump, a settle): ``scroll_y`` set without Textual's scroll
        watcher, which repaints the whole widget, the scrollbar's cells included, so the band
        update declined it and the compositor cut every widget in the tail's rows (~4 ms
        against ~1 ms, nine times in 15 s at ten lines a second; timing wrapper, real app).
        The content rows are dirtied and the scrollbar's thumb moved (it repaints itself and
        rides in the same frame); the tail has no children whose offsets a scroll moves."""
        y = round(self.validate_scroll_y(y))
        self.set_reactive(Log.scroll_target_y, y)
        self.set_reactive(Log.scroll_y, y)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = y
        self.refresh(Region(0, 0, self.scrollable_content_region.width, self._height()))

    def _settle(self) -> None:
        self._settle_timer = None
        wait = self._last_line + QUIET - time.monotonic()
        if wait > 0:
            self._settle_timer = self.set_timer(wait, self._settle)
            return
        if self._placed_y is not None and round(self.scroll_y) == self._placed_y and self._has_room_above_blank():
            self._place(settle=True)

    def on_resize(self) -> None:
        if self._placed_y is not None and round(self.scroll_y) == self._placed_y:
            self._place(settle=True)


class RowTemplate:
    """The finished row of a plain line, made without Textual's pipeline.

    A row of the tail is the line's text cut to the view and padded with blanks, each part
    in one style, with the mouse's ``offset`` (column, line) laid on each part; everything
    else on the way (the widget's style, the background, the ANSI colour filter) is the
    same for every plain line while ``key`` holds. Through Textual's ``Log`` and styles
    cache a row cost ~660 Python calls (~0.25 ms in the real app, a quarter of a followed
    line's time in the preview); here a few.

    It is learnt from rows Textual drew, and checked: a part's style is the drawn one with
    its meta cleared, and a kind of row (text and blanks, text to the edge) is made
    here only after the same row made here equalled Textual's, segment for segment and
    style for style. A row that does not match turns the template off for this key: Textual
    draws every row, as before. Rows with no text shown (a blank line, a line scrolled
    away to the left) are always Textual's."""

    __slots__ = ("key", "text", "blank", "kinds", "off")

    def __init__(self, key: tuple) -> None:
        self.key = key
        self.text: Style | None = None
        self.blank: Style | None = None
        self.kinds: set[tuple[bool, bool]] = set()  # (has text, has blanks) checked: (True, *) only
        self.off = False

    @property
    def ready(self) -> bool:
        return bool(self.kinds) and not self.off

    def row(self, text: str | None, scroll_x: int, width: int, line: int) -> Strip | None:
        """The row of ``text`` (line ``line`` of the log) or None: not a checked kind."""
        if not text or self.off:
            return None
        shown = text[scroll_x : scroll_x + width]
        kind = (bool(shown), len(shown) < width)
        if kind not in self.kinds:
            return None
        return self._make(shown, scroll_x, width, line)

    def _make(self, shown: str, scroll_x: int, width: int, line: int) -> Strip:
        segments = []
        if shown:
            segments.append(Segment(shown, self.text + Style.from_meta({"offset": (scroll_x, line)})))
        if len(shown) < width:
            segments.append(Segment(" " * (width - len(shown)), self.blank + Style.from_meta({"offset": (scroll_x + len(shown), line)})))
        return Strip(segments, width)

    def learn(self, drawn: Strip, text: str | None, scroll_x: int, width: int, line: int) -> None:
        """Learn from, and check against, a row Textual drew for ``text``."""
        if text is None:
            return
        shown = text[scroll_x : scroll_x + width]
        kind = (bool(shown), len(shown) < width)
        if kind in self.kinds or not shown:  # (Textual draws an empty line with an empty part first: left to it)
            return
        parts = list(drawn)
        if len(parts) != sum(kind) or any(segment.control or segment.style is None for segment in parts):
            self.off = True
            return
        styles = [segment.style.clear_meta_and_links() for segment in parts]
        text_style = styles[0] if kind[0] else self.text
        blank_style = styles[-1] if kind[1] else self.blank
        if (self.text is not None and text_style != self.text) or (self.blank is not None and blank_style != self.blank):
            self.off = True
            return
        self.text, self.blank = text_style, blank_style
        if list(self._make(shown, scroll_x, width, line)) != parts:
            self.off = True
            return
        self.kinds.add(kind)

"""A log viewer that paints only the lines on screen.

The lines live in a ``LogBuffer`` (bounded, owned by the caller); this widget maps
screen rows to buffer lines, renders the visible ones (SGR colours or none, every
other sequence dropped by ``tui.domain.ansi``), and caches their strips. Appending
10,000 lines costs a size update, not 10,000 renders.

| key         | action                                   |
|-------------|------------------------------------------|
| up/down     | scroll (scrolling up pauses follow)      |
| home        | oldest line (pauses follow)              |
| end, G      | newest line, follow again                |
"""

from __future__ import annotations

from typing import Callable

import re
from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..domain import ansi
from ..domain.logbuffer import GAP, Entry, LogBuffer, kib_more
from ..domain.sanitize import clean_name

CACHE_MAX = 2000
GUTTER = 2  # the stream marker column


class LogView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("end,G", "follow", "Follow", id="logs.follow", tooltip="Jump to the newest line and follow"),
        Binding("home", "oldest", "Oldest", id="logs.oldest", show=False),
    ]

    COMPONENT_CLASSES = {
        "log-view--stderr",
        "log-view--stderr-gutter",
        "log-view--timestamp",
        "log-view--match",
        "log-view--current",
        "log-view--gap",
        "log-view--more",
    }

    DEFAULT_CSS = """
    LogView {
        height: 1fr;
        overflow-x: auto;
        overflow-y: scroll;
    }
    """

    class FollowChanged(Message):
        """Follow was paused (the user scrolled up) or resumed."""

        def __init__(self, view: "LogView", follow: bool) -> None:
            super().__init__()
            self.view = view
            self.follow = follow

    def __init__(self, buffer: LogBuffer, names: list[str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buffer = buffer
        self.names = [clean_name(n) for n in (names or [])]
        self.source_styles: list[Style] = []
        self.timestamps = False
        self.wrap = False
        self.colours = True
        self.pattern: re.Pattern[str] | None = None
        self.current: int | None = None  # seq of the current search hit
        self.mask: Callable[[Text], Text] | None = None  # hides secret values (until revealed)
        self.rows: list[int] | None = None  # a filtered view; None = every line
        self.follow = True
        self.new_lines = 0  # arrived while follow was paused
        self._cache: dict[int, list[Strip]] = {}
        self._offsets: list[int] | None = None  # wrap: first visual row of each row
        self._heights: dict[int, int] = {}  # wrap: rows each line takes, by seq
        self._max_width = 0
        self._paint_style: Style | None = None  # set while render_lines paints
        self._painted_width = -1

    # Feeding

    def appended(self, count: int, dropped: int) -> None:
        """The buffer gained ``count`` lines and lost ``dropped`` from the front."""
        if self.rows is not None:
            return  # a filtered view is refreshed by its owner
        if dropped:
            first = self.buffer.first_seq
            for cache in (self._cache, self._heights):
                for seq in [s for s in cache if s < first]:
                    del cache[seq]
        if not self.follow:
            self.new_lines += count
            if dropped and not self.wrap:  # keep the same lines under the user's eyes
                self._scroll_quietly(max(0, self.scroll_y - dropped))
        # The raw length bounds the shown width (sequences only shrink it) and
        # costs no decoding; plain text is computed only for painted lines.
        first = max(self.buffer.end_seq - count, self.buffer.first_seq)
        widest = self.buffer.longest(first) + self._prefix_width_for(self.timestamps) + 16
        if widest > self._max_width:
            self._max_width = widest
        self._resized()

    def set_rows(self, rows: list[int] | None) -> None:
        self.rows = rows
        self._resized()
        if self.follow:
            self._scroll_quietly(self.max_scroll_y)

    def reset(self) -> None:
        self._cache.clear()
        self._max_width = 0
        self.new_lines = 0
        self.rows = None
        self._resized()

    def restyle(self) -> None:
        """A display setting changed: every cached strip is stale."""
        self._cache.clear()
        self._heights.clear()
        self._max_width = self.buffer.longest(self.buffer.first_seq) + self._prefix_width_for(self.timestamps) + 16
        self._resized()
        if self.follow:
            self._scroll_quietly(self.max_scroll_y)

    def _resized(self) -> None:
        self._offsets = None
        count = self._row_count()
        width = self.scrollable_content_region.width
        if self.wrap:
            height = self._wrap_offsets()[-1] if count else 0
            self.virtual_size = Size(width, height)
        else:
            self.virtual_size = Size(max(width, self._max_width + GUTTER), count)
        if self.follow:
            self._scroll_quietly(self.max_scroll_y)
        self.refresh()

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._painted_width:  # rendered lines depend on the width, not the height
            self._painted_width = width
            self._cache.clear()
            self._heights.clear()
        self._resized()

    # Rows

    def _row_count(self) -> int:
        return len(self.rows) if self.rows is not None else len(self.buffer)

    def _row_seq(self, index: int) -> int:
        if self.rows is not None:
            return self.rows[index]
        return self.buffer.first_seq + index

    def _wrap_offsets(self) -> list[int]:
        if self._offsets is None:
            width = max(1, self.scrollable_content_region.width - GUTTER)
            known = self._heights
            heights = []
            for i in range(self._row_count()):
                seq = self._row_seq(i)
                h = known.get(seq)
                if h is None:
                    entry = self.buffer.get(seq)
                    if entry is None:
                        h = 1
                    else:
                        n = self._prefix_width(entry) + cell_len(entry.plain) + (16 if entry.line.truncated_bytes else 0)
                        h = max(1, -(-n // width))
                        known[seq] = h
                heights.append(h)
            self._offsets = [0, *accumulate(heights)]
        return self._offsets

    def row_at_top(self) -> int:
        y = int(self.scroll_y)
        if not self.wrap:
            return y
        return max(0, bisect_right(self._wrap_offsets(), y) - 1)

    def visible_seqs(self) -> list[int]:
        """Sequence numbers of the lines on screen (for copy)."""
        top = self.row_at_top()
        out = []
        for i in range(top, min(self._row_count(), top + self.scrollable_content_region.height)):
            seq = self._row_seq(i)
            if seq != GAP:
                out.append(seq)
        return out

    # Scrolling and follow

    def _scroll_quietly(self, y: float) -> None:
        self.scroll_to(y=y, animate=False, immediate=True)

    # The user scrolling up (keys, wheel, scrollbar) pauses follow; the widget's own
    # scrolling never does.

    def _pause(self) -> None:
        if self.follow:
            self.follow = False
            self.post_message(self.FollowChanged(self, False))

    def action_scroll_up(self) -> None:
        self._pause()
        super().action_scroll_up()

    def action_page_up(self) -> None:
        self._pause()
        super().action_page_up()

    def _on_mouse_scroll_up(self, event) -> None:
        self._pause()
        super()._on_mouse_scroll_up(event)

    def _on_scroll_up(self, event) -> None:
        self._pause()
        super()._on_scroll_up(event)

    def _on_scroll_to(self, message) -> None:
        if message.y is not None and message.y < self.scroll_y:
            self._pause()
        super()._on_scroll_to(message)

    def action_follow(self) -> None:
        self.new_lines = 0
        if not self.follow:
            self.follow = True
            self.post_message(self.FollowChanged(self, True))
        self._scroll_quietly(self.max_scroll_y)

    def action_oldest(self) -> None:
        self._pause()
        self.scroll_to(y=0, animate=False)

    def scroll_to_seq(self, seq: int) -> None:
        """Show line ``seq`` (a search hit) near the middle; pauses follow."""
        try:
            index = self.rows.index(seq) if self.rows is not None else seq - self.buffer.first_seq
        except ValueError:
            return
        y = self._wrap_offsets()[index] if self.wrap else index
        self._pause()
        self._scroll_quietly(max(0, y - self.scrollable_content_region.height // 2))
        self.refresh()

    # Painting

    def render_lines(self, crop):
        # rich_style walks the CSS of every ancestor: once per paint, not twice per line
        # (it was a fifth of the UI's time while following a flood).
        self._paint_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None

    def render_line(self, y: int) -> Strip:
        base = self._paint_style or self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        vy = scroll_y + y
        if self.wrap:
            offsets = self._wrap_offsets()
            index = bisect_right(offsets, vy) - 1
            sub = vy - offsets[index] if index >= 0 else 0
        else:
            index, sub = vy, 0
        if index < 0 or index >= self._row_count():
            return Strip.blank(width, base)
        seq = self._row_seq(index)
        strips = self._strips(seq)
        strip = strips[sub] if sub < len(strips) else Strip.blank(width)
        if not self.wrap:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, base).apply_style(base)

    def _strips(self, seq: int) -> list[Strip]:
        strips = self._cache.get(seq)
        if strips is not None:
            return strips
        if len(self._cache) > CACHE_MAX:
            self._cache.clear()
        if seq == GAP:
            style = self.get_component_rich_style("log-view--gap")
            strips = [Strip([Segment("  ┄┄┄", style)])]
            return strips  # not cached: every gap shares the key
        entry = self.buffer.get(seq)
        if entry is None:
            return [Strip.blank(1)]
        gutter, body = self._text(seq, entry)
        console = self.app.console
        gutter_segments = list(gutter.render(console))
        if self.wrap:
            width = max(1, self.scrollable_content_region.width - GUTTER)
            lines = body.wrap(console, width, overflow="fold", no_wrap=False)
            blank = [Segment(" " * GUTTER)]
            strips = [Strip((gutter_segments if i == 0 else blank) + list(line.render(console))) for i, line in enumerate(lines)] or [Strip(gutter_segments)]
        else:
            strips = [Strip(gutter_segments + list(body.render(console)))]
        self._cache[seq] = strips
        return strips

    def _prefix_width(self, entry: Entry) -> int:
        return self._prefix_width_for(self.timestamps and bool(entry.line.ts))

    def _prefix_width_for(self, timestamps: bool) -> int:
        width = 0
        if len(self.names) > 1:
            width += max(len(n) for n in self.names) + 1
        if timestamps:
            width += 24
        return width

    def _text(self, seq: int, entry: Entry) -> tuple[Text, Text]:
        line = entry.line
        stderr = line.stream != "stdout"
        gutter = Text("▌ " if stderr else "  ", style=self.get_component_rich_style("log-view--stderr-gutter") if stderr else "")
        text = Text()
        if len(self.names) > 1:
            width = max(len(n) for n in self.names)
            style = self.source_styles[entry.source % len(self.source_styles)] if self.source_styles else Style(bold=True)
            text.append(self.names[entry.source].ljust(width) + " ", style=style)
        if self.timestamps and line.ts:
            text.append(_short_ts(line.ts) + " ", style=self.get_component_rich_style("log-view--timestamp"))
        offset = len(text)
        body = ansi.render(line.text, colours=self.colours)
        if self.mask is not None:
            body = self.mask(body)
        if stderr:
            body.stylize_before(self.get_component_rich_style("log-view--stderr"))
        text.append_text(body)
        if self.pattern is not None:
            style = self.get_component_rich_style("log-view--current" if seq == self.current else "log-view--match")
            for m in self.pattern.finditer(entry.plain):
                if m.end() > m.start():
                    text.stylize(style, offset + m.start(), offset + m.end())
        if line.truncated_bytes:
            text.append(f" … {kib_more(line.truncated_bytes)} more", style=self.get_component_rich_style("log-view--more"))
        text.expand_tabs()
        return gutter, text


def _short_ts(ts: str) -> str:
    """2026-11-28T10:00:00.123456789Z -> 2026-11-28 10:00:00.123"""
    date, _, rest = ts.partition("T")
    clock, _, frac = rest.partition(".")
    clock = clock.rstrip("Z")
    frac = "".join(ch for ch in frac if ch.isdigit())[:3]
    return f"{date} {clock}.{frac.ljust(3, '0')}"

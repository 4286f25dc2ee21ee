"""A log viewer that paints only the lines on screen.

The lines live in a ``LogBuffer`` (bounded, owned by the caller); this widget maps
screen rows to buffer lines, renders the visible ones (SGR colours or none, every
other sequence dropped by ``tui.domain.ansi``), and caches their strips. Appending
10,000 lines costs a size update, not 10,000 renders.

While following, the view reports a scroll anchor (``tui.scroll_region``): the terminal
scrolls the old lines itself and only the new ones are sent. Paints are coalesced by
rate (``paint_delay``): a line after a quiet spell is painted at once; a flood of
1,000 lines/s is painted ~3 times a second, and ``rate`` says how fast lines come.

| key         | action                                   |
|-------------|------------------------------------------|
| up/down     | scroll (scrolling up pauses follow)      |
| home        | oldest line (pauses follow)              |
| end, G      | newest line, follow again                |
"""

from __future__ import annotations

from typing import Callable

import re
import time
from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from ..domain import ansi
from ..domain.logbuffer import GAP, ArrivalRate, Entry, LogBuffer, kib_more
from ..domain.sanitize import clean_name
from .. import scroll_region
from .paint_style import BaseStyle, PaintCached
from .due import Due

CACHE_MAX = 400  # rendered lines kept (~9 screens of 45 rows; ~1.6 kB each with the Strip's own caches)
GUTTER = 2  # the stream marker column
RATE_WINDOW = 2.0  # seconds of batches the rate is measured over
FLOOD_DELAY = 0.33  # the longest wait between two paints (at >= FLOOD_RATE lines/s)
FLOOD_RATE = 1000.0
SCROLLBAR_EVERY = 1.0  # while following, the scrollbar is brought up to date this often


class TrackBar(ScrollBar):
    """The view's vertical scrollbar: its track only while the view follows.

    Following, the view sits at the end and the status line says so; a thumb would be
    the one thing in the log's rows the terminal's own scroll puts in the wrong place
    (tui.scroll_region), two cells rewritten for every line (~80 of ~290 bytes per line
    in a compose project's merged log). A blank track scrolls into itself. Paused, held or
    hovered, the bar shows where the view is, as Textual's does."""

    def _render_bar(self, scrollbar_style: Style):
        view = self.parent
        if getattr(view, "follow", False) and not self.grabbed and not self.mouse_over:
            return self.renderer(vertical=self.vertical, style=scrollbar_style)
        return super()._render_bar(scrollbar_style)


def paint_delay(rate: float) -> float:
    """Seconds between paints while lines arrive at ``rate`` lines/s: none for a trickle
    (10 lines/s: every line at once), ~0.1 s at 300 lines/s, FLOOD_DELAY from FLOOD_RATE."""
    return min(FLOOD_DELAY, max(0.0, rate / FLOOD_RATE * FLOOD_DELAY))


class LogView(PaintCached, ScrollView, can_focus=True):
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
        self._base = BaseStyle()  # rich_style between paints
        self._painted_width = -1
        self._anchor_base = 0  # rows dropped from the front so far: top row = base + scroll_y
        self._arrivals = ArrivalRate(RATE_WINDOW)
        self._last_paint = 0.0
        self._paint_timer = None
        # While following, the scrollbar's numbers are brought up to date once a second (a
        # repaint only while it shows a thumb), in a frame of new lines when one comes in
        # time (tui/widgets/due.py).
        self._bar = Due(self, SCROLLBAR_EVERY, self._sync_scrollbar)
        # Others' once-a-second refreshes (the status line, the screen's title) that ride on
        # this view's paints: called with the time just before the view paints new lines,
        # each returns the widgets it refreshed, painted in the same frame.
        self.before_paint: list[Callable[[float], list]] = []
        self._content_epoch = 0  # bumped whenever a row may change without moving
        self._lines_key: tuple | None = None
        self._valid_lines: set[int] = set()  # rows of Textual's line cache that are up to date  # (anchor, scroll_x, size, epoch) of the last paint
        self._look_before_focus: tuple | None = None

    def on_mount(self) -> None:
        scroll_region.register(self)

    # Focus. Textual repaints a widget whole when it gains or loses focus (``Widget._on_focus``
    # and ``_on_blur`` set ``has_focus``, which restyles, then call ``refresh()``), for
    # ``:focus`` styles. This view has none: opening the search box (the view loses focus)
    # re-rendered every visible line on the key's path, during a flood too. Our handlers run
    # just before Textual's (the subclass first in the MRO); the repaint that follows is
    # skipped when the restyle left the view's styles and component styles as they were.

    def _on_focus(self, event) -> None:
        self._look_before_focus = self._look()

    _on_blur = _on_focus

    def _look(self) -> tuple:
        return (self.styles.get_rules(), [self.get_component_styles(n).get_rules() for n in sorted(self.COMPONENT_CLASSES)])

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False):
        before, self._look_before_focus = self._look_before_focus, None
        if before is not None and not regions and repaint and not layout and not recompose and self._look() == before:
            return self  # a focus change that changed nothing on screen
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def scroll_anchor(self) -> int:
        """Absolute index of the top row: its change since the last paint is how far the terminal may scroll."""
        return self._anchor_base + round(self.scroll_y)

    @property
    def rate(self) -> float:
        """Lines per second over the last RATE_WINDOW seconds."""
        return self._arrivals.per_second

    @property
    def arriving_rate(self) -> float:
        """Lines per second arriving now, the history the log opened with left out (shown)."""
        return self._arrivals.arriving_per_second

    @property
    def rate_settled(self) -> bool:
        """The rate measures lines arriving, not the history the log opened with."""
        return self._arrivals.settled

    # Feeding

    def appended(self, count: int, dropped: int) -> None:
        """The buffer gained ``count`` lines and lost ``dropped`` from the front."""
        self._arrivals.add(count)
        if self.rows is not None:
            return  # a filtered view is refreshed by its owner
        if dropped:
            first = self.buffer.first_seq
            self._anchor_base += sum(self._heights.get(s, 1) for s in range(first - dropped, first)) if self.wrap else dropped
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
        self._coalesced_paint()

    def _coalesced_paint(self) -> None:
        if self._paint_timer is not None:
            return  # a paint is due: it shows these lines too
        wait = self._last_paint + paint_delay(self.rate) - time.monotonic()
        if wait <= 0:
            self._paint_now()
        else:
            self._paint_timer = self.set_timer(wait, self._paint_now)

    def _paint_now(self) -> None:
        self._paint_timer = None
        self._last_paint = now = time.monotonic()
        following = self.follow
        self._resized(content_only=True, quiet=following)
        if following:
            # What is due about now goes in this frame rather than a frame of its own.
            riders = [self.vertical_scrollbar] if self._bar.ride(now) and self.show_vertical_scrollbar else []
            for chore in self.before_paint:
                riders.extend(chore(now))
            # New lines at the bottom of a followed view: painted from here, not a refresh
            # round later (the frame is the same; see scroll_region.paint_now, which asks
            # for that round when it declines: the rows were dirtied quietly).
            scroll_region.paint_now(self, riders)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's ``Widget.vertical_scrollbar`` (made when first asked for, hidden until
        laid out), making a ``TrackBar``."""
        if self._vertical_scrollbar is None:
            bar = TrackBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def set_rows(self, rows: list[int] | None) -> None:
        self._content_epoch += 1
        self.rows = rows
        self._resized()
        if self.follow:
            self._scroll_quietly(self.max_scroll_y)

    def reset(self) -> None:
        self._content_epoch += 1
        self._cache.clear()
        self._max_width = 0
        self.new_lines = 0
        self.rows = None
        self._resized()

    def restyle(self) -> None:
        """A display setting changed: every cached strip is stale."""
        self._content_epoch += 1
        self._cache.clear()
        self._heights.clear()
        self._max_width = self.buffer.longest(self.buffer.first_seq) + self._prefix_width_for(self.timestamps) + 16
        self._resized()
        if self.follow:
            self._scroll_quietly(self.max_scroll_y)

    def _resized(self, content_only: bool = False, quiet: bool = False) -> None:
        """The virtual size and offset after the lines changed; every row dirty. ``quiet``
        (with ``content_only``): the rows dirtied without waking Textual's refresh round, for
        a caller that paints at once (``_paint_now``)."""
        self._offsets = None
        count = self._row_count()
        width = self.scrollable_content_region.width
        if self.wrap:
            height = self._wrap_offsets()[-1] if count else 0
            self._set_virtual_size(Size(width, height))
        else:
            self._set_virtual_size(Size(max(width, self._max_width + GUTTER), count))
        if self.follow:
            if content_only:
                self._follow_bottom()
            else:
                self._scroll_quietly(self.max_scroll_y)
        # Every row dirty, but Textual's line cache kept (a bare refresh() clears it): rows
        # that only moved are taken from it again (reuse_moved_lines). New lines (content_only)
        # dirty the content rows only; a restyle, filter or resize may show or hide a
        # scrollbar, so the whole widget (the content region is not laid out anew yet).
        if content_only:
            self._refresh_content(quiet)
        else:
            self.refresh(self.size.region)

    def _refresh_content(self, quiet: bool = False) -> None:
        """Every content row dirty, the scrollbars not (they refresh themselves when they
        change): a repaint confined to the content rows is scrolled and painted without
        the compositor (tui.scroll_region.BandUpdate). ``quiet``: see ``_resized``."""
        inner = self.scrollable_content_region
        region = Region(0, 0, inner.width, inner.height)
        if quiet:
            scroll_region.dirty_quietly(self, region)
        else:
            self.refresh(region)
        # The rows under a horizontal scrollbar are covered on screen, but Textual's line
        # cache keeps what they last rendered: a later paint of the whole widget (the
        # compositor's, after a layout) returned a stale line there instead of the filler.
        # Dirty them in the cache only: repainting covered rows would send nothing.
        below = self.size.height - inner.height
        if below > 0:
            self._styles_cache.set_dirty(Region(0, inner.height, self.size.width, below))

    def _set_virtual_size(self, size: Size) -> None:
        # ``virtual_size`` asks for a layout of the whole screen when it changes. Growing in
        # height only (a followed log, ten times a second) changes nothing but the scrollbar
        # and the scroll range: update those and skip the layout.
        current = self.virtual_size
        if size == current:
            return
        if size.width == current.width and self.is_mounted and self._size.height > 0:
            self.set_reactive(LogView.virtual_size, size)
            if self.follow:
                self.scroll_y = self.validate_scroll_y(self.scroll_y)
                self._scrollbar_stale()
            else:
                self._scroll_update(size)
        else:
            self.virtual_size = size

    def on_resize(self) -> None:
        self._content_epoch += 1
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

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # While following, the scrollbar draws its track only (TrackBar): its numbers are
        # brought up to date once a second, not for every batch, and it is repainted only
        # when the pointer is over it (rendering it was a third of the UI's time).
        if not self.follow or not self.is_mounted:
            super().watch_scroll_y(old_value, new_value)
            return
        if round(old_value) != round(new_value):
            self._refresh_content()
        self._scrollbar_stale()

    def watch_show_horizontal_scrollbar(self, shown: bool) -> None:
        """A line wider than the view brought the horizontal scrollbar (or its going took
        it away): the view shows a row fewer (more) and no Resize comes, so a followed view
        kept its offset and the newest line sat under the scrollbar until the next one."""
        if self.follow and self.is_mounted:
            self._scroll_quietly(self.max_scroll_y)

    def _scrollbar_stale(self) -> None:
        self._bar.mark()  # synced by the next paint of new lines once due, else by its timer

    def _sync_scrollbar(self, force: bool = False) -> None:
        if force:
            self._bar.cancel()
        if not force and self._bar_unchanged():
            return
        self._scroll_update(self.virtual_size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = self.scroll_y
            if force:
                self.vertical_scrollbar.refresh()  # follow changed: the thumb comes or goes

    def _bar_unchanged(self) -> bool:
        """Following, the bar draws its track only (``TrackBar``): when the log merely grew
        its numbers are brought up to date quietly (a drag or a click reads them) and it is
        not repainted."""
        if not self.follow or not self.show_vertical_scrollbar:
            return False
        bar = self.vertical_scrollbar
        window = self.container_size.height - self.scrollbar_size_horizontal
        if not bar.size.height or bar.window_size != window or bar.mouse_over or bar.grabbed:
            return False
        bar.set_reactive(ScrollBar.window_virtual_size, self.virtual_size.height)
        bar.set_reactive(ScrollBar.position, self.scroll_y)
        return True

    def _follow_bottom(self) -> None:
        """New lines while following: the offset moves to the bottom quietly. ``scroll_to``
        stops animations (none while following), releases anchors (none here) and sets two
        reactives through their validators and watchers, per batch; the watcher's work
        (the content rows dirty, the scrollbar brought up to date once a second) is done
        here and by the caller's refresh."""
        y = self.max_scroll_y
        if self.scroll_y != y:
            self.set_reactive(LogView.scroll_target_y, y)
            self.set_reactive(LogView.scroll_y, y)
            self._scrollbar_stale()

    def _scroll_quietly(self, y: float) -> None:
        self.scroll_to(y=y, animate=False, immediate=True)

    # The user scrolling up (keys, wheel, scrollbar) pauses follow; the widget's own
    # scrolling never does.

    def _pause(self) -> None:
        if self.follow:
            self.follow = False
            self._sync_scrollbar(force=True)
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
            self._sync_scrollbar(force=True)
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
        self.reuse_moved_lines()
        # rich_style walks the CSS of every ancestor: once per paint, not twice per line
        # (it was a fifth of the UI's time while following a flood).
        self._paint_style = self._base_style()
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None
            dirty = self._styles_cache._dirty_lines
            # rows past the last line are filler, not content that moves with a scroll
            content = self.virtual_size.height - round(self.scroll_y)
            self._valid_lines = {y for y in self._styles_cache._cache if y < content and y not in dirty}

    def _base_style(self) -> Style:
        """``rich_style``, walked again only when a style of the view or of an ancestor changed:
        following, it was computed per paint."""
        return self._base.of(self)

    def reuse_moved_lines(self) -> None:
        """The rows moved by k since the last paint and nothing else changed: Textual's
        styled-line cache (by row) is shifted by k, so only the k new rows are rendered
        again and the others keep their strips (and the compositor's caches of them).
        Scrolling marks every row dirty; following a log 10 times a second re-rendered
        the whole view each time."""
        key = (self.scroll_anchor(), round(self.scroll_x), self.size, self._content_epoch)
        last, self._lines_key = self._lines_key, key
        if last is None or last[1:] != key[1:] or last[0] == key[0] or self.styles.gutter != (0, 0, 0, 0):
            return
        k = key[0] - last[0]
        height = self.size.height
        if not 0 < abs(k) < height:
            return
        styles_cache = self._styles_cache
        cache = styles_cache._cache
        # Only lines rendered since they were last invalidated, and only content: a row
        # outside the last paint's crop may hold an old line; a blank row past the last
        # line (under a horizontal scrollbar) is not what scrolls into its place.
        valid = self._valid_lines
        moved = {y - k: strip for y, strip in cache.items() if y in valid and 0 <= y - k < height and 0 <= y < height}
        cache.clear()
        cache.update(moved)
        styles_cache._dirty_lines.difference_update(moved)

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
        if len(self._cache) > max(CACHE_MAX, 4 * self.size.height):  # a very tall view never thrashes it
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

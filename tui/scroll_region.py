"""Send the terminal what changed on screen, and let it scroll what moved.

Textual repaints a dirty region by resending every cell of it. When a followed log gains
a line, the whole log view is dirty and ~12 kB go to the terminal for a 60-byte line.
This module keeps a *shadow* of what the terminal shows (one row of segments per row, from
every update Dockyard writes) and changes two things at the compositor's output:

* A partial update sends, per changed row, only the cells between the first and the last
  that differ from the shadow (a status line whose counter went 999 -> 1,000 sends four
  cells; an unchanged header sends nothing).
* A widget that registers a *scroll anchor* (the absolute index of its top row, e.g. the
  log view) and moved by k rows since its last paint may be scrolled by the terminal: a
  scroll region set to the widget's rows (DECSTBM ``CSI top;bottom r``), k line feeds
  at its bottom row (or k reverse indexes at its top row), the region reset (``CSI r``).
  The shadow is shifted the same way; the row diff then sends the new rows and any cell
  the scroll put in the wrong place (a scrollbar, a widget beside the band, an overlay).

Correctness rests on the shadow alone: every row written is compared with what the
terminal holds after the scroll, so a wrong anchor costs bytes, never a wrong screen. The
scroll is used only when it leaves more rows right than not scrolling would. Full
updates are sent whole and reset the shadow; an update whose rows the shadow cannot
follow (unknown size, a chop with no content) falls back to the tight partial update;
while the app is suspended (a shell in a container owns the terminal) and after it, the
shadow is unknown until the next full update. Where terminfo says the terminal erases
with the current background (``bce``), runs of blanks go as ECH (``CSI n X``) and a move.

Tests: tests/unit/test_scroll_region.py (pyte, random frames against a full repaint) and
tests/hardening/test_log_scroll.py (the real app in a pty, and under tmux).
"""

from __future__ import annotations

import os
import struct
import weakref
from contextlib import contextmanager
from typing import Iterable

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from textual import _compositor
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip

from .tight_updates import TightChopsUpdate

MIN_GAIN = 2  # scroll only when it saves at least this many row repaints
MIN_ERASE = 12  # runs of blanks sent as "erase n cells" + "cursor forward n" from this many on


Row = list  # a screen row as Rich segments, ``width`` cells long (plain lists: a Strip costs ~10 us to make)


class Shadow:
    """What the terminal shows: one row of segments per screen row, None where unknown."""

    __slots__ = ("rows", "width")

    def __init__(self) -> None:
        self.rows: list[Row | None] = []
        self.width = 0

    def forget(self) -> None:
        self.rows = []
        self.width = 0
        _BAND_LAST.clear()

    def ready(self, width: int, height: int) -> bool:
        return self.width == width and len(self.rows) == height and width > 0

    def shift(self, top: int, bottom: int, k: int) -> None:
        """Rows [top, bottom) moved up by k (down when k < 0); exposed rows are unknown."""
        band = self.rows[top:bottom]
        if k > 0:
            moved = band[k:] + [None] * k
        else:
            moved = [None] * -k + band[: len(band) + k]
        self.rows[top:bottom] = moved


SHADOW = Shadow()
_ANCHORED: "weakref.WeakSet" = weakref.WeakSet()  # widgets with scroll_anchor()
_PAINTED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # widget -> anchor on the terminal
# widget -> (top, the shadow's rows its last band update left, {(x, width): strips painted there},
#            per content row the styled line its strip was made from, or None,
#            {y: (row, x, width, segments left of the first part, segments right of it)})
_BAND_LAST: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def register(widget) -> None:
    """Let ``widget`` be scrolled by the terminal; it must define ``scroll_anchor() -> int | None``."""
    _ANCHORED.add(widget)


# Escape sequences


def scroll_sequence(top: int, bottom: int, k: int) -> str:
    """Scroll screen rows [top, bottom) (0-based) up by k (down when k < 0) and reset the region.

    Line feed at the bottom margin and reverse index at the top margin scroll the region in
    every VT100 descendant (xterm, tmux, screen, pyte), unlike SU/SD on some. DECSTBM and its
    reset both home the cursor; callers position it absolutely afterwards.
    """
    if not (0 <= top < bottom and 0 < abs(k) < bottom - top):
        raise ValueError(f"cannot scroll rows {top}..{bottom} by {k}")
    if k > 0:
        return f"\x1b[{top + 1};{bottom}r\x1b[{bottom};1H" + "\n" * k + "\x1b[r"
    return f"\x1b[{top + 1};{bottom}r\x1b[{top + 1};1H" + "\x1bM" * -k + "\x1b[r"


def terminal_erases_with_background() -> bool:
    """Does $TERM's terminfo say that erasing fills with the current background (``bce``)?

    Then a run of blanks can be sent as ``CSI n X`` (erase n cells): xterm, VTE, kitty, the
    Linux console have it; tmux and screen do not claim it, so they get the blanks."""
    try:
        return terminfo_flag(os.environ.get("TERM") or "dumb", BCE) is True
    except Exception:
        return False


BCE = 28  # ``bce``'s place among terminfo's boolean capabilities (term.h's order, fixed since SVr4)
_TERMINFO_MAGIC = (0o432, 0o1036)  # 16-bit and 32-bit numbers; the booleans come first in both


def _terminfo_dirs() -> list[str]:
    """Where ncurses looks for a compiled entry, in its order."""
    dirs = [os.environ.get("TERMINFO") or "", os.path.expanduser("~/.terminfo")]
    dirs += [d or "/usr/share/terminfo" for d in (os.environ.get("TERMINFO_DIRS") or "").split(":") if os.environ.get("TERMINFO_DIRS")]
    dirs += ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]
    return [d for d in dirs if d]


def terminfo_flag(term: str, index: int) -> bool | None:
    """A boolean capability of ``term``'s compiled terminfo entry, read from the file (the
    header and the boolean section), or None when there is no readable entry. Loading curses
    for this one flag cost ~0.5 MB of the session's memory (issue 20)."""
    if not term or "/" in term or term.startswith("."):
        return None
    for base in _terminfo_dirs():
        for sub in (term[0], f"{ord(term[0]):02x}"):
            try:
                with open(os.path.join(base, sub, term), "rb") as f:
                    head = f.read(12)
                    if len(head) < 12:
                        continue
                    magic, names, bools = struct.unpack("<hhh", head[:6])
                    if magic not in _TERMINFO_MAGIC:
                        continue
                    if index >= bools:
                        return False
                    f.seek(12 + names + index)
                    return f.read(1) == b"\x01"
            except OSError:
                continue
    return None


ERASE = False  # set by install() from terminal_erases_with_background()
_BLANK_SAFE = ("underline", "underline2", "strike", "reverse", "overline", "frame", "encircle", "conceal")


def _erasable(style) -> bool:
    """Blanks in this style look like erased cells (only their background shows)."""
    return style is None or (not style._link and not any(getattr(style, name) for name in _BLANK_SAFE))


def render_run(segments: Iterable[Segment], console: Console, erase: bool = False) -> str:
    """Segments to text and SGR, restating a style only when it changes.

    ``erase``: the terminal erases with the current background (``bce``): a run of MIN_ERASE
    or more blanks, in a style only a background shows of, is sent as ECH (erase n cells)
    and a cursor move instead of n spaces (the padding after a log line, before the
    scrollbar)."""
    color_system = console._color_system or ColorSystem.TRUECOLOR
    out: list[str] = []
    append = out.append
    last = ""
    render_ansi = Strip.render_ansi
    for text, style, _control in segments:
        if not text:
            continue
        if style is None:
            ansi = ""
        elif style._link:
            if last:
                append("\x1b[0m")
                last = ""
            append(Strip.render_style(style, text, color_system))
            continue
        else:
            ansi = style._ansi if style._ansi is not None else render_ansi(style, color_system)
        if ansi != last:
            append(f"\x1b[0;{ansi}m" if last and ansi else ("\x1b[0m" if last else f"\x1b[{ansi}m"))
            last = ansi
        if erase and len(text) >= MIN_ERASE and _control is None and _erasable(style):
            body = text.rstrip(" ")
            blanks = len(text) - len(body)
            if blanks >= MIN_ERASE:
                append(body)
                append(f"\x1b[{blanks}X\x1b[{blanks}C")
                continue
        append(text)
    if last:
        append("\x1b[0m")
    return "".join(out)


def _simple(text: str) -> bool:
    return text.isascii() and text.isprintable()


def _style_eq(a, b) -> bool:
    """Equal on the terminal. Rich's equality also compares ``meta``, Textual's mouse data,
    which no terminal shows: a ``Log`` line carries its index (``offset``), so when old lines
    are pruned every visible row "changed" with the same cells, and was sent again."""
    if a is b or a == b:
        return True
    if a is None or b is None:
        return False
    return (
        a._color == b._color
        and a._bgcolor == b._bgcolor
        and a._attributes == b._attributes
        and a._set_attributes == b._set_attributes
        and a._link == b._link
    )


def _seg_eq(x: Segment, y: Segment) -> bool:
    return x == y or (x.text == y.text and x.control == y.control and _style_eq(x.style, y.style))


def rows_eq(a: Row | None, b: Row | None) -> bool:
    """The same cells on the terminal (segments compared without their ``meta``)."""
    if a is None or b is None:
        return a is b
    return a == b or (len(a) == len(b) and all(map(_seg_eq, a, b)))


def row_diff(a: Row | None, b: Row) -> tuple[int, list[Segment]] | None:
    """The part of row ``b`` that differs from row ``a`` (same width): (first column, segments), None if equal.

    Whole segments are skipped from both ends; inside the first and last differing segment,
    equal leading/trailing characters are skipped when the styles match and the text is
    plain ASCII (so a wide character is never split).
    """
    if a is None:
        return 0, b
    if a == b:
        return None  # the common case, at C speed; rows equal but for meta end below with nothing left
    n = min(len(a), len(b))
    i = 0
    x = 0
    while i < n and _seg_eq(a[i], b[i]):
        text = a[i].text
        x += len(text) if _simple(text) else cell_len(text)
        i += 1
    j = 0
    while j < n - i and _seg_eq(a[len(a) - 1 - j], b[len(b) - 1 - j]):
        j += 1
    mid_a = a[i : len(a) - j]
    mid_b = b[i : len(b) - j]
    if not mid_b:
        return None  # b only lost empty segments: the same cells
    if mid_a:
        # equal leading characters of the first differing segment
        (ta, sa, ca), (tb, sb, cb) = mid_a[0], mid_b[0]
        if _style_eq(sa, sb) and ca is None and cb is None and _simple(ta) and _simple(tb):
            p = 0
            limit = min(len(ta), len(tb))
            while p < limit and ta[p] == tb[p]:
                p += 1
            if p and (p < len(tb) or len(mid_b) > 1):
                x += p
                mid_b[0] = Segment(tb[p:], sb)
                mid_a[0] = Segment(ta[p:], sa)
        # equal trailing characters of the last one
        (ta, sa, ca), (tb, sb, cb) = mid_a[-1], mid_b[-1]
        if _style_eq(sa, sb) and ca is None and cb is None and _simple(ta) and _simple(tb):
            s = 0
            limit = min(len(ta), len(tb))
            while s < limit and ta[len(ta) - 1 - s] == tb[len(tb) - 1 - s]:
                s += 1
            if s and (s < len(tb) or len(mid_b) > 1):
                mid_b[-1] = Segment(tb[: len(tb) - s], sb)
    return x, mid_b


def _cut(row: Row, start: int, end: int) -> Row:
    """Cells [start, end) of a row."""
    out: Row = []
    pos = 0
    for seg in row:
        text = seg.text
        width = len(text) if _simple(text) else cell_len(text)
        seg_end = pos + width
        if seg_end <= start:
            pos = seg_end
            continue
        if pos >= end:
            break
        if pos < start or seg_end > end:
            if width == len(text):
                seg = Segment(text[max(0, start - pos) : min(end, seg_end) - pos], seg.style, seg.control)
            else:
                if seg_end > end:
                    seg = seg.split_cells(end - pos)[0]
                if pos < start:
                    seg = seg.split_cells(start - pos)[1]
        out.append(seg)
        pos = seg_end
    return out


def _tail(row: Row, start: int, width: int) -> Row:
    """Cells [start, width) of a row ``width`` cells wide: ``_cut(row, start, width)``, walked
    from the row's end (the scrollbar column beside a log view is one segment away there;
    from the start it was a walk over the whole row, for every row of every paint)."""
    out: Row = []
    pos = width
    for seg in reversed(row):
        if pos <= start:
            break
        text = seg.text
        w = len(text) if _simple(text) else cell_len(text)
        if not w and pos == width:
            continue  # _cut stops at the row's end: nothing of width 0 after it
        seg_start = pos - w
        if seg_start < start:
            if w == len(text):
                seg = Segment(text[start - seg_start :], seg.style, seg.control)
            else:
                seg = seg.split_cells(start - seg_start)[1]
        out.append(seg)
        pos = seg_start
    out.reverse()
    return out


def _compose(row: Row | None, line, ends: list[int], ranges: list[tuple[int, int]], width: int) -> Row | None:
    """The row after this update: ``row`` with each (x1, x2) range replaced by the chops; None if unknown."""
    out: Row = []
    extend = out.extend
    at = 0
    for x1, x2 in ranges:
        if x1 > at:
            if row is None:
                return None
            extend(_cut(row, at, x1))
        for end, (x, strip) in zip(ends, line.items()):
            if end <= x1 or x >= x2:
                continue
            if strip is None:
                return None
            if x < x1 or end > x2:
                strip = strip.crop(max(0, x1 - x), min(x2, end) - x)
            extend(strip._segments)
        at = x2
    if at < width:
        if row is None:
            return None
        extend(_cut(row, at, width))
    return out


class ShadowChopsUpdate(TightChopsUpdate):
    """A partial update that diffs against the shadow and may scroll a band first."""

    scrolls: list[tuple[int, int, int]] = []
    anchors: dict = {}

    def render_segments(self, console: Console) -> str:
        chops, chop_ends, spans = self.chops, self.chop_ends, self.spans
        if _BAND_LAST:
            _drop_bands(spans)
        height = len(chops)
        width = chop_ends[0][-1] if chop_ends and chop_ends[0] else 0
        shadow = SHADOW
        if not shadow.ready(width, height):
            shadow.forget()
            return super().render_segments(console)
        rows = shadow.rows
        by_row: dict[int, list[tuple[int, int]]] = {}
        for y, x1, x2 in spans:
            by_row.setdefault(y, []).append((x1, x2))
        new_rows: dict[int, Row] = {}
        blind: list[tuple[int, int, int]] = []
        for y, ranges in by_row.items():
            ranges.sort()
            composed = _compose(rows[y], chops[y], chop_ends[y], ranges, width)
            if composed is None:
                blind.extend((y, x1, x2) for x1, x2 in ranges)
                rows[y] = None
            else:
                new_rows[y] = composed
        out: list[str] = []
        for top, bottom, k in self.scrolls:
            self._scroll(out, rows, new_rows, by_row, top, bottom, k)
        move_to = _compositor.Control.move_to
        for y in sorted(new_rows):
            new = new_rows[y]
            diff = row_diff(rows[y], new)
            rows[y] = new
            if diff is not None:
                x, segments = diff
                out.append(move_to(x, y).segment.text)
                out.append(render_run(segments, console, ERASE))
        if blind:
            out.append(_tight(chops, blind, chop_ends, console))
        self._commit(by_row)
        return "".join(out)

    @staticmethod
    def _scroll(out, rows, new_rows, by_row, top: int, bottom: int, k: int) -> None:
        if not (0 <= top < bottom <= len(rows) and 0 < abs(k) < bottom - top):
            return
        after: list[Row] = []
        for y in range(top, bottom):
            row = new_rows.get(y)
            if row is None:
                if y in by_row:
                    return  # a row we cannot compose: no scroll
                row = rows[y]
                if row is None:
                    return
            after.append(row)
        before = rows[top:bottom]
        moved = before[k:] + [None] * k if k > 0 else [None] * -k + before[: len(before) + k]
        stay = sum(1 for a, b in zip(after, before) if rows_eq(a, b))
        gain = sum(1 for a, m in zip(after, moved) if rows_eq(a, m))
        if gain < stay + MIN_GAIN:
            return
        out.append(scroll_sequence(top, bottom, k))
        rows[top:bottom] = moved
        for y, row in zip(range(top, bottom), after):
            new_rows[y] = row

    def _commit(self, by_row) -> None:
        for widget, (anchor, top, bottom) in self.anchors.items():
            if all(y in by_row for y in range(top, bottom)):
                _PAINTED[widget] = anchor


def _tight(chops, spans, chop_ends, console: Console) -> str:
    update = TightChopsUpdate(chops, spans, chop_ends)
    return update.render_segments(console)


class ShadowLayoutUpdate(_compositor.LayoutUpdate):
    """A full update: sent whole (the terminal may hold anything after a resize), and it resets the shadow."""

    anchors: dict = {}

    def render_segments(self, console: Console) -> str:
        _BAND_LAST.clear()
        text = super().render_segments(console)
        region = self.region
        if region.x == 0 and region.y == 0:
            SHADOW.rows = [[seg for strip in line if strip is not None for seg in strip._segments] for line in self.strips]
            SHADOW.width = region.width
        else:
            SHADOW.forget()
        for widget, (anchor, _top, _bottom) in self.anchors.items():
            _PAINTED[widget] = anchor
        return text


class ShadowInlineUpdate(_compositor.InlineUpdate):
    def render_segments(self, console: Console) -> str:
        SHADOW.forget()
        return super().render_segments(console)


def _anchors(compositor) -> tuple[list[tuple[int, int, int]], dict]:
    """Scroll candidates (top, bottom, k) and the anchors now, for registered visible widgets."""
    scrolls: list[tuple[int, int, int]] = []
    anchors: dict = {}
    if not _ANCHORED:
        return scrolls, anchors
    for widget, region, clip in _visible_anchored(compositor):
        try:
            anchor = widget.scroll_anchor()
            inner = widget.scrollable_content_region
        except Exception:
            continue
        if anchor is None:
            continue
        anchors[widget] = (anchor, inner.y, inner.bottom)
        last = _PAINTED.get(widget)
        if last is None or last == anchor or not clip.contains_region(region):
            continue
        k = anchor - last
        if 0 < abs(k) < inner.height:
            scrolls.append((inner.y, inner.bottom, k))
    return scrolls, anchors


class BandUpdate(_compositor.CompositorUpdate):
    """A partial update of one anchored widget's rows, built without the compositor.

    When every dirty region lies inside a registered widget's scrollable content region or
    its vertical scrollbar, and nothing but its ancestors is drawn there, the screen's other
    rows and columns cannot have changed: the widget's own lines (``render_lines``; rows that
    only moved come from its line cache), and the scrollbar's when it is dirty, are put in
    the shadow's rows between the unchanged cells on either side, the band is scrolled when
    that leaves more rows right, and only the differences are sent. Textual's compositor
    would have asked every widget under the dirty region (screen, containers, the log view
    whole) for its lines and cut each row into chops first: most of the CPU of a followed
    log. Correctness still rests on the shadow (each row is diffed against it).
    """

    def __init__(self, widget, anchor: int, top: int, height: int, parts: list, k: int, screen_width: int) -> None:
        self.widget = widget
        self.anchor = anchor
        self.top, self.height = top, height
        self.parts = parts  # (x, width, strips) left to right, not overlapping
        self.k = k
        self.screen_width = screen_width
        self.sources: list | None = None  # per content row: the widget's styled line behind the strip
        self.swapped = 0

    def render_segments(self, console: Console) -> str:
        rows = SHADOW.rows
        top, bottom = self.top, self.top + self.height
        out: list[str] = []
        move_to = _compositor.Control.move_to
        if SHADOW.width != self.screen_width or bottom > len(rows) or any(rows[y] is None for y in range(top, bottom)):
            # The shadow lost track meanwhile: send the parts whole; the rows become unknown.
            for x, _width, strips in self.parts:
                for y, strip in zip(range(top, bottom), strips):
                    out.append(move_to(x, y).segment.text)
                    out.append(render_run(strip._segments, console, False))
            for y in range(top, min(bottom, len(rows))):
                rows[y] = None
            _BAND_LAST.pop(self.widget, None)
            return "".join(out)
        full = self.screen_width
        new_rows: dict[int, Row] = {}
        # A row this widget painted last (the shadow still holds that very row) whose parts
        # are the very strips painted there is unchanged: Textual returns its cached strip
        # for a line that was not dirtied. A tail gaining a line changes one row of thirty.
        last = _BAND_LAST.get(self.widget)
        if last is not None and (last[0] != top or len(last[1]) != self.height):
            last = None  # the band moved or changed height: nothing of it can be reused
        same = None
        if last is not None and not self.k:
            same = [(last[2].get((x, width)), strips) for x, width, strips in self.parts]
            if any(old is None for old, _strips in same):
                same = None
        # One part (a tail's rows): a row built here is (segments left of the first part, its
        # strip, segments right of it), and the counts are kept with the row. While the shadow still
        # holds that very row, a new strip there makes the row before with the strip swapped,
        # and its difference is the strips' difference (the cells on either side are the very
        # segments they were): the whole row was cut again and diffed from its first column,
        # the list's cells beside the tail included.
        single = len(self.parts) == 1
        spans: dict = last[4] if last is not None else {}  # y -> (row, x, width, left count, right count) of the first part
        swapped: dict[int, tuple[int, list, list]] = {}
        last_rows = last[1] if same is not None else None
        old_strips, new_strips = same[0] if single and same is not None else (None, None)
        for i, y in enumerate(range(top, bottom)):
            before = rows[y]
            if last_rows is not None and before is last_rows[i]:
                if old_strips[i] is new_strips[i] if single else all(old[i] is strips[i] for old, strips in same):
                    new_rows[y] = before
                    continue
                span = spans.get(y) if single else None
                x, width, strips = self.parts[0]
                if span is not None and span[0] is before and span[1] == x and span[2] == width:
                    _row, _x, _width, n_left, n_right = span
                    old_segments = same[0][0][i]._segments
                    if len(before) - n_left - n_right == len(old_segments):
                        segments = strips[i]._segments
                        row = [*before[:n_left], *segments, *before[len(before) - n_right :]] if n_right else [*before[:n_left], *segments]
                        new_rows[y] = row
                        spans[y] = (row, x, width, n_left, n_right)
                        swapped[y] = (x, old_segments, segments)
                        continue
            row: Row = []
            at = 0
            n_left = -1
            for x, width, strips in self.parts:
                if x > at:
                    row.extend(_cut(before, at, x))
                if n_left < 0:
                    n_left = len(row)  # (the first part: the widget's content; a scrollbar is the second)
                row.extend(strips[i]._segments)
                at = x + width
            if at < full:
                row.extend(_tail(before, at, full))
            new_rows[y] = row
            x, width, strips = self.parts[0]
            spans[y] = (row, x, width, n_left, len(row) - n_left - len(strips[i]._segments))
        if self.k:
            ShadowChopsUpdate._scroll(out, rows, new_rows, new_rows, top, bottom, self.k)
        for y in range(top, bottom):
            new = new_rows[y]
            if new is rows[y]:
                continue  # the very row the shadow holds: nothing to send
            quick = swapped.get(y)
            if quick is not None:
                x, old_segments, segments = quick
                diff = row_diff(old_segments, segments)
                if diff is not None:
                    diff = (x + diff[0], diff[1])
            else:
                diff = row_diff(rows[y], new)
            rows[y] = new
            if diff is not None:
                dx, segments = diff
                out.append(move_to(dx, y).segment.text)
                out.append(render_run(segments, console, ERASE))
        _PAINTED[self.widget] = self.anchor
        painted = dict(last[2]) if last is not None else {}
        painted.update(((x, width), strips) for x, width, strips in self.parts)
        _BAND_LAST[self.widget] = (top, [rows[y] for y in range(top, bottom)], painted, self.sources, spans)
        self.swapped = len(swapped)  # (tests count the rows that took the short way)
        return "".join(out)


FAST = True  # BandUpdate for a repaint confined to one anchored widget (tests turn it off to compare)
PAINT_NOW = True  # paint_now paints at once; off, it leaves every repaint to Textual's round


def _visible_anchored(compositor):
    """(widget, region, clip) of each registered widget the compositor shows."""
    visible = compositor.visible_widgets
    for widget in list(_ANCHORED):
        entry = visible.get(widget)
        if entry is not None:
            yield widget, entry[0], entry[1]


def _band_update(compositor) -> BandUpdate | None:
    """A BandUpdate when the whole partial update is one registered widget's rows, else None."""
    dirty = compositor._dirty_regions
    if not FAST or not dirty or not _ANCHORED:
        return None
    size = compositor.size
    if not SHADOW.ready(size.width, size.height):
        return None
    visible = compositor.visible_widgets
    for widget, region, clip in _visible_anchored(compositor):
        try:
            inner = widget.scrollable_content_region
            bar = widget.vertical_scrollbar if widget.show_vertical_scrollbar else None
        except Exception:
            continue
        bar_entry = visible.get(bar) if bar is not None else None
        bar_region = None
        if bar_entry is not None and bar_entry[1].contains_region(bar_entry[0]):
            bar_region = bar_entry[0]
            if bar_region.y != inner.y or bar_region.height != inner.height or bar_region.x < inner.right:
                bar_region = None
        bar_dirty = False
        for r in dirty:
            if inner.contains_region(r):
                continue
            if bar_region is not None and bar_region.contains_region(r):
                bar_dirty = True
                continue
            break
        else:
            if not clip.contains_region(region) or not inner or not region.contains_region(inner):
                return None
            band = inner if bar_region is None else inner.union(bar_region)
            # Nothing but the widget's ancestors (drawn under it) and its scrollbar may touch its
            # rows: a walk over every widget on screen (~100 on the dashboard), so once per map.
            # The compositor keeps the answer beside the map it is about (a new dict whenever
            # the layout or a scroll changes it): kept there, it goes with the screen.
            alone = getattr(compositor, "_band_alone", None)
            if alone is None or alone[0] is not visible:
                alone = compositor._band_alone = (visible, {})
            if alone[1].get(widget) != band:
                lineage = set(widget.ancestors_with_self)
                if bar_region is not None:
                    lineage.add(bar)
                overlaps = band.overlaps
                for other, (other_region, other_clip) in visible.items():
                    if other not in lineage and overlaps(other_region.intersection(other_clip)):
                        return None
                alone[1][widget] = band
            try:
                anchor = widget.scroll_anchor()
            except Exception:
                return None
            last = _PAINTED.get(widget)
            if anchor is None or last is None:
                return None
            rows = SHADOW.rows
            if any(rows[y] is None for y in range(inner.y, inner.bottom)):
                return None
            k = anchor - last
            k = k if 0 < abs(k) < inner.height else 0
            parts = [(inner.x, inner.width, _content_strips(widget, region, inner, dirty, k))]
            if bar_dirty:
                parts.append((bar_region.x, bar_region.width, bar.render_lines(Region(0, 0, bar_region.width, bar_region.height))))
            for _x, width, strips in parts:
                if len(strips) != inner.height or any(strip.cell_length != width for strip in strips):
                    return None  # not what we expected: the compositor does it (the lines are cached now)
            dirty.clear()
            update = BandUpdate(widget, anchor, inner.y, inner.height, parts, k, size.width)
            update.sources = _line_sources(widget, region, inner)
            return update
    return None


def _line_sources(widget, region: Region, inner: Region) -> list | None:
    """Per content row, the strip Textual's styled-line cache holds for it (what the row's
    output was made from), or None where it holds none."""
    try:
        cache = widget._styles_cache._cache
    except AttributeError:
        return None
    y0 = inner.y - region.y
    return [cache.get(y) for y in range(y0, y0 + inner.height)]


def _content_strips(widget, region: Region, inner: Region, dirty, k: int) -> list[Strip]:
    """The widget's lines for the band: only its dirty rows are asked for when it has not
    scrolled and its last band update holds the strips of the others (scrolled: see
    ``_moved_strips``).

    A tail gaining a line has one dirty row of thirty; asking for all of them walked
    Textual's styled-line cache for every row (crop, filters) each time (the preview's
    tail: ~0.57 -> ~0.35 ms a line, timing wrapper in the real app). A row that is not dirty
    shows what the widget last drew there, and while ``_BAND_LAST`` holds it no other update
    has painted those cells since (every chops update that touches a band's cells and every
    full update drop it). Strips of the wrong count or width are caught by the caller."""
    full = Region(inner.x - region.x, inner.y - region.y, inner.width, inner.height)
    last = _BAND_LAST.get(widget)
    old = None
    if last is not None and last[0] == inner.y and len(last[1]) == inner.height:
        old = last[2].get((inner.x, inner.width))
    if old is None:
        return widget.render_lines(full)
    if k:
        return _moved_strips(widget, full, k, old, last[3])
    rows = [r for r in dirty if inner.contains_region(r)]
    strips = list(old)
    if rows:
        top = min(r.y for r in rows)
        bottom = max(r.bottom for r in rows)
        strips[top - inner.y : bottom - inner.y] = widget.render_lines(Region(full.x, full.y + top - inner.y, full.width, bottom - top))
    return strips


def _moved_strips(widget, full: Region, k: int, old: list[Strip], sources: list | None) -> list[Strip]:
    """The lines of a widget scrolled by k since its last band update: a row whose styled
    line is the very one that was k rows further a paint ago shows what that row showed
    (the same line through the same filters and crop), so only the rows new to the view
    are rendered.

    Scrolling dirties every row; a widget that keeps the lines that only moved
    (``reuse_moved_lines``: the log view) still had all of them put through Textual's
    filters and crop, ~13 us a row: ~0.5 ms of a followed line's ~2 ms (timing wrapper,
    real app, 40 rows). Widgets without it, or with a hovered link (its style is laid on
    the output, not on the cached line), are asked for every row."""
    reuse = getattr(widget, "reuse_moved_lines", None)
    height = full.height
    if reuse is None or sources is None or len(sources) != height or widget.hover_style._link_id:
        return widget.render_lines(full)
    reuse()
    styles_cache = widget._styles_cache
    cache, dirty = styles_cache._cache, styles_cache._dirty_lines
    strips: list = [None] * height
    y0 = full.y
    for i in range(max(0, -k), min(height, height - k)):
        source = sources[i + k]
        y = y0 + i
        if source is not None and y not in dirty and cache.get(y) is source:
            strips[i] = old[i + k]
    missing = [i for i, strip in enumerate(strips) if strip is None]
    if missing:
        first, end = missing[0], missing[-1] + 1
        strips[first:end] = widget.render_lines(Region(full.x, y0 + first, full.width, end - first))
    return strips


def _drop_bands(spans) -> None:
    """A chops update painted these (y, x1, x2) spans: the bands they touch no longer hold
    what their widgets last drew there."""
    for widget, (top, rows, painted, _sources, _spans) in list(_BAND_LAST.items()):
        bottom = top + len(rows)
        for y, x1, x2 in spans:
            if top <= y < bottom and any(x1 < x + width and x < x2 for x, width in painted):
                _BAND_LAST.pop(widget, None)
                break


def dirty_quietly(widget, region: Region) -> None:
    """``widget.refresh(region)`` without its Prompt (``check_idle``), for a caller that paints
    at once with ``paint_now`` (which asks for the Prompt itself when it declines).
    The Prompt woke the widget's task for an idle round that found nothing left to do (the
    paint had cleared ``_repaint_required``): a task step per followed line. The bookkeeping
    is Textual's ``Widget.refresh`` (tests/test_framework_internals.py pins it)."""
    if not widget._is_mounted:
        widget.refresh(region)
        return
    widget._layout_cache.clear()
    widget._set_dirty(region)
    widget.clear_cached_dimensions()
    widget._rich_style_cache.clear()
    widget._repaint_required = True


def paint_now(widget, also=()) -> bool:
    """Paint ``widget``'s dirty rows now, from the caller's handler, instead of through
    Textual's refresh round (Prompt, Idle, an Update to the screen, the screen's timer):
    five messages and three task wake-ups per frame, a fifth of the UI's time while
    following a log at ten lines a second. The screen's other dirty widgets are painted in
    the same frame, as its timer would have. Returns False, leaving the refresh to Textual,
    whenever the screen has more to do than paint: a layout or scroll pending, a batch
    update open, not the current screen, inline mode, or a widget the compositor does not
    show yet (which would cost a full repaint). Declining, it asks for Textual's round
    (``check_idle``): the caller may have dirtied its rows quietly (``dirty_quietly``).

    ``also``: widgets the caller has just refreshed (a status line, a scrollbar): Textual
    would hand them to the screen only when they next go idle, a frame of their own; those
    that need a repaint only are painted in this frame."""
    if _paint(widget, also):
        return True
    widget.check_idle()
    return False


def _paint(widget, also) -> bool:
    if not PAINT_NOW:
        return False
    try:
        screen = widget.screen
        app = widget.app
    except Exception:
        return False
    compositor = screen._compositor
    if (app._batch_count or app.is_inline or not screen.is_current or screen._layout_required
            or screen._scroll_required or screen._repaint_required or compositor._full_map_invalidated
            or widget._layout_required or widget._scroll_required):
        return False
    dirty = set(screen._dirty_widgets)
    dirty.add(widget)
    riders = [w for w in also if w._repaint_required and not w._layout_required and not w._scroll_required]
    dirty.update(riders)
    if not dirty.issubset(compositor.visible_widgets.keys()):
        return False
    widget._repaint_required = False  # its pending Prompt then finds nothing to post
    for rider in riders:
        rider._repaint_required = False
    compositor.update_widgets(dirty)
    screen._compositor_refresh()  # renders, writes and clears the screen's dirty widgets
    return True


def _get_renders(self, crop=None):
    """Textual's ``Compositor._get_renders`` asking each widget for the crop's rows only.

    Textual asks every widget that overlaps a dirty region for *all* its lines (a one-row
    status line update had the screen and the log view render their whole height). Each
    widget's clip is narrowed to the crop's rows (full width, so the column cuts are the
    ones the compositor made): the rows outside were not going to be used
    (``_render_chops`` skips lines that are not dirty), and a clipped widget is a path the
    compositor already takes for scrolled containers.

    In a partial update (``_partial``), a widget that overlaps none of the dirty regions
    themselves is not asked at all, and one that does only for the rows it shares with
    them: the crop is the box around them, and the box around the stats cells of the
    container list (left) and the preview's sparklines (right) took in every row of the
    preview's log tail between them, drawn and cut for nothing; the facts' five rows had
    the list drawn for five rows around its one ticking row. Only the dirty regions' cells
    are sent, and a cell of one is always covered by a widget that overlaps it there."""
    if crop is None:
        yield from _original_get_renders(self, crop)
        return
    rows = Region(0, crop.y, self.size.width, crop.height)
    crop_overlaps = crop.overlaps
    intersection = Region.intersection
    dirty = _DIRTY[1] if _DIRTY is not None and _DIRTY[0] is self else None
    for widget, (region, clip) in self.visible_widgets.items():
        if not crop_overlaps(clip):
            continue
        clip = intersection(clip, rows)
        x, y, width, height = shown = intersection(region, clip)
        if width and height:
            if dirty is not None:
                hits = [shown.intersection(r) for r in dirty if shown.overlaps(r)]
                if not hits:
                    continue
                top, bottom = min(h.y for h in hits), max(h.bottom for h in hits)
                if top > y or bottom < y + height:  # its rows of the dirty regions only
                    clip = intersection(clip, Region(0, top, self.size.width, bottom - top))
                    x, y, width, height = intersection(region, clip)
            yield region, clip, widget.render_lines(Region(x - region.x, y - region.y, width, height))


# The compositor whose partial update is being rendered and its dirty regions. Only its own
# renders are filtered: a modal screen draws the screen under it through that screen's
# compositor meanwhile (a whole render, which filtered by the modal's regions left the
# dashboard's header blank under the help).
_DIRTY: tuple | None = None


def _partial(compositor):
    """Textual's partial update, its widgets filtered by the dirty regions (``_get_renders``)."""
    global _DIRTY
    _DIRTY = (compositor, frozenset(compositor._dirty_regions))
    try:
        return _original_partial(compositor)
    finally:
        _DIRTY = None


_original_get_renders = _compositor.Compositor._get_renders
_original_partial = _compositor.Compositor.render_partial_update
_original_full = _compositor.Compositor.render_full_update


class SplitUpdate(_compositor.CompositorUpdate):
    """A band update and the chops updates of the other dirty regions, sent one after the
    other (each diffs against the shadow as the one before left it)."""

    def __init__(self, updates: list) -> None:
        self.updates = updates

    def render_segments(self, console: Console) -> str:
        return "".join(update.render_segments(console) for update in self.updates)


def _split_update(compositor) -> SplitUpdate | None:
    """A BandUpdate for an anchored widget's dirty rows and a chops update of the rest of
    each side of it, when none of the rest touches the widget's region.

    A followed log's new line and the screen's clock (the title's "Up 12 seconds") or the
    status line's counter dirty in the same frame: Textual's partial update covers the union
    of the regions, so every widget under it was asked for its lines and every row of the
    log view was cut into chops and diffed again (2.75 ms against ~0.55 ms for the band, once
    a second while following a log; timing wrapper in the real app). Here the log view's
    rows go the band's way and the title's the compositor's, above and below the band
    separately, so neither crop spans the log view."""
    dirty = compositor._dirty_regions
    if not FAST or len(dirty) < 2 or not _ANCHORED:
        return None
    for widget, region, _clip in _visible_anchored(compositor):
        mine = {r for r in dirty if region.contains_region(r)}
        if not mine:
            continue
        others = dirty - mine
        if not others or any(region.overlaps(r) for r in others):
            return None
        saved = set(dirty)
        dirty.clear()
        dirty.update(mine)
        band = _band_update(compositor)
        if band is None:
            dirty.clear()
            dirty.update(saved)
            return None
        top, bottom = band.top, band.top + band.height
        scrolls, anchors = _anchors(compositor)
        scrolls = [s for s in scrolls if s[:2] != (top, bottom)]
        anchors.pop(widget, None)
        updates: list = [band]
        above = {r for r in others if r.bottom <= top}
        below = {r for r in others if r.y >= bottom}
        for group in (above, below, others - above - below):
            if not group:
                continue
            dirty.clear()
            dirty.update(group)
            update = _partial(compositor)
            if update is None:
                continue
            if isinstance(update, ShadowChopsUpdate):
                update.scrolls = scrolls
                update.anchors = anchors
            updates.append(update)
        dirty.clear()
        return SplitUpdate(updates)
    return None


def _render_partial_update(self):
    band = _band_update(self)
    if band is not None:
        return band
    split = _split_update(self)
    if split is not None:
        return split
    scrolls, anchors = _anchors(self)
    update = _partial(self)
    if isinstance(update, ShadowChopsUpdate):
        update.scrolls = scrolls
        update.anchors = anchors
    return update


def _render_full_update(self, simplify: bool = False):
    _scrolls, anchors = _anchors(self)
    update = _original_full(self, simplify=simplify)
    if isinstance(update, ShadowLayoutUpdate):
        update.anchors = anchors
    return update


_original_suspend = App.suspend


@contextmanager
def _suspend(self):
    # Someone else owns the terminal meanwhile (a shell in a container): what it shows
    # afterwards is unknown until the next full update.
    SHADOW.forget()
    try:
        with _original_suspend(self):
            yield
    finally:
        SHADOW.forget()


def install() -> None:
    """Diff partial updates against the shadow and scroll registered widgets (idempotent)."""
    global ERASE
    ERASE = terminal_erases_with_background()
    if not hasattr(TightChopsUpdate, "render_segments") or TightChopsUpdate is object:
        return
    _compositor.ChopsUpdate = ShadowChopsUpdate
    _compositor.LayoutUpdate = ShadowLayoutUpdate
    _compositor.InlineUpdate = ShadowInlineUpdate
    _compositor.Compositor.render_partial_update = _render_partial_update
    _compositor.Compositor.render_full_update = _render_full_update
    _compositor.Compositor._get_renders = _get_renders
    App.suspend = _suspend

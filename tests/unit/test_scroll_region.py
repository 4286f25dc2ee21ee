"""The shadow-diff and scroll-region emitter (tui/scroll_region.py), checked on a pyte screen.

Every check is the same question: does the terminal, after our bytes, show exactly what a
full repaint of the new frame shows (characters, colours, attributes), including bands
at the top and bottom edges of the screen, wrong scroll hints and rows beside the band
that must not move?
"""

from __future__ import annotations

import random
import re

import pyte
import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from tui import scroll_region as sr

W, H = 24, 10
CONSOLE = Console(color_system="truecolor", force_terminal=True, width=W)
STYLES = [
    Style(color="#c0c0c0", bgcolor="#101010"),
    Style(color="#ff5050", bgcolor="#101010", bold=True),
    Style(color="#50ff50", bgcolor="#202020"),
    None,
]
FullUpdate = sr.ShadowLayoutUpdate.__bases__[0]  # Textual's own full update: the reference


def cells(screen: pyte.Screen) -> list[list[tuple]]:
    return [[(c.data, c.fg, c.bg, c.bold, c.reverse) for c in (screen.buffer[y][x] for x in range(screen.columns))] for y in range(screen.lines)]


def terminal(*outputs: str) -> pyte.Screen:
    screen = pyte.Screen(W, H)
    stream = pyte.Stream(screen)
    for out in outputs:
        stream.feed(out)
    return screen


def full(rows: list[list[Segment]]) -> str:
    """What Textual sends for a full repaint; also resets the shadow to ``rows``."""
    update = sr.ShadowLayoutUpdate([[Strip(r)] for r in rows], Region(0, 0, W, H))
    return update.render_segments(CONSOLE)


def reference(rows: list[list[Segment]]) -> list[list[tuple]]:
    return cells(terminal(FullUpdate([[Strip(r)] for r in rows], Region(0, 0, W, H)).render_segments(CONSOLE)))


def partial(rows: list[list[Segment]], dirty: set[int], scrolls=()) -> str:
    chops = [{0: Strip(rows[y]) if y in dirty else None} for y in range(H)]
    update = sr.ShadowChopsUpdate(chops, [(y, 0, W) for y in sorted(dirty)], [[W]] * H)
    update.scrolls = list(scrolls)
    return update.render_segments(CONSOLE)


def row(rng: random.Random, tag: str = "") -> list[Segment]:
    out, width = [], 0
    if tag:
        out.append(Segment(tag, STYLES[0]))
        width = len(tag)
    while width < W:
        text = "".join(rng.choice("abcdefgh ") for _ in range(rng.randint(1, 7)))[: W - width]
        out.append(Segment(text, rng.choice(STYLES)))
        width += len(text)
    return out


def plain(text: str) -> list[Segment]:
    return [Segment(text.ljust(W)[:W], STYLES[0])]


# The escape sequences


def test_scroll_sequence_up_and_down():
    assert sr.scroll_sequence(2, 8, 3) == "\x1b[3;8r\x1b[8;1H\n\n\n\x1b[r"
    assert sr.scroll_sequence(0, 10, -2) == "\x1b[1;10r\x1b[1;1H\x1bM\x1bM\x1b[r"
    for bad in ((2, 8, 0), (2, 8, 6), (2, 8, -6), (5, 5, 1)):
        with pytest.raises(ValueError):
            sr.scroll_sequence(*bad)


@pytest.mark.parametrize("top,bottom", [(0, H), (0, 4), (6, H), (3, 7)])
@pytest.mark.parametrize("k", [1, 2, -1, -2])
def test_the_terminal_scrolls_only_the_band_even_at_the_screen_edges(top, bottom, k):
    before = [plain(f"row {y}") for y in range(H)]
    screen = terminal(full(before), sr.scroll_sequence(top, bottom, k))
    text = [line.rstrip() for line in screen.display]
    for y in range(H):
        if y < top or y >= bottom:
            expected = f"row {y}"
        elif top <= y + k < bottom:
            expected = f"row {y + k}"
        else:
            expected = ""  # exposed: blank until repainted
        assert text[y] == expected, (y, text)


# Row diffs


def test_an_equal_row_sends_nothing():
    r = plain("same")
    assert sr.row_diff(r, list(r)) is None


def test_rows_that_differ_only_in_meta_send_nothing():
    """Textual's mouse data (a Log line's ``offset``) is not on the terminal."""
    old = [Segment("line 0042".ljust(W), Style(color="#e1e1e1", bgcolor="#1e1e1e", meta={"offset": (0, 42)}))]
    new = [Segment("line 0042".ljust(W), Style(color="#e1e1e1", bgcolor="#1e1e1e", meta={"offset": (0, 41)}))]
    assert old != new  # Rich's equality sees the meta
    assert sr.rows_eq(old, new)
    assert sr.row_diff(old, new) is None
    recoloured = [Segment("line 0042".ljust(W), Style(color="#ff0000", bgcolor="#1e1e1e", meta={"offset": (0, 41)}))]
    linked = [Segment("line 0042".ljust(W), Style(color="#e1e1e1", bgcolor="#1e1e1e", link="https://example.invalid"))]
    assert sr.row_diff(old, recoloured) is not None
    assert sr.row_diff(old, linked) is not None
    before = [old] + [plain(f"row {y}") for y in range(1, H)]
    after = [new] + [plain(f"row {y}") for y in range(1, H)]
    painted = full(before)
    sent = partial(after, set(range(H)))
    assert sent == ""
    assert cells(terminal(painted, sent)) == reference(after)


def test_a_changed_counter_sends_only_the_changed_characters():
    old = [Segment("  999 lines ", STYLES[0]), Segment("since 1 h".ljust(W - 12), STYLES[2])]
    new = [Segment(" 1000 lines ", STYLES[0]), Segment("since 1 h".ljust(W - 12), STYLES[2])]
    x, segments = sr.row_diff(old, new)
    assert x == 1 and "".join(s.text for s in segments) == "1000"


def test_a_wide_character_is_never_split():
    old = [Segment("ab", STYLES[0]), Segment("한국", STYLES[0]), Segment("c".ljust(W - 6), STYLES[0])]
    new = [Segment("ab", STYLES[0]), Segment("한글", STYLES[0]), Segment("c".ljust(W - 6), STYLES[0])]
    x, segments = sr.row_diff(old, new)
    assert x == 2 and segments[0].text == "한글"


# Whole updates against a full repaint


def test_a_run_of_blanks_becomes_an_erase_when_the_terminal_fills_with_the_background(monkeypatch):
    monkeypatch.setattr(sr, "ERASE", True)
    rows = [plain("x" * W) for y in range(H)]
    screen = terminal(full(rows))
    new = [*rows[:3], plain("a new row"), *rows[4:]]
    out = partial(new, {3})
    assert "X\x1b[" in out and " " * sr.MIN_ERASE not in out
    pyte.Stream(screen).feed(out)
    assert cells(screen) == reference(new)


def test_a_followed_log_is_scrolled_and_only_new_rows_are_sent(monkeypatch):
    monkeypatch.setattr(sr, "ERASE", False)
    lines = [plain(f"line {i:03d}") for i in range(100)]
    header = plain("header")

    def frame(top: int) -> list[list[Segment]]:
        return [header, *lines[top : top + H - 2], plain("status")]

    screen = terminal(full(frame(0)))
    stream = pyte.Stream(screen)
    previous = 0
    for top in (1, 2, 5, 6, 14, 15):  # 6 -> 14: more than the band
        k = top - previous
        out = partial(frame(top), set(range(1, H - 1)), [(1, H - 1, k)])
        stream.feed(out)
        assert cells(screen) == reference(frame(top)), (previous, top)
        if k == 1:
            assert "\x1b[2;9r" in out and out.count("line ") == 1  # scrolled; one new row sent
        previous = top


@pytest.mark.parametrize("erase", [False, True], ids=["blanks", "erase-to-eol"])
@pytest.mark.parametrize("seed", range(40))
def test_random_frames_leave_what_a_full_repaint_leaves(seed, erase, monkeypatch):
    """Bands anywhere (edges included), right and wrong hints, a sidebar beside the band
    that does not move, rows changing outside the band, unchanged dirty rows; trailing
    blanks sent as spaces or as ECH."""
    monkeypatch.setattr(sr, "MIN_ERASE", 2)
    monkeypatch.setattr(sr, "ERASE", erase)
    rng = random.Random(seed)
    top = rng.choice([0, 1, 3])
    bottom = rng.choice([H, H - 1, H - 3])
    sidebar = rng.random() < 0.5
    content = [row(rng) for _ in range(200)]
    pos = 0

    def frame(pos: int, noise: int) -> list[list[Segment]]:
        rows = []
        for y in range(H):
            if top <= y < bottom:
                r = content[pos + y - top]
                if sidebar:  # a fixed 3-cell column left of the scrolled text
                    r = [Segment("|s|", STYLES[1]), *sr._cut(r, 3, W)]
                rows.append(r)
            else:
                rows.append(plain(f"fixed {y} {noise if y == 0 else ''}"))
        return rows

    screen = terminal(full(frame(pos, 0)))
    stream = pyte.Stream(screen)
    for step in range(12):
        k = rng.choice([1, 1, 2, 3, -1, -2, bottom - top - 1, bottom - top + 4, 0])
        new_pos = max(0, min(len(content) - H, pos + k))
        shift, pos = new_pos - pos, new_pos
        new = frame(pos, step % 3)
        hint = rng.choice([shift, shift, shift + 1, -shift, 0])
        scrolls = [(top, bottom, hint)] if hint else []
        dirty = set(range(top, bottom)) | {0} | ({rng.randrange(H)} if rng.random() < 0.5 else set())
        stream.feed(partial(new, dirty, scrolls))
        assert cells(screen) == reference(new), (seed, step, k, hint)


def test_an_unknown_shadow_falls_back_to_the_tight_update():
    sr.SHADOW.forget()
    rows = [plain(f"r{y}") for y in range(H)]
    out = partial(rows, set(range(H)), [(0, H, 1)])
    assert "\x1b[1;10r" not in out and "r5" in out  # no scroll without a shadow, every row sent
    assert cells(terminal(full([plain("")] * H), out)) == reference(rows)


@pytest.mark.parametrize("seed", range(40))
def test_a_tail_walked_from_the_end_is_the_same_cut(seed):
    """BandUpdate takes the cells right of a widget (its scrollbar column) with ``_tail``,
    walked from the row's end; it must give what ``_cut`` gives, wide characters included."""
    rng = random.Random(seed)
    styles = [None, Style(bold=True), Style(color="red", bgcolor="blue")]
    row = []
    width = 0
    while width < 30:
        text = rng.choice(["ab", "x", "日本", "z日", "  ", "longer text", "é"])
        row.append(Segment(text, rng.choice(styles)))
        width += sr.cell_len(text)
    for start in range(width + 1):
        cut = sr._cut(row, start, width)
        tail = sr._tail(row, start, width)
        assert sr.cell_len("".join(s.text for s in tail)) == width - start
        assert [(s.text, s.style) for s in tail] == [(s.text, s.style) for s in cut], start



def test_a_band_sends_only_rows_whose_strips_are_new_and_rows_someone_else_wrote(monkeypatch):
    """A tail beside a fixed column gains one line: the band update reuses every row whose
    strip is the very one it painted there last (Textual's cached line), sends the one new
    row, and still repaints a row another update wrote over meanwhile. The terminal always
    equals a full repaint of the frame."""
    monkeypatch.setattr(sr, "ERASE", False)

    class Tail:  # any weak-referenceable object stands for the widget
        pass

    tail = Tail()
    left = 6
    side = [[Segment(f"s{y}".ljust(left), STYLES[1])] for y in range(H)]
    strips = [Strip([Segment(f"t{y}".ljust(W - left), STYLES[0])]) for y in range(H)]

    def frame() -> list[list[Segment]]:
        return [side[y] + list(strips[y]._segments) for y in range(H)]

    def band() -> str:
        sr._PAINTED[tail] = 0
        update = sr.BandUpdate(tail, 0, 0, H, [(left, W - left, list(strips))], 0, W)
        return update.render_segments(CONSOLE)

    screen = terminal(full(frame()))
    stream = pyte.Stream(screen)
    stream.feed(band())  # first band paint: the shadow already equals it, nothing to send
    before = list(sr.SHADOW.rows)
    strips[4] = Strip([Segment("new line".ljust(W - left), STYLES[2])])
    out = band()
    stream.feed(out)
    assert len(re.findall(r"\x1b\[\d+;\d+H", out)) == 1 and "new line" in out
    # the other rows were not composed again: the shadow keeps the very same row objects
    assert all(sr.SHADOW.rows[y] is before[y] for y in range(H) if y != 4)
    assert cells(screen) == reference(frame())
    # another update writes over row 7 (the band's columns too); the band repaints it
    other = side[7] + [Segment("overlay".ljust(W - left), STYLES[0])]
    stream.feed(sr.ShadowChopsUpdate([{0: Strip(other) if y == 7 else None} for y in range(H)], [(7, 0, W)], [[W]] * H).render_segments(CONSOLE))
    out = band()
    stream.feed(out)
    assert "t7" in out and "t3" not in out
    assert cells(screen) == reference(frame())


def test_a_band_asks_only_for_its_dirty_rows_until_another_update_paints_its_cells(monkeypatch):
    """A tail gaining a line is asked for that row only; the rows it drew last are reused.
    Once another update paints over the band's cells (an overlay, the compositor's own
    paint of the tail) the reuse stops until the next band update of the whole view, and a
    paint beside the band leaves it. The terminal always equals a full repaint."""
    monkeypatch.setattr(sr, "ERASE", False)
    left = 6
    side = [[Segment(f"s{y}".ljust(left), STYLES[1])] for y in range(H)]

    class Tail:
        def __init__(self) -> None:
            self.strips = [Strip([Segment(f"t{y}".ljust(W - left), STYLES[0])]) for y in range(H)]
            self.asked: list[int] = []

        def render_lines(self, crop: Region) -> list[Strip]:
            self.asked.append(crop.height)
            return self.strips[crop.y : crop.bottom]

    tail = Tail()
    inner = Region(left, 0, W - left, H)

    def frame() -> list[list[Segment]]:
        return [side[y] + list(tail.strips[y]._segments) for y in range(H)]

    def band(*dirty_rows: int) -> str:
        sr._PAINTED[tail] = 0
        dirty = {Region(left, y, W - left, 1) for y in dirty_rows} or {inner}
        strips = sr._content_strips(tail, inner, inner, dirty, 0)
        return sr.BandUpdate(tail, 0, 0, H, [(left, W - left, strips)], 0, W).render_segments(CONSOLE)

    def chops(y: int, x1: int, x2: int, segments: list[Segment]) -> str:
        return sr.ShadowChopsUpdate([{0: Strip(segments) if r == y else None} for r in range(H)], [(y, x1, x2)], [[W]] * H).render_segments(CONSOLE)

    screen = terminal(full(frame()))
    stream = pyte.Stream(screen)
    stream.feed(band())
    assert tail.asked == [H]  # nothing painted before: the whole view
    tail.asked.clear()
    tail.strips[4] = Strip([Segment("new line".ljust(W - left), STYLES[2])])
    out = band(4)
    stream.feed(out)
    assert tail.asked == [1] and "new line" in out
    assert cells(screen) == reference(frame())
    # beside the band: it keeps its rows
    side[3] = [Segment("S3".ljust(left), STYLES[2])]
    stream.feed(chops(3, 0, left, frame()[3]))
    tail.asked.clear()
    tail.strips[5] = Strip([Segment("fifth".ljust(W - left), STYLES[0])])
    stream.feed(band(5))
    assert tail.asked == [1]
    assert cells(screen) == reference(frame())
    # over the band's cells (row 7): the next band paint asks for every row and repaints 7
    stream.feed(chops(7, 0, W, side[7] + [Segment("overlay".ljust(W - left), STYLES[0])]))
    tail.asked.clear()
    tail.strips[2] = Strip([Segment("second".ljust(W - left), STYLES[0])])
    out = band(2)
    stream.feed(out)
    assert tail.asked == [H] and "t7" in out
    assert cells(screen) == reference(frame())
    # a full update forgets every band
    stream.feed(full(frame()))
    tail.asked.clear()
    stream.feed(band(6))
    assert tail.asked == [H]
    assert cells(screen) == reference(frame())


def test_a_scrolled_band_carries_only_rows_whose_styled_line_is_the_one_painted_there():
    """Scrolled by k since its last band update, a widget that keeps its moved lines
    (``reuse_moved_lines``) is asked only for rows whose styled line is not the very one
    that was k rows further: the new rows, a row changed meanwhile (a search hit), a row
    still dirty. A widget without the hook, or no record of the last band's lines, is asked
    for every row."""
    from types import SimpleNamespace

    class View:
        def __init__(self) -> None:
            self.lines = [Strip([Segment(f"l{i}".ljust(W), STYLES[0])]) for i in range(100)]
            self.top = 0
            self._styles_cache = SimpleNamespace(_cache={}, _dirty_lines=set())
            self.hover_style = Style()
            self.asked: list[tuple[int, int]] = []

        def reuse_moved_lines(self) -> None:
            pass  # the test sets the cache as the log view's shift would leave it

        def render_lines(self, crop: Region) -> list[Strip]:
            self.asked.append((crop.y, crop.height))
            out = []
            for y in crop.line_range:
                self._styles_cache._cache[y] = self.lines[self.top + y]
                self._styles_cache._dirty_lines.discard(y)
                out.append(self.lines[self.top + y])
            return out

    view = View()
    inner = Region(0, 0, W, H)
    first = view.render_lines(inner)
    sources = sr._line_sources(view, inner, inner)
    assert sources == first
    view.asked.clear()
    # scrolled by 2: the shift leaves rows 0..H-3 holding the lines that were at 2..H-1
    view.top = 2
    cache = view._styles_cache._cache
    moved = {y - 2: strip for y, strip in cache.items() if y >= 2}
    cache.clear()
    cache.update(moved)
    view._styles_cache._dirty_lines.update({H - 2, H - 1})
    view.lines[2 + 4] = Strip([Segment("hit".ljust(W), STYLES[1])])  # row 4 changed meanwhile...
    cache[4] = view.lines[2 + 4]  # ...and its styled line with it
    strips = sr._moved_strips(view, inner, 2, first, sources)
    assert [s.text for s in strips] == [view.lines[2 + y].text for y in range(H)]
    assert view.asked == [(4, H - 4)]  # from the changed row to the new ones; rows 0..3 carried
    assert all(strips[y] is first[y + 2] for y in range(4))
    view.asked.clear()
    assert sr._moved_strips(view, inner, 1, first, None) and view.asked == [(0, H)]  # no record
    view.asked.clear()
    plain = SimpleNamespace(render_lines=view.render_lines, hover_style=Style())
    sr._moved_strips(plain, inner, 1, first, sources)
    assert view.asked == [(0, H)]  # no hook


def test_terminfo_flag_reads_bce_as_curses_does(tmp_path, monkeypatch):
    """The ``bce`` flag is read from the compiled terminfo entry without curses (issue 20:
    curses cost ~0.5 MB); it agrees with curses for each entry installed here."""
    import glob
    import os
    import subprocess
    import sys

    from tui.scroll_region import BCE, terminfo_flag

    terms = sorted({os.path.basename(p) for d in ("/usr/share/terminfo", "/lib/terminfo") for p in glob.glob(d + "/*/*")})
    terms = [t for t in terms if t in ("xterm-256color", "xterm", "linux", "screen", "tmux-256color", "vt100", "dumb", "rxvt")] or terms[:5]
    assert terms, "no terminfo entries installed"
    for term in terms:
        code = f"import curses, os\ncurses.setupterm({term!r}, os.open(os.devnull, os.O_WRONLY))\nprint(curses.tigetflag('bce') == 1)"
        theirs = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        assert str(terminfo_flag(term, BCE) is True) == theirs, term
    assert terminfo_flag("no-such-terminal", BCE) is None
    assert terminfo_flag("../etc/passwd", BCE) is None
    # $TERMINFO comes first, in either directory layout
    entry = open(next(p for d in ("/usr/share/terminfo", "/lib/terminfo") for p in [f"{d}/x/xterm-256color"] if os.path.exists(p)), "rb").read()
    (tmp_path / "6d").mkdir()
    (tmp_path / "6d" / "mine").write_bytes(entry)
    monkeypatch.setenv("TERMINFO", str(tmp_path))
    assert terminfo_flag("mine", BCE) is True
    (tmp_path / "6d" / "mine").write_bytes(b"not terminfo at all")
    assert terminfo_flag("mine", BCE) is None

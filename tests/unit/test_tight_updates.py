"""The partial update starts at the first segment that reaches the changed span."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.tight_updates import TightChopsUpdate

BOLD = Style(bold=True)


def _render(strip: Strip, spans, width: int = 20) -> str:
    update = TightChopsUpdate([{0: strip}], spans, [[width]])
    return update.render_segments(Console(color_system=None, force_terminal=True, width=width))


def test_starts_at_the_segment_holding_the_span_not_at_the_widget_edge():
    strip = Strip([Segment("name      "), Segment("Up 5 sec  ", BOLD)])
    out = _render(strip, [(0, 12, 20)])
    assert out.startswith("\x1b[1;11H")  # column 11 (1-based): where the second segment starts
    assert "name" not in out and "Up 5 sec" in out


def test_a_span_from_the_edge_sends_the_whole_line():
    strip = Strip([Segment("name      "), Segment("Up 5 sec  ")])
    out = _render(strip, [(0, 0, 20)])
    assert out.startswith("\x1b[1;1H") and "name" in out and "Up 5 sec" in out


def test_right_edge_is_cropped_as_before():
    strip = Strip([Segment("aaaa"), Segment("bbbb"), Segment("cccc")])
    out = _render(strip, [(0, 5, 7)], width=12)
    assert "bb" in out and "c" not in out and "a" not in out


def test_never_splits_a_wide_character():
    # "한국" is 4 cells; a span starting inside it must send the whole segment.
    strip = Strip([Segment("ab"), Segment("한국"), Segment("cd")])
    out = _render(strip, [(0, 3, 8)], width=8)
    assert out.startswith("\x1b[1;3H") and "한국" in out and "ab" not in out

"""A rendered line (Textual's Strip) makes its caches when it first uses one (tui/lazy_strip_caches.py)."""

from __future__ import annotations

import tracemalloc

from rich.segment import Segment
from rich.style import Style
from textual.cache import FIFOCache
from textual.strip import Strip

from tui import lazy_strip_caches

SEGMENTS = [Segment("web-1 ", Style(bold=True)), Segment("Up 3 minutes" + " " * 20)]


def _empty_slots(strip: Strip) -> list[str]:
    empty = []
    for name in lazy_strip_caches.SIZES:
        try:
            Strip.__dict__[name].slot.__get__(strip, Strip)
        except AttributeError:
            empty.append(name)
    return empty


def test_a_new_line_holds_no_cache_until_one_is_used():
    assert lazy_strip_caches.install() is True
    strip = Strip(SEGMENTS)
    assert _empty_slots(strip) == list(lazy_strip_caches.SIZES)
    cropped = strip.crop(2, 10)
    assert strip.crop(2, 10) is cropped  # the crop cache works as Textual's
    assert _empty_slots(strip) == [n for n in lazy_strip_caches.SIZES if n != "_crop_cache"]
    assert isinstance(strip._crop_cache, FIFOCache) and strip._crop_cache._maxsize == 16
    parts = strip.divide([3, 8])
    assert strip.divide([3, 8]) is parts
    assert [s.text for s in parts] == ["web", "-1 Up"]
    assert strip.cell_length == 38 and cropped.text == "b-1 Up 3"


def test_lines_cost_a_fraction_of_what_they_did():
    assert lazy_strip_caches.install() is True

    def cost(make) -> int:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            keep = [make() for _ in range(2000)]
            return (tracemalloc.get_traced_memory()[0] - before) // len(keep)
        finally:
            tracemalloc.stop()

    def eager() -> Strip:  # what Textual's own __init__ builds
        strip = Strip.__new__(Strip)
        lazy_strip_caches._original_init(strip, SEGMENTS)
        return strip

    lazy, full = cost(lambda: Strip(SEGMENTS)), cost(eager)
    assert full > 800 and lazy < full / 3, (lazy, full)


def test_install_refuses_a_strip_of_another_shape(monkeypatch):
    class Other:
        __slots__ = ("_segments",)

    monkeypatch.setattr(lazy_strip_caches, "Strip", Other)
    monkeypatch.setattr(lazy_strip_caches, "installed", lambda: False)
    assert lazy_strip_caches.install() is False

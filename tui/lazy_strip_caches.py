"""A Textual ``Strip`` makes its seven small caches when one is first used, not all at birth.

Every ``Strip`` (one rendered line) is born with seven ``FIFOCache`` objects (divide, crop,
style, filter, line length, crop-extend, offsets), each an object and a dict: ~900 bytes a
line before it holds anything. A dashboard at N=100 keeps ~3,200 strips alive (the panes'
line caches, the compositor's), so ``FIFOCache`` was the most numerous object in the process
(22,469), and fewer than one strip in seven ever used one of its caches (a census: 431 used
the filter and divide caches, 17 the line-length cache, none the other four). Each screen
opened adds strips and so raises the Python heap's high-water mark, which pymalloc's arenas
keep after the screen closes (bench/analysis.md, Memory).

``install()`` replaces each of the seven slot descriptors of ``Strip`` with one that creates
the cache on first read (the same ``FIFOCache`` of the same size Textual makes), and
``Strip.__init__`` with one that leaves those seven slots empty. Textual's methods read and
fill the caches exactly as before. Process-global: the entry point calls it, for the tested
Textual minor only (``tui/tight_updates.py`` checks the version).
"""

from __future__ import annotations

from textual.cache import FIFOCache
from textual.strip import Strip

# slot -> the size Textual 8.2 gives that cache (textual/strip.py, Strip.__init__)
SIZES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
_original_init = Strip.__init__


class LazyCache:
    """A data descriptor over a slot: reading an empty slot fills it with a new cache."""

    __slots__ = ("slot", "size")

    def __init__(self, slot, size: int) -> None:
        self.slot = slot  # the member descriptor of the slot (its storage)
        self.size = size

    def __get__(self, strip, owner=None):
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:  # not made yet
            cache = FIFOCache(self.size)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip, value) -> None:
        self.slot.__set__(strip, value)

    def __delete__(self, strip) -> None:
        self.slot.__delete__(strip)


def _init(self, segments, cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def installed() -> bool:
    return Strip.__init__ is _init


def install() -> bool:
    """Make Strip's caches lazily (idempotent); False if Strip is not the shape we know."""
    if installed():
        return True
    slots = set(getattr(Strip, "__slots__", ()))
    known = set(SIZES) | {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count"}
    if slots != known or any(type(Strip.__dict__.get(name)).__name__ != "member_descriptor" for name in SIZES):
        return False
    for name, size in SIZES.items():
        setattr(Strip, name, LazyCache(Strip.__dict__[name], size))
    Strip.__init__ = _init
    return True

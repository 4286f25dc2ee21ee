"""Partial screen updates that start at the changed cell, not at the widget's left edge.

Textual's partial update (``ChopsUpdate.render_segments``, textual 8) crops each changed
line on the right only: one changed cell at column 100 re-sends the line from the table's
left edge. A stats tick changes a few cells per row, so that was most of Dockyard's idle
output (bench: ~4.5 kB/s at 30 containers). Over SSH those bytes are the cost that counts.

This subclass also skips the whole segments that end before the changed span. It cuts only
between segments, never inside one, so a wide (CJK) character is never split.
"""

from __future__ import annotations

import os

from rich.console import Console
from textual import _compositor
from textual.strip import Strip

_original = getattr(_compositor, "ChopsUpdate", object)  # object: a Textual without it (install() skips)


class TightChopsUpdate(_original):  # type: ignore[misc, valid-type]
    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        move_to = _compositor.Control.move_to
        cell_len = _compositor.cell_len
        chops = self.chops
        chop_ends = self.chop_ends
        last_y = self.spans[-1][0]

        for y, x1, x2 in self.spans:
            line = chops[y]
            ends = chop_ends[y]
            for end, (x, strip) in zip(ends, line.items()):
                if strip is None or x > x2 or end <= x1:
                    continue
                if end > x2:
                    strip = strip.crop(0, x2 - x)
                if x < x1:
                    segments = list(strip)
                    skip = 0
                    for skip, segment in enumerate(segments):
                        width = cell_len(segment.text)
                        if x + width > x1:
                            break
                        x += width
                    strip = Strip(segments[skip:])
                append(move_to(x, y).segment.text)
                append(strip.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


TESTED = (8, 2)  # the Textual minor whose ChopsUpdate this subclass was written against


def textual_version() -> tuple[int, int]:
    """Textual's major and minor version, from its installed metadata's directory name
    (``textual-8.2.8.dist-info`` beside the package): importlib.metadata costs ~8 ms of the
    start-up (issue 20) to find the same name. Falls back to it for other layouts."""
    import textual

    site = os.path.dirname(os.path.dirname(os.path.abspath(textual.__file__)))
    try:
        names = [n for n in os.listdir(site) if n.startswith("textual-") and n.endswith(".dist-info")]
    except OSError:
        names = []
    text = names[0][len("textual-"):-len(".dist-info")] if len(names) == 1 else ""
    if not text:
        from importlib.metadata import version

        try:
            text = version("textual")
        except Exception:
            return (0, 0)
    try:
        major, minor = (int(x) for x in text.split(".")[:2])
    except ValueError:
        return (0, 0)
    return major, minor


def install() -> bool:
    """Use the tight update for every partial refresh (idempotent). Process-global: the
    entry point calls it once, and only for the Textual minor it was tested with."""
    if textual_version() != TESTED:
        return False
    if getattr(_compositor, "ChopsUpdate", None) is _original and hasattr(_original, "render_segments"):
        _compositor.ChopsUpdate = TightChopsUpdate
    return _compositor.ChopsUpdate is TightChopsUpdate


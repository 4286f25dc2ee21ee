"""Which keys the footer shows when it cannot show them all.

Textual's Footer lays the shown bindings out left to right and draws the palette key over
the right end: at 80 columns it covered ``/ Filter`` and ``? Help`` and left a stray
character after ``^p palette``, and ``q Quit`` fell off. Here the least needed keys are
hidden (still bound, still in help and the palette) until the rest fit.
"""

from __future__ import annotations

from typing import Callable, Mapping

from rich.cells import cell_len

PALETTE_WIDTH = 12  # " ^p palette " as Textual's Footer draws it
KEEP = ("pane.filter", "app.help", "app.quit")  # never hidden


def fit_footer(
    active: Mapping[str, object],
    width: int,
    drop_order: tuple[str, ...],
    key_display: Callable[[object], str],
    hidden_copy: Callable[[object], object],
) -> dict[str, object]:
    """``active`` (key -> ActiveBinding) with bindings hidden, in ``drop_order`` (binding ids),
    until the shown ones fit in ``width`` beside the palette key."""

    def cost(ab) -> int:
        return cell_len(key_display(ab.binding)) + cell_len(ab.binding.description) + 2  # Korean is two cells a syllable

    out = dict(active)
    shown = [k for k, ab in out.items() if ab.binding.show]
    total = sum(cost(out[k]) for k in shown)
    room = width - PALETTE_WIDTH
    by_id = {out[k].binding.id: k for k in shown if out[k].binding.id}
    order = [i for i in drop_order if i in by_id] + [out[k].binding.id for k in reversed(shown) if out[k].binding.id not in drop_order and out[k].binding.id not in KEEP]
    for binding_id in order:
        if total <= room:
            break
        key = by_id.get(binding_id)
        if key is None:
            continue
        ab = out[key]
        total -= cost(ab)
        out[key] = ab._replace(binding=hidden_copy(ab.binding))
        del by_id[binding_id]
    return out


KEY_SEP = " · "


def fit_key_line(line: str, width: int, more: str = "") -> str:
    """A learning view's key line ("S start · s stop · … · esc back") cut to ``width`` cells
    by whole keys, never inside one: keys are dropped from the right, the last one (esc back)
    always stays, and ``more`` ("? help": where the dropped keys are) takes the place of
    the dropped ones. Korean takes two cells a syllable."""
    if cell_len(line) <= width:
        return line
    parts = line.split(KEY_SEP)
    last, keep = parts[-1], parts[:-1]
    tail = [more, last] if more else [last]
    while keep and cell_len(KEY_SEP.join(keep + tail)) > width:
        keep.pop()
    return KEY_SEP.join(keep + tail)

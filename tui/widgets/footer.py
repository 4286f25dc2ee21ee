"""Textual's Footer without its leak: every key it ever drew stayed alive.

Each recompose (every time the screen's bindings change: a screen closes over it, focus
moves, a mode toggles) makes new ``FooterKey`` widgets bound to ``Footer.compact`` with
``data_bind``. Textual keeps each binding as a watcher on the Footer and drops watchers of
closed widgets only when ``compact`` changes, which in this app it never does: in a soak
every return to the dashboard left ~13 dead keys (widgets with their styles) behind.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


def prune_closed_watchers(node: object) -> int:
    """Drop the watchers a closed (or closing) node left on ``node``; how many were dropped."""
    watchers = getattr(node, "__watchers", None)
    dropped = 0
    for name, entries in list((watchers or {}).items()):
        alive = [(owner, callback) for owner, callback in entries if not (getattr(owner, "_closed", False) or getattr(owner, "_closing", False))]
        dropped += len(entries) - len(alive)
        entries[:] = alive
    return dropped


class Footer(TextualFooter):
    def compose(self):
        prune_closed_watchers(self)
        yield from super().compose()

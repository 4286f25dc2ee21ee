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
    """Also: one recompose per refresh, and none when the keys shown did not change.

    Textual recomposes (removes and mounts every ``FooterKey``) once per bindings signal, and
    a focus move sends two (the blur, the focus): opening the logs search box cost two
    recomposes, ~half of the main thread's work for that key (bench/RESULTS-floodkeys.md),
    and during a log flood every millisecond of it is stretched by the wait for a core.
    """

    _recompose_due = False
    _composed: tuple | None = None

    def compose(self):
        prune_closed_watchers(self)
        self._composed = self._shown()
        yield from super().compose()

    def _shown(self) -> tuple | None:
        """What the footer would show: each shown binding's key, action, label, state."""
        if not self._bindings_ready:
            return None
        try:
            active = self.screen.active_bindings
        except Exception:  # no screen yet
            return None
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.action, binding.description, enabled, tooltip, binding.group, binding.show)
            for key, (_, binding, enabled, tooltip) in active.items()
            if binding.show or key == palette
        ) + (self.show_command_palette, self.compact)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_due:
            self._recompose_due = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_due = False
        if self._composed is not None and self._shown() == self._composed:
            return
        await self.recompose()

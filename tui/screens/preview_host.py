"""The dashboard's side of the preview pane: when it shows, what it follows.

Shown when ``[ui] preview`` says so, else when the terminal is at least ``WIDE`` columns.
``v`` toggles it and the choice is written to config.toml.
"""

from __future__ import annotations

from textual.binding import Binding

from ..widgets.preview import PreviewPane

WIDE = 140

PREVIEW_BINDINGS = [
    Binding("v", "toggle_preview", "Preview", id="app.preview", show=False, tooltip="Show or hide the preview pane (remembered in config.toml)"),
]


class PreviewHost:
    """Mixed into the dashboard (needs: size, focused_pane, active_pane, _state, app)."""

    _preview_choice: bool | None = None  # the user's toggle this session / from config

    @property
    def preview(self) -> PreviewPane:
        return self.query_one(PreviewPane)

    def preview_wanted(self) -> bool:
        if self._preview_choice is None:
            config = getattr(getattr(self.app, "config", None), "settings", None)
            self._preview_choice = getattr(getattr(config, "ui", None), "preview", None)
        if self._preview_choice is not None:
            return self._preview_choice
        return self.size.width >= WIDE

    def apply_preview(self) -> None:
        """Show or hide as wanted; follow the cursor when shown."""
        pane = self.preview
        show = self.preview_wanted() and not getattr(self, "_covered", False)
        pane.display = show
        if show:
            self.preview_follow()
        else:
            pane.stop()

    def preview_follow(self) -> None:
        pane = self.preview
        if pane.display and not getattr(self, "_covered", False):
            pane.follow(self.active_pane, self.focused_pane.selected, self._state)

    def preview_sync(self, state) -> None:
        pane = self.preview
        if pane.display:
            pane.sync(state)

    def preview_tick(self) -> None:
        if self.preview.display and not getattr(self, "_covered", False):
            self.preview.tick()

    def action_toggle_preview(self) -> None:
        self._preview_choice = not self.preview_wanted()
        self.apply_preview()
        error = self.app.control.remember("ui", "preview", self._preview_choice)
        if error:
            self.notify(error, severity="warning", markup=False)

"""Prune with a preview: what would go and the space it frees, then a confirmation.

The preview is read through the application layer by ``load(session, options)`` (a
tuple of PrunePreview); changing an option recomputes it. The screen dismisses with the
chosen options (a dict) when confirmed, or None.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static

from ...domain import format as fmt
from ...domain.prune import PrunePreview
from .confirm import ARM_DELAY
from ..mounted import unless_closed

Loader = Callable[[Any, dict[str, bool]], tuple[PrunePreview, ...]]  # (session, options)


def preview_text(previews: tuple[PrunePreview, ...]) -> Text:
    text = Text()
    for p in previews:
        text.append(f"{p.kind.title()}: {len(p.items)}", style="bold")
        if p.reclaimable:
            text.append(f"  ({fmt.size(p.reclaimable)})")
        text.append("\n")
        for item in p.items[:50]:
            text.append(f"  • {item.label}\n")
        if len(p.items) > 50:
            text.append(f"  … and {len(p.items) - 50} more\n")
        if p.note and p.items:
            text.append(f"  {p.note}\n", style="dim")
    return text


class PruneScreen(ModalScreen[dict | None]):
    """| key | action |
    |---|---|
    | escape | cancel |
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prune.cancel")]

    def __init__(self, title: str, load: Loader, options: dict[str, str] | None = None, defaults: dict[str, bool] | None = None) -> None:
        super().__init__(classes="prune")
        self._title = title
        self._load = load
        self._options = options or {}
        self._defaults = defaults or {}
        self.previews: tuple[PrunePreview, ...] | None = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="prune-box"):
            yield Label(Text(self._title, style="bold"), id="prune-title")
            for key, label in self._options.items():
                yield Checkbox(label, value=self._defaults.get(key, False), id=f"prune-opt-{key}")
            with VerticalScroll(id="prune-preview"):
                yield Static(Text("computing what would be removed…", style="italic"), id="prune-list")
            yield Static("", id="prune-total")
            with Horizontal(id="prune-buttons"):
                yield Button("Cancel", id="prune-cancel", variant="primary")
                yield Button("Prune", id="prune-ok", variant="error", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#prune-cancel", Button).focus()
        self._refresh_preview()

    def options(self) -> dict[str, bool]:
        return {key: self.query_one(f"#prune-opt-{key}", Checkbox).value for key in self._options}

    @on(Checkbox.Changed)
    def _option_changed(self) -> None:
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        self._generation += 1
        self.previews = None
        self.query_one("#prune-ok", Button).disabled = True
        self.query_one("#prune-list", Static).update(Text("computing what would be removed…", style="italic"))
        self._compute(self._generation, self.options())

    def _compute(self, generation: int, options: dict[str, bool]) -> None:
        load = self._load
        self.app.control.ops.read(
            lambda session: load(session, options), done=lambda previews: self._show(generation, previews),
            owner=self, failed=lambda message: self._failed(generation, message), group="prune-preview",
        )

    @unless_closed
    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.query_one("#prune-list", Static).update(Text(f"✕ {message}", style="bold red"))

    def _show(self, generation: int, previews: tuple[PrunePreview, ...]) -> None:
        if generation != self._generation or not self.is_mounted:
            return  # an option changed meanwhile: a newer preview is coming
        self.previews = previews
        count = sum(len(p.items) for p in previews)
        space = sum(p.reclaimable for p in previews)
        self.query_one("#prune-list", Static).update(preview_text(previews) if count else Text("Nothing to remove.", style="italic"))
        self.query_one("#prune-total", Static).update(Text(f"{count} object(s) would be removed, {fmt.size(space)} reclaimed", style="bold"))
        if count:
            self.set_timer(ARM_DELAY, self._arm)

    def _arm(self) -> None:
        if self.previews:
            self.query_one("#prune-ok", Button).disabled = False

    @on(Button.Pressed, "#prune-ok")
    def _ok(self) -> None:
        if self.previews:
            self.dismiss(self.options())

    @on(Button.Pressed, "#prune-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

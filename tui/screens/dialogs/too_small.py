"""Shown instead of the UI while the terminal is smaller than the dashboard can use."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 40
MIN_HEIGHT = 10


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen):
    """Pushed by the app on a resize below the minimum, popped when there is room again."""

    BINDINGS = [Binding("q,ctrl+c", "app.quit", "Quit", id="toosmall.quit")]
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen > Static { width: auto; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        text = Text(f"Terminal too small ({width}x{height}); needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits.", style="bold")
        for message in self.query("#too-small-message"):
            message.update(text)

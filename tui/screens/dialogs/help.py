"""Every key of the screen the user came from, grouped, with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, title: str, rows: list[tuple[str, str, str, bool]]) -> None:
        """rows: (group, keys, description, applies-now)."""
        super().__init__(classes="help")
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("keys", style="bold", no_wrap=True, width=14)
        table.add_column("what")
        group = None
        for grp, keys, description, enabled in self._rows:
            if grp != group:
                table.add_row(Text(""), Text(""))
                table.add_row(Text(grp, style="underline"), Text(""))
                group = grp
            table.add_row(Text(keys), Text(description, style="" if enabled else "dim"))
        with VerticalScroll(id="help-box"):
            yield Label(Text(self._title + "  (esc closes; dimmed keys do not apply to the selection)", style="bold"))
            yield Static(table)

"""The ``@`` picker: the fleet's scope (all hosts, one group, one host)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class ScopePicker(ModalScreen[str | None]):
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close", id="scope.close")]

    def __init__(self, scopes: list[str], current: str) -> None:
        super().__init__(classes="scope-picker")
        self._scopes = scopes
        self._current = current

    def compose(self) -> ComposeResult:
        yield Label(Text("Scope — which hosts the dashboard shows", style="bold"))
        yield OptionList(*(Option(Text(("▶ " if s == self._current else "  ") + s), id=s) for s in self._scopes), id="scope-list")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ol.focus()
        ol.highlighted = self._scopes.index(self._current) if self._current in self._scopes else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

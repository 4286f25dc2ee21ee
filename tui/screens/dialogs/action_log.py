"""The action log: every action as the docker CLI command that does the same."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.history import ActionRecord


class ActionLogScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q,L", "app.pop_screen", "Close", id="actionlog.close"),
        Binding("y,c,enter", "copy", "Copy command", id="actionlog.copy"),
    ]

    def __init__(self, records: list[ActionRecord]) -> None:
        super().__init__(classes="action-log")
        self._records = list(records)

    def compose(self) -> ComposeResult:
        yield Label(Text("Action log — the docker CLI equivalent of each action (y copies)", style="bold"))
        options = []
        for i, r in enumerate(reversed(self._records)):
            line = Text(time.strftime("%H:%M:%S ", time.localtime(r.at)), style="dim")
            line.append(r.command, style="bold")
            line.append(f"   {r.outcome}", style="red" if r.outcome.startswith("failed") else "dim")
            options.append(Option(line, id=str(len(self._records) - 1 - i)))
        if not options:
            options.append(Option(Text("No actions yet.", style="dim"), disabled=True))
        yield OptionList(*options, id="action-list")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ol.focus()
        if self._records:
            ol.highlighted = 0  # the newest action: y copies it at once

    def action_copy(self) -> None:
        from ...clipboard import copy

        if not self._records:
            return
        ol = self.query_one(OptionList)
        index = len(self._records) - 1  # the newest, unless another row is highlighted
        if ol.highlighted is not None:
            option_id = ol.get_option_at_index(ol.highlighted).id
            if option_id is not None:
                index = int(option_id)
        copy(self.app, self._records[index].command, "command")

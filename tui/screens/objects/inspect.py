"""The inspect document of any object, highlighted and scrollable."""

from __future__ import annotations

import json

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from ...widgets.footer import Footer
from ...domain.sanitize import clean
from ...domain.secrets import mask_document


def inspect_json(document) -> str:
    # Secrets masked first (Env, Labels, URL passwords): the screen and its copy show the same.
    # ensure_ascii=False keeps names readable; clean() then neutralises C1 controls
    # and anything else json.dumps lets through.
    return clean(json.dumps(mask_document(document), indent=2, sort_keys=False, ensure_ascii=False, default=str), keep_newlines=True)


class InspectScreen(Screen):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="inspect.back"),
        Binding("y,c", "copy", "Copy", id="inspect.copy"),
    ]

    def __init__(self, title: str, document) -> None:
        super().__init__(classes="inspect")
        self._title = title
        self._json = inspect_json(document)

    def compose(self) -> ComposeResult:
        from rich.text import Text

        yield Label(Text(self._title, style="bold"), classes="screen-title")
        with VerticalScroll():
            yield Static(Syntax(self._json, "json", word_wrap=False, line_numbers=True, theme="ansi_dark"))
        yield Footer()

    def action_copy(self) -> None:
        from ...clipboard import copy

        copy(self.app, self._json, "inspect document")

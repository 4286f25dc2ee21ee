"""The inspect document of any object, highlighted and scrollable.

Highlighted by Rich's regex ``JSONHighlighter``, not ``rich.syntax.Syntax``: Syntax loads
Pygments (19 modules, its lexer tables and compiled regexes stay for the rest of the session)
and tokenises the whole document at once. Measured (Textual and Rich loaded, one 200-line
document printed): +1.9 MB of RSS and 16,700 live blocks after the first Syntax against
+0.55 MB and 2,600 with this, all of it kept for the rest of the session
(bench/analysis.md, Memory).
"""

from __future__ import annotations

import json

from rich.highlighter import JSONHighlighter
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from ...widgets.footer import Footer
from ...domain.sanitize import clean
from ...domain.secrets import mask_document


def highlighted(doc: str) -> Text:
    """``doc`` (JSON text) coloured by Rich's JSON highlighter, each line numbered in a dim gutter."""
    body = Text(doc)
    JSONHighlighter().highlight(body)
    lines = body.split("\n", allow_blank=True)
    width = len(str(len(lines)))
    out = Text(no_wrap=True, end="")
    for n, line in enumerate(lines, 1):
        out.append(f"{n:>{width}} ", style="dim")
        out.append_text(line)
        if n < len(lines):
            out.append("\n")
    return out


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
        yield Label(Text(self._title, style="bold"), classes="screen-title")
        with VerticalScroll():
            yield Static(highlighted(self._json))
        yield Footer()

    def action_copy(self) -> None:
        from ...clipboard import copy

        copy(self.app, self._json, "inspect document")

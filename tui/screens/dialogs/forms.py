"""A small modal form: labelled inputs, checkboxes and selects, checked before it closes.

``FormScreen(title, fields, check)`` dismisses with the values as a dict, or None on
escape. ``check(values)`` may raise ValueError: its message is shown and the form stays.
Every label and value is plain text; nothing here goes through a markup parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...i18n import app_lang, tr


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "input"  # input, checkbox, select
    value: Any = ""
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (label, value) for selects
    help: str = ""


class FormScreen(ModalScreen[dict | None]):
    """| key | action |
    |---|---|
    | enter / ctrl+s | submit |
    | escape | cancel |
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Submit", id="form.submit"),
    ]

    def __init__(self, title: str, fields: list[Field], check: Callable[[dict], Any] | None = None, verb: str = "OK") -> None:
        super().__init__(classes="form")
        self._title = title
        self._fields = fields
        self._check = check
        self._verb = verb
        self.result: Any = None  # what check() returned for the submitted values
        # keys typed before the first input had focus, replayed into it (tui/type_ahead.py)
        self.type_ahead: list | None = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form-box"):
            yield Label(Text(self._title, style="bold"), id="form-title")
            for f in self._fields:
                wid = f"field-{f.key}"
                if f.kind == "checkbox":
                    yield Checkbox(f.label, value=bool(f.value), id=wid)
                    continue
                yield Label(Text(f.label), classes="form-label")
                if f.kind == "select":
                    options = [(Text(label), value) for label, value in f.choices]
                    known = f.value in [v for _, v in f.choices]
                    yield Select(options, value=f.value if known else Select.NULL, allow_blank=not known, id=wid)
                else:
                    yield Input(value=str(f.value or ""), placeholder=f.placeholder, id=wid)
                if f.help:
                    yield Label(Text(f.help, style="dim"), classes="form-help")
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(tr("form.cancel", app_lang(self.app)), id="form-cancel")
                yield Button(self._verb, id="form-ok", variant="primary")

    def on_mount(self) -> None:
        from ...type_ahead import replay

        first = next(iter(self.query(Input)), None)
        if first is None:
            self.type_ahead = None
            return
        self.set_focus(first)  # now: Widget.focus() waits behind the keys already queued
        self.call_after_refresh(replay, self, first)

    def values(self) -> dict:
        out = {}
        for f in self._fields:
            widget = self.query_one(f"#field-{f.key}")
            if isinstance(widget, Select):
                out[f.key] = "" if widget.value is Select.NULL else widget.value
            else:
                out[f.key] = widget.value
        return out

    def set_value(self, key: str, value: Any) -> None:
        self.query_one(f"#field-{key}").value = value

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message, style="bold red"))

    def action_submit(self) -> None:
        values = self.values()
        if self._check is not None:
            try:
                self.result = self._check(values)
            except ValueError as exc:
                self.show_error(str(exc))
                return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#form-ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

"""A confirmation that defaults to Cancel and ignores keys typed before it was drawn."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static

from ...domain.sanitize import clean, clean_name
from ...i18n import app_lang, tr

ARM_DELAY = 0.25  # seconds before the buttons accept input


@dataclass(frozen=True)
class ConfirmResult:
    confirmed: bool
    options: dict[str, bool]


class ConfirmScreen(ModalScreen[ConfirmResult]):
    """Ask before a destructive action. Returns ConfirmResult(confirmed, options)."""

    AUTO_FOCUS = None  # the first focusable is a checkbox: an early enter would tick it
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
        # Screen actions: in Textual 8.2 focus_previous/focus_next exist only on App, so a
        # binding naming them on a screen did nothing (and → then enter cancelled a kill).
        Binding("left,h", "button(-1)", "Previous button", id="confirm.previous", tooltip="Focus the button on the left"),
        Binding("right,l", "button(1)", "Next button", id="confirm.next", tooltip="Focus the button on the right"),
        Binding("question_mark", "help", "Help", id="confirm.help", show=False, tooltip="The keys of this dialog"),
    ]

    def __init__(
        self,
        title: str,
        targets: list[str],
        verb: str = "Remove",
        options: dict[str, str] | None = None,
        ticked: set[str] | frozenset[str] = frozenset(),
        cancel: str = "Cancel",
    ) -> None:
        super().__init__(classes="confirm")
        # Names in these come from the daemon (or a compose label): shown cleaned, whoever calls.
        self._title = clean(title)
        self._targets = [clean_name(t) for t in targets]
        self._verb = verb
        self._cancel = cancel  # the Cancel button's label (a translated one from a Korean view)
        self._options = options or {}
        self._ticked = frozenset(ticked)  # options that start ticked (force on a running container)
        self._armed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Text(self._title, style="bold"), id="confirm-title")
            shown = self._targets[:12]
            body = Text("\n".join(f"  • {t}" for t in shown))
            if len(self._targets) > len(shown):
                body.append("\n  " + tr("confirm.more", app_lang(self.app), n=len(self._targets) - len(shown)))
            yield Static(body, id="confirm-targets")
            for key, label in self._options.items():
                yield Checkbox(label, value=key in self._ticked, id=f"opt-{key}", disabled=True)
            with Horizontal(id="confirm-buttons"):
                yield Button(self._cancel, id="cancel", variant="primary", disabled=True)
                yield Button(self._verb, id="ok", variant="error", disabled=True)

    def on_mount(self) -> None:
        # Nothing is focused until armed: an enter typed before the dialog was drawn
        # (meant for the dashboard) must not press anything.
        self.set_focus(None)
        self.set_timer(ARM_DELAY, self._arm)

    def _arm(self) -> None:
        self._armed = True
        for control in (*self.query(Button), *self.query(Checkbox)):
            control.disabled = False
        # focus once the enabled state has been applied (a disabled widget refuses focus)
        self.call_after_refresh(self.query_one("#cancel", Button).focus)

    def _options_now(self) -> dict[str, bool]:
        return {key: self.query_one(f"#opt-{key}", Checkbox).value for key in self._options}

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        if not self._armed:
            return
        self.dismiss(ConfirmResult(True, self._options_now()))

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        if self._armed:
            self.action_cancel()

    def action_button(self, step: int) -> None:
        """Move the focus between the buttons (from a checkbox: onto the first button)."""
        if not self._armed:
            return
        buttons = list(self.query(Button))
        focused = self.focused
        if focused not in buttons:
            buttons[0 if step > 0 else -1].focus()
            return
        i = buttons.index(focused) + step
        buttons[max(0, min(len(buttons) - 1, i))].focus()

    def action_help(self) -> None:
        rows = [
            ("Dialog", "← h / → l", "Move between Cancel and " + self._verb, True),
            ("Dialog", "tab / shift+tab", "Move through the options and buttons", True),
            ("Dialog", "space", "Tick or untick the focused option", True),
            ("Dialog", "enter", "Press the focused button", True),
            ("Dialog", "esc", "Cancel", True),
        ]
        self.app.control.nav.open_help(f"Keys — {self._verb.lower()} dialog", rows)

    def action_cancel(self) -> None:
        self.dismiss(ConfirmResult(False, {}))

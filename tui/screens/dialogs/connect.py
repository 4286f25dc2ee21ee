"""Shown while no daemon answers: where we tried, why it failed, and that we keep trying."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class ConnectScreen(Screen):
    BINDINGS = [Binding("q,ctrl+c", "app.quit", "Quit", id="app.quit")]

    def __init__(self, endpoint: str) -> None:
        super().__init__(classes="connect")
        self.endpoint = endpoint
        self.reason = ""
        self.attempts = 0

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(id="connect-message")

    def on_mount(self) -> None:
        self._render_message()

    def failed(self, reason: str) -> None:
        self.reason = reason
        self.attempts += 1
        if self.is_mounted:
            self._render_message()  # before its children mount, on_mount renders it

    def _render_message(self) -> None:
        text = Text()
        text.append("Cannot reach the Docker daemon\n\n", style="bold")
        text.append("Endpoint: ")
        text.append(self.endpoint + "\n", style="bold")
        if self.reason:
            text.append("Reason:   ")
            text.append(self.reason + "\n")
        text.append(f"\nRetrying… (attempt {self.attempts})\n", style="italic")
        text.append("\nStart the daemon, check DOCKER_HOST / --host / --context, or press q to quit.", style="dim")
        for message in self.query("#connect-message"):  # absent until compose has mounted
            message.update(text)

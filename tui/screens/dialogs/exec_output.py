"""The output of a one-shot exec, sanitised, in a scrollable view."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from ...domain.sanitize import clean
from ...widgets.plain_log import PlainLog


def output_lines(output: bytes) -> list[str]:
    """Decoded (bad UTF-8 as U+FFFD) and cleaned: no escape sequence reaches the terminal."""
    text = clean(output, keep_newlines=True)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class ExecOutputScreen(ModalScreen):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Close", id="exec_output.close", tooltip="Close the output")]

    def __init__(self, command: str, exit_code: int | None, output: bytes, truncated: bool = False) -> None:
        super().__init__(classes="exec-output")
        self.command = command
        self.exit_code = exit_code
        self.lines = output_lines(output)
        self.truncated = truncated

    def compose(self) -> ComposeResult:
        with Vertical(id="exec-output-box"):
            title = Text(clean(self.command), style="bold")
            title.append(f"   exit {self.exit_code}" if self.exit_code is not None else "   exit ?", style="red" if self.exit_code else "green")
            if self.truncated:
                title.append("   (output cut at 4 MiB)", style="italic")
            yield Label(title)
            self._log = PlainLog(id="exec-output-log", auto_scroll=False)
            yield self._log

    def on_mount(self) -> None:
        # The Log made in compose, not a query: a screen closed while it mounts has no children to find.
        log = self._log
        log.write_lines(self.lines or ["(no output)"])
        log.scroll_home(animate=False)
        log.focus()

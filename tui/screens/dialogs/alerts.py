"""The alerts list: when, on which host, which container, what happened (newest first)."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.alerts import Alert


def alert_line(a: Alert) -> Text:
    line = Text(time.strftime("%Y-%m-%d %H:%M:%S ", time.localtime(a.at)), style="dim")
    if a.host:
        line.append(f"{a.host} ", style="dim")
    line.append(f"{a.title:<16}", style="bold red")
    line.append(a.message)  # built from cleaned names (tui/domain/alerts.py)
    return line


class AlertsScreen(ModalScreen):
    """Opening it marks every alert seen (the header's counter goes back to zero)."""

    BINDINGS = [Binding("escape,q,a", "app.pop_screen", "Close", id="alerts.close", tooltip="Close the alerts list")]

    def __init__(self, alerts: list[Alert]) -> None:
        super().__init__(classes="action-log alerts")
        self._alerts = list(alerts)

    def compose(self) -> ComposeResult:
        yield Label(Text("Alerts — from the daemon's events ([alerts] in config.toml)", style="bold"))
        options = [Option(alert_line(a)) for a in reversed(self._alerts)]
        if not options:
            options.append(Option(Text("No alerts.", style="dim"), disabled=True))
        yield OptionList(*options, id="alerts-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.app.control.alerts.seen()

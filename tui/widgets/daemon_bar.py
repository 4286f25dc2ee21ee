"""The header: which daemon, its versions, the connection state, the counts, the
result of the last action, and READ-ONLY when nothing may change."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..domain.state import State


class Endpoint(Protocol):
    """What the header shows of the engine's Endpoint (host, context)."""

    host: str
    context: str


_CONNECTION_LABELS = {
    "live": "● live",
    "connecting": "○ connecting…",
    "reconnecting": "◌ reconnecting…",
    "not-responding": "◌ not responding",
    "lost": "✕ lost",
}


def daemon_line(endpoint: Endpoint, readonly: bool, state: State, api_version: str = "") -> Text:
    """Line one: Dockyard · READ-ONLY · endpoint (context) · engine/API · OS/arch · connection."""
    info = state.info
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" Dockyard ", style="bold reverse")
    text.append(" ")
    if readonly:
        text.append(" READ-ONLY ", style="bold reverse red")
        text.append(" ")
    text.append(_CONNECTION_LABELS.get(state.connection, state.connection), style="bold")
    text.append(" ")
    name = getattr(endpoint, "name", "")
    if name:
        text.append(name, style="bold")
        text.append(" ")
    text.append(endpoint.host)
    if endpoint.context:
        text.append(f" (context {endpoint.context})", style="dim")
    overrides = getattr(endpoint, "overrides", "")
    if overrides:
        # As the docker CLI warns: the current context is not the daemon acted on.
        text.append(f" · DOCKER_HOST overrides context {overrides}", style="bold yellow")
    if info.engine_version:
        product = "Podman" if info.product.startswith("Podman") else "Engine"
        text.append(f" · {product} {info.engine_version} · API {api_version or info.api_version}")
    if info.os_type or info.arch:
        text.append(f" · {info.os_type}/{info.arch}")
    return text


def counts_line(state: State, last_action: Text, alerts: int = 0, alert_hosts: tuple[str, ...] = ()) -> Text:
    """Line two: counts (and unseen alerts, with their hosts in a fleet), then the last action's result."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if alerts:
        where = f" on {', '.join(alert_hosts)}" if alert_hosts else ""
        text.append(f" ⚠ {alerts} alert{'s' if alerts > 1 else ''}{where} (a) ", style="bold reverse red")
    if state.synced:
        running = sum(1 for c in state.containers.values() if c.state == "running")
        text.append(" containers ", style="dim")
        text.append(f"{running}/{len(state.containers)}", style="bold")
        for label, n in (("images", len(state.images)), ("networks", len(state.networks)), ("volumes", len(state.volumes))):
            text.append(f"  {label} ", style="dim")
            text.append(str(n), style="bold")
    if state.connection_reason and state.connection != "live":
        text.append("  ")
        text.append(state.connection_reason, style="italic")
    if last_action.plain:
        text.append("  │ ", style="dim")
        text.append_text(last_action)
    return text


class DaemonBar(Vertical):
    """Two lines: the daemon and connection; the counts and the last action."""

    def __init__(self, endpoint: Endpoint, readonly: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.endpoint = endpoint
        self.readonly = readonly
        self._state = State()
        self._api_version = ""
        self._last_action = Text("")
        self.alerts = 0
        self.alert_hosts: tuple[str, ...] = ()
        self._lines: dict[str, Text] = {}  # what each line shows now
        self.chips = None  # the fleet sets a callable returning its header line (host_chips.py)

    def compose(self) -> ComposeResult:
        yield Static(id="daemon-line")
        yield Static(id="counts-line")

    def show(self, state: State, api_version: str = "") -> None:
        self._state, self._api_version = state, api_version
        self.set_class(state.connection == "live", "-live")
        self.set_class(state.connection in ("reconnecting", "not-responding"), "-degraded")
        self.set_class(state.connection == "lost", "-lost")
        self._render_bar()

    def show_action(self, text: Text) -> None:
        self._last_action = text
        self._render_bar()

    def show_alerts(self, unseen: int, hosts: tuple[str, ...] = ()) -> None:
        self.alerts, self.alert_hosts = unseen, tuple(hosts)
        self._render_bar()

    def _render_bar(self) -> None:
        if self.is_mounted:
            line = self.chips() if self.chips is not None else daemon_line(self.endpoint, self.readonly, self._state, self._api_version)
            self._put("#daemon-line", line)
            self._put("#counts-line", counts_line(self._state, self._last_action, self.alerts, self.alert_hosts))

    def _put(self, selector: str, line: Text) -> None:
        """Show ``line`` if it changed. Each line is a fixed one-row Static (styles/dashboard.tcss),
        so no layout: Static.update's default lays out the whole screen, and the bar is redrawn
        for every published state (every stats tick, every event of a burst)."""
        if self._lines.get(selector) == line:
            return
        self._lines[selector] = line
        self.query_one(selector, Static).update(line, layout=False)

    def on_mount(self) -> None:
        self._render_bar()

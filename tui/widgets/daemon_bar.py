"""The header line: which daemon, its versions, the connection state and the counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..domain.state import State
from ..engine.endpoint import Endpoint

_CONNECTION_LABELS = {
    "live": "● live",
    "connecting": "○ connecting…",
    "reconnecting": "◌ reconnecting…",
    "not-responding": "◌ not responding",
    "lost": "✕ lost",
}


class DaemonBar(Static):
    """One line: endpoint · engine/API · OS/arch · connection · counts · READ-ONLY."""

    def __init__(self, endpoint: Endpoint, readonly: bool, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.endpoint = endpoint
        self.readonly = readonly

    def show(self, state: State, api_version: str = "") -> None:
        info = state.info
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Dockyard ", style="bold reverse")
        text.append(" ")
        if self.readonly:
            text.append(" READ-ONLY ", style="bold reverse red")
            text.append(" ")
        text.append(self.endpoint.host)
        if self.endpoint.context:
            text.append(f" ({self.endpoint.context})", style="dim")
        if info.engine_version:
            product = "Podman" if info.product.startswith("Podman") else "Engine"
            text.append(f" · {product} {info.engine_version} API {api_version or info.api_version}")
        if info.os_type or info.arch:
            text.append(f" · {info.os_type}/{info.arch}")
        text.append(" · ")
        text.append(_CONNECTION_LABELS.get(state.connection, state.connection), style="bold")
        self.set_class(state.connection == "live", "-live")
        self.set_class(state.connection in ("reconnecting", "not-responding"), "-degraded")
        self.set_class(state.connection == "lost", "-lost")
        if state.synced:
            running = sum(1 for c in state.containers.values() if c.state == "running")
            text.append(
                f" · containers {running}/{len(state.containers)} · images {len(state.images)}"
                f" · networks {len(state.networks)} · volumes {len(state.volumes)}"
            )
        self.update(text)

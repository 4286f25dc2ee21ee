"""Forms for networks (create; connect/disconnect a container picked from a list) and
for creating volumes."""

from __future__ import annotations

import ipaddress

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.models import Container
from .forms import Field, FormScreen

DRIVERS = ("bridge", "macvlan", "ipvlan", "overlay")


def _labels(text: str) -> dict[str, str]:
    out = {}
    for item in text.replace(",", " ").split():
        key, sep, value = item.partition("=")
        if not key:
            raise ValueError(f"labels: {item!r} is not key=value")
        out[key] = value if sep else ""
    return out


def check_network(values: dict) -> dict:
    name = values["name"].strip()
    if not name:
        raise ValueError("name: required")
    subnet, gateway = values["subnet"].strip(), values["gateway"].strip()
    try:
        net = ipaddress.ip_network(subnet) if subnet else None
        gw = ipaddress.ip_address(gateway) if gateway else None
    except ValueError as exc:
        raise ValueError(f"subnet/gateway: {exc}") from None
    if gw is not None and (net is None or gw not in net):
        raise ValueError("gateway: must lie inside the subnet")
    return {
        "name": name,
        "driver": values["driver"] or "bridge",
        "subnet": subnet,
        "gateway": gateway,
        "internal": bool(values["internal"]),
        "attachable": bool(values["attachable"]),
        "labels": _labels(values["labels"]),
    }


def network_create_form() -> FormScreen:
    return FormScreen(
        "Create network",
        [
            Field("name", "Name", placeholder="backend"),
            Field("driver", "Driver", "select", "bridge", choices=tuple((d, d) for d in DRIVERS)),
            Field("subnet", "Subnet (optional)", placeholder="10.10.0.0/24"),
            Field("gateway", "Gateway (optional)", placeholder="10.10.0.1"),
            Field("labels", "Labels (optional)", placeholder="team=web env=dev"),
            Field("internal", "Internal (no outside access)", "checkbox", False),
            Field("attachable", "Attachable", "checkbox", False),
        ],
        check_network,
        verb="Create",
    )


def check_volume(values: dict) -> dict:
    return {"name": values["name"].strip(), "driver": values["driver"].strip() or "local", "labels": _labels(values["labels"])}


def volume_create_form() -> FormScreen:
    return FormScreen(
        "Create volume",
        [
            Field("name", "Name (empty: the daemon picks one)", placeholder="data"),
            Field("driver", "Driver", value="local"),
            Field("labels", "Labels (optional)", placeholder="team=web backup=yes"),
        ],
        check_volume,
        verb="Create",
    )


class ContainerPickScreen(ModalScreen[str | None]):
    """Pick one container from a list; dismisses with its id (or None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]

    def __init__(self, title: str, containers: list[Container], empty: str = "No containers to choose from") -> None:
        super().__init__(classes="pick")
        self._title = title
        self._containers = sorted(containers, key=lambda c: c.name)
        self._empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Label(Text(self._title, style="bold"))
            options = []
            for c in self._containers:
                line = Text(c.name, style="bold")
                line.append(f"  {c.short_id}  {c.state}", style="dim")
                nets = ", ".join(a.network for a in c.networks)
                if nets:
                    line.append(f"  on {nets}", style="dim")
                options.append(Option(line, id=c.id))
            if not options:
                options.append(Option(Text(self._empty, style="dim"), disabled=True))
            yield OptionList(*options, id="pick-list")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

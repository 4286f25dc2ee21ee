"""`A` / palette "Architecture": client → endpoint → dockerd → containerd → runc → kernel,
with registries and plugins beside the daemon, all from the live DaemonInfo. Each box can be
selected (↑↓ or click) to read what it does."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from ... import __version__
from ...domain.format import size as human_size
from ...domain.state import State
from .base import LearnScreen

CHAIN = ("client", "transport", "dockerd", "containerd", "runc", "kernel")
SIDE = ("registries", "plugins")
BOXES = CHAIN + SIDE
CONCEPT_OF = {"client": "client", "transport": "client", "dockerd": "daemon", "containerd": "daemon", "runc": "namespace",
              "kernel": "cgroup", "registries": "registry", "plugins": "daemon"}


class ArchBox(Static):
    """One selectable box of the diagram."""

    def __init__(self, box: str) -> None:
        super().__init__(id=f"arch-{box}", classes="arch-box")
        self.box = box

    def on_click(self, event: events.Click) -> None:
        self.screen.select(self.box)


class ArchitectureScreen(LearnScreen):
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", id="arch.up", show=False, tooltip="Select the box above"),
        Binding("down,j", "move(1)", "Down", id="arch.down", show=False, tooltip="Select the box below"),
    ]
    TITLE_KEY = "title.arch"
    KEYS_KEY = "keys.arch"

    def __init__(self) -> None:
        super().__init__(classes="learn arch")
        self.selected = "dockerd"

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="arch-body"):
            with VerticalScroll(id="arch-chain"):
                for i, box in enumerate(CHAIN):
                    if i:
                        yield Static("↓", classes="arch-arrow")
                    yield ArchBox(box)
            with Vertical(id="arch-side"):
                for box in SIDE:
                    yield ArchBox(box)
            yield Static(id="arch-explain")

    def on_mount(self) -> None:
        self.app.control.store.state_signal.subscribe(self, self._on_state)
        self._on_state(self.app.control.store.state)
        self.select(self.selected)

    def _on_state(self, state: State) -> None:
        for box in BOXES:
            title, lines = self.box_text(box, state)
            text = Text(title, style="bold")
            for line in lines:
                text.append("\n" + line)
            self.query_one(f"#arch-{box}", ArchBox).update(text)

    def box_text(self, box: str, state: State) -> tuple[str, list[str]]:
        info = state.info
        unknown = self.t("unknown")
        title = self.t(f"arch.{box}")
        if box == "client":
            return title, [self.t("arch.client.line", version=__version__)]
        if box == "transport":
            ep = self.app.endpoint
            lines = [self.t("arch.transport.line", transport=ep.transport, host=ep.host)]
            if ep.context:
                lines.append(f"context {ep.context}")
            return title, lines
        if box == "dockerd":
            return title, [
                self.t("arch.dockerd.line", product=info.product, version=info.engine_version or unknown, api=info.api_version or unknown,
                       min_api=info.min_api_version or unknown, os=info.os or info.os_type or unknown),
                self.t("arch.dockerd.line2", storage=info.storage_driver or unknown, cgroup_driver=info.cgroup_driver or unknown,
                       cgroup_version=info.cgroup_version or "?", logging=info.logging_driver or unknown),
            ]
        if box == "containerd":
            return title, [self.t("arch.containerd.line", version=info.containerd_version or unknown)]
        if box == "runc":
            return title, [self.t("arch.runc.line", version=info.runc_version or unknown)]
        if box == "kernel":
            return title, [self.t("arch.kernel.line", kernel=info.kernel or unknown, arch=info.arch or "?", ncpu=info.ncpu,
                                  mem=human_size(info.mem_total) if info.mem_total else unknown)]
        if box == "registries":
            return title, list(info.registries) or [self.t("arch.none")]
        if box == "plugins":
            return title, [f"{kind}: {name}" for kind, name in info.plugins] or [self.t("arch.none")]
        return title, []

    def select(self, box: str) -> None:
        self.selected = box
        for b in BOXES:
            self.query_one(f"#arch-{b}", ArchBox).set_class(b == box, "-selected")
        self.query_one("#arch-explain", Static).update(Text(self.t(f"arch.{box}"), style="bold") + Text("\n\n" + self.t(f"arch.explain.{box}")))

    def action_move(self, step: int) -> None:
        i = BOXES.index(self.selected)
        self.select(BOXES[(i + step) % len(BOXES)])

    def concept_target(self):
        return CONCEPT_OF[self.selected], None, None

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
from ...domain.architecture import swarm_facts
from ...domain.format import size as human_size
from ...domain.state import State
from .base import LearnScreen

CHAIN = ("client", "transport", "dockerd", "containerd", "shim", "process", "kernel")
SIDE = ("runc", "registries", "plugins", "swarm")  # swarm: shown only when the daemon is in one (or a manager is in scope)
BOXES = CHAIN + SIDE
CONCEPT_OF = {"client": "client", "transport": "client", "dockerd": "daemon", "containerd": "daemon", "runc": "namespace",
              "shim": "daemon", "process": "container", "kernel": "cgroup", "registries": "registry", "plugins": "daemon",
              "swarm": "node"}


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
        Binding("c", "next_container", "Container", id="arch.container", tooltip="Show the process chain of the next running container"),
    ]
    TITLE_KEY = "title.arch"
    KEYS_KEY = "keys.arch"

    def __init__(self) -> None:
        super().__init__(classes="learn arch")
        self.selected = "dockerd"
        self.facts = None  # tui.domain.architecture.ArchFacts once read
        self.container_id = ""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="arch-body"):
            # Not focusable: ↑↓ select boxes (the screen's keys) and the selection scrolls into view.
            with VerticalScroll(id="arch-chain", can_focus=False):
                for i, box in enumerate(CHAIN):
                    if i:
                        yield Static("↓", classes="arch-arrow")
                    yield ArchBox(box)
            with Vertical(id="arch-right"):
                with Vertical(id="arch-side"):
                    for box in SIDE:
                        yield ArchBox(box)
                with VerticalScroll(id="arch-explain-scroll"):
                    yield Static(id="arch-explain")

    def on_mount(self) -> None:
        self.app.control.store.state_signal.subscribe(self, self._on_state)
        self.app.control.swarm.signal.subscribe(self, lambda snap: self._on_state(self.app.control.store.state))
        running = sorted((c for c in self.app.control.store.state.containers.values() if c.state == "running"), key=lambda c: c.name)
        self.container_id = running[0].id if running else ""
        self._on_state(self.app.control.store.state)
        self.select(self.selected)
        self._read_facts()

    def _read_facts(self) -> None:
        cid = self.container_id
        self.read(lambda s: s.architecture(cid), self._got_facts, failed=lambda message: None)

    def _got_facts(self, facts) -> None:
        if not self.is_attached:
            return
        self.facts = facts
        self._on_state(self.app.control.store.state)
        self.select(self.selected)

    def action_next_container(self) -> None:
        running = sorted((c for c in self.app.control.store.state.containers.values() if c.state == "running"), key=lambda c: c.name)
        if not running:
            return
        ids = [c.id for c in running]
        i = ids.index(self.container_id) if self.container_id in ids else -1
        self.container_id = ids[(i + 1) % len(ids)]
        self._read_facts()

    def _swarm(self):
        swarm = self.app.control.swarm
        return swarm_facts(swarm.role_here, swarm.snapshot)

    def _on_state(self, state: State) -> None:
        if not self.is_attached:
            return
        self.query_one("#arch-swarm", ArchBox).display = self._swarm().active
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
        if box == "dockerd" and (info.product.startswith("Podman") or (self.facts is not None and self.facts.podman)):
            return self.t("arch.podman"), [self.t("arch.podman.line", product=info.product, version=info.engine_version or unknown,
                                                  api=info.api_version or unknown)]
        if box == "dockerd":
            return title, [
                self.t("arch.dockerd.line", product=info.product, version=info.engine_version or unknown, api=info.api_version or unknown,
                       min_api=info.min_api_version or unknown, os=info.os or info.os_type or unknown),
                self.t("arch.dockerd.line2", storage=info.storage_driver or unknown, cgroup_driver=info.cgroup_driver or unknown,
                       cgroup_version=info.cgroup_version or "?", logging=info.logging_driver or unknown),
            ]
        facts = self.facts
        podman = info.product.startswith("Podman") or (facts is not None and facts.podman)
        if box == "containerd":
            if podman:
                return self.t("arch.podman.nocontainerd"), [self.t("arch.podman.nocontainerd.line")]
            lines = [self.t("arch.containerd.line", version=info.containerd_version or unknown)]
            if facts is not None:
                key = {True: "arch.live_restore.on", False: "arch.live_restore.off"}.get(facts.live_restore, "arch.live_restore.unknown")
                lines.append(self.t(key))
            return title, lines
        if box == "shim":
            title = self.t("arch.conmon") if podman else title
            if facts is not None and facts.parent is not None:
                return title, [self.t("arch.shim.line", pid=facts.parent.pid, name=facts.container), facts.parent.name]
            return title, [self.t("arch.shim.remote")]
        if box == "process":
            if facts is not None and facts.process is not None:
                return title, [self.t("arch.process.line", name=facts.container, pid=facts.process.pid, cmd=facts.process.cmdline[:40])]
            if facts is not None and facts.container:
                return title, [facts.container + " · " + self.t("arch.shim.remote")]
            return title, [self.t("arch.process.none")]
        if box == "runc":
            if podman and facts is not None:
                runtime = facts.runtime or "crun"
                return runtime, [self.t("arch.podman.runtime", runtime=runtime, version=facts.component(runtime) or info.runc_version or unknown)]
            return title, [self.t("arch.runc.line", version=info.runc_version or unknown)]
        if box == "kernel":
            return title, [self.t("arch.kernel.line", kernel=info.kernel or unknown, arch=info.arch or "?", ncpu=info.ncpu,
                                  mem=human_size(info.mem_total) if info.mem_total else unknown)]
        if box == "registries":
            if facts is None:
                return title, list(info.registries) or [self.t("arch.none")]
            lines = [self.t("arch.reg.default")]
            for name, secure in facts.registries:
                lines.append(self.t("arch.reg.registry", name=name, secure=self.t("arch.reg.secure" if secure else "arch.reg.insecure")))
            lines.extend(self.t("arch.reg.insecure_range", cidr=c) for c in facts.insecure_ranges)
            lines.extend(self.t("arch.reg.mirror", url=m) for m in facts.mirrors)
            return title, lines
        if box == "swarm":
            return title, self.swarm_lines()
        if box == "plugins":
            if facts is None:
                return title, [f"{kind}: {name}" for kind, name in info.plugins] or [self.t("arch.none")]
            lines = [self.t("arch.drivers", kind=kind, names=", ".join(names)) for kind, names in facts.drivers if names]
            lines.append(self.t("arch.plugins_installed", names=", ".join(facts.plugins)) if facts.plugins else self.t("arch.plugins_none"))
            return title, lines
        return title, []

    def swarm_lines(self) -> list[str]:
        """Which daemon Dockyard talks to (Info.Swarm), then the managers and workers of the node list."""
        sf = self._swarm()
        if not sf.active:
            return [self.t("arch.swarm.inactive")]
        role = self.t("arch.swarm.manager" if sf.manager else "arch.swarm.worker")
        lines = [self.t("arch.swarm.here", node=sf.node_id[:12] or "?", role=role, state=sf.local_state)]
        for m in sf.managers:
            lines.append(self.t("arch.swarm.manager_line", name=m.name, status=m.status, address=m.address or "?")
                         + ("  ← " + self.t("arch.swarm.you") if m.here else ""))
        for w in sf.workers:
            lines.append(self.t("arch.swarm.worker_line", name=w.name, status=w.status, address=w.address or "?")
                         + ("  ← " + self.t("arch.swarm.you") if w.here else ""))
        if not sf.managers:
            lines.append(self.t("arch.swarm.no_list"))
        return lines

    def select(self, box: str) -> None:
        self.selected = box
        for b in BOXES:
            self.query_one(f"#arch-{b}", ArchBox).set_class(b == box, "-selected")
        self.query_one(f"#arch-{box}", ArchBox).scroll_visible()
        key = box
        podman = self.facts is not None and self.facts.podman
        if podman and box in ("shim", "containerd", "dockerd"):
            key = "conmon"
        self.query_one("#arch-explain", Static).update(Text(self.t(f"arch.{box}"), style="bold") + Text("\n\n" + self.t(f"arch.explain.{key}")))

    def action_move(self, step: int) -> None:
        shown = [b for b in BOXES if b != "swarm" or self.query_one("#arch-swarm", ArchBox).display]
        i = shown.index(self.selected) if self.selected in shown else 0
        self.select(shown[(i + step) % len(shown)])

    def concept_target(self):
        return CONCEPT_OF[self.selected], None, None

"""The container lifecycle: the states in a row (the selected container's highlighted), every
edge between them drawn as a chain (docker run = create + start, restart = stop + start,
the restart policy's back-off, a process that exits by itself), the keys that move it on,
and a band while an action runs ("stopping: SIGTERM sent, SIGKILL in 7 s")."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ...domain import capabilities, lifecycle as lc
from ...domain.state import State
from ..dialogs.confirm import ConfirmResult, ConfirmScreen
from ..mounted import unless_closed
from .base import LearnScreen

BOXES = lc.SOURCES + lc.STATES
NARROW = 110  # below this width the eight state boxes go in two rows (a Korean state name is up to 10 cells)

# Each chain is one line of the diagram: states joined by edges (verb keys of "edge.*").
CHAINS: tuple[tuple[str, ...], ...] = (
    ("image", "create", "created", "start", "running", "pause", "paused", "unpause", "running"),
    ("image", "run", "running", "restart", "running"),
    ("running", "stop", "exited", "start", "running"),
    ("running", "exit", "exited", "policy", "restarting", "policy", "running"),
    ("paused", "stop", "exited", "remove", "removed"),
    ("created", "remove", "removed"),
    ("dead", "remove", "removed"),
)


class LifecycleScreen(LearnScreen):
    """Every move works here with the dashboard's rules; kill and remove ask first, as there."""

    BINDINGS = [
        Binding("S", "move('start')", "Start", id="lifecycle.start", tooltip="Start the container"),
        Binding("s", "move('stop')", "Stop", id="lifecycle.stop", tooltip="Stop the container"),
        Binding("p", "move('pause')", "Pause", id="lifecycle.pause", tooltip="Pause or unpause the container"),
        Binding("r", "move('restart')", "Restart", id="lifecycle.restart", tooltip="Restart the container (stop + start)"),
        Binding("K", "move('kill')", "Kill", id="lifecycle.kill", tooltip="Kill the container (asks first)"),
        Binding("d", "remove", "Remove", id="lifecycle.remove", tooltip="Remove the container (asks first)"),
    ]
    TITLE_KEY = "title.lifecycle"
    KEYS_KEY = "keys.lifecycle"
    CONCEPT = "container"

    # The keys this view offers; whether one applies is tui/domain/capabilities.py, as on the dashboard.
    KEY_VERBS = ("start", "stop", "pause", "restart", "kill")

    def __init__(self, container: Any) -> None:
        super().__init__(classes="learn lifecycle")
        self.container = container
        self.now = ""
        self.pending = ""
        self.pending_since = 0.0
        self.stop_timeout = 10
        self.stop_signal = "SIGTERM"

    def title_params(self):
        return {"name": self.container.name}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="life-states"):
            for state in BOXES:
                yield Static(Text(self.t(f"state.{state}"), justify="center"), id=f"life-{state}", classes="life-state")
        yield Static(id="life-pending", classes="-hidden")
        with VerticalScroll(id="life-scroll"):
            yield Static(id="life-chains")
            yield Static(id="life-now")

    def on_mount(self) -> None:
        store = self.app.control.store
        store.state_signal.subscribe(self, self._on_state)
        store.pending_signal.subscribe(self, self._on_pending)
        self._on_state(store.state)
        self._on_pending(store.pending.labels)
        self.set_interval(1.0, self._tick)
        cid = self.container.id
        self.read(lambda s: s.inspect("containers", cid), self._got_inspect, failed=lambda message: None)

    @unless_closed
    def _got_inspect(self, doc: dict) -> None:
        config = doc.get("Config") or {}
        timeout = config.get("StopTimeout")
        self.stop_timeout = int(timeout) if isinstance(timeout, int) and timeout >= 0 else 10
        self.stop_signal = str(config.get("StopSignal") or "SIGTERM")[:16]

    def on_resize(self) -> None:
        self.set_class((self.size.width or 0) < NARROW, "-narrow")  # the state boxes in two rows of four
        if self.query("#life-chains"):
            self.query_one("#life-chains", Static).update(self.chains_text(self.now))

    # State

    def _on_state(self, state: State) -> None:
        if not self.query("#life-chains"):
            return  # popped before its mount finished (a lesson step that opened it, closed at once)
        current = state.containers.get(self.container.id)
        now = current.state if current is not None else "removed"
        if current is not None:
            self.container = current
        self.now = now
        for s in BOXES:
            self.query_one(f"#life-{s}", Static).set_class(s == now, "-current")
        self.query_one("#life-chains", Static).update(self.chains_text(now))
        self.query_one("#life-now", Static).update(self.moves_text(now, current))
        self.refresh_bindings()

    def chains_text(self, now: str) -> Text:
        """Each chain on a line; a chain wider than the view goes on below, indented, between a
        state and an edge (never inside a word). The truth lines wrap at words."""
        width = max(30, (self.size.width or self.app.size.width) - 6)  # padding and the scrollbar
        text = Text()
        for chain in CHAINS:
            line = Text("  ")
            for i, part in enumerate(chain):
                if i % 2 == 0:
                    style = "bold reverse" if part == now else "bold"
                    piece = Text(f"[{self.t(f'state.{part}')}]", style=style)
                else:
                    leaving = chain[i - 1] == now
                    piece = Text(f" ─{self.t(f'edge.{part}')}→ ", style="bold" if leaving else "dim")
                if i and line.cell_len + piece.cell_len > width:
                    line.rstrip()
                    text.append_text(line)
                    text.append("\n")
                    line = Text("      ")
                    if i % 2:  # an edge starts the continued line: without its leading space
                        piece = Text(piece.plain.lstrip(), style=piece.style)
                line.append_text(piece)
            text.append_text(line)
            text.append("\n")
        text.append("\n" + self.t("life.restart_truth") + "\n", style="dim")
        text.append(self.t("life.restarting_truth"), style="dim")
        return text

    def moves_text(self, now: str, current) -> Text:
        text = Text(self.t("life.now", name=self.container.name, state=self.t(f"state.{now}")), style="bold")
        if current is not None and current.health:
            text.append("\n" + self.t("life.health", health=current.health))
        text.append("\n\n" + self.t("life.moves") + "\n", style="bold")
        moves = lc.moves_from(now)
        if not moves:
            text.append("  " + self.t("life.no_moves") + "\n", style="dim")
        usable = self.usable_verbs(now)
        for move in moves:
            key = move.key if (move.verb in usable or (move.verb == "unpause" and "unpause" in usable)) else ""
            command = move.command.format(name=self.container.name) if move.command else self.t(f"edge.why.{move.verb}")
            text.append("  " + self.t("life.move", key=f"[{key}]" if key else "   ", verb=self.t(f"edge.{move.verb}"),
                                      target=self.t(f"state.{move.target}"), command=command) + "\n")
        text.append("\n" + self.t("life.health_note"), style="dim")
        return text

    # The pending band: what the daemon is doing while an action runs

    def _on_pending(self, labels: dict[str, str]) -> None:
        label = labels.get(self.container.id, "")
        if label != self.pending:
            self.pending = label
            self.pending_since = time.monotonic()
        self._paint_pending()

    def _tick(self) -> None:
        if self.pending:
            self._paint_pending()

    def pending_text(self) -> str:
        if not self.pending:
            return ""
        if self.pending.startswith("stopping") or self.pending.startswith("restarting"):
            left = max(0, self.stop_timeout - int(time.monotonic() - self.pending_since))
            key = "life.pending.stop" if self.pending.startswith("stopping") else "life.pending.restart"
            return self.t(key, signal=self.stop_signal, seconds=left)
        verb = self.pending.rstrip("…").strip()
        return self.t(f"life.pending.{verb}") if verb in ("starting", "pausing", "unpausing", "killing", "removing") else self.pending

    def _paint_pending(self) -> None:
        band = self.query_one("#life-pending", Static)
        band.update(Text(self.pending_text(), style="bold"))
        band.set_class(not self.pending, "-hidden")

    # Keys

    def usable_verbs(self, state: str) -> frozenset[str]:
        control = self.app.control
        return frozenset(v for v in capabilities.container_actions(state) if control.allowed(v))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "move":
            if not self.app.control.allowed(parameters[0]):
                return False
            return True if self._verb(parameters[0]) else None
        if action == "remove":
            return True if "remove" in self.usable_verbs(self.current_state) and self.current_state != "removed" else None
        return True

    def _verb(self, verb: str) -> str:
        """The verb that applies from the current state ('pause' toggles), or ''."""
        state = self.current_state
        if verb == "pause":
            verb = capabilities.pause_action([state])
        return verb if verb in self.usable_verbs(state) else ""

    def action_move(self, verb: str) -> None:
        applied = self._verb(verb)
        if not applied:
            return
        if applied == "kill":
            def done(result: ConfirmResult | None) -> None:
                if result and result.confirmed:
                    self.app.control.container_action("kill", [self.container])

            self.app.push_screen(ConfirmScreen(self.t("confirm.kill", name=self.container.name), [self.container.name], verb=self.t("confirm.kill.verb"),
                                               cancel=self.t("confirm.cancel")), done)
            return
        self.app.control.container_action(applied, [self.container])

    def action_remove(self) -> None:
        if self.check_action("remove", ()) is not True:
            return
        running = self.current_state in ("running", "paused", "restarting")
        options = {"force": self.t("confirm.opt.force"), "volumes": self.t("confirm.opt.volumes")}

        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                self.app.control.remove("containers", [self.container], **result.options)

        screen = ConfirmScreen(self.t("confirm.remove", name=self.container.name), [self.container.name], verb=self.t("confirm.remove.verb"),
                               options=options, cancel=self.t("confirm.cancel"))
        self.app.push_screen(screen, done)
        if running:
            self._tick_force(screen)

    def _tick_force(self, screen) -> None:
        """A running container cannot be removed without force: start with it ticked."""

        def tick() -> None:
            from textual.css.query import NoMatches
            from textual.widgets import Checkbox

            try:
                screen.query_one("#opt-force", Checkbox).value = True
            except NoMatches:
                self.app.call_after_refresh(tick)

        self.app.call_after_refresh(tick)

    @property
    def current_state(self) -> str:
        return self.now

    def concept_target(self):
        return "container", "containers", self.container

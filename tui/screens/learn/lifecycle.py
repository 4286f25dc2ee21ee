"""The container lifecycle as a small state diagram: the selected container's state is
highlighted, and the keys (and docker commands) that move it on are listed below."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from ...domain import capabilities, lifecycle as lc
from ...domain.state import State
from .base import LearnScreen

# 5 x 3 grid: states in fixed cells, arrows between them (labels are verbs, translated).
LAYOUT = (
    ("state:created", "arrow:start:→", "state:running", "arrow:pause:⇄", "state:paused"),
    ("state:restarting", "arrow:restart:⇄", "arrow:stop:↓ ↑", "", "state:dead"),
    ("", "", "state:exited", "arrow:remove:→", "state:removed"),
)


class LifecycleScreen(LearnScreen):
    """The non-destructive moves work here too, so the diagram can be watched as it changes;
    kill and remove stay on the dashboard, where they ask first."""

    BINDINGS = [
        Binding("S", "move('start')", "Start", id="lifecycle.start", tooltip="Start the container"),
        Binding("s", "move('stop')", "Stop", id="lifecycle.stop", tooltip="Stop the container"),
        Binding("p", "move('pause')", "Pause", id="lifecycle.pause", tooltip="Pause or unpause the container"),
        Binding("r", "move('restart')", "Restart", id="lifecycle.restart", tooltip="Restart the container"),
    ]
    TITLE_KEY = "title.lifecycle"
    KEYS_KEY = "keys.lifecycle"
    CONCEPT = "container"

    def __init__(self, container: Any) -> None:
        super().__init__(classes="learn lifecycle")
        self.container = container

    def title_params(self):
        return {"name": self.container.name}

    def compose_body(self) -> ComposeResult:
        with Grid(id="life-grid"):
            for row in LAYOUT:
                for cell in row:
                    if cell.startswith("state:"):
                        state = cell.split(":", 1)[1]
                        yield Static(Text(self.t(f"state.{state}"), justify="center"), id=f"life-{state}", classes="life-state")
                    elif cell.startswith("arrow:"):
                        _, verb, glyph = cell.split(":", 2)
                        label = self.t(f"verb.{verb}") if verb != "pause" else f"{self.t('verb.pause')}/{self.t('verb.unpause')}"
                        if verb == "stop":
                            label = f"{self.t('verb.stop')}/{self.t('verb.kill')} ↓  ↑ {self.t('verb.start')}"
                            glyph = ""
                        yield Static(Text(f"{label} {glyph}".strip(), justify="center"), classes="life-arrow")
                    else:
                        yield Static("", classes="life-empty")
        yield Static(id="life-now")

    def on_mount(self) -> None:
        self.app.control.store.state_signal.subscribe(self, self._on_state)
        self._on_state(self.app.control.store.state)

    def _on_state(self, state: State) -> None:
        current = state.containers.get(self.container.id)
        now = current.state if current is not None else "removed"
        if current is not None:
            self.container = current
        for s in lc.STATES:
            self.query_one(f"#life-{s}", Static).set_class(s == now, "-current")
        text = Text(self.t("life.now", name=self.container.name, state=self.t(f"state.{now}")), style="bold")
        if current is not None and current.health:
            text.append("\n" + self.t("life.health", health=current.health))
        text.append("\n\n" + self.t("life.moves") + "\n", style="bold")
        moves = lc.moves_from(now)
        if not moves:
            text.append("  " + self.t("life.no_moves") + "\n", style="dim")
        usable = self.usable_verbs(now)
        for move in moves:
            key = move.key if move.verb in usable else ""
            text.append("  " + self.t("life.move", key=f"[{key}]" if key else "   ", verb=self.t(f"verb.{move.verb}"),
                                      target=self.t(f"state.{move.target}"), command=move.command.format(name=self.container.name)) + "\n")
        text.append("\n" + self.t("life.health_note"), style="dim")
        self.query_one("#life-now", Static).update(text)
        self.refresh_bindings()

    # The keys this view offers; whether one applies is tui/domain/capabilities.py, as on the dashboard.
    KEY_VERBS = ("start", "stop", "pause", "restart")

    def usable_verbs(self, state: str) -> frozenset[str]:
        control = self.app.control
        return frozenset(v for v in capabilities.container_actions(state) if control.allowed(v))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "move":
            if not self.app.control.allowed(parameters[0]):
                return False
            return True if self._verb(parameters[0]) else None
        return True

    def _verb(self, verb: str) -> str:
        """The verb that applies from the current state ('pause' toggles), or ''."""
        state = self.current_state
        if verb == "pause":
            verb = capabilities.pause_action([state])
        return verb if verb in self.usable_verbs(state) else ""

    def action_move(self, verb: str) -> None:
        applied = self._verb(verb)
        if applied:
            self.app.control.container_action(applied, [self.container])

    @property
    def current_state(self) -> str:
        for s in lc.STATES:
            if self.query_one(f"#life-{s}", Static).has_class("-current"):
                return s
        return ""

    def concept_target(self):
        return "container", "containers", self.container

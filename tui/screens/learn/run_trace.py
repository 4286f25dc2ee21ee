"""The story of `docker run`, replayed on this daemon: each step lights the architecture box
that acts (client → dockerd → containerd → shim → runc → kernel) and says what it produced
here: the image and its layers, the writable layer's directory, the network (IP, aliases),
the volumes, the shim's PID, PID 1, and the die with its cause. → / space next, ← back."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ...domain import run_trace
from ...domain.event_story import group
from ..mounted import unless_closed
from .base import LearnScreen


class RunTraceScreen(LearnScreen):
    BINDINGS = [
        Binding("right,space,n", "advance(1)", "Next", id="trace.next", tooltip="Next step of the run"),
        Binding("left,b", "advance(-1)", "Back", id="trace.back", tooltip="Previous step"),
        Binding("home", "restart", "Replay", id="trace.replay", tooltip="Replay from the first step"),
    ]
    TITLE_KEY = "title.trace"
    KEYS_KEY = "keys.trace"
    CONCEPT = "container"

    def __init__(self, container: Any) -> None:
        super().__init__(classes="learn trace")
        self.container = container
        self.steps: tuple[run_trace.TraceStep, ...] = ()
        self.index = 0

    def title_params(self):
        return {"name": self.container.name}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="trace-boxes"):
            for box in run_trace.BOXES:
                yield Static(Text(self.t(f"trace.box.{box}"), justify="center"), id=f"trace-{box}", classes="trace-box")
        with VerticalScroll(id="trace-body"):
            yield Static(Text(self.t("loading"), style="italic"), id="trace-text")

    def on_mount(self) -> None:
        cid = self.container.id
        image_id = self.container.image_id

        def call(session):
            doc = session.inspect("containers", cid)
            layers = 0
            try:
                layers = len(((session.inspect("images", doc.get("Image") or image_id).get("RootFS")) or {}).get("Layers") or ())
            except Exception:
                pass
            facts = session.architecture(cid)
            return doc, layers, facts

        self.read(call, self._got, failed=self._failed)

    @unless_closed
    def _failed(self, message: str) -> None:
        self.query_one("#trace-text", Static).update(Text(self.t("error", message=message)))

    @unless_closed
    def _got(self, result) -> None:
        doc, layers, facts = result
        events = self.app.control.store.events.events
        stories = [s for s in group(events) if s.actor == self.container.id]
        image = (doc.get("Config") or {}).get("Image") or ""
        pulled = any(e.type == "image" and e.action == "pull" and image and image in (e.actor_id, e.attr("name")) for e in events)
        self.steps = run_trace.build(doc, layers, facts, stories, pulled)
        self.index = 0
        self._paint()

    def _paint(self) -> None:
        if not self.steps:
            return
        current = self.steps[self.index]
        for box in run_trace.BOXES:
            self.query_one(f"#trace-{box}", Static).set_class(box == current.box, "-lit")
        text = Text()
        for i, step in enumerate(self.steps[: self.index + 1]):
            line = self.t(step.key, **dict(step.params))
            style = "bold" if i == self.index else "dim"
            text.append(f"{i + 1:>2}. [{self.t(f'trace.box.{step.box}')}] ", style=style)
            text.append(line + "\n", style=style)
        if self.index < len(self.steps) - 1:
            text.append("\n" + self.t("trace.more", n=len(self.steps) - self.index - 1), style="italic dim")
        self.query_one("#trace-text", Static).update(text)

    def lines(self) -> list[str]:
        return [self.t(s.key, **dict(s.params)) for s in self.steps]

    def action_advance(self, delta: int) -> None:
        if self.steps:
            self.index = max(0, min(len(self.steps) - 1, self.index + delta))
            self._paint()

    def action_restart(self) -> None:
        self.index = 0
        self._paint()

    def concept_target(self):
        return "container", "containers", self.container

"""Lessons / 수업: an ordered path through the seed concepts (tui/domain/lessons.py). Each
step shows the command to type in another terminal, asks for a prediction, watches the
daemon until the expected events or states appear, then says what to observe and opens the
view that shows it. The teacher keys do a step (t) or remove every lsn-* object (x)."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain import lessons as model
from ...domain.state import State
from ..dialogs.confirm import ConfirmResult, ConfirmScreen
from ..mounted import unless_closed
from .base import LearnScreen


def lesson_image(state: State) -> str:
    """A small local image to teach with: busybox or alpine if present, else the first tagged one."""
    tags = sorted(t for i in state.images.values() for t in i.tags)
    for wanted in ("busybox:latest", "alpine:latest"):
        if wanted in tags:
            return wanted
    small = [t for t in tags if "busybox" in t or "alpine" in t]
    return (small or tags or ["busybox:latest"])[0]


class LessonScreen(LearnScreen):
    BINDINGS = [
        Binding("n", "step(1)", "Next", id="lessons.next", tooltip="Next step"),
        Binding("b", "step(-1)", "Back", id="lessons.back", tooltip="Previous step"),
        Binding("right_square_bracket", "lesson(1)", "Next lesson", id="lessons.next_lesson", tooltip="Next lesson"),
        Binding("left_square_bracket", "lesson(-1)", "Previous lesson", id="lessons.prev_lesson", tooltip="Previous lesson"),
        Binding("o", "open_view", "Open view", id="lessons.open", tooltip="Open the view this step is about"),
        Binding("t", "teacher_do", "Teacher: do it", id="lessons.do", tooltip="Do this step on the daemon (lsn-* objects only)"),
        Binding("x", "teacher_cleanup", "Teacher: clean up", id="lessons.cleanup", tooltip="Remove every lsn-* object (asks first)"),
    ]
    TITLE_KEY = "title.lessons"
    KEYS_KEY = "keys.lessons"
    CONCEPT = "daemon"

    def __init__(self, image: str = "busybox:latest", registry: str = "localhost:5000", lesson: int = 0, auto_open: bool = True) -> None:
        super().__init__(classes="learn lessons")
        self.image = image
        self.registry = registry
        self.lesson_index = lesson
        self.step_index = 0
        self.step_since = time.time()
        self.completed = False
        self.auto_open = auto_open
        self.opened: list[tuple[str, str]] = []

    @property
    def lesson(self) -> model.Lesson:
        return model.LESSONS[self.lesson_index]

    @property
    def step(self) -> model.Step:
        return self.lesson.steps[self.step_index]

    def title_params(self):
        return {"lesson": self.t(f"lesson.{self.lesson.id}.title"), "i": self.lesson_index + 1, "n": len(model.LESSONS)}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="lesson-body"):
            yield Static(id="lesson-text")

    def on_mount(self) -> None:
        store = self.app.control.store
        store.state_signal.subscribe(self, self._on_state)
        store.event_signal.subscribe(self, lambda event: self._check())
        self._begin_step()

    def _on_state(self, state: State) -> None:
        self._check()

    def _begin_step(self) -> None:
        self.step_since = time.time() - 1.0  # the daemon's clock and ours may differ a little
        self.completed = False
        self._title()
        self._check()
        self._paint()

    def _title(self) -> None:
        self.query_one(".learn-title", Static).update(Text(self.t(self.TITLE_KEY, **self.title_params()), style="bold"))

    def _check(self) -> None:
        if self.completed or not self.is_attached:
            return
        store = self.app.control.store
        if model.done(self.step.check, store.state, store.events.events, self.step_since, self.image, self.registry):
            self.completed = True
            self._paint()
            if self.auto_open and self.step.view:
                self.action_open_view()

    def text(self) -> Text:
        step = self.step
        out = Text(self.t("lessons.step", i=self.step_index + 1, n=len(self.lesson.steps)), style="bold")
        out.append("\n\n" + self.t("lessons.type") + "\n", style="bold")
        out.append("  $ " + model.fill(step.command, self.image, self.registry) + "\n", style="bold reverse")
        out.append("\n" + self.t("lessons.predict") + "\n", style="bold")
        out.append("  " + self.t(f"{step.key}.predict") + "\n")
        if self.completed:
            out.append("\n" + self.t("lessons.observe") + "\n", style="bold")
            out.append("  " + self.t(f"{step.key}.observe") + "\n")
            last = self.step_index == len(self.lesson.steps) - 1
            out.append("\n" + self.t("lessons.finished" if last else "lessons.done"), style="bold green")
        else:
            out.append("\n" + self.t("lessons.waiting"), style="italic")
        out.append("\n\n" + self.t("lessons.prefix"), style="dim")
        return out

    def _paint(self) -> None:
        self.query_one("#lesson-text", Static).update(self.text())

    # Keys

    def action_step(self, delta: int) -> None:
        i = self.step_index + delta
        if 0 <= i < len(self.lesson.steps):
            self.step_index = i
            self._begin_step()

    def action_lesson(self, delta: int) -> None:
        i = self.lesson_index + delta
        if 0 <= i < len(model.LESSONS):
            self.lesson_index, self.step_index = i, 0
            self._begin_step()

    def _object(self, name: str):
        state = self.app.control.store.state
        name = model.fill(name, self.image, self.registry)
        for c in state.containers.values():
            if c.name == name:
                return "containers", c
        for img in state.images.values():
            if name in img.tags:
                return "images", img
        return None, None

    def action_open_view(self) -> None:
        step = self.step
        if not step.view:
            return
        kind, obj = self._object(step.view_object) if step.view_object else (None, None)
        if step.view == "map" and obj is None:
            state = self.app.control.store.state
            net = next((n for n in state.networks.values() if n.name.startswith(model.PREFIX)), None)
            vol = next((v for v in state.volumes.values() if v.name.startswith(model.PREFIX)), None)
            kind, obj = ("networks", net) if net is not None else (("volumes", vol) if vol is not None else (None, None))
        if step.view in ("layers", "isolation", "lifecycle", "map") and obj is None:
            return
        self.opened.append((step.view, getattr(obj, "name", "")))
        self.app.control.nav.open_learn(step.view, kind, obj)

    def action_teacher_do(self) -> None:
        ops = model.fill_ops(self.step.ops, self.image, self.registry)
        if not ops:
            return
        image = self.image
        self.app.control.ops.run(f"lesson: {model.fill(self.step.command, self.image, self.registry)}",
                                 lambda s: s.lesson_do(ops, image), done=lambda result: self._check())

    def action_teacher_cleanup(self) -> None:
        def done(result: ConfirmResult | None) -> None:
            if result and result.confirmed:
                self.app.control.ops.run("lesson: remove lsn-*", lambda s: s.lesson_cleanup(), done=self._cleaned)

        self.app.push_screen(ConfirmScreen(self.t("confirm.lessons"), [self.t("confirm.lessons.what")], verb=self.t("confirm.remove.verb"),
                                           cancel=self.t("confirm.cancel")), done)

    @unless_closed
    def _cleaned(self, n) -> None:
        self.notify(self.t("lessons.cleaned", n=n or 0), markup=False)

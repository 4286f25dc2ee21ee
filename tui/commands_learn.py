"""Palette commands for the learning views: architecture, events, and map / layers /
isolation / lifecycle / concept of the selected object."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .control.navigation import learn_applies
from .i18n import app_lang, tr

COMMANDS = (
    ("arch", "Architecture (:arch)", "Client → endpoint → dockerd → containerd → runc, registries and plugins"),
    ("events", "Events timeline", "Every daemon event, explained in one sentence with its docker command"),
    ("map", "Relationship map of the selection", "Everything the selected object is tied to; what removing it would affect"),
    ("layers", "Layers of the selection", "Image layer stack, shared layers; a container's writable layer and docker diff"),
    ("isolation", "Isolation of the selected container", "Namespaces, cgroup limits and use, capabilities, seccomp/AppArmor"),
    ("lifecycle", "Lifecycle of the selected container", "State diagram with the keys that move it"),
    ("concept", "Explain the concept under the cursor", "A short card tied to the live object (F1)"),
)


class LearnCommands(Provider):
    def _selection(self):
        """The selection of the screen the palette was opened on (the dashboard has one)."""
        from .commands import dashboard_below

        screen = dashboard_below(self.screen)
        if screen is None:
            return None, None
        return screen.active_pane, screen.focused_pane.selected

    def _commands(self):
        kind, obj = self._selection()
        lang = app_lang(self.app)
        for view, _name, _help in COMMANDS:  # the English stays here as the table of views; the text comes from tui/i18n
            if learn_applies(view, kind, obj):
                yield tr(f"learncmd.{view}", lang), tr(f"learncmd.{view}.tip", lang), partial(self.app.control.nav.open_learn, view, kind, obj)
        yield tr("learncmd.lessons", lang), tr("learncmd.lessons.tip", lang), self._open_lessons
        snap = self.app.control.swarm.snapshot  # a manager in scope: the map of the whole swarm
        if snap is not None:
            yield tr("learncmd.swarm_map", lang), tr("learncmd.swarm_map.tip", lang), partial(self.app.control.nav.open_learn, "map", "swarm", snap)
        if kind == "containers" and obj is not None:
            yield tr("learncmd.trace", lang), tr("learncmd.trace.tip", lang), partial(self._open_trace, obj)

    def _open_trace(self, container) -> None:
        from .screens.learn.run_trace import RunTraceScreen

        self.app.push_screen(RunTraceScreen(container))

    def _open_lessons(self) -> None:
        from .screens.learn.lessons import LessonScreen, lesson_image

        self.app.push_screen(LessonScreen(image=lesson_image(self.app.control.store.state)))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query.lstrip(":"))
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

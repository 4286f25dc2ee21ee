"""The command palette: every action on the selected or marked objects, and "go to <object>"."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Matcher.highlight without its markup parse: candidates hold daemon names
    (a network may be called ``x[@click=app.quit]``), which must stay plain text."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def dashboard_below(screen):
    """``screen`` if it has panes, else the nearest screen with panes under it."""
    stack = screen.app.screen_stack
    candidates = [screen] + list(reversed(stack[: stack.index(screen)] if screen in stack else stack))
    return next((s for s in candidates if hasattr(s, "focused_pane") and hasattr(s, "pane")), None)


# Actions that act on the selected or marked objects: their palette entries name them
_ON_TARGETS = {
    "start", "stop", "restart", "pause", "kill", "remove", "logs", "exec", "inspect", "open",
    "copy", "push", "tag", "run_image", "connect", "disconnect",
}


def _target_names(dash, most: int = 3) -> str:
    try:
        targets = dash.focused_pane.targets()
    except Exception:
        return ""
    names = [getattr(t, "name", "") or t.short_id for t in targets]
    if len(names) > most:
        return ", ".join(names[:most]) + f" +{len(names) - most}"
    return ", ".join(names)


class DockyardCommands(Provider):
    def _dashboard(self):
        """The screen with panes the palette acts on: the one it was opened on, or the one
        under the modal (help, action log) it was opened over."""
        return dashboard_below(self.screen)

    def _commands(self):
        dash = self._dashboard()
        if dash is None:
            return
        targets = _target_names(dash)
        for binding in dash.BINDINGS:
            action = binding.action.split("(")[0]
            if dash.check_action(action, ()) is not True:
                continue
            name = binding.description
            if action in _ON_TARGETS and targets:
                name = f"{name} {targets}"  # "Stop web, api": what the entry will act on
            yield name, binding.tooltip or binding.description, partial(dash.run_action, binding.action)
        yield from getattr(dash, "custom_palette", lambda: ())()  # [[commands]] in config.toml
        fleet = self.app.control.fleet
        if fleet is not None:
            for name in fleet.scopes():
                yield f"scope: {name}", f"Show {name if name != 'all' else 'every host'} on the dashboard", partial(fleet.set_scope, name)
        state = self.app.state
        for kind, mapping in (("containers", state.containers), ("images", state.images), ("networks", state.networks), ("volumes", state.volumes)):
            for key, obj in mapping.items():
                name = getattr(obj, "name", key)
                yield f"go to {kind[:-1]} {name}", f"Select {kind[:-1]} {name} ({obj.short_id})", partial(self._go_to, kind, key)

    def _go_to(self, kind: str, key: str) -> None:
        dash = self._dashboard()
        if dash is None:
            return
        while self.app.screen is not dash:
            self.app.pop_screen()
        dash.action_focus_pane(kind)
        pane = dash.pane(kind)
        if not pane.select_key(key):
            pane.close_filter()
            if kind == "containers":
                pane.show_stopped = True
            pane.select_key(key)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            if name.startswith("go to"):
                continue
            # The palette parses str prompts and help as markup: hand it Content.
            yield DiscoveryHit(Content(name), callback, text=name, help=Content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=Content(help_text))

"""The command palette: every action on the selected or marked objects, and "go to <object>"."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from .i18n import app_lang, binding_text, tr


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
        lang = app_lang(self.app)
        for binding in dash.BINDINGS:
            action = binding.action.split("(")[0]
            if dash.check_action(action, ()) is not True:
                continue
            name, tip = binding_text(binding, lang)
            if action in _ON_TARGETS and targets:
                name = f"{name} {targets}"  # "Stop web, api": what the entry will act on
            yield name, tip or name, partial(dash.run_action, binding.action)
        yield from getattr(dash, "custom_palette", lambda: ())()  # [[commands]] in config.toml
        fleet = self.app.control.fleet
        if fleet is not None:
            for name in fleet.scopes():
                yield (tr("palette.scope", lang, name=name), tr("palette.scope_help", lang, name=name if name != "all" else tr("palette.every_host", lang)),
                       partial(fleet.set_scope, name))
        state = self.app.state
        for kind, mapping in (("containers", state.containers), ("images", state.images), ("networks", state.networks), ("volumes", state.volumes)):
            word = tr(f"kind.{kind[:-1]}", lang)
            for key, obj in mapping.items():
                name = getattr(obj, "name", key)
                yield (tr("palette.go_to", lang, kind=word, name=name), tr("palette.go_to_help", lang, kind=word, name=name, id=obj.short_id),
                       partial(self._go_to, kind, key))

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
        go_to = (tr("palette.go_to", "en", kind="", name="").split(" ")[0], tr("palette.go_to", "ko", kind="", name="").split(" ")[0])
        for name, help_text, callback in self._commands():
            if name.startswith(go_to):
                continue
            # The palette parses str prompts and help as markup: hand it Content.
            yield DiscoveryHit(Content(name), callback, text=name, help=Content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=Content(help_text))

"""Every key of the screen the user came from, grouped, with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...i18n import binding_text, tr


def _lang(node) -> str:
    return getattr(node.app, "lang", "en") or "en"


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, title: str, rows: list[tuple[str, str, str, bool]]) -> None:
        """rows: (group, keys, description, applies-now)."""
        super().__init__(classes="help")
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("keys", style="bold", no_wrap=True, width=14)
        table.add_column("what")
        group = None
        lang = _lang(self)
        for grp, keys, description, enabled in self._rows:
            if grp != group:
                table.add_row(Text(""), Text(""))
                table.add_row(Text(tr(f"help.group.{grp}", lang) if f"help.group.{grp}" in _GROUPS else grp, style="underline"), Text(""))
                group = grp
            table.add_row(Text(keys), Text(description, style="" if enabled else "dim"))
        with VerticalScroll(id="help-box"):
            yield Label(Text(self._title + "  " + tr("help.note", lang), style="bold"))
            yield Static(table)


_GROUPS = {f"help.group.{g}" for g in ("Panes", "Containers", "Objects", "App", "Screen")}


def screen_rows(screen) -> list[tuple[str, str, str, bool]]:
    """Every key active on ``screen`` (focused widget, screen, app), shown or not in the
    footer, grouped by where it is bound: the help of screens without their own."""
    app = screen.app
    lang = _lang(screen)
    groups: dict[str, list[tuple[str, str, str, bool]]] = {}
    seen: set[tuple[str, str]] = set()
    for key, ab in screen.active_bindings.items():
        binding = ab.binding
        if binding.action in ("help", "app.help") or not binding.description:
            continue
        node = ab.node
        group = "App" if node is app else ("Screen" if node is screen else type(node).__name__.removesuffix("Tab").removesuffix("Widget") or "Keys")
        keys = app.get_key_display(binding)
        if (keys, binding.description) in seen:
            continue
        seen.add((keys, binding.description))
        desc, tip = binding_text(binding, lang)
        text = desc + (f" — {tip}" if tip and tip != desc else "")
        groups.setdefault(group, []).append((group, keys, text, bool(ab.enabled)))
    order = sorted(groups, key=lambda g: (g == "App", g == "Screen", g))
    rows = [row for g in order for row in groups[g]]
    rows.append(("App", "ctrl+p", tr("help.palette_short", lang), True))
    return rows

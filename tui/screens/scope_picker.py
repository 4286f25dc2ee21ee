"""The ``@`` picker: the fleet's scope (all hosts, one group, one host)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


REASON_MAX = 70  # characters of an away host's reason shown on its line


def scope_notes(fleet) -> dict[str, Text]:
    """What each scope's line says beside its name: a host's state (and, when it is not live,
    since when and the reason its engine gave), a group's or all hosts' count and who is away."""
    import time

    from ..widgets.host_chips import GLYPHS, STATE_STYLE

    notes: dict[str, Text] = {}
    for name in fleet.scopes():
        hosts = fleet.hosts_in(name)
        if name == "all" or name.startswith("group:"):
            away = [h for h in hosts if fleet.host_status(h)[0] != "live"]
            note = Text(f"{len(hosts)} host{'s' if len(hosts) != 1 else ''}", style="dim")
            if away:
                note.append(f" · not live: {', '.join(away)}", style="yellow")
        else:
            conn, reason, since = fleet.host_status(name)
            note = Text(f"{GLYPHS.get(conn, '?')} {conn.replace('-', ' ')}", style=STATE_STYLE.get(conn, ""))
            if since:
                note.append(time.strftime(" since %H:%M", time.localtime(since)), style="dim")
            if reason:
                short = reason if len(reason) <= REASON_MAX else reason[: REASON_MAX - 1] + "…"
                note.append(f": {short}", style="dim")
        notes[name] = note
    return notes


class ScopePicker(ModalScreen[str | None]):
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close", id="scope.close")]

    def __init__(self, scopes: list[str], current: str, notes: dict[str, Text] | None = None) -> None:
        """``notes``: what each scope's line says beside its name (``scope_notes``)."""
        super().__init__(classes="scope-picker")
        self._scopes = scopes
        self._current = current
        self._notes = notes or {}

    def _line(self, scope: str, width: int) -> Text:
        line = Text(("▶ " if scope == self._current else "  ") + scope.ljust(width), no_wrap=True, overflow="ellipsis")
        note = self._notes.get(scope)
        if note:
            line.append("  ")
            line.append_text(note)
        return line

    def compose(self) -> ComposeResult:
        yield Label(Text("Scope — which hosts the dashboard shows", style="bold"))
        width = max((len(s) for s in self._scopes), default=0)
        yield OptionList(*(Option(self._line(s, width), id=s) for s in self._scopes), id="scope-list")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ol.focus()
        ol.highlighted = self._scopes.index(self._current) if self._current in self._scopes else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

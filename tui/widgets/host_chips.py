"""The fleet header: one chip per host (``● prod-1 ● prod-2 ◌ lab``), coloured by state and
edged with the host's colour; the scope; the last action's host."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

GLYPHS = {"live": "●", "connecting": "○", "reconnecting": "◌", "not-responding": "◌", "lost": "✕"}
STATE_STYLE = {"live": "green", "connecting": "dim", "reconnecting": "yellow", "not-responding": "yellow", "lost": "red"}


@dataclass(frozen=True, slots=True)
class Chip:
    host: str
    connection: str
    colour: str = ""
    readonly: bool = False
    in_scope: bool = True
    stale_since: str = ""  # "12:03" when its rows are stale


def chips_line(chips: list[Chip], scope: str, last_host: str = "", readonly: bool = False) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" Dockyard ", style="bold reverse")
    text.append(" ")
    if readonly:
        text.append(" READ-ONLY ", style="bold reverse red")
        text.append(" ")
    text.append(f"{len(chips)} hosts", style="bold")
    text.append(f" · scope {scope}", style="bold")
    text.append(" ")
    for chip in chips:
        style = STATE_STYLE.get(chip.connection, "")
        if not chip.in_scope:
            style += " dim"
        text.append(" ")
        if chip.colour:
            text.append("▌", style=chip.colour)
        text.append(GLYPHS.get(chip.connection, "?") + " ", style=style)
        text.append(chip.host, style=("bold " if chip.in_scope else "dim ") + ("italic" if chip.readonly else ""))
        if chip.readonly:
            text.append(" RO", style="red")
        if chip.stale_since:
            text.append(f" since {chip.stale_since}", style="dim")
    if last_host:
        text.append(f" · last action on {last_host}", style="dim")
    return text

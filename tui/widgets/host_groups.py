"""Host grouping for a fleet's merged containers pane (``z`` after compose projects): one
collapsible header row per host, keyed ``host:<name>``, sorted before that host's rows.

Same interface as ProjectGrouping (project_groups.py), so the pane treats both alike: a
selected header stands for its host's containers in bulk actions ("Stop 5 containers").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from rich.text import Text

from ..domain.fleet_state import obj_key
from ..domain.models import Container
from .columns import Column, Ctx
from .colours import state_colour
from .project_groups import _Key

HEADER_PREFIX = "host:"


@dataclass(frozen=True, slots=True)
class HostRow:
    """The header row of one host (what ``pane.selected`` returns for it)."""

    host: str
    running: int
    total: int
    collapsed: bool = False

    @property
    def id(self) -> str:
        return HEADER_PREFIX + self.host

    @property
    def name(self) -> str:
        return self.host

    @property
    def short_id(self) -> str:
        return self.host

    @property
    def state(self) -> str:
        if not self.total:
            return "empty"
        return "running" if self.running == self.total else ("partial" if self.running else "exited")


class HostGrouping:
    label = "host"

    def __init__(self, collapsed: Iterable[str] = ()) -> None:
        self.collapsed: set[str] = set(collapsed)
        self._containers: Mapping[str, Container] = {}

    @staticmethod
    def is_header(obj: Any) -> bool:
        return isinstance(obj, HostRow)

    def rows(self, containers: Mapping[str, Container]) -> dict[str, Any]:
        """The containers plus one header per host that has any."""
        self._containers = containers
        counts: dict[str, list[int]] = {}
        for c in containers.values():
            n = counts.setdefault(getattr(c, "host", ""), [0, 0])
            n[0] += c.state == "running"
            n[1] += 1
        out: dict[str, Any] = dict(containers)
        for host, (running, total) in counts.items():
            row = HostRow(host, running, total, host in self.collapsed)
            out[row.id] = row
        return out

    def members(self, row: HostRow) -> list[Container]:
        return [c for c in self._containers.values() if getattr(c, "host", "") == row.host]

    def wanted(self, obj: Any, matches: Callable[[Any], bool]) -> bool:
        if isinstance(obj, HostRow):
            return any(matches(c) for c in self.members(obj))
        return matches(obj) and getattr(obj, "host", "") not in self.collapsed

    def toggle(self, name: str) -> None:
        self.collapsed.symmetric_difference_update({name})

    def sort_value(self, obj: Any, natural: Callable[[Any], Any], reverse: bool) -> _Key:
        if isinstance(obj, HostRow):
            return _Key((obj.host, 0), (), reverse)
        return _Key((getattr(obj, "host", ""), 1), natural(obj), reverse)

    def expand(self, targets: list[Any]) -> list[Any]:
        """Headers stand for their members; each container once, in order."""
        out: list[Any] = []
        seen: set[str] = set()
        for t in targets:
            for c in self.members(t) if isinstance(t, HostRow) else [t]:
                k = obj_key(c, c.id)
                if k not in seen:
                    seen.add(k)
                    out.append(c)
        return out

    def cells(self, row: HostRow, columns: tuple[Column, ...], ctx: Ctx, marked: bool) -> tuple:
        arrow = "▸" if row.collapsed else "▾"
        colour = state_colour(ctx.colours, "running" if row.state == "running" else ("exited" if row.state in ("exited", "empty") else "paused"), None)
        by_key = {
            "host": Text(f"{arrow} {row.host}", style="bold", no_wrap=True, overflow="ellipsis"),
            "name": Text(f"{arrow} {row.host}" if not any(c.key == "host" for c in columns) else "", style="bold", no_wrap=True, overflow="ellipsis"),
            "state": Text(f"{row.running}/{row.total} running", style=colour, no_wrap=True),
            "status": Text("host", style="dim", no_wrap=True),
        }
        mark = Text("●" if marked else " ", style="bold")
        return (mark, *(by_key.get(col.key, Text("")) for col in columns))

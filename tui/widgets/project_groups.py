"""Compose grouping for the containers pane: one collapsible header row per project,
keyed ``project:<name>`` and sorted before its members; containers of no project last.

The pane keeps its own filtering and sorting; this module only adds header rows,
hides the members of collapsed projects, orders rows by project, and turns a
selected header into its member containers for bulk actions (start, stop, restart).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering
from typing import Any, Callable, Iterable, Mapping

from rich.text import Text

from ..domain import compose
from ..domain.models import Container
from ..domain.sanitize import clean_name
from .columns import Column, Ctx
from .colours import state_colour


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """The header row of one project (what ``pane.selected`` returns for it)."""

    project: compose.Project
    collapsed: bool = False

    @property
    def id(self) -> str:
        return self.project.key

    @property
    def name(self) -> str:
        return self.project.name

    @property
    def short_id(self) -> str:
        return self.project.name

    @property
    def state(self) -> str:
        return self.project.state


@total_ordering
class _Key:
    """Group order stays ascending (header first) whatever the direction of the rest."""

    __slots__ = ("group", "rest", "reverse")

    def __init__(self, group: tuple, rest: Any, reverse: bool) -> None:
        self.group, self.rest, self.reverse = group, rest, reverse

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and (self.group, self.rest) == (other.group, other.rest)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _Key):
            return True  # the pane's placeholder for unknown rows sorts last
        if self.group != other.group:
            return self.group < other.group
        try:
            return (other.rest < self.rest) if self.reverse else (self.rest < other.rest)
        except TypeError:
            return False


class ProjectGrouping:
    def __init__(self, collapsed: Iterable[str] = ()) -> None:
        self.collapsed: set[str] = set(collapsed)
        self._containers: Mapping[str, Container] = {}

    @staticmethod
    def is_header(obj: Any) -> bool:
        return isinstance(obj, ProjectRow)

    def rows(self, containers: Mapping[str, Container]) -> dict[str, Any]:
        """The containers plus one header per project."""
        self._containers = containers
        out: dict[str, Any] = dict(containers)
        for project in compose.group(containers.values()):
            out[project.key] = ProjectRow(project, project.name in self.collapsed)
        return out

    def members(self, row: ProjectRow) -> list[Container]:
        if not any(getattr(c, "host", "") for c in self._containers.values()):
            return [self._containers[i] for i in row.project.container_ids if i in self._containers]
        # a fleet's merged rows are keyed (host, id): the project's containers on every host
        order = {cid: n for n, cid in enumerate(row.project.container_ids)}
        found = [c for c in self._containers.values() if c.compose_project == row.project.name and c.id in order]
        return sorted(found, key=lambda c: (order[c.id], getattr(c, "host", "")))

    def wanted(self, obj: Any, matches: Callable[[Any], bool]) -> bool:
        if isinstance(obj, ProjectRow):
            return any(matches(c) for c in self.members(obj))
        project = getattr(obj, "compose_project", "")
        return matches(obj) and not (project and project in self.collapsed)

    def toggle(self, name: str) -> None:
        self.collapsed.symmetric_difference_update({name})

    def sort_value(self, obj: Any, natural: Callable[[Any], Any], reverse: bool) -> _Key:
        if isinstance(obj, ProjectRow):
            return _Key((0, obj.name, 0), (), reverse)
        project = getattr(obj, "compose_project", "")
        group = (0, project, 1) if project else (1, "", 1)
        return _Key(group, natural(obj), reverse)

    def expand(self, targets: list[Any]) -> list[Any]:
        """Headers stand for their members; each container once, in order."""
        out: list[Any] = []
        seen: set[str] = set()
        for t in targets:
            for c in self.members(t) if isinstance(t, ProjectRow) else [t]:
                if c.id not in seen:
                    seen.add(c.id)
                    out.append(c)
        return out

    def cells(self, row: ProjectRow, columns: tuple[Column, ...], ctx: Ctx, marked: bool) -> tuple:
        p = row.project
        arrow = "▸" if row.collapsed else "▾"
        colour = state_colour(ctx.colours, "running" if p.state == "running" else ("exited" if p.state == "exited" else "paused"), None)
        by_key = {
            "name": Text(f"{arrow} {clean_name(p.name)}", style="bold", no_wrap=True, overflow="ellipsis"),
            "image": Text(", ".join(clean_name(s) for s in p.services), style="italic", no_wrap=True, overflow="ellipsis"),
            "state": Text(f"{p.running}/{p.total} running", style=colour, no_wrap=True),
            "status": Text("compose project", style="dim", no_wrap=True),
            "project": Text(clean_name(p.name), no_wrap=True, overflow="ellipsis"),
        }
        mark = Text("●" if marked else " ", style="bold")
        return (mark, *(by_key.get(col.key, Text("")) for col in columns))

"""A filter change as a patch: which rows to hide, which to show, and the cells of hidden
rows kept for when they come back.

A filter changes which rows are shown, not what any row shows. So the rows that stay are
not touched, the rows that go are taken off the table, and a row shown again reuses the
cells it had when it was hidden, as long as they are still what it would show now (same
object from the reducer, same stats sample, same pending label, no mark, younger than a
clock tick). At 2,000 containers that is the difference between re-rendering every row
(0.5–1 s per keystroke, issue 17) and a patch (bench/filter_scale.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from rich.text import Text

__all__ = ["HiddenRows", "Plan", "plan"]


@dataclass(frozen=True, slots=True)
class Plan:
    gone: list[str]  # shown now, hidden by the new filter (table order)
    shown: list[str]  # hidden now, shown by the new filter


def plan(objects: Mapping[str, Any], shown: Mapping[str, Any], wanted: Callable[[Any], bool]) -> Plan:
    """Ask ``wanted`` once per object; ``shown`` holds the keys on the table now."""
    gone = [k for k in shown if k not in objects or not wanted(objects[k])]
    new = [k for k, obj in objects.items() if k not in shown and wanted(obj)]
    return Plan(gone, new)


class HiddenRows:
    """Cells of rows a filter hid, keyed by row, each with what made it (see ``take``)."""

    def __init__(self, max_age: float = 30.0) -> None:
        self._rows: dict[str, tuple[Any, Any, float, str | None, tuple[Text, ...]]] = {}
        self.max_age = max_age

    def __len__(self) -> int:
        return len(self._rows)

    def keep(self, key: str, obj: Any, cells: tuple[Text, ...], ctx: Any, pending: str | None) -> None:
        if obj is not None:
            self._rows[key] = (obj, ctx.state.stats.get(key), ctx.now, pending, cells)

    def take(self, key: str, obj: Any, ctx: Any, pending: str | None) -> tuple[Text, ...] | None:
        """The kept cells if they still show ``obj`` as it is now, else None (render anew)."""
        entry = self._rows.pop(key, None)
        if entry is None:
            return None
        was, stats, when, was_pending, cells = entry
        if (
            was is not obj
            or ctx.state.stats.get(key) is not stats
            or was_pending != pending
            or not 0 <= ctx.now - when < self.max_age
            or cells[0].plain.strip()  # it was marked; marks do not survive a filter
        ):
            return None
        return cells

    def prune(self, objects: Mapping[str, Any]) -> None:
        """Forget rows whose object is gone from the daemon (bounded by what exists)."""
        for key in [k for k in self._rows if k not in objects]:
            del self._rows[key]

    def clear(self) -> None:
        self._rows.clear()

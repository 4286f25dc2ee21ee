"""A container's memory use against its limit, as a small text chart with OOM-kill markers.

Pure: samples (StatsSample, oldest first) and the times of the daemon's `oom` events in,
lines of text out. The top of the chart is the limit when there is one (so a bar that
reaches the top is a process about to be killed), otherwise the highest sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .models import StatsSample

_BLOCKS = " ▁▂▃▄▅▆▇█"
OOM_MARK = "✖"


@dataclass(frozen=True, slots=True)
class MemChart:
    rows: tuple[str, ...]  # the chart, top row first
    marks: str  # one line under the chart: OOM_MARK where an OOM kill happened
    top: int  # bytes the top row stands for
    limited: bool  # top is the cgroup's limit
    latest: int | None
    ooms: int  # OOM kills placed on the chart


def chart(samples: Sequence[StatsSample], oom_times: Sequence[float], width: int, height: int = 5,
          limit: int | None = None) -> MemChart:
    """The newest ``width`` samples, one column each, newest on the right."""
    width, height = max(4, width), max(1, height)
    shown = [s for s in samples if s.mem_usage is not None][-width:]
    values = [int(s.mem_usage or 0) for s in shown]
    top = limit if limit else max(values or [0])
    top = max(top, 1)
    columns = []
    for v in values:
        eighths = round(min(v, top) / top * height * 8)
        columns.append(eighths)
    rows = []
    for level in range(height, 0, -1):
        row = []
        for eighths in columns:
            fill = eighths - (level - 1) * 8
            row.append(_BLOCKS[max(0, min(8, fill))])
        rows.append("".join(row).ljust(width))
    marks = [" "] * max(len(shown), 1)
    placed = 0
    if shown:
        for t in oom_times:
            if t < shown[0].at - 5:  # before the chart's window
                continue
            # the first sample taken at or after the kill; a kill after the last sample marks the last column
            index = next((i for i, s in enumerate(shown) if s.at >= t), len(shown) - 1)
            if marks[index] != OOM_MARK:
                marks[index] = OOM_MARK
            placed += 1
    return MemChart(tuple(rows), "".join(marks).ljust(width), top, bool(limit), values[-1] if values else None, placed)

"""Graphs of one container's resource use over the last few minutes.

Fed with ``StatsSample`` objects from the shared sampler (``app.state.stats``);
counters (network, block IO) become per-second rates between two samples.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ..domain import format as fmt
from ..domain.models import StatsSample

HISTORY = 451  # points kept (15 minutes at the default 2 s interval, as the store keeps)


@dataclass(frozen=True, slots=True)
class Point:
    at: float
    cpu: float | None
    mem: int | None
    mem_limit: int | None
    rx_rate: float | None
    tx_rate: float | None
    read_rate: float | None
    write_rate: float | None
    pids: int | None


def _rate(new: int | None, old: int | None, seconds: float) -> float | None:
    if new is None or old is None or seconds <= 0 or new < old:
        return None
    return (new - old) / seconds


def to_point(sample: StatsSample, previous: StatsSample | None) -> Point:
    dt = sample.at - previous.at if previous is not None else 0.0
    p = previous
    return Point(
        at=sample.at,
        cpu=sample.cpu_percent,
        mem=sample.mem_usage,
        mem_limit=sample.mem_limit,
        rx_rate=_rate(sample.net_rx, p.net_rx if p else None, dt),
        tx_rate=_rate(sample.net_tx, p.net_tx if p else None, dt),
        read_rate=_rate(sample.blk_read, p.blk_read if p else None, dt),
        write_rate=_rate(sample.blk_write, p.blk_write if p else None, dt),
        pids=sample.pids,
    )


# (field, title, formatter)
METRICS = (
    ("cpu", "CPU", lambda v, p: fmt.percent(v)),
    ("mem", "Memory", lambda v, p: fmt.memory(v, p.mem_limit)),
    ("rx_rate", "Net rx", lambda v, p: f"{fmt.size(v)}/s" if v is not None else fmt.DASH),
    ("tx_rate", "Net tx", lambda v, p: f"{fmt.size(v)}/s" if v is not None else fmt.DASH),
    ("read_rate", "Block read", lambda v, p: f"{fmt.size(v)}/s" if v is not None else fmt.DASH),
    ("write_rate", "Block write", lambda v, p: f"{fmt.size(v)}/s" if v is not None else fmt.DASH),
    ("pids", "PIDs", lambda v, p: str(v) if v is not None else fmt.DASH),
)


BLOCKS = " ▁▂▃▄▅▆▇█"


def bars(values: list[float | None], width: int, height: int, top: float | None = None) -> list[str]:
    """Rows (top first) of a block graph: one column per value, newest on the right,
    scaled to ``top`` (default: the largest value); None leaves a gap."""
    values = values[-width:] if width > 0 else []
    known = [v for v in values if v is not None]
    ceiling = top if top else (max(known) if known else 0.0)
    rows = []
    for r in range(height - 1, -1, -1):  # top row first
        line = []
        for v in values:
            if v is None or ceiling <= 0:
                line.append(" ")
                continue
            eighths = max(0.0, min(1.0, v / ceiling)) * height * 8
            if v > 0 and eighths < 1:
                eighths = 1  # anything at all shows as a sliver
            cell = eighths - r * 8
            line.append(BLOCKS[8] if cell >= 8 else BLOCKS[int(cell)] if cell > 0 else " ")
        rows.append("".join(line).rjust(width))
    return rows


class BlockGraph(Widget):
    """A few rows of block characters: one column per sample, the newest on the right."""

    DEFAULT_CSS = """
    BlockGraph {
        height: 2;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data: list[float | None] = []

    def set_data(self, data: list[float | None]) -> None:
        self.data = data
        self.refresh()

    def render(self) -> Text:
        width, height = self.content_region.width, self.content_region.height
        return Text("\n".join(bars(self.data, width, max(1, height))), style=self.rich_style)


class StatsGraphs(VerticalScroll):
    """One labelled sparkline per metric, newest on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="stats-graphs")
        self.points: deque[Point] = deque(maxlen=HISTORY)
        self._last: StatsSample | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Waiting for samples… (the container must be running)", style="italic"), id="stats-waiting")
        for field, title, _ in METRICS:
            yield Static(Text(title), id=f"stats-label-{field}", classes="stats-label")
            yield BlockGraph(id=f"stats-graph-{field}", classes="stats-graph")

    def on_mount(self) -> None:
        if self.points:
            self._redraw()

    def load(self, samples: list[StatsSample]) -> None:
        """Start from the history the store kept (the dashboard sampled it already)."""
        for sample in samples:
            if self._last is None or sample.at > self._last.at:
                self.points.append(to_point(sample, self._last))
                self._last = sample
        if self.points and self.is_mounted:
            self._redraw()

    def add(self, sample: StatsSample) -> bool:
        """Record a sample; False when it is the one we already have."""
        if self._last is not None and sample.at <= self._last.at:
            return False
        point = to_point(sample, self._last)
        self._last = sample
        self.points.append(point)
        if self.is_on_screen:
            self._redraw()
        else:  # a hidden tab: drawn when it is shown (it was ~7 % of the UI's time while following a log)
            self._stale = True
        return True

    def on_show(self) -> None:
        if getattr(self, "_stale", False) and self.points:
            self._stale = False
            self._redraw()

    def _redraw(self) -> None:
        latest = self.points[-1]
        self.query_one("#stats-waiting").display = False
        for field, title, formatter in METRICS:
            values = [getattr(p, field) for p in self.points]
            data = [float(v) for v in values if v is not None]
            current = getattr(latest, field)
            label = Text(f"{title:<12}", style="bold")
            label.append(formatter(current, latest))
            if data:
                label.append(f"   peak {formatter(max(data), latest)}", style="dim")
            if field == "mem" and latest.mem_limit and current is not None:
                label.append(f"   {current / latest.mem_limit * 100:.1f}% of limit", style="dim")
            self.query_one(f"#stats-label-{field}", Static).update(label)
            self.query_one(f"#stats-graph-{field}", BlockGraph).set_data(values)

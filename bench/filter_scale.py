"""Filter changes at scale: the containers pane with N rows, each filter keystroke timed.

    .venv/bin/python -m bench.filter_scale [--rows 2000] [--reps 5]

In-process and headless (Textual's pilot), no daemon: the pane is fed a State of N
synthetic containers, the way the reducer hands it over after a listing. Each step is
one ``set_filter`` call (what a key in the filter box does) plus the refresh that paints
it, timed in CPU seconds of this process (the machine is shared; wall time there measures
the neighbours): typing a filter letter by letter (narrowing), backspacing it
away (widening), and clearing a narrow filter at once (the 0.46–0.75 s case of issue 17).
Target: p95 <= 100 ms at 2,000 rows.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from textual.app import App, ComposeResult

from tui import gc_tuning
from tui.domain.models import Container
from tui.domain.state import State
from tui.widgets.object_pane import ObjectPane
from tui.widgets.colours import state_variables

# CPU time of this process, not wall time: the machine is shared (2 cores, other jobs),
# and a UI-thread cost is what a key waits for when the machine is otherwise idle.
CLOCK = time.process_time

SERVICES = ("web", "db", "cache", "worker", "api", "queue", "auth", "search")
STATES = ("running", "running", "running", "exited", "paused")


def containers(n: int) -> dict[str, Container]:
    out = {}
    for i in range(n):
        service = SERVICES[i % len(SERVICES)]
        cid = f"{i:064x}"
        out[cid] = Container(
            id=cid,
            name=f"{service}-{i:04d}",
            image=f"registry.local/{service}:1.{i % 7}",
            command=f"/bin/{service} --serve",
            created=1_700_000_000.0 + i,
            state=STATES[i % len(STATES)],
            status="Up 3 hours" if STATES[i % len(STATES)] != "exited" else "Exited (0) 2 hours ago",
            labels=(("com.docker.compose.project", f"proj{i % 20}"), ("tier", service)),
        )
    return out


class Bench(App):
    # the pane's layout rules from styles/dashboard.tcss: the table fills the pane below its title
    CSS = "ObjectPane { height: 1fr; } .pane-table { height: 1fr; overflow-x: hidden; }"
    clock = staticmethod(lambda: 1_700_100_000.0)  # what ObjectPane reads for ages (DockyardApp.clock)

    def __init__(self) -> None:
        super().__init__()
        from types import SimpleNamespace

        from tui.control.store import Store

        # ObjectPane reads uptime anchors from the store (app.control.store) since main's
        # control layer; this bench has no Control, only that store.
        self.control = SimpleNamespace(store=Store(self, self.clock))

    def compose(self) -> ComposeResult:
        yield ObjectPane("containers")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def run(rows: int, reps: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """(applied, painted): seconds per step for the pane's patch alone, and with the
    repaint that shows it (DataTable rendering a screenful of cells)."""
    app = Bench()
    times: dict[str, list[float]] = {"narrow": [], "widen": [], "clear": []}
    applied: dict[str, list[float]] = {"narrow": [], "widen": [], "clear": []}
    async with app.run_test(size=(160, 50)) as pilot:
        pane = app.query_one(ObjectPane)
        pane.set_colours(state_variables(app.get_css_variables()))
        pane.sync(State(containers=containers(rows), synced=True))
        while pane._backlog:
            await pilot.pause(0.01)
        await pilot.pause(0.1)

        async def step(kind: str, text: str) -> None:
            start = CLOCK()
            pane.set_filter(text)
            applied[kind].append(CLOCK() - start)
            await pilot.pause()
            times[kind].append(CLOCK() - start)

        for _ in range(reps):
            query = "web-12"
            for i in range(1, len(query) + 1):
                await step("narrow", query[:i])
            for i in range(len(query) - 1, -1, -1):
                await step("widen", query[:i])
            await step("narrow", "db-00")
            await step("clear", "")
            await step("narrow", "exited")
            await step("clear", "")
    return applied, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--default-gc", action="store_true", help="keep CPython's GC thresholds (the app tunes them)")
    args = parser.parse_args()
    if not args.default_gc:
        gc_tuning.tune()  # as tui.cli does
    applied, painted = asyncio.run(run(args.rows, args.reps))
    print(f"filter changes at {args.rows:,} containers ({args.reps} reps)")
    for title, times in (("applied (set_filter: the pane's patch)", applied), ("applied + painted", painted)):
        print(f" {title}")
        every = [t for ts in times.values() for t in ts]
        for kind, ts in [*times.items(), ("all", every)]:
            print(f"  {kind:7s} n={len(ts):3d}  p50 {statistics.median(ts) * 1000:6.1f} ms  p95 {pct(ts, 0.95) * 1000:6.1f} ms  max {max(ts) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()

"""Benchmark: the Logs tab under a flood (``yes``, as fast as the daemon delivers).

Runs the app headless against $DOCKER_HOST, opens the flood container's logs and,
for ``--seconds``, measures how fast lines arrive, how long a key press takes to be
handled (``t`` toggles timestamps; the time until the view shows the change), and
the process's memory. Prints one report; asserts nothing.

    DOCKER_HOST=unix:///tmp/bed/docker.sock .venv/bin/python scripts/bench_logs.py
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker  # noqa: E402
from textual import events  # noqa: E402

from tui.app import DockyardApp  # noqa: E402
from tui.engine.endpoint import resolve  # noqa: E402
from tui.keymap import Config  # noqa: E402
from tui.screens.detail import ContainerDetailScreen  # noqa: E402
from tui.screens.detail.logs_tab import LogsTab  # noqa: E402
from tui.widgets.log_view import LogView  # noqa: E402


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def bench(seconds: float, image: str, quiet: bool = False) -> None:
    client = docker.APIClient(base_url=resolve().host, version="auto")
    command = ["sleep", "100000"] if quiet else ["yes", "flood line: the quick brown fox jumps over the lazy dog"]
    cid = client.create_container(image, command, name=f"dockyard-bench-{int(time.time())}")["Id"]
    client.start(cid)
    try:
        app = DockyardApp(resolve(), config=Config())
        async with app.run_test(size=(120, 36)) as pilot:
            while cid not in app.state.containers:
                await pilot.pause(0.05)
            app.open_logs(app.state.containers[cid])
            while not isinstance(app.screen, ContainerDetailScreen) or not app.screen.query(LogsTab):
                await pilot.pause(0.05)
            tab = app.screen.query_one(LogsTab)
            view = app.screen.query_one(LogView)
            await asyncio.sleep(1.0)  # warm up: buffer fills
            rss_start = rss_mib()
            received_start = tab.buffer.end_seq
            lost_start = tab.lost
            latencies = []
            rss_peak = rss_start
            started = time.monotonic()
            while time.monotonic() - started < seconds:
                before = view.timestamps
                t0 = time.perf_counter()
                app.post_message(events.Key("t", "t"))  # as the driver would; pilot.press also waits for idle
                while view.timestamps == before:
                    await asyncio.sleep(0.001)
                latencies.append((time.perf_counter() - t0) * 1000)
                await asyncio.sleep(0.2)
                rss_peak = max(rss_peak, rss_mib())
            elapsed = time.monotonic() - started
            received = tab.buffer.end_seq - received_start
            lost = tab.lost - lost_start
            print(f"flood for {elapsed:.1f} s")
            print(f"  lines shown:         {received / elapsed:,.0f}/s  ({received:,} lines)")
            print(f"  lines lost in pump:  {lost / elapsed:,.0f}/s  (UI behind: dropped, counted, shown)")
            print(f"  buffer:              {len(tab.buffer):,} lines (max {tab.buffer.maxlen:,}), {tab.buffer.dropped:,} dropped from its front")
            print(f"  key press -> change: median {statistics.median(latencies):.1f} ms, p90 {sorted(latencies)[int(len(latencies) * 0.9)]:.1f} ms, max {max(latencies):.1f} ms over {len(latencies)} presses")
            print(f"  memory (RSS):        {rss_start:.0f} MiB after warm-up, peak {rss_peak:.0f} MiB")
    finally:
        client.remove_container(cid, force=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--image", default="dockyard-test/busybox:latest")
    p.add_argument("--quiet", action="store_true", help="a silent container instead: the baseline")
    args = p.parse_args()
    asyncio.run(bench(args.seconds, args.image, args.quiet))


if __name__ == "__main__":
    main()

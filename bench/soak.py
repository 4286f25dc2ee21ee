"""Soak: RSS of Dockyard over scripted use (issue 15, item 9).

Runs the app headless in this process (Textual's pilot) on a daemon holding N containers,
one of them chatty, and repeats ordinary use for a while: open and close the detail and
every tab, the logs of the chatty container (thousands of lines), inspect, help, the action
log, filters, `e`, compose-style grouping, the learning views, and restarts. Reports RSS at
start (after the first listing), peak, and end (after the script, an idle pause and a GC).
Target (issue 15): end within +20 MB of start, peak <= 100 MB at N=100.

    python -m bench.soak --docker-host unix:///…/docker.sock [--n 100] [--minutes 60] [--trace]

``--trace`` also prints the tracemalloc sizes that grew most between start and end.
The containers it creates are named ``soak-…`` and removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import threading
import time
import tracemalloc

import docker


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Peak(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, rss_mb())


def make_containers(client: docker.APIClient, image: str, n: int, prefix: str) -> list[str]:
    ids = []
    for i in range(n):
        cmd = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo chatty line $i DB_PASSWORD=hunter22; sleep 0.01; done"] if i == 0 else ["sleep", "100000"]
        c = client.create_container(image, cmd, name=f"{prefix}-{i:03d}", environment={"DB_PASSWORD": "hunter22"} if i == 0 else None,
                                    labels={"com.docker.compose.project": f"{prefix}-p{i % 5}", "com.docker.compose.service": f"s{i}"})
        client.start(c["Id"])
        ids.append(c["Id"])
    return ids


async def script(app, pilot, chatty: str, other: str, deadline: float, log) -> int:
    from tui.screens.dashboard import DashboardScreen

    def dashboard():
        return next(s for s in app.screen_stack if isinstance(s, DashboardScreen))

    async def home():
        while not isinstance(app.screen, DashboardScreen):
            await pilot.press("escape")
            await pilot.pause(0.05)

    rounds = 0
    while True:  # at least one round
        rounds += 1
        pane = dashboard().pane("containers")
        pane.select_key(chatty)
        await pilot.press("l")  # logs of the chatty container: thousands of lines
        await pilot.pause(3.0)
        await pilot.press("slash", *"line 1", "enter", "n", "N", "escape", "f")
        await pilot.press(*"chatty", "enter")
        await pilot.pause(0.5)
        await pilot.press("v", "v", "question_mark", "escape")
        for _ in range(6):
            await pilot.press("right_square_bracket")
            await pilot.pause(0.3)
        await home()
        pane.select_key(other)
        await pilot.press("enter")
        await pilot.pause(0.5)
        await home()
        await pilot.press("i")
        await pilot.pause(0.5)
        await home()
        await pilot.press("slash", *"soak-00", "escape", "e", "e", "z", "z", "L", "escape", "question_mark", "escape")
        await pilot.press("m")
        await pilot.pause(0.5)
        await home()
        await pilot.press("A")
        await pilot.pause(0.5)
        await home()
        pane.select_key(other)
        await pilot.press("r")  # restart: an action, its events and re-reads
        await pilot.pause(1.0)
        await home()
        log(f"round {rounds}: {rss_mb():.1f} MB")
        if time.monotonic() >= deadline:
            return rounds


async def soak(args) -> dict:
    os.environ["DOCKER_HOST"] = args.docker_host
    from tui.app import DockyardApp
    from tui.engine.endpoint import resolve
    from tui.keymap import Config

    client = docker.APIClient(base_url=args.docker_host, version="auto")
    prefix = f"soak-{os.getpid()}"
    log = (lambda m: print(f"[soak] {m}", flush=True))
    log(f"creating {args.n} containers")
    ids = make_containers(client, args.image, args.n, prefix)
    try:
        app = DockyardApp(resolve(), config=Config(), stats_interval=2.0)
        peak = Peak()
        async with app.run_test(size=(160, 45)) as pilot:
            t0 = time.monotonic()
            while not (app.state.synced and len([c for c in app.state.containers.values() if c.name.startswith(prefix)]) >= args.n):
                await pilot.pause(0.1)
                if time.monotonic() - t0 > 60:
                    raise RuntimeError("the listing did not arrive")
            await pilot.pause(2.0)
            gc.collect()
            if args.trace:
                tracemalloc.start(10)
                snap0 = tracemalloc.take_snapshot()
            start = rss_mb()
            peak.peak = start
            peak.start()
            log(f"start: {start:.1f} MB")
            # One round first: what the first use of each screen costs once (imports such as
            # pygments for the inspect view, style caches) is not growth; RSS after it is
            # reported as warm_mb and the script then runs for --minutes.
            await script(app, pilot, ids[0], ids[1], time.monotonic(), log)
            gc.collect()
            warm = rss_mb()
            log(f"warm: {warm:.1f} MB")
            rounds = await script(app, pilot, ids[0], ids[1], time.monotonic() + args.minutes * 60, log)
            await pilot.pause(args.idle)
            gc.collect()
            await pilot.pause(1.0)
            end = rss_mb()
            peak.stop.set()
            top = []
            traced_growth = None
            if args.trace:
                snap1 = tracemalloc.take_snapshot()
                traced_growth = round(sum(st.size_diff for st in snap1.compare_to(snap0, "filename")) / 2**20, 1)
                for stat in snap1.compare_to(snap0, "traceback")[:12]:
                    top.append(f"{stat.size_diff / 1024:+.0f} KiB  {stat.count_diff:+d}  " + " <- ".join(f"{f.filename.split('site-packages/')[-1]}:{f.lineno}" for f in stat.traceback[:4]))
        result = {"n": args.n, "minutes": args.minutes, "rounds": rounds, "start_mb": round(start, 1), "warm_mb": round(warm, 1), "peak_mb": round(max(peak.peak, end), 1), "end_mb": round(end, 1),
                  "python_heap_growth_mb": traced_growth, "trace_top": top}
        return result
    finally:
        for cid in ids:
            try:
                client.remove_container(cid, force=True)
            except Exception:
                pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docker-host", required=True)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--image", default=os.environ.get("DOCKYARD_TEST_IMAGE", "dockyard-test/busybox:latest"))
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args(argv)
    result = asyncio.run(soak(args))
    print(json.dumps(result, indent=2))
    ok = result["end_mb"] <= result["start_mb"] + 20 and result["peak_mb"] <= 100
    print(f"[soak] start {result['start_mb']} MB, warm {result['warm_mb']} MB, peak {result['peak_mb']} MB, end {result['end_mb']} MB: "
          f"{'within' if ok else 'OVER'} target (end <= start + 20 MB, peak <= 100 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

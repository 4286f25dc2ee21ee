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
from .tools import dockyard, lazydocker

ROOT = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def settings(quick: bool) -> dict:
    if quick:
        return {"window": 10.0, "startup_reps": 1, "idle_ns": [100], "events": 3, "flood_window": 10.0, "presses": 8, "big_n": 2000,
                "follow_n": 30, "follow_window": 10.0, "latency_window": 10.0}
    return {"window": 30.0, "startup_reps": 3, "idle_ns": [30, 100], "events": 5, "flood_window": 30.0, "presses": 20, "big_n": 2000,
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
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}
    return {**keep, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "DOCKER_CONFIG": str(home / ".docker"),
            "DOCKER_HOST": f"unix://{proxy_sock}", "LANG": os.environ.get("LANG", "C.UTF-8")}


def run(args: argparse.Namespace) -> dict:
    cfg = settings(args.quick)
    phases = set(args.phases.split(",")) if args.phases else set(PHASES)
    venv = Path(sys.executable).parent.parent
    tools = [dockyard(venv), lazydocker(venv)]
    if args.only:
        tools = [t for t in tools if t.name.lower() == args.only.lower()]
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
                     "tools": [t.name for t in tools], "log_notes": {t.name: t.log_note for t in tools}, "runs": {}}
    runs = results["runs"]
    t_start = time.monotonic()
    try:
        workload.remove_prefix(api, "bench-")
        workload.remove_prefix(api, "a-")
        log("warm-up: one discarded start of each tool (byte-compiles a fresh checkout, fills the page cache)")
        for tool in tools:
            measure.startup(tool, bed, 0)
        for tool in tools:
            runs.setdefault(tool.name, {})
        if "startup" in phases:
            log("startup at N=0")
            for tool in tools:
                runs[tool.name]["startup_0"] = [measure.startup(tool, bed, 0) for _ in range(cfg["startup_reps"])]
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
        if "startup" in phases:
            if "idle" not in phases:
                workload.running(api, 100)
            log("startup at N=100")
            for tool in tools:
                runs[tool.name]["startup_100"] = [measure.startup(tool, bed, 100) for _ in range(cfg["startup_reps"])]
        if "flood" in phases:
            for tool in tools:
                log(f"{tool.name}: log flood")
                runs[tool.name]["flood"] = measure.flood(tool, bed, cfg["flood_window"], cfg["presses"])
        if "big" in phases:
            big = cfg["big_n"]
            log(f"workload: {big} containers ({big - 100} created, never started)")
            workload.created(api, big - 100)
            time.sleep(2)
            for tool in tools:
                log(f"{tool.name}: startup at N={big}, counting requests in the first 10 s")
                runs[tool.name][f"startup_{big}"] = [measure.startup(tool, bed, big, count_window=10.0, timeout=60.0)]
    finally:
        proxy.terminate()
        proxy.wait(5)
    results["load_end"] = procs.loadavg()
    results["wall_s"] = time.monotonic() - t_start
    return results


def _keep_serve_section(out: Path, previous: str) -> None:
    """bench/serve.py writes its own section of the file (between markers): keep it."""
    start, end = report.SERVE_START, report.SERVE_END
    if start in previous and end in previous:
        report.write_section(out, start + previous.split(start, 1)[1].split(end, 1)[0] + end + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench", description=__doc__)
    p.add_argument("--docker-host", required=True, help="unix:// socket of the isolated daemon")
    p.add_argument("--testbed-dir", required=True, help="the scripts/testbed directory (pidfile, exec root)")
    p.add_argument("--quick", action="store_true", help="short windows and fewer repetitions (5-6.5 min on a loaded 2-core machine)")
    p.add_argument("--only", help="measure one tool (dockyard or lazydocker)")
    p.add_argument("--phases", help=f"comma-separated subset of {','.join(PHASES)} (default: all); a partial run writes only --out")
    p.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"), help="where to write the report")
    args = p.parse_args(argv)
    results = run(args)
    out = Path(args.out)
    previous = out.read_text() if out.exists() else ""
    raw = ROOT / "bench" / "out"
    raw.mkdir(exist_ok=True)
    (raw / "results.json").write_text(json.dumps(results, indent=1, default=str))
    md = report.markdown(results)
    out.write_text(md)
    _keep_serve_section(out, previous)
    if not args.phases and out.resolve() == (ROOT / "bench" / "RESULTS.md") and report.update_readme(ROOT / "README.md", md, results):
        log("README.md: benchmark table updated")
    log(f"wrote {out} and {raw / 'results.json'} in {results['wall_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

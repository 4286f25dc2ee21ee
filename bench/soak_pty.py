"""Soak side by side: Dockyard and lazydocker as real processes in a 160x45 pty, same daemon.

Each tool runs the same length of scripted ordinary use on N containers (one chatty, printing
~100 lines/s), keys sent as a user types them; RSS (VmRSS of the tool's process tree) is
sampled every 0.5 s: start (content on screen, after a 5 s settle), peak, end (after an idle
pause). Unlike bench/soak.py (in-process, pilot and tracemalloc included in the figure) this is
the figure a user's `ps` shows, and the one to compare with lazydocker's.

    python -m bench.soak_pty --docker-host unix:///…/docker.sock [--n 100] [--minutes 3]
        [--tools dockyard,dockyard-arena2,lazydocker] [--pause 0.4] [--base DIR] [--write]

``--base DIR`` adds ``dockyard-base``: the same venv running the source tree at DIR (e.g. an
earlier commit from ``git archive``), so before and after are measured in the same run as
lazydocker. ``--write`` writes bench/RESULTS-soak.md (the previous run's table kept below it),
with the load average (``uptime``) at each tool's start and end beside its figures.

``dockyard-arena2`` is Dockyard with MALLOC_ARENA_MAX=2 in its environment (set before any
thread starts, as glibc requires), the allocator lever of issue 20's memory section.
A shorter ``--pause`` between keys compresses more cycles into the same minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import docker

from .ptyapp import PtyApp
from .soak import make_containers

# One cycle of ordinary use per tool, as key strings; "~" is a pause.
DOCKYARD_CYCLE = ["l", "~", "~", "~", "/", "l", "i", "n", "e", "\r", "n", "\x1b", "\x1b", "\x1b",  # logs of the chatty row + search
                  "j", "\r", "~", "]", "~", "]", "~", "]", "~", "]", "~", "]", "~", "\x1b",  # another's detail, every tab
                  "i", "~", "\x1b", "m", "~", "\x1b", "A", "~", "\x1b", "V", "~", "\x1b", "L", "~", "\x1b", "?", "~", "\x1b",
                  "v", "~", "v", "/", "s", "o", "a", "k", "\x1b", "e", "e", "z", "z", "k"]
CONTENT_TIMEOUT = 180.0  # seconds to the first rows: generous, a loaded machine starts slowly
LAZYDOCKER_CYCLE = ["~", "~", "~", "j", "~", "]", "~", "]", "~", "]", "~", "]", "~", "[", "[", "[", "[", "k", "~",  # logs, stats, env, config, top
                    "/", "s", "o", "a", "k", "\r", "~", "\x1b", "?", "~", "\x1b", "j", "~", "k"]


def tool_argv(name: str, venv: Path, base: str | None = None) -> tuple[list[str], dict[str, str]]:
    if name == "dockyard-base":
        if not base:
            raise SystemExit("dockyard-base needs --base DIR")
        return [str(venv / "bin" / "python"), "-c", "from tui.cli import run; run()"], {"PYTHONPATH": base}
    if name.startswith("dockyard"):
        extra = {"MALLOC_ARENA_MAX": "2"} if name == "dockyard-arena2" else {}
        return [str(venv / "bin" / "dockyard")], extra
    return [str(venv / "bin" / "lazydocker")], {}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_tool(name: str, host: str, venv: Path, minutes: float, pause: float, idle: float, base: str | None = None) -> dict:
    argv, extra = tool_argv(name, venv, base)
    load_start = load()
    home = tempfile.mkdtemp(prefix="soak-home-")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MALLOC_ARENA_MAX")}
    env.update({"DOCKER_HOST": host, "HOME": home, "XDG_CONFIG_HOME": f"{home}/.config"}, **extra)
    app = PtyApp(argv, env).start()
    try:
        if app.wait_for(r"soak-\d", timeout=CONTENT_TIMEOUT) is None:
            return {"tool": name, "error": f"no content on screen within {CONTENT_TIMEOUT:g} s"}
        app.pump(5.0, parse=False)
        start = app.sample_rss(force=True)
        app.rss_peak = start
        cycle = DOCKYARD_CYCLE if name.startswith("dockyard") else LAZYDOCKER_CYCLE
        deadline = time.monotonic() + minutes * 60
        t0 = time.monotonic()
        timeline: list = []
        cycles = keys = 0
        while time.monotonic() < deadline:
            for key in cycle:
                if key == "~":
                    app.pump(pause * 3, parse=False)
                else:
                    app.send(key)
                    keys += 1
                    app.pump(pause, parse=False)
            cycles += 1
            if not app.alive():  # the tool exited under scripted use: keep its last screen (a traceback)
                screen = Path(home) / "last-screen.txt"
                screen.write_text(app.text())
                print(f"[soak-pty] {name} EXITED after {cycles} cycles (rc {app.proc.returncode}); its last screen: {screen}", flush=True)
                return {"tool": name, "error": f"exited after {cycles} cycles (rc {app.proc.returncode}); last screen in {screen}"}
            if cycles % 5 == 0:  # a timeline: does RSS still climb after the first cycles?
                timeline.append((round((time.monotonic() - t0) / 60, 1), round(app.sample_rss(force=True) / 2**20, 1)))
                print(f"[soak-pty] t={timeline[-1][0]} min rss={timeline[-1][1]} MB cycles={cycles}", flush=True)
        app.pump(idle, parse=False)
        end = app.sample_rss(force=True)
        return {"tool": name, "minutes": minutes, "cycles": cycles, "keys": keys, "start_mb": round(start / 2**20, 1),
                "peak_mb": round(app.rss_peak / 2**20, 1), "end_mb": round(end / 2**20, 1),
                "load_start": load_start, "load_end": load(), "timeline": timeline}
    finally:
        app.stop(b"\x03" if name.startswith("dockyard") else b"\x1bq")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--docker-host", required=True)
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--minutes", type=float, default=3.0)
    p.add_argument("--pause", type=float, default=0.4)
    p.add_argument("--idle", type=float, default=10.0)
    p.add_argument("--tools", default="dockyard,dockyard-arena2,lazydocker")
    p.add_argument("--image", default=os.environ.get("DOCKYARD_TEST_IMAGE", "dockyard-test/busybox:latest"))
    p.add_argument("--base", default=None, help="source tree run as dockyard-base (before/after in one run)")
    p.add_argument("--label", default="", help="what dockyard-base is (e.g. main b01b540), for the results file")
    p.add_argument("--write", action="store_true", help="write bench/RESULTS-soak.md")
    args = p.parse_args(argv)
    venv = Path(sys.executable).parent.parent
    args.tree = head()  # the code the tools start with; the tree may move on during an hour
    client = docker.APIClient(base_url=args.docker_host, version="auto", timeout=600)  # a busy daemon starts 100 containers slowly
    ids = make_containers(client, args.image, args.n, f"soak-{os.getpid()}")
    results = []
    try:
        for name in args.tools.split(","):
            r = run_tool(name, args.docker_host, venv, args.minutes, args.pause, args.idle, args.base)
            print(f"[soak-pty] {json.dumps(r)}", flush=True)
            results.append(r)
    finally:
        for cid in ids:
            try:
                client.remove_container(cid, force=True)
            except Exception:
                pass
    print(json.dumps({"n": args.n, "load": os.getloadavg()[0], "results": results}, indent=2))
    if args.write:
        write_results(RESULTS, args, results)
    return 0


RESULTS = Path(__file__).resolve().parent / "RESULTS-soak.md"
TABLE_HEAD = "| tool | minutes | cycles | start MB | peak MB | end MB | end - start | load at start (1/5/15 min) | load at end |"


def head() -> str:
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=RESULTS.parent, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tui"], cwd=RESULTS.parent, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def table(args, results: list[dict]) -> list[str]:
    lazy = next((r for r in results if r["tool"] == "lazydocker" and "peak_mb" in r), None)
    rows = [TABLE_HEAD, "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        if "peak_mb" not in r:
            rows.append(f"| {r['tool']} | — | — | — | — | — | — | {r.get('error', '')} | |")
            continue
        name = r["tool"] + (f" ({args.label})" if r["tool"] == "dockyard-base" and args.label else "")
        if r["tool"] == "dockyard":
            name += f" (this tree at the start, {getattr(args, 'tree', None) or head()})"
        rows.append(f"| {name} | {r['minutes']:g} | {r['cycles']} | {r['start_mb']} | {r['peak_mb']} | {r['end_mb']} | "
                    f"{r['end_mb'] - r['start_mb']:+.1f} | {r['load_start']} | {r['load_end']} |")
    rows.append("")
    for r in results:
        if r["tool"].startswith("dockyard") and "peak_mb" in r:
            grow, peak = r["end_mb"] - r["start_mb"], r["peak_mb"]
            if lazy:
                vs = (f"peak {peak / lazy['peak_mb']:.2f}x lazydocker's peak ({lazy['peak_mb']} MB) "
                      f"(target ≤ 1.0x: {'met' if peak <= lazy['peak_mb'] else 'NOT met'})")
            else:
                vs = "no lazydocker in this run (the ≤ 1.0x target is not measured)"
            rows.append(f"- {r['tool']}: end - start {grow:+.1f} MB (target ≤ +20: {'met' if grow <= 20 else 'NOT met'}); "
                        f"peak {peak} MB (target ≤ 100: {'met' if peak <= 100 else 'NOT met'}); {vs}.")
    return rows


def write_results(path: Path, args, results: list[dict]) -> None:
    previous = ""
    if path.exists():
        old = path.read_text()
        if "## This run" in old:
            previous = old.split("## This run", 1)[1].split("## Previous run", 1)[0]
            previous = "\n".join(previous.splitlines()[1:]).strip()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = [
        "# Soak: RSS over scripted use, side by side with lazydocker (issue 15 item 9, issue 20 Memory)",
        "",
        "Written by `python -m bench.soak_pty --write` (see bench/soak_pty.py and bench/SOAK.md). Each tool",
        "runs as a user's process in a 160x45 pty on the same isolated daemon, one after the other in",
        "the same run; RSS is VmRSS of the tool's process tree sampled every 0.5 s. Lower is better.",
        "Targets: end ≤ start + 20 MB, peak ≤ 100 MB at N=100, peak ≤ 1.0x lazydocker's in the same run.",
        "",
        "## This run",
        f"{when}, N={args.n}, {args.minutes:g} min per tool, pause {args.pause:g} s between keys, idle {args.idle:g} s before the end figure.",
        "",
        *table(args, results),
        "",
        *(f"- {r['tool']}: RSS every 5 cycles (minutes: MB): " + ", ".join(f"{t:g}: {mb:g}" for t, mb in r["timeline"])
          for r in results if r.get("timeline")),
        "",
    ]
    if previous:
        text += ["## Previous run", previous, ""]
    path.write_text("\n".join(text) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())

"""Keys during a log flood (issue 17 item 7): where a key press waits, and how long.

Per round, on one isolated daemon and one ``yes`` container: each Dockyard variant, then
lazydocker (the reference), in a 160x45 pty. Dockyard runs under bench/flood_probe.py, which
records from inside the process what does not depend on the machine's load: each thread's
CPU per second, the main thread's time in event-loop callbacks, collector pauses, log batches
and paints, and for every probe key press the log messages waiting in the logs tab's queue when
it arrived, plus when the key was read, queued, handled and painted. The pty latency (key
written -> popup on screen) is measured as in bench/measure.py. The load average is recorded
beside every figure: on a shared 2-core machine the absolute latencies move with it.

    ./bench/run --flood-keys [--rounds 2] [--seconds 20] [--presses 20]
        [--variant NAME=PYTHONPATH_DIR] [--out bench/RESULTS-floodkeys.md]

A variant runs Dockyard from another checkout (``PYTHONPATH``), e.g. ``base=/tmp/base`` made
with ``git archive``; the default variant is this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import measure, procs, workload
from .main import start_proxy, tool_env
from .measure import Bed
from .ptyapp import PtyApp
from .tools import Tool, dockyard, lazydocker

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "bench" / "flood_probe.py"


def log(msg: str) -> None:
    print(f"[flood-keys {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def q(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


QUIET = "while true; do echo 'FLOOD 0123456789 the quick brown fox jumps over the lazy dog'; sleep 0.1; done"


def one(tool: Tool, bed: Bed, seconds: float, presses: int, env: dict[str, str] | None = None,
        probe_out: str | None = None, quiet: bool = False) -> dict:
    """measure.flood with an optional probe file and environment; ``quiet``: the same view
    on a container printing 10 lines/s (what a key costs without a flood)."""
    cid = workload._create(bed.api, "a-flood", QUIET, True) if quiet else workload.flood(bed.api)
    app = PtyApp(tool.argv, env or bed.env).start()
    try:
        if app.wait_for(measure.CONTENT, timeout=60) is None:
            return {"error": "no content on screen within 60 s"}
        app.pump(1.0)
        for key in tool.log_keys:
            app.send(key)
        if app.wait_for(r"FLOOD 0123", timeout=20) is None:
            return {"error": "the flood did not show", "screen": app.text()}
        app.pump(2.0, parse=False)
        load0 = procs.loadavg()
        out = measure.window(app, bed, seconds)
        out.update(measure.key_latencies(app, tool, presses))
        out["load_start"], out["load_end"] = load0, procs.loadavg()
        return out
    finally:
        app.stop(tool.quit_keys)
        workload.remove(bed.api, [cid])
        if probe_out:
            for _ in range(50):  # the probe writes at exit
                if Path(probe_out).exists():
                    break
                time.sleep(0.1)


def summarise_probe(path: str, skip: float = 3.0) -> dict:
    """Per-second means over the flood (the first seconds, before the logs open, are left out
    by keeping only seconds with log batches) and the key records."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {"error": "no probe output"}
    rows = [r for r in data["seconds"] if r.get("batches", 0) > 0 and r.get("batch_lines", 0) > 0]
    out: dict = {"seconds": len(rows)}
    if rows:
        def mean(f):
            return statistics.fmean(f(r) / max(r["wall"], 1e-6) for r in rows)
        out["main_cpu_per_s"] = mean(lambda r: r["cpu"].get("main", 0.0))
        out["loop_busy_per_s"] = mean(lambda r: r["loop_busy"])
        out["gc_pause_per_s"] = mean(lambda r: r["gc_pause"])
        out["batch_time_per_s"] = mean(lambda r: r["batch_time"])
        out["paint_time_per_s"] = mean(lambda r: r["paint_time"])
        out["batches_per_s"] = mean(lambda r: r["batches"])
        out["lines_per_s"] = mean(lambda r: r["batch_lines"])
        out["paints_per_s"] = mean(lambda r: r["paints"])
        threads = sorted({k for r in rows for k in r["cpu"]})
        out["cpu_per_s"] = {k: mean(lambda r, k=k: r["cpu"].get(k, 0.0)) for k in threads}
        out["queue_max_sampled"] = max(r["queue"] for r in rows)
        out["batch_ms"] = 1000 * sum(r["batch_time"] for r in rows) / max(1, sum(r["batches"] for r in rows))
    keys = [k for k in data["keys"] if "painted" in k and "read" in k]
    out["keys"] = len(keys)
    if keys:
        out["waiting_at_key"] = [k.get("log_messages_waiting", 0) for k in keys]
        out["waiting_at_handle"] = [k.get("log_messages_waiting_at_handle", 0) for k in keys]
        for a, b in (("read", "queued"), ("queued", "handled"), ("handled", "painted"), ("read", "painted")):
            spans = [k[b] - k[a] for k in keys if a in k and b in k]
            out[f"{a}_to_{b}_p50_ms"] = 1000 * q(spans, 0.5)
            out[f"{a}_to_{b}_p95_ms"] = 1000 * q(spans, 0.95)
        out["key_cpu_to_paint_ms"] = [round(k.get("cpu_to_paint_ms", 0), 1) for k in keys]
    out["long_callbacks"] = data.get("long_callbacks", [])[:8]
    out["gc_collections"] = data.get("gc_collections", {})
    return out


def markdown(results: dict) -> str:
    lines = [
        "# Keys during a log flood: where a key waits (issue 17 item 7)",
        "",
        f"Written by `./bench/run --flood-keys` on {results['date']} ({results['wall_s'] / 60:.1f} min); "
        f"{results['rounds']} round(s) of {results['seconds']:.0f} s windows and {results['presses']} presses per tool; "
        f"workload: {results.get('workload', 'yes (flood)')}.",
        f"Load average at start {results['load_start']}, at end {results['load_end']}: "
        "**the machine has 2 cores shared with other sessions**; the pty latencies move with the load, "
        "the probe's figures (CPU, queue, per-batch work) much less.",
        "",
        "Dockyard runs under `bench/flood_probe.py` (wrappers around a few methods, bench only). "
        "Pty latency: the probe key written to the pty -> the popup on the pyte screen (as bench/measure.py). "
        "lazydocker is the reference, in the same round.",
        "",
        "| round | tool | load (1 min) during | key p50 | key p95 | Esc p50 | tool CPU | lines/s applied |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]

    def s(v, unit="s", nd=2):
        return "—" if v is None else f"{v:.{nd}f} {unit}"

    for r in results["runs"]:
        m = r["pty"]
        lp = r.get("probe", {})
        lines.append(f"| {r['round']} | {r['tool']} | {m.get('load_start', '?')} → {m.get('load_end', '?')} | "
                     f"{s(m.get('key_p50_s'))} | {s(m.get('key_p95_s'))} | {s(m.get('esc_p50_s'))} | "
                     f"{s(m.get('tool_cpu_pct'), '%', 1)} | {lp.get('lines_per_s', 0):,.0f} |"
                     if "error" not in m else f"| {r['round']} | {r['tool']} | | error: {m['error']} | | | | |")
    pooled: dict[str, list[float]] = {}
    for r in results["runs"]:
        pooled.setdefault(r["tool"], []).extend(r["pty"].get("key_samples_s") or [])
    lines += ["", "Pooled over all rounds (pty, key -> popup):", ""]
    for tool, vals in pooled.items():
        lines.append(f"- {tool}: {len(vals)} presses, p50 {s(q(vals, 0.5))}, p95 {s(q(vals, 0.95))}")
    lines += ["", "## Inside Dockyard (the probe; per second of flood, CPU seconds per wall second)", "",
              "| round | variant | main thread CPU | loop busy | log batches handled | batch ms | paints/s | paint (display) | GC pause | reader/receiver threads | child | max log messages queued (sampled / at key) | key read→queued→handled→painted p50 (ms) | same p95 (ms) | key CPU handled→painted p50 / p95 (ms) |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for r in results["runs"]:
        lp = r.get("probe")
        if not lp or "error" in lp or not lp.get("seconds"):
            continue
        cpu = lp.get("cpu_per_s", {})
        threads = sum(v for k, v in cpu.items() if k.startswith("log "))
        at_key = max(lp.get("waiting_at_key") or [0])
        p50 = " / ".join(f"{lp.get(f'{a}_to_{b}_p50_ms', 0):.0f}" for a, b in (("read", "queued"), ("queued", "handled"), ("handled", "painted")))
        p95 = " / ".join(f"{lp.get(f'{a}_to_{b}_p95_ms', 0):.0f}" for a, b in (("read", "queued"), ("queued", "handled"), ("handled", "painted")))
        lines.append(f"| {r['round']} | {r['tool']} | {cpu.get('main', 0):.3f} | {lp['loop_busy_per_s']:.3f} | "
                     f"{lp['batches_per_s']:.1f}/s | {lp['batch_ms']:.1f} | {lp['paints_per_s']:.1f} | {lp['paint_time_per_s']:.3f} | "
                     f"{lp['gc_pause_per_s']:.4f} | {threads:.3f} | {cpu.get('child', 0):.3f} | {lp['queue_max_sampled']} / {at_key} | {p50} | {p95} | "
                     f"{q(lp.get('key_cpu_to_paint_ms') or [0], 0.5):.0f} / {q(lp.get('key_cpu_to_paint_ms') or [0], 0.95):.0f} |")
    lines += ["", "Longest main-thread callbacks per run (what ran, count, total s):", ""]
    for r in results["runs"]:
        lp = r.get("probe")
        if lp and lp.get("long_callbacks"):
            top = "; ".join(f"{w} ×{n} ({t:.2f} s)" for w, n, t in lp["long_callbacks"][:5])
            lines.append(f"- round {r['round']} {r['tool']}: {top}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.flood_keys", description=__doc__)
    p.add_argument("--docker-host", required=True)
    p.add_argument("--testbed-dir", required=True)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--presses", type=int, default=20)
    p.add_argument("--variant", action="append", default=[], help="NAME=DIR: Dockyard from DIR (PYTHONPATH)")
    p.add_argument("--no-lazydocker", action="store_true")
    p.add_argument("--quiet", action="store_true", help="10 lines/s instead of a flood: a key's cost without the flood")
    p.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-floodkeys.md"))
    args = p.parse_args(argv)

    venv = Path(sys.executable).parent.parent
    workdir = Path(tempfile.mkdtemp(prefix="dockyard-floodkeys."))
    proxy, sock, proxy_log = start_proxy(args.docker_host.removeprefix("unix://"), workdir)
    api = workload.client(args.docker_host)
    bed = Bed(env=tool_env(sock, workdir / "home"), api=api, proxy_log=proxy_log,
              dockerd_pid=int(Path(args.testbed_dir, "docker.pid").read_text()),
              exec_root=str(Path(args.testbed_dir, "exec")))
    ours = dockyard(venv)
    variants = [("Dockyard", "")] + [tuple(v.split("=", 1)) for v in args.variant]
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_start": procs.loadavg(),
               "rounds": args.rounds, "workload": "10 lines/s (quiet)" if args.quiet else "yes (flood)", "seconds": args.seconds, "presses": args.presses, "runs": []}
    t0 = time.monotonic()
    try:
        workload.remove_prefix(api, "a-")
        for rnd in range(1, args.rounds + 1):
            order = variants if rnd % 2 else list(reversed(variants))
            for name, path in order:
                probe_out = str(workdir / f"probe-{name}-{rnd}.json")
                env = dict(bed.env)
                if path:
                    env["PYTHONPATH"] = path
                if os.environ.get("FLOOD_PROBE_PROFILE"):  # a cProfile of each key's action-to-frame span
                    env["FLOOD_PROBE_PROFILE"] = f"{os.environ['FLOOD_PROBE_PROFILE']}.{name}.{rnd}"
                tool = Tool(**{**ours.__dict__, "name": name,
                               "argv": [str(venv / "bin" / "python"), "-P", str(PROBE), probe_out]})
                log(f"round {rnd}: {name}")
                pty = one(tool, bed, args.seconds, args.presses, env=env, probe_out=probe_out, quiet=args.quiet)
                results["runs"].append({"round": rnd, "tool": name, "pty": pty, "probe": summarise_probe(probe_out)})
            if not args.no_lazydocker:
                log(f"round {rnd}: lazydocker")
                results["runs"].append({"round": rnd, "tool": "lazydocker", "pty": one(lazydocker(venv), bed, args.seconds, args.presses, quiet=args.quiet)})
    finally:
        proxy.terminate()
        proxy.wait(5)
        workload.remove_prefix(api, "a-")
    results["load_end"] = procs.loadavg()
    results["wall_s"] = time.monotonic() - t0
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "floodkeys.json").write_text(json.dumps(results, indent=1, default=str))
    Path(args.out).write_text(markdown(results))
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

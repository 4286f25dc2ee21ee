"""bench/RESULTS.md from one run's figures: the table, ratios, targets, raw details."""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path

ANALYSIS = Path(__file__).with_name("analysis.md")


def machine() -> dict:
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 2**20
    except (OSError, StopIteration):
        mem = 0.0
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": round(mem, 1), "kernel": platform.release()}


class Over(float):
    """A lower bound: the measurement timed out after this many seconds."""


def _med(runs, key="seconds"):
    vals = [r.get(key) for r in runs or [] if r.get(key) is not None]
    if not vals:
        bounds = [r["timed_out_after_s"] for r in runs or [] if r.get("timed_out_after_s")]
        return Over(max(bounds)) if bounds else None
    return statistics.median(vals)


def _get(d: dict, *path):
    for p in path:
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d


def _fmt(v, unit="") -> str:
    if v is None:
        return "n/a"
    if isinstance(v, Over):
        return f"> {float(v):.0f}{unit} (timed out)"
    if isinstance(v, float):
        if abs(v) >= 100:
            s = f"{v:.0f}"
        elif abs(v) >= 10:
            s = f"{v:.1f}"
        else:
            s = f"{v:.2f}"
    else:
        s = str(v)
    return s + unit


def _ratio(a, b) -> str:
    if a is None or b is None:
        return "n/a"
    if b == 0:
        return "0" if a == 0 else "∞"
    return f"{'< ' if isinstance(b, Over) else ''}{a / b:.2f}×"


def metrics(res: dict, tool: str) -> dict:
    r = res["runs"].get(tool, {})
    base = res["runs"].get("baseline", {})
    m: dict = {}
    floor_100 = _med(res["runs"].get("floor", {}).get("startup_100"))
    for n in (0, 100, res["settings"]["big_n"]):
        m[f"startup_{n}"] = _med(r.get(f"startup_{n}"))
        m[f"startup_ssh_{n}"] = _med(r.get(f"startup_ssh_{n}"))
        m[f"startup_cpu_{n}"] = _med(r.get(f"startup_{n}"), "cpu_s")
    s100 = m["startup_100"]
    m["startup_100_floor"] = None if s100 is None or not floor_100 or isinstance(s100, Over) else s100 / floor_100
    floor_cpu = _med(res["runs"].get("floor", {}).get("startup_100"), "cpu_s")
    c100 = _med(r.get("startup_100"), "cpu_s")
    m["startup_cpu_100_floor"] = None if c100 is None or not floor_cpu or isinstance(c100, Over) else c100 / floor_cpu
    big = r.get(f"startup_{res['settings']['big_n']}") or [{}]
    m["requests_10s_big"] = big[0].get("requests")
    for n in res["settings"]["idle_ns"]:
        w = r.get(f"idle_{n}") or {}
        b = _get(base, f"idle_{n}", "daemon_cpu_pct")
        added = None if w.get("daemon_cpu_pct") is None or b is None else w["daemon_cpu_pct"] - b
        m[f"tool_cpu_{n}"] = w.get("tool_cpu_pct")
        m[f"added_daemon_{n}"] = added
        m[f"total_cpu_{n}"] = None if added is None or w.get("tool_cpu_pct") is None else w["tool_cpu_pct"] + max(0.0, added)
        m[f"bytes_{n}"] = w.get("bytes_per_s")
        m[f"rps_{n}"] = w.get("requests_per_s")
        m[f"streams_{n}"] = w.get("open_streams")
    w100 = r.get("idle_100") or {}
    m["event_median"] = w100.get("event_median_s")
    m["run_median"] = w100.get("run_median_s")
    # Peak RSS: the kernel's high-water mark (VmHWM) of the tool's processes, summed: exact for a
    # tool that runs as one process, as both do at the benchmark's unix socket. The 0.5 s samples
    # (the next row) miss short peaks: lazydocker's garbage collector's, 0.5-3 MB in most runs.
    m["rss_100"] = w100.get("vmhwm_mb") or w100.get("rss_session_peak_mb")
    m["rss_100_sampled"] = w100.get("rss_session_peak_mb")
    f = r.get("flood") or {}
    m["flood_cpu"] = f.get("tool_cpu_pct")
    m["flood_rss_growth"] = f.get("rss_growth_mb")
    m["flood_key_p50"] = f.get("key_p50_s")
    m["flood_key_p95"] = f.get("key_p95_s")
    m["flood_esc_p50"] = f.get("esc_p50_s")
    for scenario in ("", "preview_", "project_"):
        for rate in (10, 1000):
            w = r.get(f"follow_{scenario}{rate}") or {}
            m[f"follow{scenario}{rate}_bytes"] = w.get("bytes_per_s")
            m[f"follow{scenario}{rate}_ratio"] = w.get("bytes_per_log_byte")
            m[f"follow{scenario}{rate}_cpu"] = w.get("tool_cpu_pct")
            m[f"follow{scenario}{rate}_p95"] = w.get("latency_p95_s")
    return m


ROWS = [
    # key, label, unit, target description, check(dockyard, lazydocker) -> bool | None
    ("startup_0", "startup to content, N=0", " s", "", None),
    ("startup_100", "startup to content, N=100", " s", "≤ 0.8× lazydocker", lambda d, l: l is not None and d <= 0.8 * l),
    ("startup_100_floor", "startup to content, N=100, ÷ the floor (a minimal Textual app, same run)", "×", "≤ 1.3",
     lambda d, l: d <= 1.3),
    ("startup_cpu_100", "CPU time to content, N=100 (all the tool's processes; less noisy than wall time under load)", " s", "",
     None),
    ("startup_cpu_100_floor", "CPU time to content, N=100, ÷ the floor's", "×", "", None),
    ("startup_BIG", "startup to content, N=BIG", " s", "≤ 1 s", lambda d, l: d <= 1.0),
    ("startup_ssh_0", "startup to content over the ssh tunnel, N=0", " s", "", None),
    ("startup_ssh_100", "startup to content over the ssh tunnel, N=100", " s", "", None),
    ("startup_ssh_BIG", "startup to content over the ssh tunnel, N=BIG", " s", "", None),
    ("requests_10s_big", "API requests in the first 10 s, N=BIG", "", "≤ 50", lambda d, l: d <= 50),
]
IDLE_ROWS = [
    ("tool_cpu_N", "tool CPU, idle, N=N", " %", "", None),
    ("added_daemon_N", "CPU added to dockerd+containerd+shims, N=N", " %", "", None),
    ("total_cpu_N", "tool + added daemon CPU, N=N", " %", "≤ 0.1× lazydocker (N=100)", "ratio"),
    ("bytes_N", "bytes to the terminal per second, idle, N=N", " B/s", "≤ 0.1× lazydocker", "ratio"),
    ("rps_N", "API requests per second, idle, N=N", "/s", "", None),
    ("streams_N", "open API streams, idle, N=N", "", "", None),
]
TAIL_ROWS = [
    ("event_median", "event to screen, median (daemon's start event → name on screen)", " s", "≤ 0.100 s and below lazydocker",
     lambda d, l: d <= 0.100 and (l is None or d < l)),
    ("run_median", "`docker run` to screen, median (includes the daemon creating and starting it)", " s", "", None),
    ("rss_100", "peak RSS, N=100 (the kernel's high-water mark, VmHWM)", " MB", "≤ 1.0× lazydocker",
     lambda d, l: l is not None and d <= l),
    ("rss_100_sampled", "peak RSS, N=100, sampled every 0.5 s (misses short peaks)", " MB", "", None),
    ("flood_cpu", "log flood: tool CPU", " %", "", None),
    ("flood_rss_growth", "log flood: RSS growth over the window", " MB", "bounded", None),
    ("flood_key_p50", "log flood: key press to screen p50 (popup opens)", " s", "", None),
    ("flood_key_p95", "log flood: key press to screen p95 (popup opens)", " s", "≤ 0.100 s", lambda d, l: d <= 0.100),
    ("flood_esc_p50", "log flood: Esc to screen p50 (popup closes; includes the escape delay)", " s", "", None),
    ("follow10_bytes", "following a 10 lines/s log (~61 B/line), N=30: bytes to the terminal per second", " B/s", "≤ 3 kB/s",
     lambda d, l: d <= 3000),
    ("follow10_ratio", "following 10 lines/s: terminal bytes per byte of log", "×", "≤ 5", lambda d, l: d <= 5),
    ("follow10_cpu", "following 10 lines/s: tool CPU", " %", "≤ 0.5× lazydocker", lambda d, l: l is not None and d <= 0.5 * l),
    ("follow10_p95", "following 10 lines/s: newest line to screen p95", " s", "≤ 0.100 s", lambda d, l: d <= 0.100),
    ("follow1000_bytes", "following a 1,000 lines/s log: bytes to the terminal per second", " B/s", "≤ 30 kB/s",
     lambda d, l: d <= 30000),
    ("follow1000_ratio", "following 1,000 lines/s: terminal bytes per byte of log", "×", "", None),
    ("follow1000_cpu", "following 1,000 lines/s: tool CPU", " %", "≤ 25 %", lambda d, l: d <= 25),
]
for _scenario, _what in (("preview_", "the preview pane's tail (lazydocker: its main panel)"),
                         ("project_", "a compose project's merged log, 3 services (lazydocker: the logging service)")):
    TAIL_ROWS += [
        (f"follow{_scenario}10_bytes", f"{_what}, 10 lines/s: bytes to the terminal per second", " B/s", "≤ 3 kB/s", lambda d, l: d <= 3000),
        (f"follow{_scenario}10_ratio", f"{_what}, 10 lines/s: terminal bytes per byte of log", "×", "≤ 5", lambda d, l: d <= 5),
        (f"follow{_scenario}10_cpu", f"{_what}, 10 lines/s: tool CPU", " %", "≤ 0.5× lazydocker", lambda d, l: l is not None and d <= 0.5 * l),
        (f"follow{_scenario}10_p95", f"{_what}, 10 lines/s: newest line to screen p95", " s", "≤ 0.100 s", lambda d, l: d <= 0.100),
        (f"follow{_scenario}1000_bytes", f"{_what}, 1,000 lines/s: bytes to the terminal per second", " B/s", "≤ 30 kB/s", lambda d, l: d <= 30000),
        (f"follow{_scenario}1000_cpu", f"{_what}, 1,000 lines/s: tool CPU", " %", "≤ 25 %", lambda d, l: d <= 25),
    ]


def _rows(res: dict) -> list[tuple]:
    big = res["settings"]["big_n"]
    rows = [(k.replace("BIG", str(big)), lbl.replace("BIG", f"{big:,}"), u, t, c) for k, lbl, u, t, c in ROWS]
    for n in res["settings"]["idle_ns"]:
        for k, lbl, u, t, c in IDLE_ROWS:
            target = t if (n == 100 or not t.endswith("(N=100)")) else ""
            check = c if target else None
            rows.append((k.replace("N", str(n)) if k.endswith("_N") else k, lbl.replace("N=N", f"N={n}"), u,
                         target.replace(" (N=100)", ""), check))
    rows.extend(TAIL_ROWS)
    return rows


def _fix_keys(rows):
    out = []
    for k, lbl, u, t, c in rows:
        if k.endswith("_N"):
            continue
        out.append((k, lbl, u, t, c))
    return out


# A row's label in earlier RESULTS.md files, for the *previous* column. Dockyard's sampled peak
# RSS equalled its VmHWM in every run that recorded both (one process, whose RSS seldom falls
# back between two samples), so the old row's figure stands for both new rows.
RENAMED = {
    "peak RSS, N=100 (the kernel's high-water mark, VmHWM)": "peak RSS, N=100",
    "peak RSS, N=100, sampled every 0.5 s (misses short peaks)": "peak RSS, N=100",
}

HIGHER_IS_BETTER: set[str] = set()  # every figure in the table is a cost today; a future "higher" row goes here


def previous_figures(md: str) -> tuple[str, dict[str, str]]:
    """(the date line, {metric label: Dockyard's cell}) of an earlier RESULTS.md, so a new run can
    show the last one beside it; the columns are found by their header, so older layouts parse."""
    date = ""
    for line in md.splitlines():
        if line.startswith("Written by"):
            date = line.split(" on ", 1)[1].split(" (", 1)[0] if " on " in line else ""
            break
    figures: dict[str, str] = {}
    col = None
    for line in md.splitlines():
        if not line.startswith("|"):
            if col is not None and figures:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if col is None:
            if "metric" in cells and "Dockyard" in cells:
                col = cells.index("Dockyard")
            continue
        if cells and not set(cells[0]) <= set("-: ") and len(cells) > col:
            figures[cells[0]] = cells[col]
    return date, figures


def markdown(res: dict, previous: str = "") -> str:
    """The report; ``previous`` is the RESULTS.md this run replaces (its Dockyard figures are kept beside the new ones)."""
    tools = res["tools"]
    d_name, l_name = "Dockyard", "lazydocker"
    mets = {t: metrics(res, t) for t in tools}
    dm, lm = mets.get(d_name, {}), mets.get(l_name, {})
    prev_date, prev = previous_figures(previous)
    floor_runs = res["runs"].get("floor", {})
    floor_txt = ", ".join(f"N={k.rsplit('_', 1)[1]}: {_fmt(_med(v), ' s')}" for k, v in floor_runs.items())
    mach = res["machine"]
    v = res["versions"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `./bench/run{' --quick' if res['mode'] == 'quick' else ''}"
        f"{' --phases ' + res['phases'] if res.get('phases') else ''}` on {res['date']} "
        f"({res['mode']} run, {res['wall_s'] / 60:.1f} min). Re-run it to refresh this file.",
        "",
        f"- **Machine**: {mach['cpu']}, {mach['cores']} cores, {mach['memory_gb']} GB RAM, Linux {mach['kernel']}; "
        f"load average {res['load_start']} at start, {res['load_end']} at end (others share this machine: "
        "absolute figures are noisy, the ratios from one run are what count).",
        f"- **Versions**: Dockyard {v.get(d_name, 'n/a')}, lazydocker {v.get(l_name, 'n/a')}, Docker Engine {v['engine']} "
        f"(isolated test daemon), Python {v['python']}.",
        f"- **Terminal**: a 160x45 pseudo-terminal per tool, read and rendered with pyte; both tools reach the daemon "
        "through a counting unix-socket proxy (`bench/proxy.py`).",
        f"- **Startup**: seconds from spawn to the first container names on screen (N=0: the empty table), median of "
        f"{res['settings']['startup_reps']} starts per tool (fewer at N={res['settings']['big_n']:,}), the tools "
        "interleaved so the machine's load falls on each alike. **The floor** (`bench/floor.py`) is a minimal Textual "
        "app started the same way in the same rounds: a header, a 100-row DataTable and a footer, no daemon "
        f"({floor_txt or 'not measured'}); Dockyard's startup divided by it is how much of the time is ours rather "
        "than the framework's. Over the ssh tunnel: `DOCKER_HOST=ssh://` to the test bed's loopback sshd "
        "(Dockyard's own transport; lazydocker runs docker's connection helper through the same ssh config), "
        + ("measured." if res.get("ssh") else "**not measured in this run** (no sshd in the bed)."),
        f"- **Workload**: N running containers (`bench-r-*`), every other one printing a line every 100 ms; "
        f"for N={res['settings']['big_n']:,} the rest are created, never started. CPU is % of one core over "
        f"{res['settings']['window']:.0f} s windows; daemon CPU is dockerd + containerd + shims minus the same "
        "window with no tool attached. Log flood: " + "; ".join(f"{t}: {n}" for t, n in res["log_notes"].items()) + ". "
        "Key press to screen is timed on the probe key that opens the popup; the Esc that closes it is timed apart, "
        "since a lone Esc is recognised only after the terminal escape delay every TUI waits out. "
        "Following (`bench/follow.py`, N=30): a container prints numbered 60-byte lines (text rotated by one character "
        "per line) at 10 or 1,000 lines/s and each tool follows it as above; the log's own bytes are counted by a "
        "listener on the same stream, and the newest number on screen is timed against its arrival there.",
        "- **Memory**: peak RSS is the kernel's high-water mark (`VmHWM` in /proc/PID/status) of the tool's "
        "processes from spawn to the end of the N=100 idle window and its five probe containers, summed; both "
        "tools run as one process at the unix socket, so it is each one's exact peak. The RSS is also sampled "
        "every 0.5 s (the next row): the samples miss short peaks, such as lazydocker's garbage collector's.",
        f"- **Columns**: *better* says which way a figure should move; *previous* is Dockyard's figure in the run this "
        f"one replaced ({prev_date or 'none'}), so a regression shows; *met* is yes/no against the target, — where "
        "the row has none.",
        "",
        f"| metric | better | {d_name} | previous | {l_name} | {d_name} / {l_name} | target | met |",
        "|---|:-:|---:|---:|---:|---:|---|:-:|",
    ]
    for key, label, unit, target, check in _fix_keys(_rows(res)):
        d, l = dm.get(key), lm.get(key)
        if res.get("phases") and d is None and l is None:
            continue  # a partial run (--phases) lists only what it measured
        met = "—"
        if check == "ratio":
            met = "n/a" if d is None or l is None else ("yes" if (l > 0 and d <= 0.1 * l) or d == 0 else "no")
        elif check is not None:
            met = "n/a" if d is None else ("yes" if check(d, l) else "no")
        better = "higher" if key in HIGHER_IS_BETTER else "lower"
        previous_cell = prev.get(label, prev.get(RENAMED.get(label, ""), "—"))
        lines.append(f"| {label} | {better} | {_fmt(d, unit)} | {previous_cell} | {_fmt(l, unit)} | {_ratio(d, l)} "
                     f"| {target} | {met} |")
    lines += ["", "## Misses and gaps (generated)", ""]
    lines += _misses(res, dm, lm) or ["All targets with a figure were met in this run."]
    lines += ["", "## Details", ""]
    for t in tools + (["floor"] if "floor" in res["runs"] else []):
        r = res["runs"].get(t, {})
        lines.append(f"### {t}")
        for name, val in r.items():
            runs = val if isinstance(val, list) else [val]
            for run in runs:
                kinds = run.get("request_kinds") or {}
                top = ", ".join(f"{k} ×{n}" for k, n in list(kinds.items())[:6])
                figs = ", ".join(f"{k}={_fmt(x)}" for k, x in run.items()
                                 if k not in ("request_kinds", "screen", "screen_tail", "key_samples_s", "esc_samples_s", "event_latencies_s", "run_latencies_s"))
                lines.append(f"- `{name}`: {figs}" + (f"; requests: {top}" if top else ""))
                if run.get("event_latencies_s"):
                    lines.append(f"  - start event to screen (s): {', '.join(_fmt(x) for x in run['event_latencies_s'])}")
                if run.get("run_latencies_s"):
                    lines.append(f"  - docker run to screen (s): {', '.join(_fmt(x) for x in run['run_latencies_s'])}")
                if run.get("key_samples_s"):
                    lines.append(f"  - key samples, popup opens (s): {', '.join(_fmt(x) for x in run['key_samples_s'])}")
                if run.get("esc_samples_s"):
                    lines.append(f"  - Esc samples, popup closes (s): {', '.join(_fmt(x) for x in run['esc_samples_s'])}")
        lines.append("")
    base = res["runs"].get("baseline", {})
    lines.append("### Baseline (no tool)")
    for name, b in base.items():
        lines.append(f"- `{name}`: daemon CPU {_fmt(b['daemon_cpu_pct'])} %, machine busy {_fmt(b['machine_busy_pct'])} %, load {b['load']}")
    lines.append("")
    if ANALYSIS.exists():
        lines += ["## Analysis (hand-written; see bench/analysis.md)", "", ANALYSIS.read_text().strip(), ""]
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_readme(readme: Path, results_md: str, res: dict) -> bool:
    """Replace the table between the README's bench markers with this run's table."""
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        return False
    table: list[str] = []  # the first table only: RESULTS.md carries other tables further down (the analysis')
    for line in results_md.splitlines():
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    v, mach = res["versions"], res["machine"]
    head = (f"Latest run ({res['mode']}, {res['date']}; {mach['cores']} cores, load average {res['load_start']} → "
            f"{res['load_end']}; Dockyard {v.get('Dockyard', 'n/a')}, lazydocker {v.get('lazydocker', 'n/a')}, "
            f"Engine {v['engine']}). Full figures and notes: [bench/RESULTS.md](bench/RESULTS.md).")
    before, rest = text.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    readme.write_text(before + README_START + "\n" + head + "\n\n" + "\n".join(table) + "\n" + README_END + after)
    return True


def _misses(res: dict, dm: dict, lm: dict) -> list[str]:
    out = []
    for key, label, unit, target, check in _fix_keys(_rows(res)):
        d, l = dm.get(key), lm.get(key)
        if check is None or not target or (res.get("phases") and d is None and l is None):
            continue
        if d is None:
            reason = _reason(res, key)
            out.append(f"- **{label}**: no Dockyard figure{(' — ' + reason) if reason else ''}.")
            continue
        if check == "ratio":
            if l is not None and l > 0 and d > 0.1 * l:
                out.append(f"- **{label}**: {_fmt(d, unit)} is {d / l:.2f}× lazydocker's {_fmt(l, unit)} (target ≤ 0.1×; "
                           f"{_fmt(d - 0.1 * l, unit)} over).")
        elif not check(d, l):
            out.append(f"- **{label}**: {_fmt(d, unit)} against a target of {target}.")
    return out


def _reason(res: dict, key: str) -> str:
    if key.startswith("follow"):
        scenario = "preview_" if key.startswith("followpreview_") else "project_" if key.startswith("followproject_") else ""
        rate = key[len("follow" + scenario):].split("_")[0]
        f = res["runs"].get("Dockyard", {}).get(f"follow_{scenario}{rate}") or {}
        return f.get("error") or ""
    if key.startswith("flood"):
        f = res["runs"].get("Dockyard", {}).get("flood") or {}
        return f.get("error") or f.get("key_error") or ""
    return ""


# bench/serve.py owns a section of RESULTS.md between these markers; bench/main.py keeps it.
SERVE_START, SERVE_END = "<!-- serve:start -->", "<!-- serve:end -->"


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else ""
    if SERVE_START in text and SERVE_END in text:
        before, rest = text.split(SERVE_START, 1)
        after = rest.split(SERVE_END, 1)[1].lstrip("\n")
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)

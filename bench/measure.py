"""One measurement each: startup, idle window, event latency, log flood, baseline.

Each function starts the tool in a fresh 160x45 pty pointed at the counting proxy,
measures, quits it, and returns plain dicts (the report does the maths).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from . import procs, workload
from .proxy import Requests
from .ptyapp import PtyApp
from .tools import Tool

CONTENT = r"bench-[rc]-\d+|a-(ev|flood)"


@dataclass
class Bed:
    """Where the tools and the harness reach the daemon."""

    env: dict[str, str]  # the tools' environment (DOCKER_HOST = the proxy)
    api: object  # a docker APIClient straight to the daemon (the harness's own requests are not counted)
    proxy_log: str
    dockerd_pid: int
    exec_root: str

    def daemon_pids(self) -> list[int]:
        return procs.daemon_pids(self.dockerd_pid, self.exec_root)

    def requests(self) -> Requests:
        return Requests(self.proxy_log).load()


def _launch(tool: Tool, bed: Bed, env: dict[str, str] | None = None) -> tuple[PtyApp, float]:
    wall = time.time()
    return PtyApp(tool.argv, env or bed.env).start(), wall


def startup(tool: Tool, bed: Bed, n: int, count_window: float = 0.0, timeout: float = 30.0,
            env: dict[str, str] | None = None, then: dict[str, str] | None = None) -> dict:
    """Seconds to the first container names (or the empty state at N=0); requests in the first window.
    ``env`` replaces the bed's environment (the ssh transport). ``then`` names later screens of the
    same start (key -> regex, waited for in order, each timed from launch, its CPU as ``<key>_cpu_s``)."""
    app, wall = _launch(tool, bed, env)
    try:
        pattern = tool.empty if n == 0 else (tool.content or CONTENT)
        seconds = app.wait_for(pattern, timeout=timeout)
        # CPU the tool's processes used up to then: the work, which a loaded machine stretches less than the wall time
        out: dict = {"seconds": seconds, "cpu_s": procs.cpu_seconds(app.pids()) if seconds is not None else None}
        for key, later in (then or {}).items() if seconds is not None else ():
            out[key] = app.wait_for(later, timeout=timeout)
            out[f"{key}_cpu_s"] = procs.cpu_seconds(app.pids()) if out[key] is not None else None
            if out[key] is None:
                break
        if seconds is None or None in (out.get(k) for k in then or {}):
            out["timed_out_after_s"] = timeout
            out["screen"] = app.text()
        if count_window:
            app.pump(max(0.0, count_window - (time.monotonic() - app.t_spawn)), parse=False)
            reqs = bed.requests().between(wall, wall + count_window)
            out["requests"] = len(reqs)
            out["request_kinds"] = Requests.kinds(reqs)
        return out
    finally:
        app.stop(tool.quit_keys)


def baseline(bed: Bed, seconds: float) -> dict:
    """Daemon CPU with no tool attached."""
    pids = bed.daemon_pids()
    c0, b0, t0 = procs.cpu_seconds(pids, reaped=False), procs.machine_busy(), time.monotonic()
    time.sleep(seconds)
    dt = time.monotonic() - t0
    c1, b1 = procs.cpu_seconds(pids, reaped=False), procs.machine_busy()
    return {"daemon_cpu_pct": 100 * (c1 - c0) / dt, "machine_busy_pct": _busy(b0, b1), "load": procs.loadavg()}


def _busy(b0: tuple[int, int], b1: tuple[int, int]) -> float:
    return 100 * (b1[0] - b0[0]) / max(1, b1[1] - b0[1])


def window(app: PtyApp, bed: Bed, seconds: float) -> dict:
    """Tool CPU, daemon CPU, bytes to the terminal, requests and streams over one window."""
    app.parse()
    tool_pids, daemon = app.pids(), bed.daemon_pids()
    c0, d0, b0 = procs.cpu_seconds(tool_pids), procs.cpu_seconds(daemon, reaped=False), procs.machine_busy()
    bytes0, w0, t0 = app.total_bytes, time.time(), time.monotonic()
    app.rss_peak = 0
    app.sample_rss(force=True)
    app.pump(seconds, parse=False)
    dt = time.monotonic() - t0
    w1 = time.time()
    c1, d1, b1 = procs.cpu_seconds(app.pids()), procs.cpu_seconds(daemon, reaped=False), procs.machine_busy()
    app.sample_rss(force=True)
    app.parse()
    log = bed.requests()
    reqs = log.between(w0, w1)
    return {
        "seconds": dt,
        "tool_cpu_pct": 100 * (c1 - c0) / dt,
        "daemon_cpu_pct": 100 * (d1 - d0) / dt,
        "bytes_per_s": (app.total_bytes - bytes0) / dt,
        "requests_per_s": len(reqs) / dt,
        "request_kinds": Requests.kinds(reqs),
        "open_streams": log.open_streams((w0 + w1) / 2),
        "rss_peak_mb": app.rss_peak / 2**20,
        "machine_busy_pct": _busy(b0, b1),
        "load": procs.loadavg(),
    }


def idle(tool: Tool, bed: Bed, seconds: float, events: int = 0) -> dict:
    """Start, wait for content, settle, measure an idle window; then event-to-screen latencies."""
    app, _ = _launch(tool, bed)
    try:
        started = app.wait_for(CONTENT, timeout=60)
        if started is None:
            return {"error": "no content on screen within 60 s", "screen": app.text()}
        app.pump(5.0, parse=False)  # let first stats and the initial burst pass
        out = window(app, bed, seconds)
        out["startup_s"] = started
        if events:
            out["run_latencies_s"], out["event_latencies_s"] = event_latencies(app, bed, events)
            out["run_median_s"] = _median(out["run_latencies_s"])
            out["event_median_s"] = _median(out["event_latencies_s"])
        app.sample_rss(force=True)
        out["rss_session_peak_mb"] = app.rss_peak / 2**20
        out["vmhwm_mb"] = procs.hwm_bytes(app.pids()) / 2**20
        return out
    finally:
        app.stop(tool.quit_keys)


def event_latencies(app: PtyApp, bed: Bed, count: int) -> tuple[list[float | None], list[float | None]]:
    """Per probe: seconds from `docker run` (create + start, straight to the daemon) to the name
    on screen, and seconds from the daemon's `start` event reaching a listener here to the name
    on screen (the tool's own event-to-screen latency, without the daemon's start time)."""
    runs: list[float | None] = []
    events: list[float | None] = []
    made = []
    for i in range(count):
        name = f"a-ev-{int(time.time() * 1000) % 100000:05d}"
        started = _start_listener(bed, name)
        t0 = time.monotonic()
        made.append(workload.probe(bed.api, name))
        seen = app.wait_for(name, timeout=10, since=t0)
        runs.append(seen)
        started["done"].wait(5)
        at = started.get("at")
        events.append(None if seen is None or at is None else max(0.0, t0 + seen - at))
        started["stream"].close()
        app.pump(1.0)
    workload.remove(bed.api, made)
    app.pump(1.0)
    return runs, events


def _start_listener(bed: Bed, name: str) -> dict:
    """A thread that notes when the daemon's start event for ``name`` arrives here."""
    import threading

    since = int(time.time()) - 1
    stream = bed.api.events(decode=True, since=since, filters={"container": name, "event": "start"})
    box: dict = {"stream": stream, "done": threading.Event()}

    def read() -> None:
        try:
            for _ in stream:
                box["at"] = time.monotonic()
                break
        except Exception:
            pass
        box["done"].set()

    threading.Thread(target=read, daemon=True).start()
    return box


def flood(tool: Tool, bed: Bed, seconds: float, presses: int) -> dict:
    """Follow a container that prints as fast as it can: CPU, RSS growth, key-press latency."""
    cid = workload.flood(bed.api)
    app, _ = _launch(tool, bed)
    try:
        if app.wait_for(CONTENT, timeout=60) is None:
            return {"error": "no content on screen within 60 s"}
        app.pump(1.0)
        for key in tool.log_keys:
            app.send(key)
        if app.wait_for(r"FLOOD 0123", timeout=10) is None:
            keys = " ".join(tool.log_keys) or "(none)"
            return {"error": f"the flood's output did not appear on screen within 10 s after {keys} "
                             "(no log view yet?)", "screen": app.text()}
        app.pump(2.0, parse=False)
        rss0 = app.sample_rss(force=True)
        out = window(app, bed, seconds)
        rss1 = app.sample_rss(force=True)
        out["rss_start_mb"], out["rss_end_mb"] = rss0 / 2**20, rss1 / 2**20
        out["rss_growth_mb"] = (rss1 - rss0) / 2**20
        lat = key_latencies(app, tool, presses)
        out.update(lat)
        return out
    finally:
        app.stop(tool.quit_keys)
        workload.remove(bed.api, [cid])


def key_latencies(app: PtyApp, tool: Tool, presses: int) -> dict:
    """Open and close a popup (lazydocker: the ? menu; Dockyard: the log search box) ``presses`` times.

    Key press to screen is the open: the probe key written to the pty -> the read that shows
    the popup. The close is timed apart: a lone Esc is only known to be Esc (and not the start
    of an escape sequence) after the terminal's escape delay, which every TUI waits out
    (Textual: ESCDELAY, 100 ms by default), so it measures that protocol as much as the tool.
    """
    opens: list[float] = []
    closes: list[float] = []
    for _ in range(presses):
        t0 = app.send(tool.probe_key)
        opened = app.wait_for(tool.probe_open, timeout=15, since=t0)
        if opened is None:
            return {"key_error": f"{tool.probe_key!r} did not open its popup within 15 s", "key_samples_s": opens}
        opens.append(opened)
        app.pump(0.3)
        t0 = app.send("escape")
        closed = app.wait_gone(tool.probe_open, timeout=15, since=t0)
        if closed is None:
            return {"key_error": "escape did not close the popup within 15 s", "key_samples_s": opens}
        closes.append(closed)
        app.pump(0.3)
    return {"key_samples_s": opens, "key_p50_s": _quantile(opens, 0.5), "key_p95_s": _quantile(opens, 0.95),
            "esc_samples_s": closes, "esc_p50_s": _quantile(closes, 0.5), "esc_p95_s": _quantile(closes, 0.95)}


def _median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

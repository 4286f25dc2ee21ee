"""Following a paced log: terminal bytes and tool CPU against the log's own size, and
how long a new line takes to reach the screen.

A container prints numbered ~60-byte lines (``follow 000123 …``) at 10 or 1,000 lines/s.
A listener here follows the same log straight from the daemon and notes when each
number arrives; the tool follows it in its log view. Over one window we count the
bytes the tool writes to its terminal and its CPU, and the log's bytes the listener
saw; over a second window we parse the screen after every read and time the newest
number on screen against its arrival here (the tool's own delay; both read the same
daemon at the same moment).
"""

from __future__ import annotations

import re
import threading
import time

from . import workload
from .measure import Bed, CONTENT, _launch, _quantile, window
from .tools import Tool

NUMBER = re.compile(rb"follow (\d{6})")
ON_SCREEN = re.compile(r"follow (\d{6})")


class LineClock:
    """Follows the container's log from the daemon: arrival time of each numbered line, bytes."""

    def __init__(self, api, cid: str) -> None:
        self.arrived: dict[int, float] = {}
        self.bytes = 0
        self._stream = api.logs(cid, stream=True, follow=True, tail=0)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for chunk in self._stream:
                now = time.monotonic()
                self.bytes += len(chunk)
                for m in NUMBER.finditer(chunk):
                    self.arrived.setdefault(int(m.group(1)), now)
        except Exception:
            pass

    def close(self) -> None:
        try:
            self._stream.close()
        except Exception:
            pass


SCENARIOS = ("log", "preview", "project")


def _keys(tool: Tool, scenario: str) -> list[str]:
    """How each tool shows the followed log. lazydocker has one way (its main panel follows
    the selected container, which is what its preview is); it has no merged project log, so
    there it follows the project's logging service."""
    if tool.name != "Dockyard":
        return list(tool.log_keys)
    if scenario == "preview":
        return []  # the preview pane (on by default at 160 columns) follows the cursor's row
    if scenario == "project":
        return ["z", "\x1b[A", "l"]  # group by project, up to its header (the cursor is on its first row), merged logs
    return list(tool.log_keys)


def follow(tool: Tool, bed: Bed, per_burst: int, seconds: float, latency_seconds: float, scenario: str = "log") -> dict:
    """Follow a log of ``per_burst`` lines every 100 ms; see the module docstring.

    ``scenario``: "log" (the log view), "preview" (the dashboard's preview pane tail on the
    cursor's row), "project" (the merged log of a compose project of three services)."""
    if scenario == "project":
        ids = workload.project(bed.api, per_burst)
        cid = ids[0]
    else:
        cid = workload.follower(bed.api, per_burst)
        ids = [cid]
    clock = LineClock(bed.api, cid)
    app, _ = _launch(tool, bed)
    try:
        if app.wait_for(CONTENT, timeout=60) is None:
            return {"error": "no content on screen within 60 s"}
        app.pump(1.0)
        for key in _keys(tool, scenario):
            app.send(key)
            if key == "z" and app.wait_for(r"by project", timeout=5) is None:
                app.send(key)  # a key right after startup may be lost
                app.wait_for(r"by project", timeout=5)
            app.pump(0.4, parse=False)
        if app.wait_for(r"follow \d{6}", timeout=10) is None:
            return {"error": "the log did not appear on screen within 10 s", "screen": app.text()}
        app.pump(3.0, parse=False)
        b0, n0 = clock.bytes, len(clock.arrived)
        out = window(app, bed, seconds)
        out["log_bytes_per_s"] = (clock.bytes - b0) / out["seconds"]
        out["log_lines_per_s"] = (len(clock.arrived) - n0) / out["seconds"]
        out["bytes_per_log_byte"] = out["bytes_per_s"] / max(1.0, out["log_bytes_per_s"])
        if latency_seconds:
            lat = line_latencies(app, clock, latency_seconds)
            out["latency_p50_s"], out["latency_p95_s"] = _quantile(lat, 0.5), _quantile(lat, 0.95)
            out["latency_samples"] = len(lat)
        out["screen_tail"] = app.text().splitlines()[-6:]
        return out
    finally:
        app.stop(tool.quit_keys)
        clock.close()
        workload.remove(bed.api, ids)


def line_latencies(app, clock: LineClock, seconds: float) -> list[float]:
    """After every read, the newest number on screen: seconds since it arrived at the listener."""
    newest = [0]
    samples: list[float] = []

    def check() -> bool:
        numbers = [int(n) for n in ON_SCREEN.findall(app.text())]
        top = max(numbers, default=0)
        if top > newest[0]:
            newest[0] = top
            at = clock.arrived.get(top)
            if at is not None:
                samples.append(max(0.0, app.last_read - at))
        return False

    app.pump(seconds, until=check)
    return samples

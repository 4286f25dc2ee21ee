"""Dockyard with a probe inside: where a key press waits during a log flood.

Run as ``python -m bench.flood_probe OUT.json [dockyard args]`` in a pty (bench/flood_keys.py
does). It wraps a few methods (bench only; nothing of this is in the product) and runs the
ordinary CLI. At exit it writes OUT.json with:

* per second (CPU time throughout: the work done, not the wait for a core): CPU of each thread of the process (from /proc, so the figures are the work
  done, not the wait for a core) and of the child reader; the main thread's time inside
  asyncio callbacks (``loop_busy``); collector pauses; log batches applied and lines in them;
  paints (``App._display``) and their time;
* per key press (``/``, the bench's probe key): when the input thread read it, when the app's
  loop queued it, when the logs tab's action ran, and when the next frame was written;
  the number of log messages waiting in the logs tab's queue when the key was queued;
* the longest main-thread callbacks, by what they ran.

These depend on the code far more than on the machine's load, unlike the pty latency.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from tests.support.procfs import children

TICK = os.sysconf("SC_CLK_TCK")
LONG = 0.015  # a main-thread callback longer than this is listed with what it ran


def _task_cpu(pid: int, tid: int | None = None) -> float:
    path = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    try:
        fields = Path(path).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


class Probe:
    def __init__(self, out: str) -> None:
        self.out = out
        self.t0 = time.monotonic()
        self.lock = threading.Lock()
        self.main_tid = threading.get_native_id()
        self.loop_busy = 0.0
        self.gc_pause = 0.0
        self.gc_count = Counter()
        self._gc_start = 0.0
        self.batches = 0
        self.batch_lines = 0
        self.batch_time = 0.0
        self.paints = 0
        self.paint_time = 0.0
        self.seconds: list[dict] = []
        self.keys: list[dict] = []
        self.pending_key: dict | None = None
        self.long: Counter = Counter()
        self.long_time: Counter = Counter()
        self.queue_max = 0  # most log messages waiting in the logs tab's queue, sampled each second
        self.logs_tab = None
        self.stop = threading.Event()
        self.profile = None
        if os.environ.get("FLOOD_PROBE_PROFILE"):
            import cProfile

            self.profile = cProfile.Profile()

    def now(self) -> float:
        return time.monotonic() - self.t0

    # sampling

    def sampler(self) -> None:
        pid = os.getpid()
        prev: dict[str, float] = {}
        prev_t = time.monotonic()
        prev_counts = self._counts()
        while not self.stop.wait(1.0):
            names = {t.native_id: t.name for t in threading.enumerate()}
            cpu: Counter = Counter()
            for task in Path(f"/proc/{pid}/task").iterdir():
                tid = int(task.name)
                name = "main" if tid == self.main_tid else names.get(tid, "other")
                cpu[_group(name)] += _task_cpu(pid, tid)
            for child in children(pid):
                cpu["child"] += _task_cpu(child)
            t = time.monotonic()
            counts = self._counts()
            row = {"t": round(self.now(), 2), "wall": round(t - prev_t, 3)}
            # per-thread CPU can go down when a thread ends: clamp at 0
            row["cpu"] = {k: round(max(0.0, v - prev.get(k, 0.0)), 3) for k, v in cpu.items()}
            row.update({k: round(counts[k] - prev_counts[k], 4) for k in counts})
            row["queue"] = self.queued_log_messages()
            self.queue_max = max(self.queue_max, row["queue"])
            self.seconds.append(row)
            prev, prev_t, prev_counts = dict(cpu), t, counts

    def _counts(self) -> dict:
        return {"loop_busy": self.loop_busy, "gc_pause": self.gc_pause, "batches": self.batches,
                "batch_lines": self.batch_lines, "batch_time": self.batch_time, "paints": self.paints,
                "paint_time": self.paint_time}

    def queued_log_messages(self) -> int:
        tab = self.logs_tab
        if tab is None:
            return 0
        try:
            items = list(tab._message_queue.values)
        except Exception:
            return 0
        return sum(1 for m in items if type(m).__name__ in ("Changed", "LogsReady"))

    def gc_callback(self, phase: str, info: dict) -> None:
        if threading.get_native_id() != self.main_tid:
            return
        if phase == "start":
            self._gc_start = time.thread_time()
        else:
            self.gc_pause += time.thread_time() - self._gc_start
            self.gc_count[info.get("generation", -1)] += 1

    def write(self) -> None:
        self.stop.set()
        long = sorted(((k, n, round(self.long_time[k], 3)) for k, n in self.long.items()), key=lambda x: -x[2])[:25]
        data = {"seconds": self.seconds, "keys": self.keys, "long_callbacks": long,
                "gc_collections": dict(self.gc_count), "queue_max": self.queue_max}
        Path(self.out).write_text(json.dumps(data, indent=1))
        if self.profile is not None:
            self.profile.dump_stats(os.environ["FLOOD_PROBE_PROFILE"])


def _group(name: str) -> str:
    if name.startswith("dockyard-logs-recv"):
        return "log receiver"
    if name.startswith("dockyard-logs-tick"):
        return "log ticker"
    if name.startswith("dockyard-logs"):
        return "log reader"
    return name if name == "main" else "other"


def _describe(handle) -> str:
    cb = getattr(handle, "_callback", None)
    if cb is None:
        return "?"
    task = getattr(cb, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro = task.get_coro()
        name = getattr(coro, "__qualname__", repr(coro))
        frame = getattr(coro, "cr_frame", None)
        owner = frame.f_locals.get("self") if frame is not None else None
        return f"{name} [{type(owner).__name__}]" if owner is not None else name
    return getattr(cb, "__qualname__", repr(cb))


def install(probe: Probe) -> None:
    main_tid = probe.main_tid
    run = asyncio.events.Handle._run

    def timed_run(self):
        if threading.get_native_id() != main_tid:
            return run(self)
        start = time.thread_time()  # CPU, not wall: what the code costs, whatever the load
        try:
            return run(self)
        finally:
            spent = time.thread_time() - start
            probe.loop_busy += spent
            if spent > LONG:
                what = _describe(self)
                probe.long[what] += 1
                probe.long_time[what] += spent

    asyncio.events.Handle._run = timed_run
    gc.callbacks.append(probe.gc_callback)

    from textual import events
    from textual.app import App
    from textual.driver import Driver
    from textual.message_pump import MessagePump

    from tui.domain.logbuffer import LogBuffer
    from tui.screens.detail.logs_tab import LogsTab

    def is_probe(message) -> bool:
        return isinstance(message, events.Key) and message.key == "slash"

    send = Driver.process_message

    def process_message(self, message):
        if is_probe(message):
            probe.pending_key = {"read": probe.now()}
        return send(self, message)

    Driver.process_message = process_message

    post = MessagePump._post_message

    async def _post_message(self, message):
        if isinstance(self, App) and is_probe(message) and probe.pending_key is not None:
            key = probe.pending_key
            key["queued"] = probe.now()
            key["log_messages_waiting"] = probe.queued_log_messages()
            key["app_queue"] = self._message_queue.qsize()
        return await post(self, message)

    MessagePump._post_message = _post_message

    search = LogsTab.action_search

    def action_search(self):
        probe.logs_tab = self
        key = probe.pending_key
        if key is not None and "handled" not in key:
            key["handled"] = probe.now()
            key["cpu_handled"] = time.thread_time()
            if probe.profile is not None:  # FLOOD_PROBE_PROFILE: what runs between a key's action and its frame
                probe.profile.enable()
            key["log_messages_waiting_at_handle"] = probe.queued_log_messages()
        return search(self)

    LogsTab.action_search = action_search

    mount = LogsTab.on_mount

    def on_mount(self):
        probe.logs_tab = self
        return mount(self)

    LogsTab.on_mount = on_mount

    display = App._display

    def _display(self, screen, renderable):
        start = time.thread_time()
        try:
            return display(self, screen, renderable)
        finally:
            if renderable is not None:
                probe.paints += 1
                probe.paint_time += time.thread_time() - start
                key = probe.pending_key
                if key is not None and "handled" in key and "painted" not in key:
                    key["painted"] = probe.now()
                    if probe.profile is not None:
                        probe.profile.disable()
                    key["cpu_to_paint_ms"] = 1000 * (time.thread_time() - key.pop("cpu_handled", time.thread_time()))
                    probe.keys.append(key)
                    probe.pending_key = None

    App._display = _display

    append = LogBuffer.append

    def counted_append(self, lines, source=0):
        try:
            probe.batch_lines += len(lines)
        except TypeError:
            pass
        return append(self, lines, source)

    LogBuffer.append = counted_append

    handle = MessagePump._on_message

    async def _on_message(self, message):
        # the whole handling of a log message by the logs tab (append, view, ack, ...)
        if not (isinstance(self, LogsTab) and type(message).__name__ in ("Changed", "LogsReady")):
            return await handle(self, message)
        start = time.thread_time()
        try:
            return await handle(self, message)
        finally:
            probe.batches += 1
            probe.batch_time += time.thread_time() - start

    LogsTab._on_message = _on_message


def main() -> int:
    out = sys.argv[1]
    sys.argv = ["dockyard", *sys.argv[2:]]
    probe = Probe(out)
    install(probe)
    threading.Thread(target=probe.sampler, name="probe-sampler", daemon=True).start()
    from tui.cli import main as cli_main

    code = 1
    try:
        code = cli_main() or 0
    finally:
        probe.write()
        sys.stdout.flush()
        os._exit(code)  # as tui.cli.run: no interpreter teardown


if __name__ == "__main__":
    sys.exit(main())

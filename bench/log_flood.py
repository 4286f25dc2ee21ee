"""Log flood, engine level: the log reader on a thread of the UI's process against the
reader in a child process (tui/engine/log_reader.py), A/B on the same flood, interleaved.

A container runs ``yes``. A ``LogPump`` follows it and posts batches to an asyncio loop
on the main thread (as Textual's ``post_message`` does); the loop appends them to a
``LogBuffer`` and acks, as the logs view does. Meanwhile the loop runs a probe every
20 ms: a timer's lateness (what a key event waits before its handler runs) plus a fixed
piece of Python work (~2 ms on an idle core) timed wall to wall, which stretches when
another thread of the process holds the GIL. Reported per mode: lines read per second
(kept + dropped), the probe's p50/p95, and the CPU of the UI's process and of the child.

    python -m bench.log_flood --docker-host unix:///…/docker.sock [--seconds 10] [--reps 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path

from tests.support.procfs import children
from tui.domain.logbuffer import LogBatch, LogBuffer
from tui.engine.logs import LogPump

from . import workload

TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _work() -> None:
    total = 0
    for i in range(20_000):
        total += i * i
    return total


def _q(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else float("nan")


async def _run(api, cid: str, child: bool, seconds: float, warmup: float) -> dict:
    loop = asyncio.get_running_loop()
    buffer = LogBuffer(10_000)
    counts = {"lines": 0, "dropped": 0, "batches": 0}
    holder: list[LogPump] = []

    def apply(batch: LogBatch) -> None:
        buffer.append(batch.lines, batch.source)
        counts["lines"] += len(batch.lines)
        counts["dropped"] += batch.dropped
        counts["batches"] += 1
        holder[0].ack()

    def emit(change) -> None:
        if isinstance(change, LogBatch):
            loop.call_soon_threadsafe(apply, change)

    pump = LogPump(lambda: api, cid, emit, tail=0, max_pending=10_000, use_child=child)
    holder.append(pump)
    pump.start()
    try:
        await asyncio.sleep(warmup)
        c0 = dict(counts)
        cpu0 = time.process_time()
        kids0 = {p: _cpu(p) for p in children(os.getpid())}
        t0 = time.monotonic()
        late: list[float] = []
        work: list[float] = []
        while time.monotonic() - t0 < seconds:
            due = time.monotonic() + 0.02
            await asyncio.sleep(0.02)
            late.append(time.monotonic() - due)
            w0 = time.monotonic()
            _work()
            work.append(time.monotonic() - w0)
        wall = time.monotonic() - t0
        kids = sum(_cpu(p) - kids0.get(p, 0.0) for p in children(os.getpid()))
        read = counts["lines"] - c0["lines"] + counts["dropped"] - c0["dropped"]
        return {
            "mode": "process" if child else "thread",
            "lines_read_per_s": read / wall,
            "lines_kept_per_s": (counts["lines"] - c0["lines"]) / wall,
            "batches_per_s": (counts["batches"] - c0["batches"]) / wall,
            "timer_late_p50_ms": _q(late, 0.5) * 1e3,
            "timer_late_p95_ms": _q(late, 0.95) * 1e3,
            "work_p50_ms": _q(work, 0.5) * 1e3,
            "work_p95_ms": _q(work, 0.95) * 1e3,
            "ui_process_cpu_pct": (time.process_time() - cpu0) / wall * 100,
            "child_cpu_pct": kids / wall * 100,
            "load": os.getloadavg()[0],
        }
    finally:
        pump.close()
        pump.join(2.0)


def _flood_body(lines: int) -> bytes:
    """A followed log's HTTP body as the daemon sends a flood: one chunk per message, each a
    stdout frame carrying a timestamp and a ``yes`` line."""
    text = b" FLOOD 0123456789 the quick brown fox jumps over the lazy dog\n"
    parts = []
    for i in range(lines):
        payload = b"2026-12-01T03:00:%02d.%09dZ" % (i // 100_000 % 60, i) + text
        frame = b"\x01\x00\x00\x00" + len(payload).to_bytes(4, "big") + payload
        parts.append(b"%x\r\n%s\r\n" % (len(frame), frame))
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


def capacity(lines: int = 1_000_000) -> dict:
    """How many lines a second the child reader splits on one core: a recorded-shape flood
    body piped through ``python -m tui.engine.log_reader`` as fast as it takes it (the UI
    acks at once). The daemon on a loaded machine sends fewer; this is the reader's ceiling."""
    import subprocess
    import sys
    import threading

    body = _flood_body(lines)
    credit_r, credit_w = os.pipe()
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-P", "-m", "tui.engine.log_reader", str(credit_r)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, pass_fds=(credit_r,), bufsize=0)
    os.close(credit_r)
    proc.stdin.write(json.dumps({"tty": False, "chunked": True, "max_line": 16384, "keep": 10_000, "interval": 0.075}).encode() + b"\n")
    got = {"lines": 0, "dropped": 0}

    def receive() -> None:
        import pickle
        import struct

        out = proc.stdout
        while True:
            head = out.read(4)
            if len(head) < 4:
                return
            size = struct.unpack(">I", head)[0]
            data = b""
            while len(data) < size:
                data += out.read(size - len(data))
            dropped, rows = pickle.loads(data)
            if dropped >= 0:
                got["lines"] += len(rows)
                got["dropped"] += dropped
            os.write(credit_w, b".")

    os.write(credit_w, b".")
    t = threading.Thread(target=receive, daemon=True)
    t.start()
    proc.stdin.write(body)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    t.join(5)
    os.close(credit_w)
    cpu = usage.ru_utime + usage.ru_stime
    return {"mode": "child capacity", "lines": lines, "wall_s": wall, "child_cpu_s": cpu, "lines_per_cpu_s": lines / cpu,
            "lines_per_s": lines / wall, "handed_over": got["lines"], "dropped": got["dropped"], "load": os.getloadavg()[0]}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--docker-host", default=os.environ.get("DOCKER_HOST"))
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--reps", type=int, default=2)
    p.add_argument("--json", help="write the runs here")
    p.add_argument("--capacity", type=int, default=0, help="only the child's ceiling: split this many synthetic lines")
    args = p.parse_args()
    if args.capacity:
        print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in capacity(args.capacity).items()}))
        return
    api = workload.client(args.docker_host)
    # an idle reference for the probe first: no flood, no pump
    idle = asyncio.run(_idle(args.seconds / 2))
    cid = workload.flood(api, name="bench-log-flood")
    runs = [idle]
    try:
        time.sleep(1.0)
        for _ in range(args.reps):
            for child in (False, True):
                runs.append(asyncio.run(_run(api, cid, child, args.seconds, args.warmup)))
                print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in runs[-1].items()}), flush=True)
    finally:
        workload.remove(api, [cid])
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=1))


async def _idle(seconds: float) -> dict:
    late, work = [], []
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        due = time.monotonic() + 0.02
        await asyncio.sleep(0.02)
        late.append(time.monotonic() - due)
        w0 = time.monotonic()
        _work()
        work.append(time.monotonic() - w0)
    out = {"mode": "no flood", "timer_late_p50_ms": _q(late, 0.5) * 1e3, "timer_late_p95_ms": _q(late, 0.95) * 1e3,
           "work_p50_ms": _q(work, 0.5) * 1e3, "work_p95_ms": _q(work, 0.95) * 1e3, "load": os.getloadavg()[0]}
    print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in out.items()}), flush=True)
    return out


if __name__ == "__main__":
    main()

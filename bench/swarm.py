"""Swarm at engine level: 60 tasks on the bed's two-node swarm (scripts/testbed up-swarm).

    .venv/bin/python -m bench.swarm --testbed-dir DIR [--tasks 60]

Measures, with a Session on the manager whose events poke its SwarmWatch (as the app does):
- snapshot reads and process CPU while idle (nothing happens: no timer re-list expected),
- scale N -> N+2: manager's answer -> snapshot with the new desired count, and -> all running,
- a forced update of N tasks: reads per second while it runs, container events seen,
- the cost of one snapshot read (3 requests) with N tasks.
Writes bench/RESULTS-swarm.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOP = "trap 'exit 0' TERM; while true; do sleep 5 & wait; done"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--testbed-dir", required=True)
    ap.add_argument("--tasks", type=int, default=60)
    args = ap.parse_args()
    out = subprocess.run([str(ROOT / "scripts" / "testbed"), "up-swarm", args.testbed_dir], check=True, capture_output=True, text=True).stdout
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    import docker
    from docker.types import ContainerSpec, RollbackConfig, ServiceMode, TaskTemplate, UpdateConfig

    from tui.domain import changes as ch
    from tui.domain import swarm as sw
    from tui.engine import swarm as engine_swarm
    from tui.engine.endpoint import resolve
    from tui.engine.session import Session

    mgr = docker.APIClient(base_url=env["DOCKYARD_TEST_SWARM_MANAGER"], version="1.41", timeout=60)
    name = f"bench-{os.getpid()}"
    n = args.tasks
    mgr.create_service(TaskTemplate(ContainerSpec("dockyard-test/busybox:latest", ["sh", "-c", LOOP], stop_grace_period=1_000_000_000)),
                       name=name, mode=ServiceMode("replicated", n), update_config=UpdateConfig(parallelism=0, monitor=200_000_000),
                       rollback_config=RollbackConfig(parallelism=0, monitor=200_000_000))
    lock = threading.Lock()
    snaps: list[tuple[float, sw.SwarmSnapshot]] = []
    events = {"container": 0, "service": 0}
    holder: dict = {}

    def emit(change) -> None:
        now = time.monotonic()
        if isinstance(change, sw.SwarmChanged) and change.snapshot is not None:
            with lock:
                snaps.append((now, change.snapshot))
        elif isinstance(change, ch.DaemonEvent):
            if change.type in events:
                events[change.type] += 1
            w = holder.get("watch")
            if w is not None and engine_swarm.pokes_for(change.type, change.attributes):
                w.poke(urgent=change.type != "container")  # as tui/control/swarm.py does

    session = Session(replace(resolve(host=env["DOCKYARD_TEST_SWARM_MANAGER"], env={}), name="mgr"), emit, stats_interval=60)
    session.start()
    while session.client is None:
        time.sleep(0.05)
    watch = holder["watch"] = session.swarm_watch("mgr")
    watch.set_visible(True)  # a Swarm pane on screen (the hidden case is measured below)

    def wait(pred, timeout=300.0, after=0.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with lock:
                for t, s in snaps:
                    if t >= after and pred(s):
                        return t
            time.sleep(0.02)
        raise SystemExit("timed out")

    def svc(s):
        return s.service(name)

    t0 = time.monotonic()
    wait(lambda s: svc(s) is not None and svc(s).running == n and s.settled)
    started = time.monotonic() - t0
    time.sleep(3)  # follow-ups end
    rows = []
    # idle
    reads0, cpu0, w0 = watch.reads, time.process_time(), time.monotonic()
    time.sleep(20)
    idle_reads = watch.reads - reads0
    idle_cpu = (time.process_time() - cpu0) / (time.monotonic() - w0) * 100
    rows.append(("snapshot reads while idle, 20 s", f"{idle_reads}", "0 (≤ 1 per 2 s while visible)"))
    rows.append(("process CPU while idle (session + watch)", f"{idle_cpu:.2f} % of one core", "≤ 2 %"))
    # one read's cost
    costs = []
    role = engine_swarm.read_role(session.client)
    for _ in range(10):
        a = time.perf_counter()
        engine_swarm.read_snapshot(session.client, role)
        costs.append((time.perf_counter() - a) * 1000)
    rows.append((f"one snapshot read (services?status, tasks, nodes) with {n} tasks", f"median {statistics.median(costs):.1f} ms", ""))
    # scale
    lat_desired, lat_running = [], []
    for target in (n + 2, n):
        asked = time.monotonic()
        session.scale_service(name, target)
        answered = time.monotonic()
        t_d = wait(lambda s: svc(s).desired == target, after=asked)
        t_r = wait(lambda s: svc(s).desired == target and svc(s).running == target and len([t for t in s.tasks_of(svc(s).id) if t.desired_state == "running" and t.state == "running"]) == target, after=asked)
        lat_desired.append((t_d - answered) * 1000)
        lat_running.append((t_r - answered) * 1000)
        time.sleep(3)
    rows.append(("scale: manager answered -> snapshot with the new desired count", " / ".join(f"{x:.0f} ms" for x in lat_desired), "≤ 2 s"))
    rows.append(("scale: manager answered -> every task running in the snapshot", " / ".join(f"{x:.0f} ms" for x in lat_running), ""))
    # forced update burst
    ev0 = dict(events)
    reads0 = watch.reads
    a = time.monotonic()
    session.restart_service(name)
    wait(lambda s: svc(s).update_state == "completed" and s.settled, timeout=600, after=a)
    dur = time.monotonic() - a
    reads = watch.reads - reads0
    rows.append((f"forced update of {n} tasks: duration", f"{dur:.1f} s", ""))
    rows.append(("  snapshot reads during it, pane visible (per second)", f"{reads} ({reads / dur:.2f}/s)", "task polling ≤ 1 per 2 s (0.5/s) while visible"))
    rows.append(("  container / service events seen by the manager's stream", f"{events['container'] - ev0['container']} / {events['service'] - ev0['service']}", ""))
    # the same burst with no Swarm pane on screen: only service/node events are read
    time.sleep(3)
    watch.set_visible(False)
    reads0 = watch.reads
    a = time.monotonic()
    session.restart_service(name)
    time.sleep(20)
    hidden = watch.reads - reads0
    rows.append(("  the same update, pane hidden: snapshot reads in its first 20 s", f"{hidden} (service events only)", "0 task polling while hidden"))
    watch.set_visible(True)
    wait(lambda s: svc(s).update_state == "completed" and s.settled, timeout=600, after=a)
    watch.close()
    session.close()
    mgr.remove_service(name)
    load = os.getloadavg()
    text = [
        "# Swarm bench (bench/swarm.py)", "",
        f"Engine level, the bed's two-node swarm on one 2-core machine shared with other work (load average {load[0]:.1f}); "
        f"{n} tasks (busybox) of one service; all {n} running after {started:.1f} s.", "",
        "| metric | measured | target |", "|---|---:|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows], "",
        "Reads are event-driven: service/node events are read at once (0.5 s apart at most), task news (container",
        "events carrying a task id, and follow-ups while the snapshot is in flux) at most once per 2 s and only while",
        "a Swarm pane is visible; nothing is read when nothing happens.",
    ]
    (ROOT / "bench" / "RESULTS-swarm.md").write_text("\n".join(text) + "\n")
    print("\n".join(text))


if __name__ == "__main__":
    main()

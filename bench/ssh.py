"""SSH scenario: Dockyard's own ssh transport against the docker CLI over the same ssh:// host.

Both reach the test bed's dockerd through the bed's loopback sshd, with the bed's ssh_config
(Dockyard through ``DOCKYARD_SSH_COMMAND=ssh -F …``; the docker CLI through an ``ssh``
wrapper first on its PATH that adds the same ``-F``, since the CLI runs plain ``ssh``).
Engine level (no terminal): what the transport costs, not what the UI paints.

    ./bench/run --ssh [--quick]        (provisions the bed like the main benchmark)
    python -m bench.ssh --testbed-dir DIR [--quick] [--out bench/RESULTS-ssh.md]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import docker
import requests

from tests.support.pump import Recorder
from tui.domain import changes as ch
from tui.engine.endpoint import resolve
from tui.engine.session import Session

ROOT = Path(__file__).resolve().parent.parent
SSH_HOST = "ssh://dockyard-bed"
NOFWD_HOST = "ssh://dockyard-bed-nofwd"
PREFIX = "bench-ssh-"


def log(msg: str) -> None:
    print(f"[bench-ssh {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def ssh_children(root: int) -> list[int]:
    """Live ssh processes descending from ``root``."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        names[pid] = stat[stat.index("(") + 1 : stat.rindex(")")]
    out = []
    for pid, name in names.items():
        if name != "ssh":
            continue
        p = parents.get(pid, 0)
        while p > 1:
            if p == root:
                out.append(pid)
                break
            p = parents.get(p, 0)
    return out


class TimedRecorder(Recorder):
    """A Recorder that also notes when (wall clock, like the daemon's event times) each change came."""

    def __init__(self) -> None:
        super().__init__()
        self.times: dict[int, float] = {}

    def __call__(self, change: object) -> None:
        self.times[id(change)] = time.time()
        super().__call__(change)


class Counter:
    """Counts HTTP requests this process sends (every docker-py client goes through Session.send)."""

    def __init__(self) -> None:
        self.count = 0
        original = requests.Session.send
        counter = self

        def send(session, request, **kwargs):
            counter.count += 1
            return original(session, request, **kwargs)

        requests.Session.send = send  # type: ignore[method-assign]


def start_session(host: str) -> tuple[Session, TimedRecorder, float]:
    rec = TimedRecorder()
    started = time.perf_counter()
    session = Session(resolve(host=host, env={}), rec, stats_interval=2.0)
    session.start()
    rec.wait_resynced(timeout=30)
    return session, rec, time.perf_counter() - started


def close(session: Session) -> None:
    session.close()
    session.join(3)
    deadline = time.monotonic() + 5
    while ssh_children(os.getpid()) and time.monotonic() < deadline:
        time.sleep(0.05)


def cli(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(["docker", "-H", SSH_HOST, *args], env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - started


def run(args: argparse.Namespace) -> dict:
    reps = 3 if args.quick else 10
    bed_dir = Path(args.testbed_dir)
    ssh_config = bed_dir / "ssh" / "ssh_config"
    os.environ["DOCKYARD_SSH_COMMAND"] = f"ssh -F {shlex.quote(str(ssh_config))}"
    work = Path(tempfile.mkdtemp(prefix="dockyard-bench-ssh."))
    wrapper = work / "bin" / "ssh"
    wrapper.parent.mkdir()
    wrapper.write_text(f"#!/bin/sh\nexec {shutil.which('ssh')} -F {shlex.quote(str(ssh_config))} \"$@\"\n")
    wrapper.chmod(0o755)
    cli_env = {**os.environ, "PATH": f"{wrapper.parent}:{os.environ['PATH']}", "DOCKER_CONFIG": str(work / "docker"), "HOME": str(work)}
    cli_env.pop("DOCKER_HOST", None)
    api = docker.APIClient(base_url=f"unix://{bed_dir / 'docker.sock'}", version="auto", timeout=60)
    counter = Counter()
    n = 30
    image = os.environ.get("DOCKYARD_TEST_IMAGE", "dockyard-test/busybox:latest")
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "containers": n, "reps": reps,
                     "ssh": subprocess.run(["ssh", "-V"], capture_output=True, text=True).stderr.strip(),
                     "engine": api.version().get("Version", "?"), "load_start": os.getloadavg()}  # fmt: skip
    ids = []
    try:
        log(f"workload: {n} running containers")
        for i in range(n):
            c = api.create_container(image, ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait"], name=f"{PREFIX}{i}")
            api.start(c["Id"])
            ids.append(c["Id"])

        log("connect to first rows (Session start -> first listing)")
        for label, host in (("dockyard_ssh_forward", SSH_HOST), ("dockyard_ssh_dial_stdio", NOFWD_HOST), ("dockyard_unix", f"unix://{bed_dir / 'docker.sock'}")):
            times = []
            for _ in range(reps):
                session, _, took = start_session(host)
                times.append(took)
                close(session)
            results[f"connect_{label}"] = times
        cli(cli_env, "ps", "-a")  # warm the page cache for the CLI binary
        results["connect_docker_cli"] = [cli(cli_env, "ps", "-a") for _ in range(reps)]

        log("request latency: one listing of all containers")
        session, rec, _ = start_session(SSH_HOST)
        client = session.client
        lat = []
        for _ in range(reps * 5):
            t = time.perf_counter()
            client.containers(all=True)
            lat.append(time.perf_counter() - t)
        results["request_dockyard_ssh"] = lat
        results["request_docker_cli"] = [cli(cli_env, "ps", "-a", "-q") for _ in range(reps)]

        log("row update after a remote restart (the daemon's start event -> the row's re-read arrives)")
        target = ids[0]
        upd = []
        for _ in range(reps):
            mark = rec.mark()
            api.restart(target, timeout=0)
            start = rec.wait_for(lambda c: isinstance(c, ch.DaemonEvent) and c.actor_id == target and c.action == "start", after=mark, timeout=20, what="start event")
            at = rec.changes.index(start)
            row = rec.wait_for(lambda c: isinstance(c, ch.ContainerChanged) and c.container.id == target and c.container.state == "running", after=at, timeout=20, what="running row")
            upd.append(max(0.0, rec.times[id(row)] - start.time))
        results["row_update_after_restart"] = upd

        idle = 10 if args.quick else 30
        log(f"idle requests per second ({idle} s, nothing happening, no stats wanted)")
        time.sleep(1)
        before = counter.count
        time.sleep(idle)
        results["idle_requests_per_s"] = (counter.count - before) / idle

        log("ssh children per host: stats for all containers, 6 s")
        session.want_stats(ids)
        peak = 0
        end = time.monotonic() + 6
        while time.monotonic() < end:
            peak = max(peak, len(ssh_children(os.getpid())))
            time.sleep(0.05)
        results["children_dockyard_ssh_stats"] = peak
        close(session)

        log("ssh children: docker CLI, docker stats --no-stream over ssh://")
        proc = subprocess.Popen(["docker", "-H", SSH_HOST, "stats", "--no-stream"], env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, len(ssh_children(proc.pid)))
            time.sleep(0.01)
        results["children_docker_cli_stats"] = peak
    finally:
        for cid in ids:
            try:
                api.remove_container(cid, force=True)
            except Exception:
                pass
        shutil.rmtree(work, ignore_errors=True)
    results["load_end"] = os.getloadavg()
    return results


def markdown(r: dict) -> str:
    def ms(values) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms (p95 {pct(values, 0.95) * 1000:.0f} ms)"

    rows = [
        ("connect to first rows, Dockyard ssh (forward)", ms(r["connect_dockyard_ssh_forward"]), "≤ 1 s"),
        ("connect to first rows, Dockyard ssh (dial-stdio fallback)", ms(r["connect_dockyard_ssh_dial_stdio"]), ""),
        ("connect to first rows, Dockyard unix socket (baseline)", ms(r["connect_dockyard_unix"]), ""),
        ("`docker -H ssh:// ps -a` (connect + one listing)", ms(r["connect_docker_cli"]), ""),
        ("one request (list all containers), Dockyard over the tunnel", ms(r["request_dockyard_ssh"]), ""),
        ("one request, docker CLI over ssh:// (`ps -a -q`, a new ssh each time)", ms(r["request_docker_cli"]), ""),
        ("row update after a remote restart, Dockyard ssh", ms(r["row_update_after_restart"]), "median ≤ 50 ms, p95 ≤ 250 ms"),
        ("idle requests per second, Dockyard ssh", f"{r['idle_requests_per_s']:.2f}/s", "≤ 0.3/s"),
        (f"ssh children, Dockyard, stats for {r['containers']} containers", str(r["children_dockyard_ssh_stats"]), "1"),
        (f"ssh children, `docker -H ssh:// stats --no-stream` ({r['containers']} containers)", str(r["children_docker_cli_stats"]), ""),
    ]
    out = [
        "# SSH transport benchmark",
        "",
        f"Written by `python -m bench.ssh` on {r['date']} ({r['reps']} repetitions). {r['ssh']}; Docker Engine {r['engine']} "
        f"(the bed's dockerd) behind the bed's sshd on 127.0.0.1; {r['containers']} running containers. "
        f"Load average {' '.join(f'{x:.2f}' for x in r['load_start'])} at start, {' '.join(f'{x:.2f}' for x in r['load_end'])} at end "
        "(a shared 2-core machine: absolute figures are noisy).",
        "",
        "| metric | value | target |",
        "|---|---:|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.ssh", description=__doc__)
    p.add_argument("--testbed-dir", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-ssh.md"))
    args = p.parse_args(argv)
    results = run(args)
    raw = ROOT / "bench" / "out"
    raw.mkdir(exist_ok=True)
    (raw / "results-ssh.json").write_text(json.dumps(results, indent=1, default=str))
    Path(args.out).write_text(markdown(results))
    log(f"wrote {args.out}")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

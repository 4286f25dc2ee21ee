"""Smoke pass of every benchmark scenario: each runs once, tiny and short, and must yield a figure.

It proves the harness still runs (a scenario that rots fails here, in ./scripts/test, the day
it breaks); it never says how fast anything is, and its figures are thrown away. No peers:
lazydocker is not started.

    ./bench/run --smoke                         (provisions a bed, like the full run)
    python -m bench.smoke --docker-host unix:///…/docker.sock --testbed-dir DIR [--only a,b] [--skip a,b]

Scenarios (the registry below; a new scenario joins it with its smoke arguments and the
regex its output must match): main (startup with the floor and the ssh tunnel, idle,
follow, flood, N=20 startup; bench/main.py --smoke checks each phase's figure itself),
filter (bench/filter_scale.py), preview (bench/preview_idle.py), soak (bench/soak.py),
soak-pty (bench/soak_pty.py, Dockyard only),
ssh (bench/ssh.py, engine level), fleet (bench/fleet.py, two private dockerds: slow, so
only with --only fleet or --all). serve (bench/serve.py) needs Chromium and is not in the
registry yet.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(\.\d+)?"


@dataclass(frozen=True)
class Scenario:
    name: str
    argv: tuple[str, ...]  # after ``python -m``; {host}, {bed}, {tmp} are filled in
    figure: str  # a regex the scenario's stdout (or its --out file) must match: proof of a figure
    file: str = ""  # the --out file to read instead of stdout
    default: bool = True  # in the default pass (./scripts/test); False: only with --only / --all


SCENARIOS = (
    Scenario("main", ("bench.main", "--docker-host", "{host}", "--testbed-dir", "{bed}", "--smoke", "--out", "{tmp}/main.md"),
             rf"\| startup to content, N=0 \| lower \| {NUMBER} s", file="main.md"),
    Scenario("filter", ("bench.filter_scale", "--rows", "200", "--reps", "1"), rf"all +n= *\d+ +p50 +{NUMBER} ms"),
    Scenario("preview", ("bench.preview_idle", "--docker-host", "{host}", "--testbed-dir", "{bed}", "--n", "3", "--window", "2"),
             rf"\| preview on, logging row \| {NUMBER} %"),
    Scenario("soak", ("bench.soak", "--docker-host", "{host}", "--n", "3", "--minutes", "0", "--idle", "1"),
             rf"\[soak\] start {NUMBER} MB, warm {NUMBER} MB, peak {NUMBER} MB, end {NUMBER} MB"),
    Scenario("soak-pty", ("bench.soak_pty", "--docker-host", "{host}", "--n", "3", "--minutes", "0", "--idle", "1", "--tools", "dockyard"),
             rf'"tool": "dockyard", .*"peak_mb": {NUMBER}'),
    Scenario("ssh", ("bench.ssh", "--testbed-dir", "{bed}", "--quick", "--out", "{tmp}/ssh.md"), rf"\| {NUMBER}", file="ssh.md"),
    Scenario("fleet", ("bench.fleet", "--testbed-dir", "{bed}", "--hosts", "2", "--containers", "3", "--running", "1", "--quick",
                       "--out", "{tmp}/fleet.md"), rf"\| {NUMBER}", file="fleet.md", default=False),
)


def log(msg: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_one(s: Scenario, host: str, bed: str, tmp: Path, timeout: float) -> str:
    """'' when the scenario produced its figure, else why not."""
    argv = [sys.executable, "-m"] + [a.format(host=host, bed=bed, tmp=tmp) for a in s.argv]
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"no result within {timeout:.0f} s"
    text = (tmp / s.file).read_text() if s.file and (tmp / s.file).exists() else done.stdout
    if done.returncode != 0:
        return f"exit {done.returncode}: " + (done.stderr.strip().splitlines() or ["(no stderr)"])[-1][:300]
    if not re.search(s.figure, text):
        return f"no figure in its output (wanted /{s.figure}/): " + " | ".join(text.strip().splitlines()[-3:])[:300]
    return ""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.smoke", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docker-host", required=True)
    p.add_argument("--testbed-dir", required=True)
    p.add_argument("--only", default="", help="comma-separated scenario names")
    p.add_argument("--skip", default="", help="comma-separated scenario names")
    p.add_argument("--all", action="store_true", help="also the slow scenarios (fleet)")
    p.add_argument("--timeout", type=float, default=600.0, help="per scenario")
    args = p.parse_args(argv)
    only = {n for n in args.only.split(",") if n}
    skip = {n for n in args.skip.split(",") if n}
    chosen = [s for s in SCENARIOS if (s.name in only if only else (s.default or args.all)) and s.name not in skip]
    tmp = Path(tempfile.mkdtemp(prefix="dockyard-bench-smoke."))
    failed = []
    t0 = time.monotonic()
    for s in chosen:
        start = time.monotonic()
        why = run_one(s, args.docker_host, args.testbed_dir, tmp, args.timeout)
        log(f"{s.name}: {'ok' if not why else 'FAILED: ' + why} ({time.monotonic() - start:.0f} s)")
        if why:
            failed.append(s.name)
    log(f"{len(chosen) - len(failed)}/{len(chosen)} scenarios produced a figure in {time.monotonic() - t0:.0f} s"
        + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
